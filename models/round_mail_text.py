"""A round's own invitation and reminder texts (SPEC §8): subject and body per kind and language.

A round without a row for a kind and language uses the default text (services/mail_texts.py).
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow

#: The kinds of mailing a round has texts for.
MAIL_TEXT_KINDS = ("invitation", "reminder")


class RoundMailText(Base):
    __tablename__ = "round_mail_texts"
    __table_args__ = (
        UniqueConstraint("round_id", "kind", "language"),
        CheckConstraint("kind IN ('invitation', 'reminder')", name="kind_known"),
        CheckConstraint("language IN ('sv', 'en')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64))
