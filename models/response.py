"""An organisation's joint answer to a round, its answers, and every change ever made to them."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.organisation import Organisation
from models.round import Round


class ResponseStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Response(Base):
    __tablename__ = "responses"
    __table_args__ = (
        # One joint answer per organisation and round: colleagues share it, imports update it.
        UniqueConstraint("organisation_id", "round_id"),
        CheckConstraint("status IN ('draft', 'submitted')", name="status_known"),
        CheckConstraint("(status = 'submitted') = (submitted_at IS NOT NULL)", name="submitted_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=ResponseStatus.DRAFT.value)
    #: Incremented on every save; a save based on an older version is a conflict, never an overwrite.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Who submitted, as an actor label (`user:3`, `invitation:12`, `import`).
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    #: Set when an admin reopens a submitted response; kept after the next submit for the record.
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    round: Mapped[Round] = relationship(lazy="joined")
    answers: Mapped[list["Answer"]] = relationship(back_populates="response", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED

    def __repr__(self) -> str:
        return f"<Response {self.organisation_id}/{self.round_id} {self.status}>"


class Answer(Base):
    """The current value of one question in one response, in the canonical text form of the CSV format."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    #: Stable question id from the questionnaire file (`d2_role_clarity`, `d1_region_today`).
    question_id: Mapped[str] = mapped_column(String(64))
    #: Canonical value: `1`–`5`/`na`, a decimal with `.`, an option id, ids joined by `|` or `>`, or free text.
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    response: Mapped[Response] = relationship(back_populates="answers")


class AnswerChange(Base):
    """One change to one answer: nothing a respondent entered is ever lost, even when it is overwritten."""

    __tablename__ = "answer_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    #: Null when the answer did not exist before.
    old_value: Mapped[str | None] = mapped_column(Text)
    #: Null when the answer was cleared.
    new_value: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Actor label (`user:3`, `invitation:12`, `import`, `seed`).
    changed_by: Mapped[str] = mapped_column(String(64))
    #: Where the change came from: web, autosave, import, seed.
    source: Mapped[str] = mapped_column(String(16))
    #: The response's version after this change; lets a stale page be compared with what was there when it loaded.
    response_version: Mapped[int] = mapped_column(Integer)
