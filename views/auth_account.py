"""A user's own account: who they are, changing the password, logging out elsewhere, and the one-time link with
which a new user sets a password. The link's secret leaves the address bar at once, as an invitation's does.

The current password asked for on the password page is limited like a login (views/auth.py), per user: after
`CURRENT_PASSWORD_LIMIT` wrong ones the page answers 429 until the hour has passed, so a session left open cannot
be used to guess the password. Only wrong current passwords count; a new password that is refused does not.
"""

from flask import Blueprint, current_app, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from extensions import db, limiter
from forms.account import PasswordChangeForm, PasswordSetForm
from models import utcnow
from services import login_sessions, password_links
from services.errors import ServiceError
from services.users import WrongPassword, change_password, set_password
from views.access import login_required_any
from views.auth import LOGIN_TOKEN_KEY, forget_login, max_session_age
from views.refusals import field_error
from views.transactions import WRITE, transaction

bp = Blueprint("account", __name__, url_prefix="/account")

PASSWORD_LINK_KEY = "password_link_id"  # noqa: S105  # nosec B105 - the name of a session key, not a secret
#: Wrong set-password links count like wrong invitation links.
LINK_FAILURE_LIMIT = "10 per minute"
#: Wrong current passwords on the password page, per user.
CURRENT_PASSWORD_LIMIT = "5 per hour"  # noqa: S105  # nosec B105 - a rate limit, not a secret


@bp.get("/")
@login_required_any
def overview():
    live = login_sessions.live_count(db.session, current_user, max_age=max_session_age())
    return render_template("auth/account.html", live_sessions=live)


def _user_key() -> str:
    return f"user:{current_user.id}"


def _current_password_wrong(_response) -> bool:
    return bool(g.get("wrong_current_password"))


@bp.route("/password", methods=["GET", "POST"])
@login_required_any
@limiter.limit(CURRENT_PASSWORD_LIMIT, key_func=_user_key, methods=["POST"], deduct_when=_current_password_wrong)
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            change_password(
                db.session,
                current_user,
                form.current_password.data,
                form.new_password.data,
                keep_token=session.get(LOGIN_TOKEN_KEY),
            )
        except ServiceError as exc:
            g.wrong_current_password = isinstance(exc, WrongPassword)
            field_error(form.current_password if isinstance(exc, WrongPassword) else form.new_password, exc)
        else:
            flash(_("Your password has been changed. You have been logged out everywhere else."))
            return redirect(url_for("account.overview"))
    status = 422 if form.errors else 200
    return render_template("auth/password.html", form=form), status


@bp.post("/sessions/end-others")
@login_required_any
def end_other_sessions():
    ended = login_sessions.end_all(db.session, current_user, "logout", keep_token=g.get("login_token"))
    flash(_("You have been logged out on %(n)d other devices or browsers.", n=ended))
    return redirect(url_for("account.overview"))


def _link_failed(response) -> bool:
    return response.status_code == 404


@bp.get("/setup/<token>")
@transaction(WRITE)
@limiter.limit(LINK_FAILURE_LIMIT, deduct_when=_link_failed)
def setup_link(token: str):
    """Open to everyone: the secret in the link is the credential. It is moved into the session at once."""
    link = password_links.find_usable(db.session, token)
    if link is None:
        return render_template("auth/setup_invalid.html"), 404
    forget_login("replaced")  # whoever was logged in here is not, from now on
    session[PASSWORD_LINK_KEY] = link.id
    return redirect(url_for("account.setup"))


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """Open to whoever holds a usable link in the session (see `setup_link`); everyone else sees the 404 page."""
    link = password_links.find_by_id(db.session, session.get(PASSWORD_LINK_KEY))
    if link is None:
        session.pop(PASSWORD_LINK_KEY, None)
        return render_template("auth/setup_invalid.html"), 404
    form = PasswordSetForm()
    if form.validate_on_submit():
        try:
            set_password(db.session, link.user, form.new_password.data, actor=f"user:{link.user_id}")
        except ServiceError as exc:
            field_error(form.new_password, exc)
        else:
            link.used_at = utcnow()
            session.pop(PASSWORD_LINK_KEY, None)
            flash(_("Your password is set. Log in with your e-mail address and the new password."))
            return redirect(url_for("auth.login"))
    status = 422 if form.errors else 200
    hours = current_app.config["PASSWORD_LINK_HOURS"]
    return render_template("auth/setup.html", form=form, link=link, hours=hours), status
