"""API tokens: every token with its user, when it was made, last used and expires, and whether it still works;
a button revokes one for good (services/api_tokens.py says what else ends a token). No secret is ever shown: only
its hash is stored."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from extensions import db
from services.api_tokens import ACTIVE, EXPIRED, REVOKED, USER_DISABLED, get_token, list_tokens, revoke_token
from services.errors import NotFound
from views.admin import actor, bp

#: How each state reads on the page, and the tag it wears.
STATES = {
    ACTIVE: (_l("Works"), "tag-open"),
    REVOKED: (_l("Revoked"), "tag-closed"),
    EXPIRED: (_l("Expired"), "tag-draft"),
    USER_DISABLED: (_l("Account disabled"), "tag-closed"),
}


@bp.get("/tokens/")
def api_tokens():
    return render_template("admin/tokens.html", tokens=list_tokens(db.session), states=STATES)


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_api_token(token_id: int):
    try:
        token = get_token(db.session, token_id)
    except NotFound:
        abort(404)
    if revoke_token(db.session, token, actor=actor()):
        flash(_("Token %(id)d of %(email)s is revoked and no longer works.", id=token.id, email=token.user.email))
    else:
        flash(_("Token %(id)d was revoked already.", id=token.id))
    return redirect(url_for("admin.api_tokens"))
