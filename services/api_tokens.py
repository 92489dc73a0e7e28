"""API tokens: created for a reviewer or an admin, shown once, stored as a SHA-256 hash, checked on every call.

A token is dead for good once it is revoked (`revoke-token`, the admin page /admin/tokens/), once it has expired
(`create-token --expires DAYS`, a year by default), or once its user is disabled or given another role: those
changes set `revoked_at` on all the user's tokens (`services.users.revoke_tokens_of`), so enabling the account
again or giving the old role back does not revive them. The user's state is checked on every call as well.

A fast hash is right here, as for invitation links: the token is 256 random bits, so there is nothing to guess
from its hash.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from models import ApiToken, Role, User, utcnow
from models.api_token import DEFAULT_TOKEN_DAYS
from services import audit
from services.errors import NotFound, ServiceError
from services.users import find_user

#: Makes a leaked token recognisable (secret scanners, logs); the rest is random.
TOKEN_PREFIX = "svt_"  # noqa: S105 - a public prefix, not a secret
TOKEN_BYTES = 32
#: API access is for people who read results, never for respondents.
API_ROLES = (Role.ADMIN.value, Role.REVIEWER.value)
#: `last_used_at` is written at most this often, so reading the API does not write on every request.
USE_RECORD_INTERVAL = timedelta(minutes=1)
#: `--expires` takes 1 day to 10 years.
MAX_TOKEN_DAYS = 3650
#: The states a token is listed in (`token_state`).
ACTIVE, REVOKED, EXPIRED, USER_DISABLED = "active", "revoked", "expired", "user disabled"


def hash_api_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(session: Session, email: str, *, actor: str, days: int = DEFAULT_TOKEN_DAYS) -> str:
    """A new token for the user with `email`, valid for `days`; returns the token, which is never stored and
    cannot be shown again."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        message = _("A token lives from 1 to %(max)d days; %(days)d is outside that.", max=MAX_TOKEN_DAYS, days=days)
        raise ServiceError(message)
    user = find_user(session, email)
    if user is None:
        raise NotFound(_("There is no user with the e-mail address %(email)s.", email=email.strip().lower()))
    if user.role not in API_ROLES:
        message = _(
            "API tokens are for reviewers and admins; %(email)s is a %(role)s.", email=user.email, role=user.role
        )
        raise ServiceError(message)
    if not user.active:
        raise ServiceError(_("The user %(email)s is deactivated.", email=user.email))
    token = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    expires_at = utcnow() + timedelta(days=days)
    stored = ApiToken(user=user, token_hash=hash_api_token(token), created_by=actor, expires_at=expires_at)
    session.add(stored)
    session.flush()
    audit.record(session, "token.create", actor, object_type="api_token", object_id=stored.id, user=user.id, days=days)
    return token


def token_state(token: ApiToken, now: datetime | None = None) -> str:
    """ACTIVE, or why the token no longer works (the first reason that holds)."""
    now = now or utcnow()
    if token.revoked_at is not None:
        return REVOKED
    if token.expires_at <= now:
        return EXPIRED
    if not token.user.active:
        return USER_DISABLED
    return ACTIVE


@dataclass(frozen=True)
class TokenListing:
    token: ApiToken
    state: str


def list_tokens(session: Session, email: str | None = None) -> list[TokenListing]:
    """Every token (or the tokens of the user with `email`), newest first, with its state; never a secret."""
    query = select(ApiToken).join(ApiToken.user).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    if email is not None:
        user = find_user(session, email)
        if user is None:
            raise NotFound(_("There is no user with the e-mail address %(email)s.", email=email.strip().lower()))
        query = query.where(ApiToken.user_id == user.id)
    now = utcnow()
    return [TokenListing(token, token_state(token, now)) for token in session.scalars(query).unique()]


def get_token(session: Session, token_id: int) -> ApiToken:
    found = session.get(ApiToken, token_id)
    if found is None:
        raise NotFound(_("There is no API token with the number %(id)d.", id=token_id))
    return found


def revoke_token(session: Session, token: ApiToken, *, actor: str) -> bool:
    """Revoke one token for good; False (and nothing written) when it was revoked already."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    session.flush()
    audit.record(session, "token.revoke", actor, object_type="api_token", object_id=token.id, user=token.user_id)
    return True


def user_for_token(session: Session, token: str) -> tuple[User | None, bool]:
    """The active user a token belongs to (None for an unknown, revoked, expired or deactivated one), and whether
    its last use is due to be written (`record_use`). Only reads."""
    stored = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_api_token(token)))
    if stored is None or token_state(stored) != ACTIVE:
        return None, False
    due = stored.last_used_at is None or utcnow() - stored.last_used_at >= USE_RECORD_INTERVAL
    return stored.user, due


def record_use(session: Session, token: str) -> None:
    """Note when a token was last used, at most once a minute, so reading the API seldom writes. Two requests at
    once may both try; the condition lets only one of them change anything."""
    now = utcnow()
    session.execute(
        update(ApiToken)
        .where(
            ApiToken.token_hash == hash_api_token(token),
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= now - USE_RECORD_INTERVAL),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
