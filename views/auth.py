"""Logging in and out, with a server-side session behind every login (services/login_sessions.py).

Failed logins are rate-limited per connection and per account; successes never count against anyone.
"""

import hashlib
import time
from datetime import timedelta

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from extensions import db, limiter, login_manager
from forms.auth import LoginForm
from models import User
from services import login_sessions
from services.users import authenticate, normalise_email, record_logout
from views.access import login_required_any
from views.i18n import safe_next
from views.transactions import keep

bp = Blueprint("auth", __name__)

#: Keys in Flask's signed session cookie.
LOGIN_TOKEN_KEY = "login_token"  # noqa: S105  # nosec B105 - the name of a session key, not a secret
LAST_SEEN_KEY = "login_seen"
#: About ten failures a minute from one connection, and a slower limit per account against spread-out guessing.
LOGIN_LIMIT_PER_CONNECTION = "10 per minute"
LOGIN_LIMIT_PER_ACCOUNT = "30 per hour"
#: The idle clock in the cookie is moved on at most this often, so most responses do not rewrite the cookie.
SEEN_RESOLUTION_SECONDS = 60


def login_failed(response) -> bool:
    """Counts against the rate limit: anything but the redirect of a successful login."""
    return response.status_code != 302


def _account_key() -> str:
    """The account being tried, hashed (no address in the limiter's storage); the connection when there is none."""
    email = normalise_email(request.form.get("email", ""))
    if not email:
        return f"ip:{get_remote_address()}"
    return "account:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def max_session_age() -> timedelta:
    return timedelta(hours=current_app.config["LOGIN_MAX_HOURS"])


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user of a live server-side session; None (anonymous) once it has ended, grown too old or sat idle."""
    if not user_id.isdigit():
        return None
    now = time.time()
    seen = session.get(LAST_SEEN_KEY)
    if not isinstance(seen, int) or now - seen > current_app.config["LOGIN_IDLE_MINUTES"] * 60:
        return None
    token = session.get(LOGIN_TOKEN_KEY)
    found = login_sessions.find_live(db.session, token, max_age=max_session_age())
    if found is None or found.user_id != int(user_id):
        return None
    if now - seen > SEEN_RESOLUTION_SECONDS:
        session[LAST_SEEN_KEY] = int(now)
    g.login_token = token
    return found.user


def forget_login(reason: str) -> None:
    """End the server-side session (if any) and empty the Flask session; only the chosen language stays."""
    login_sessions.end(db.session, session.get(LOGIN_TOKEN_KEY), reason)
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def start_login(user: User) -> None:
    """A fresh Flask session and a new server-side session for `user`; only the chosen language carries over."""
    forget_login("replaced")
    session[LOGIN_TOKEN_KEY] = login_sessions.start(db.session, user)
    session[LAST_SEEN_KEY] = int(time.time())
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT_PER_CONNECTION, methods=["POST"], deduct_when=login_failed)
@limiter.limit(LOGIN_LIMIT_PER_ACCOUNT, key_func=_account_key, methods=["POST"], deduct_when=login_failed)
def login():
    """Open to everyone."""
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data, form.password.data)
        if user is None:
            # The same words whether the address is unknown or the password wrong: nothing to learn from them.
            error = _("The e-mail address or the password is wrong.")
            keep()  # the failure's audit event
        else:
            start_login(user)
            return redirect(safe_next(request.args.get("next"), url_for("main.index")))
    status = 422 if (form.errors or error) else 200
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/logout")
@login_required_any
def logout():
    """Ends the server-side session too, so a copy of the cookie stops working at once."""
    user_id = current_user.id
    logout_user()
    forget_login("logout")
    record_logout(db.session, user_id)
    flash(_("You have logged out."))
    return redirect(url_for("main.index"))
