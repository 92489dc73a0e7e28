"""Organisations: a filterable list, and one organisation with its responses, links, accounts and log."""

from flask import abort, render_template, request
from sqlalchemy import select

from extensions import db
from models import Invitation, Response, Round, User
from services.errors import NotFound
from services.organisations import counties, find_organisations, get_organisation
from views.admin import bp
from vocabulary.organisation_types import type_codes


@bp.get("/organisations/")
def organisations():
    text = (request.args.get("q") or "").strip()[:100]
    organisation_type = request.args.get("type") or None
    county = request.args.get("county") or None
    if organisation_type not in (None, *type_codes()):
        organisation_type = None
    found = find_organisations(db.session, text=text, organisation_type=organisation_type, county=county)
    return render_template(
        "admin/organisations.html",
        organisations=found,
        counties=counties(db.session),
        types=type_codes(),
        wanted={"q": text, "type": organisation_type, "county": county},
    )


@bp.get("/organisations/<code>")
def organisation(code: str):
    try:
        found = get_organisation(db.session, code)
    except NotFound:
        abort(404)
    responses = list(
        db.session.scalars(
            select(Response).join(Round).where(Response.organisation_id == found.id).order_by(Round.slug.desc())
        )
    )
    invitations = list(
        db.session.scalars(
            select(Invitation)
            .join(Round)
            .where(Invitation.organisation_id == found.id)
            .order_by(Round.slug.desc(), Invitation.id.desc())
        )
    )
    users = list(db.session.scalars(select(User).where(User.organisation_id == found.id).order_by(User.email)))
    return render_template(
        "admin/organisation.html", organisation=found, responses=responses, invitations=invitations, users=users
    )
