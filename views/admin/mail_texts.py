"""A round's invitation and reminder texts: edit both languages, preview them for an organisation, and send a
test to oneself."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from extensions import db
from forms.mailings import MailTestForm, MailTextsForm
from models import MAIL_TEXT_KINDS, Organisation
from services.mail.outbox import queue_message
from services.mail_texts import LANGUAGES, MailText, TemplateError, render, sample_values, save_texts, text_of
from views.admin import actor, bp
from views.admin.rounds import find_round
from views.refusals import field_error


def _kind(kind: str) -> str:
    if kind not in MAIL_TEXT_KINDS:
        abort(404)
    return kind


def _preview_organisation() -> Organisation:
    code = request.args.get("organisation", "")
    found = db.session.scalar(select(Organisation).where(Organisation.code == code)) if code else None
    return found or db.session.scalar(select(Organisation).order_by(Organisation.code))


def _previews(found, kind: str, organisation: Organisation | None) -> dict:
    if organisation is None:
        return {}
    return {
        language: render(
            text_of(db.session, found, kind, language), sample_values(found, organisation.name(language), language)
        )
        for language in LANGUAGES
    }


def _page(found, kind: str, form: MailTextsForm, status: int = 200):
    organisation = _preview_organisation()
    return render_template(
        "admin/mail_texts.html",
        round=found,
        kind=kind,
        kinds=MAIL_TEXT_KINDS,
        form=form,
        test_form=MailTestForm(),
        organisations=db.session.execute(select(Organisation.code, Organisation.name_sv).order_by(Organisation.code)),
        preview_organisation=organisation,
        previews=_previews(found, kind, organisation),
    ), status


@bp.get("/rounds/<slug>/mail-texts")
def mail_texts(slug: str):
    """The texts of `?kind=` (invitation by default), with the preview for `?organisation=`."""
    found = find_round(slug)
    kind = request.args.get("kind", "invitation")
    form = MailTextsForm(formdata=None)
    for language in LANGUAGES:
        stored = text_of(db.session, found, _kind(kind), language)
        getattr(form, f"subject_{language}").data = stored.subject
        getattr(form, f"body_{language}").data = stored.body
    return _page(found, kind, form)


@bp.post("/rounds/<slug>/mail-texts/<kind>")
def save_mail_texts(slug: str, kind: str):
    found = find_round(slug)
    form = MailTextsForm()
    if not form.validate():
        return _page(found, _kind(kind), form, 422)
    texts = {
        language: MailText(getattr(form, f"subject_{language}").data, getattr(form, f"body_{language}").data)
        for language in LANGUAGES
    }
    try:
        save_texts(db.session, found, _kind(kind), texts, actor=actor())
    except TemplateError as exc:
        field_error(getattr(form, exc.field), exc)
        return _page(found, kind, form, 422)
    flash(_("The texts are saved."))
    return redirect(url_for("admin.mail_texts", slug=slug, kind=kind))


@bp.post("/rounds/<slug>/mail-texts/<kind>/test")
def send_mail_test(slug: str, kind: str):
    found = find_round(slug)
    form = MailTestForm()
    language = form.language.data if form.validate() and form.language.data in LANGUAGES else "sv"
    organisation = _preview_organisation()
    mail = render(
        text_of(db.session, found, _kind(kind), language),
        sample_values(found, organisation.name(language) if organisation else "", language),
    )
    queue_message(
        db.session,
        to=current_user.email,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        kind="test",
        round_id=found.id,
    )
    flash(_("A test message to %(email)s is queued; it goes out with the next messages.", email=current_user.email))
    return redirect(url_for("admin.mail_texts", slug=slug, kind=kind))
