"""Login sessions kept on the server, so that logging out or disabling an account ends every copy of the cookie.

The browser holds a 256-bit secret (inside Flask's signed session cookie); the database holds its SHA-256 and
whether the session is still live. A session lives at most `LOGIN_MAX_HOURS`; the idle limit is checked against
a time stamp in the signed cookie, so keeping it costs no database write per request.
"""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import LoginSession, User, utcnow
from services.invitations import hash_token

SESSION_TOKEN_BYTES = 32


def start(session: Session, user: User) -> str:
    """A new live session for `user`; returns the secret for the cookie (it is not stored)."""
    token = secrets.token_urlsafe(SESSION_TOKEN_BYTES)
    session.add(LoginSession(user=user, token_hash=hash_token(token)))
    session.flush()
    return token


def find_live(session: Session, token: str | None, *, max_age: timedelta, now: datetime | None = None):
    """The live session whose secret is `token`, or None (unknown, ended, too old, or its user disabled)."""
    if not token or len(token) > 128:
        return None
    found = session.scalar(select(LoginSession).where(LoginSession.token_hash == hash_token(token)))
    if found is None or not found.is_live or not found.user.active:
        return None
    if (now or utcnow()) - found.created_at > max_age:
        return None
    return found


def end(session: Session, token: str | None, reason: str) -> None:
    """End the session whose secret is `token` (logout); nothing happens for an unknown one."""
    if not token:
        return
    session.execute(
        update(LoginSession)
        .where(LoginSession.token_hash == hash_token(token), LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )


def end_all(session: Session, user: User, reason: str, *, keep_token: str | None = None) -> int:
    """End every live session of `user` (but the one whose secret is `keep_token`); returns how many ended."""
    query = update(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
    if keep_token:
        query = query.where(LoginSession.token_hash != hash_token(keep_token))
    result = session.execute(query.values(ended_at=utcnow(), end_reason=reason))
    return result.rowcount or 0


def live_count(session: Session, user: User, *, max_age: timedelta) -> int:
    since = utcnow() - max_age
    return len(
        session.scalars(
            select(LoginSession.id).where(
                LoginSession.user_id == user.id, LoginSession.ended_at.is_(None), LoginSession.created_at > since
            )
        ).all()
    )
