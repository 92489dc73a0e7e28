"""Organisations: a filterable list, and one organisation with its responses, links, accounts and log."""

from flask import abort, render_template, request

from extensions import db
from services.contacts import contacts_of
from services.errors import NotFound
from services.organisations import counties, find_organisations, get_organisation, record_of
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
    record = record_of(db.session, found)
    return render_template(
        "admin/organisation.html",
        organisation=found,
        responses=record.responses,
        invitations=record.invitations,
        users=record.users,
        contacts=contacts_of(db.session, found),
    )
