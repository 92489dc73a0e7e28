"""Typed answers survive an expired form or session.

When a questionnaire page is sent with a CSRF token that no longer matches (the session expired, the browser was
closed, the secret key changed), nothing is saved, because nothing in that request can be trusted. But the answers
the respondent typed are kept: they go into the session and the page is shown again with them filled in, so one more
press on Save stores them. If the session has lost the invitation too, the page lists the typed answers, and they
come back once the invitation link is opened again.
"""

import json

from flask import Response, flash, redirect, render_template, request, session
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from views.respondent_access import current_invitation

RECOVERY_KEY = "recovered_answers"
#: A signed cookie holds about 4 KB; a larger stash would be dropped by the browser, so the page shows it instead.
MAX_STASH_BYTES = 3000
_NOT_ANSWERS = {"csrf_token", "action", "version"}


def expired_section_post() -> Response | tuple[str, int]:
    """Answer a questionnaire post whose CSRF token failed: keep the typed answers, save nothing."""
    slug = request.view_args["slug"]
    page_id = request.view_args.get("section_id", "all")
    typed = {key: request.form.getlist(key) for key in request.form if key not in _NOT_ANSWERS}
    stash = {"slug": slug, "section": page_id, "data": typed}
    kept = len(json.dumps(stash)) <= MAX_STASH_BYTES
    if kept:
        session[RECOVERY_KEY] = stash
    invitation = current_invitation()
    if invitation is not None and invitation.round.slug == slug:
        flash(
            _(
                "The page had expired, so your answers were not saved yet. "
                "They are filled in below: check them and press Save."
            ),
            "error",
        )
        return redirect(request.path, 303)
    return render_template("respond/expired.html", typed=typed, kept=kept), 400


def pop_recovered(slug: str, page_id: str) -> MultiDict | None:
    """The answers kept from an expired post of this page, once (they are removed from the session)."""
    stash = session.get(RECOVERY_KEY)
    if not stash or stash.get("slug") != slug or stash.get("section") != page_id:
        return None
    session.pop(RECOVERY_KEY)
    return MultiDict([(key, value) for key, values in stash["data"].items() for value in values])
