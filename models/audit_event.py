"""The audit log: who did what to which object, and when."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: Actor label: `user:3`, `invitation:12`, `cli`, `anonymous`.
    actor: Mapped[str] = mapped_column(String(64))
    #: What happened, dotted: `login.success`, `login.failure`, `response.submit`, `invitation.create` …
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64))
    #: The organisation the object belongs to, so an admin can filter the log by organisation.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: Extra facts; never a secret, a password or a token.
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
