"""One-time links with which a user sets a password: made by an admin, handed over, used once, expiring."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow
from models.user_secret import UserSecret


class PasswordLink(UserSecret, Base):
    """`token_hash` is the SHA-256 of the secret in the link; the secret is shown once to the admin who made it."""

    __tablename__ = "password_links"

    created_by: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Set when the password is set, or when a newer link replaces this one.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def is_usable(self, now: datetime | None = None) -> bool:
        return self.used_at is None and (now or utcnow()) < self.expires_at and self.user.active
