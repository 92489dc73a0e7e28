"""An admin sends one organisation a fresh link for one round (services/fresh_links.py): its old links stop working,
each contact gets a new one by e-mail, or, without contacts, the new link is shown once."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import ngettext

from extensions import db
from services.errors import NotFound
from services.fresh_links import send_fresh_links
from services.organisations import get_organisation
from views.admin import actor, bp
from views.admin.rounds import find_round
from vocabulary.languages import current_language


@bp.post("/organisations/<code>/rounds/<slug>/fresh-link")
def send_fresh_link(code: str, slug: str):
    try:
        organisation = get_organisation(db.session, code)
    except NotFound:
        abort(404)
    found = find_round(slug)
    result = send_fresh_links(db.session, found, organisation, actor=actor())
    name = organisation.name(current_language())
    if result.shown is not None:
        return render_template("admin/fresh_link.html", organisation=organisation, round=found, issued=result.shown)
    flash(
        ngettext(
            "%(name)s’s old links to %(slug)s no longer work; a new link was queued to %(num)d contact.",
            "%(name)s’s old links to %(slug)s no longer work; a new link was queued to each of %(num)d contacts.",
            len(result.mailed),
            name=name,
            slug=slug,
        )
    )
    return redirect(url_for("admin.organisation", code=code))
