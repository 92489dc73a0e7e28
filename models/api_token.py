"""Bearer tokens for the JSON API: one user may hold several; only a hash of each is stored."""

from datetime import datetime, timedelta

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow
from models.user_secret import UserSecret

#: How long a token lives unless `create-token --expires DAYS` says otherwise.
DEFAULT_TOKEN_DAYS = 365


def _a_year_from_now() -> datetime:
    return utcnow() + timedelta(days=DEFAULT_TOKEN_DAYS)


class ApiToken(UserSecret, Base):
    """`token_hash` is the SHA-256 of the token. The token is printed once by `create-token` and never stored."""

    __tablename__ = "api_tokens"

    created_by: Mapped[str] = mapped_column(String(64))
    #: Updated at most once a minute, so reading the API does not write on every request.
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set by a revocation, and by a disable or a role change of the user, so that nothing brings the token back.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_a_year_from_now)

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} user {self.user_id}>"
