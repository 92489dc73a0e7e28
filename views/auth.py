"""Logging in and out, with a server-side session behind every login (services/login_sessions.py).

Failed logins are limited so that guessing is slow, but nobody can lock an account by failing on purpose. Only
failures count (a successful login never counts against anyone), and the limits are:

- per connection: 10 failures a minute, whatever the accounts tried; then that connection waits (429), even with
  the right password (the app's config may set another LOGIN_LIMIT_PER_CONNECTION; the tests do);
- per account and connection together: 30 failures an hour for one account from one connection; then that
  connection waits for that account. The key is the hashed account with the connection, so failures from one
  address never refuse anyone else's login to the account;
- the account under attack: once it has 30 failures in an hour from all connections together, each connection's
  allowance for it drops to 3 more failures an hour (`UNDER_ATTACK_LIMIT`, on top of the 30). A guesser spread
  over many addresses gets a few tries from each, while a connection that has not failed for the account is always
  let in to try.

So the right password from a connection that is not over its own limits is always checked and accepted. The
counters live in the limiter's storage (RATELIMIT_STORAGE_URI; shared by every host with Redis).
"""

import contextlib
import hashlib
import time
from datetime import timedelta

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user
from limits import parse

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
#: About ten failures a minute from one connection, and a slower limit per account and connection (docstring).
LOGIN_LIMIT_PER_CONNECTION = "10 per minute"
LOGIN_LIMIT_PER_ACCOUNT = "30 per hour"
#: An account with this many failures from all connections together is under attack ...
UNDER_ATTACK_AFTER = parse("30 per hour")
#: ... and then each connection gets this many failures an hour for it.
UNDER_ATTACK_LIMIT = "3 per hour"
#: The idle clock in the cookie is moved on at most this often, so most responses do not rewrite the cookie.
SEEN_RESOLUTION_SECONDS = 60


def login_failed(response) -> bool:
    """Counts against the rate limit: anything but the redirect of a successful login."""
    return response.status_code != 302


def _hashed(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _account() -> str:
    """The account being tried, hashed (no address in the limiter's storage); empty when none is given."""
    email = normalise_email(request.form.get("email", ""))
    return _hashed(email) if email else ""


def _account_key() -> str:
    """The account being tried together with the connection; the connection alone when no account is given."""
    account = _account()
    connection = _hashed(get_remote_address())
    return f"account:{account}:ip:{connection}" if account else f"ip:{connection}"


def _pressure_key() -> tuple[str, ...]:
    """The account-wide failure counter, kept beside Flask-Limiter's own counters under the same prefix."""
    return (current_app.config["RATELIMIT_KEY_PREFIX"], "login-pressure", _account())


def _account_limit() -> str:
    """The per account and connection limit of this request: lower while the account is under attack."""
    if not _account():
        return LOGIN_LIMIT_PER_ACCOUNT
    try:
        under_attack = not limiter.limiter.test(UNDER_ATTACK_AFTER, *_pressure_key())
    except Exception:  # storage trouble: the other limits still hold, and nobody is locked out
        under_attack = False
    return f"{LOGIN_LIMIT_PER_ACCOUNT};{UNDER_ATTACK_LIMIT}" if under_attack else LOGIN_LIMIT_PER_ACCOUNT


def _connection_limit() -> str:
    return current_app.config.get("LOGIN_LIMIT_PER_CONNECTION", LOGIN_LIMIT_PER_CONNECTION)


def _count_failure() -> None:
    if _account():
        with contextlib.suppress(Exception):  # as in `_account_limit`
            limiter.limiter.hit(UNDER_ATTACK_AFTER, *_pressure_key())


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
@limiter.limit(_connection_limit, methods=["POST"], deduct_when=login_failed)
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"], deduct_when=login_failed)
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
            _count_failure()
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
