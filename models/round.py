"""A yearly survey round and the topic list its respondents rank for the next forum."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.questionnaire_version import QuestionnaireVersion
from vocabulary.localised import localised_attribute


class RoundStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Visibility(StrEnum):
    NAMED = "named"
    ANONYMOUS = "anonymous"


class Round(Base):
    __tablename__ = "rounds"
    __table_args__ = (
        CheckConstraint("visibility IN ('named', 'anonymous')", name="visibility_known"),
        CheckConstraint("state IN ('draft', 'open', 'closed')", name="state_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(32), unique=True)
    title_sv: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.NAMED.value)
    #: What an admin last did (draft, open, closed). The status shown is derived from this and the dates.
    state: Mapped[str] = mapped_column(String(16), default=RoundStatus.DRAFT.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="joined")
    topics: Mapped[list["RoundTopic"]] = relationship(
        back_populates="round", order_by="RoundTopic.position", cascade="all, delete-orphan"
    )

    def status(self, now: datetime | None = None) -> RoundStatus:
        """Open only while an admin has opened it and the clock is inside opens_at..closes_at.

        A round closes by admin action or when closes_at passes, whichever comes first; before opens_at an
        opened round still reads as draft.
        """
        now = now or utcnow()
        if self.state == RoundStatus.CLOSED:
            return RoundStatus.CLOSED
        if self.state == RoundStatus.OPEN:
            if self.closes_at is not None and now >= self.closes_at:
                return RoundStatus.CLOSED
            if self.opens_at is not None and now < self.opens_at:
                return RoundStatus.DRAFT
            return RoundStatus.OPEN
        return RoundStatus.DRAFT

    def title(self, locale: str) -> str:
        return localised_attribute(self, "title", locale)

    def __repr__(self) -> str:
        return f"<Round {self.slug}>"


class RoundTopic(Base):
    """A topic that respondents may rank in D7; admins edit the list per round."""

    __tablename__ = "round_topics"
    __table_args__ = (UniqueConstraint("round_id", "topic_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    #: Stable topic id used in answers (`digital-planning`); unique within the round.
    topic_id: Mapped[str] = mapped_column(String(64))
    title_sv: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: Whether the forum after the round took the topic up (SPEC §9); None until an admin records it.
    covered_at_forum: Mapped[bool | None] = mapped_column(Boolean)
    #: Which session of the forum covered it, as the organisers name it ("Pass 2: Digital planering").
    forum_session: Mapped[str | None] = mapped_column(String(200))

    round: Mapped[Round] = relationship(back_populates="topics")

    def title(self, locale: str) -> str:
        return localised_attribute(self, "title", locale)
