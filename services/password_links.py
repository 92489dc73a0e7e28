"""One-time links to set a password. An admin makes one for a new user (or one who forgot the password) and hands
it over; the user opens it and chooses a password. The link works once, for `PASSWORD_LINK_HOURS`, and only the
newest link of a user works.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import PasswordLink, User, utcnow
from services import audit
from services.invitations import hash_token
from services.links import absolute_url

LINK_TOKEN_BYTES = 32


@dataclass(frozen=True)
class IssuedLink:
    link: PasswordLink
    token: str
    url: str


def link_url(token: str, base_url: str | None = None) -> str:
    """The set-password link; its start follows services/links.py (BASE_URL, the request, PORT)."""
    return absolute_url("account.setup_link", token=token, base_url=base_url)


def issue(session: Session, user: User, *, actor: str, valid_for: timedelta, base_url: str | None = None) -> IssuedLink:
    """A new link for `user`; any earlier unused link of theirs stops working."""
    now = utcnow()
    session.execute(
        update(PasswordLink).where(PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None)).values(used_at=now)
    )
    token = secrets.token_urlsafe(LINK_TOKEN_BYTES)
    link = PasswordLink(
        user=user, token_hash=hash_token(token), created_by=actor, created_at=now, expires_at=now + valid_for
    )
    session.add(link)
    session.flush()
    audit.record(
        session,
        "user.password_link",
        actor,
        object_type="user",
        object_id=user.id,
        organisation_id=user.organisation_id,
        expires_at=link.expires_at.isoformat(timespec="minutes"),
    )
    return IssuedLink(link, token, link_url(token, base_url))


def find_usable(session: Session, token: str | None) -> PasswordLink | None:
    if not token or len(token) > 128:
        return None
    found = session.scalar(select(PasswordLink).where(PasswordLink.token_hash == hash_token(token)))
    return found if found is not None and found.is_usable() else None


def find_by_id(session: Session, link_id: int | None) -> PasswordLink | None:
    found = session.get(PasswordLink, link_id) if link_id else None
    return found if found is not None and found.is_usable() else None
