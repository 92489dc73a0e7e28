"""Forum follow-up (SPEC §9): per topic of a round, whether the forum took it up and in which session.

The priorities of a round plan the next forum's agenda; recording what the forum covered lets the next round show,
per topic, whether a topic that was covered stops being asked for. Topics are matched across rounds by their id,
as the answers are.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Round, RoundTopic
from services import audit
from services.errors import NotFound, ServiceError

SESSION_LENGTH = 200


class CoverageRefused(ServiceError):
    """One topic's record cannot be saved as asked; `topic_id` says which, so a form can show it beside the row."""

    def __init__(self, message: str, topic_id: str):
        super().__init__(message)
        self.topic_id = topic_id


@dataclass(frozen=True)
class Coverage:
    """What the forum did with one topic: covered True/False, None for not recorded; the session's name if any."""

    topic_id: str
    covered: bool | None
    session: str = ""


def record_coverage(session: Session, found_round: Round, wanted: list[Coverage], *, actor: str) -> list[str]:
    """Record the coverage of the named topics. Everything is checked first: on any problem nothing changes and
    ServiceError says why. Returns the ids of the topics whose record changed (one audit event names them)."""
    topics = {topic.topic_id: topic for topic in found_round.topics}
    unknown = [c.topic_id for c in wanted if c.topic_id not in topics]
    if unknown:
        raise NotFound(
            _(
                "Round %(slug)s has no topic “%(topic)s”. Its topics: %(topics)s.",
                slug=found_round.slug,
                topic=unknown[0],
                topics=", ".join(topics) or "–",
            )
        )
    for coverage in wanted:
        if len(coverage.session.strip()) > SESSION_LENGTH:
            raise CoverageRefused(
                _("A session's name may be at most %(n)d characters long.", n=SESSION_LENGTH), coverage.topic_id
            )
        if coverage.session.strip() and coverage.covered is not True:
            raise CoverageRefused(
                _("A session is named, but the topic is not marked as covered: mark it covered or clear the session."),
                coverage.topic_id,
            )
    changed = [c.topic_id for c in wanted if _apply(topics[c.topic_id], c)]
    session.flush()
    if changed:
        audit.record(
            session,
            "forum.record",
            actor,
            object_type="round",
            object_id=found_round.slug,
            topics={c.topic_id: _described(c) for c in wanted if c.topic_id in changed},
        )
    return changed


def _apply(topic: RoundTopic, coverage: Coverage) -> bool:
    new = (coverage.covered, coverage.session.strip() or None)
    if (topic.covered_at_forum, topic.forum_session) == new:
        return False
    topic.covered_at_forum, topic.forum_session = new
    return True


def _described(coverage: Coverage) -> str:
    state = {True: "covered", False: "not covered", None: "not recorded"}[coverage.covered]
    return f"{state}: {coverage.session.strip()}" if coverage.session.strip() else state


def previous_round(session: Session, found_round: Round) -> Round | None:
    """The round before this one (rounds are ordered by slug, the year), or None for the first."""
    return session.scalar(select(Round).where(Round.slug < found_round.slug).order_by(Round.slug.desc()).limit(1))
