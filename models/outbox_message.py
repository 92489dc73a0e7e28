"""The e-mail outbox: every message is a row here before it goes out, so none is lost while a server is down and
none is sent twice (services/mail/)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class OutboxState(StrEnum):
    """queued → sending → sent, or failed. A temporary failure puts a message back to queued for a later try."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint("state IN ('queued', 'sending', 'sent', 'failed')", name="state_known"),
        # The worker's question: which messages are due?
        Index("ix_outbox_messages_state_next_attempt_at", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Message-ID header, fixed when queued: a resend after a crash carries the same one (see worker.py).
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    #: What the message is for: invitation, reminder, receipt, test, …
    kind: Mapped[str] = mapped_column(String(32), index=True)
    #: One address per message (personal data: export, erase and retention see it).
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(500))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=OutboxState.QUEUED)
    #: Tries so far; a claim counts as a try, so a worker that dies mid-send uses one up too.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: A queued message is not sent before this time (back-off after a temporary failure).
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When a worker took the message (state sending); an old claim means that worker died.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: A random token of the claim: only the worker holding it may record the outcome.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    #: The server's reply to the last failed try ("451 4.3.0 try later"), or the connection error.
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id"), index=True)
    #: The contact person it went to; no foreign key yet (contacts arrive in a later migration).
    contact_id: Mapped[int | None] = mapped_column(Integer, index=True)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} {self.state}>"
