"""Bearer tokens for the JSON API: one user may hold several; only a hash of each is stored."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime
from models.user_secret import UserSecret


class ApiToken(UserSecret, Base):
    """`token_hash` is the SHA-256 of the token. The token is printed once by `create-token` and never stored."""

    __tablename__ = "api_tokens"

    created_by: Mapped[str] = mapped_column(String(64))
    #: Updated at most once a minute, so reading the API does not write on every request.
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} user {self.user_id}>"
