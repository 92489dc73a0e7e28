"""People who log in: admins, reviewers and respondents."""

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.organisation import Organisation


class Role(StrEnum):
    ADMIN = "admin"
    REVIEWER = "reviewer"
    RESPONDENT = "respondent"


ROLES = tuple(r.value for r in Role)


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'reviewer', 'respondent')", name="role_known"),
        CheckConstraint("role != 'respondent' OR organisation_id IS NOT NULL", name="respondent_has_organisation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lower-cased on the way in, so lookups are case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: argon2 hash; null for a user who has not set a password yet.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the account was last disabled; retention of a disabled account's e-mail counts from here.
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the person's data was erased on request or by retention; the e-mail is then a placeholder.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
