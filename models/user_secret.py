"""What every secret handed to a user shares: an API token, a set-password link, a login session's cookie.

Only the SHA-256 of the secret is stored (`token_hash`), so a copy of the database opens nothing; the secret itself
is shown or sent once.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from models.base import UTCDateTime, utcnow
from models.user import User


class UserSecret:
    """Columns first in each table, in this order, as the migrations created them."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-4)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, sort_order=-3)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, sort_order=-2)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, sort_order=-1)

    @declared_attr
    def user(cls) -> Mapped[User]:
        return relationship(User, lazy="joined")
