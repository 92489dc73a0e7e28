"""Server-side login sessions: the browser's cookie carries a secret whose hash names one of these rows.

Ending the row (logout, a disabled account, a new password, an admin's "log out everywhere") ends the session for
every copy of the cookie, which a signed cookie alone could never do.
"""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime
from models.user_secret import UserSecret


class LoginSession(UserSecret, Base):
    """`token_hash` is the SHA-256 of the secret in the session cookie; the secret itself is never stored."""

    __tablename__ = "login_sessions"

    #: Null while the session is live.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: Why it ended: logout, disabled, password, admin, erased, expired.
    end_reason: Mapped[str | None] = mapped_column(String(16))

    @property
    def is_live(self) -> bool:
        return self.ended_at is None
