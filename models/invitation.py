"""Invitation links: a secret that gives respondent access to one organisation's response in one round."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.organisation import Organisation
from models.round import Round, RoundStatus


class Invitation(Base):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    #: SHA-256 of the secret in the link. The secret itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: Optional contact person, personal data: exported and erased on request, pruned by retention.
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    use_count: Mapped[int] = mapped_column(Integer, default=0)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    round: Mapped[Round] = relationship(lazy="joined")

    def is_usable(self, now: datetime | None = None) -> bool:
        """A link works until it is revoked or its round closes (it expires with the round)."""
        return self.revoked_at is None and self.round.status(now) != RoundStatus.CLOSED

    def is_readable(self) -> bool:
        """A link keeps read-only access after its round closes (SPEC §8); only revoking it ends everything."""
        return self.revoked_at is None

    @property
    def actor(self) -> str:
        return f"invitation:{self.id}"
