"""Server-side login sessions: the browser's cookie carries a secret whose hash names one of these rows.

Ending the row (logout, a disabled account, a new password, an admin's "log out everywhere") ends the session for
every copy of the cookie, which a signed cookie alone could never do.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.user import User


class LoginSession(Base):
    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the secret in the session cookie; the secret itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Null while the session is live.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: Why it ended: logout, disabled, password, admin, erased, expired.
    end_reason: Mapped[str | None] = mapped_column(String(16))

    user: Mapped[User] = relationship(lazy="joined")

    @property
    def is_live(self) -> bool:
        return self.ended_at is None
