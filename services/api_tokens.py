"""API tokens: created for a reviewer or an admin, shown once, stored as a SHA-256 hash, checked on every call.

A fast hash is right here, as for invitation links: the token is 256 random bits, so there is nothing to guess
from its hash.
"""

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from models import ApiToken, Role, User, utcnow
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


def hash_api_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(session: Session, email: str, *, actor: str) -> str:
    """A new token for the user with `email`; returns the token, which is never stored and cannot be shown again."""
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
    stored = ApiToken(user=user, token_hash=hash_api_token(token), created_by=actor)
    session.add(stored)
    session.flush()
    audit.record(session, "token.create", actor, object_type="api_token", object_id=stored.id, user=user.id)
    return token


def user_for_token(session: Session, token: str) -> tuple[User | None, bool]:
    """The active user a token belongs to (None for an unknown, revoked or deactivated one), and whether its last
    use is due to be written (`record_use`). Only reads."""
    stored = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_api_token(token)))
    if stored is None or stored.revoked_at is not None or not stored.user.active:
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
