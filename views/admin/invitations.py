"""Invitations of a round: create them by type, county or code, show the new links once (only their hashes are
stored), download those links as CSV, and revoke a link."""

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from extensions import db
from forms.admin import InvitationCreateForm, choices
from models import utcnow
from services.downloads import record_links_download
from services.errors import NotFound, ServiceError
from services.invitations import create_invitations, get_invitation, invitations_of, issued_from_tokens, revoke
from services.organisations import choose_for_invitation, counties
from views.admin import actor, bp, csv_response
from views.admin.rounds import find_round
from views.i18n import safe_next
from views.refusals import field_error
from views.transactions import READ_THEN_WRITE, transaction, write_after_reading
from vocabulary.languages import current_language
from vocabulary.organisation_types import singular_name, type_codes

CODE_SEPARATORS = re.compile(r"[\s,;]+")


class ContactForOne(ServiceError):
    """A contact person was given for more than one organisation."""


def _form() -> InvitationCreateForm:
    form = InvitationCreateForm()
    form.types.choices = choices((t, singular_name(t)) for t in type_codes())
    form.county.choices = choices(
        [("", _("All counties"))] + [(c.code, f"{c.code} {c.name(current_language())}") for c in counties(db.session)]
    )
    return form


def _page(found, form, status=200, issued=None):
    return render_template(
        "admin/invitations.html",
        round=found,
        form=form,
        invitations=invitations_of(db.session, found),
        issued=issued,
        now=utcnow(),
    ), status


@bp.get("/rounds/<slug>/invitations")
def invitations(slug: str):
    return _page(find_round(slug), _form())


@bp.post("/rounds/<slug>/invitations")
def create_invitation_links(slug: str):
    found = find_round(slug)
    form = _form()
    if not form.validate():
        return _page(found, form, 422)
    codes = [code for code in CODE_SEPARATORS.split(form.codes.data or "") if code]
    try:
        organisations = choose_for_invitation(
            db.session,
            found,
            types=form.types.data or [],
            counties=[form.county.data] if form.county.data else [],
            codes=codes,
            skip_invited=form.skip_invited.data,
        )
        if (form.contact_email.data or form.contact_name.data) and len(organisations) != 1:
            raise ContactForOne(_("A contact person can only be given when you invite a single organisation."))
        if not organisations:
            raise ServiceError(_("Every organisation you chose already has a working link. Nothing was created."))
        issued = create_invitations(
            db.session,
            found,
            organisations,
            actor=actor(),
            contact_email=(form.contact_email.data or "").strip().lower() or None,
            contact_name=(form.contact_name.data or "").strip() or None,
        )
    except ContactForOne as exc:
        field_error(form.contact_email, exc)
        return _page(found, form, 422)
    except NotFound as exc:
        field_error(form.codes, exc)
        return _page(found, form, 422)
    except ServiceError as exc:
        field_error(form.types, exc)
        return _page(found, form, 422)
    flash(
        _(
            "%(n)d new links. Copy or download them now: they are shown only this once.",
            n=len(issued),
        )
    )
    return _page(found, _form(), 200, issued=issued)


@bp.post("/rounds/<slug>/invitations/links.csv")
@transaction(READ_THEN_WRITE)
def download_links(slug: str):
    """The links just shown, as CSV. The page hands back the secrets it showed; only working ones are written."""
    found = find_round(slug)
    issued = issued_from_tokens(db.session, found, request.form.getlist("token")[:5000])
    if not issued:
        flash(_("There were no working links to download. Create new ones."), "error")
        return redirect(url_for("admin.invitations", slug=slug))
    rows = [
        (
            item.invitation.organisation.code,
            item.invitation.organisation.name_sv,
            item.invitation.contact_name,
            item.invitation.contact_email,
            item.url,
        )
        for item in issued
    ]
    who = actor()
    write_after_reading(lambda: record_links_download(db.session, slug, who, links=len(rows)))
    header = ("organisation", "name", "contact_name", "contact_email", "link")
    return csv_response(f"invitation-links-{slug}.csv", header, rows)


@bp.post("/invitations/<int:invitation_id>/revoke")
def revoke_invitation(invitation_id: int):
    try:
        invitation = get_invitation(db.session, invitation_id)
    except NotFound:
        abort(404)
    revoke(db.session, invitation, actor=actor())
    flash(_("The link for %(name)s no longer works.", name=invitation.organisation.name(current_language())))
    return redirect(safe_next(request.form.get("back"), url_for("admin.invitations", slug=invitation.round.slug)))
