"""A round's e-mail page: send invitations and reminders (the same services as send-invitations and
send-reminders), with what was queued counted, and every message of the round with the outbox's state."""

import re
from collections import Counter

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from extensions import db
from forms.admin import choices
from forms.mailings import SendInvitationsForm, SendRemindersForm
from services import mailings
from services.errors import ServiceError
from services.mailing_log import messages_of_round, state_counts_of_round
from services.organisations import codes_by_id
from views.admin import actor, bp
from views.admin.rounds import find_round
from views.refusals import field_error
from vocabulary.organisation_types import singular_name, type_codes

CODE_SEPARATORS = re.compile(r"[\s,;]+")


def _invitations_form() -> SendInvitationsForm:
    form = SendInvitationsForm(prefix="invite")
    form.organisation_type.choices = choices([("", _("All types"))] + [(t, singular_name(t)) for t in type_codes()])
    return form


def _page(found, invite_form=None, remind_form=None, status=200):
    messages = messages_of_round(db.session, found)
    return render_template(
        "admin/mailings.html",
        round=found,
        invite_form=invite_form or _invitations_form(),
        remind_form=remind_form or SendRemindersForm(prefix="remind"),
        messages=messages,
        codes=codes_by_id(db.session, {m.organisation_id for m in messages if m.organisation_id}),
        state_counts=state_counts_of_round(db.session, found),
    ), status


@bp.get("/rounds/<slug>/mail")
def mailings_page(slug: str):
    return _page(find_round(slug))


@bp.post("/rounds/<slug>/mail/invitations")
def send_invitations(slug: str):
    found = find_round(slug)
    form = _invitations_form()
    if not form.validate():
        return _page(found, invite_form=form, status=422)
    codes = tuple(code for code in CODE_SEPARATORS.split(form.codes.data or "") if code)
    try:
        chosen = mailings.choose_organisations(
            db.session, organisation_type=form.organisation_type.data or None, codes=codes
        )
        lines = mailings.send_invitations(db.session, found, chosen, actor=actor())
    except ServiceError as exc:
        field_error(form.codes, exc)
        return _page(found, invite_form=form, status=422)
    _flash_counts(lines)
    return redirect(url_for("admin.mailings_page", slug=slug))


@bp.post("/rounds/<slug>/mail/reminders")
def send_reminders(slug: str):
    found = find_round(slug)
    form = SendRemindersForm(prefix="remind")
    if not form.validate():
        return _page(found, remind_form=form, status=422)
    try:
        lines = mailings.send_reminders(db.session, found, actor=actor())
    except ServiceError as exc:
        field_error(form.confirm, exc)
        return _page(found, remind_form=form, status=422)
    _flash_counts(lines)
    return redirect(url_for("admin.mailings_page", slug=slug))


def _flash_counts(lines: list[mailings.MailingLine]) -> None:
    counted = Counter(line.status for line in lines)
    flash(
        _(
            "Queued: %(queued)d. Skipped, already holding a working link: %(has_link)d. Skipped, reminded today: "
            "%(today)d. Organisations without contacts: %(none)d.",
            queued=counted[mailings.QUEUED],
            has_link=counted[mailings.SKIPPED_HAS_LINK],
            today=counted[mailings.SKIPPED_TODAY],
            none=counted[mailings.NO_CONTACTS],
        )
    )
