"""Editing a round's D7 topic list: titles in both languages, order, new topics and removed ones.

A topic's id is what answers store, so it never changes once made; a topic that some response has ranked cannot be
removed (its answers would point at nothing).
"""

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Answer, Response, Round, RoundTopic
from questionnaire.kinds.ranking import split_ranking
from services import audit
from services.errors import ServiceError
from services.questionnaires import questionnaire_of

MAX_TOPICS = 40
TITLE_LENGTH = 200


@dataclass(frozen=True)
class TopicEdit:
    """One row of the edit form: an existing topic (its id) or a new one (None)."""

    topic_id: str | None
    title_sv: str
    title_en: str
    position: int
    remove: bool = False

    @property
    def blank(self) -> bool:
        return not self.title_sv.strip() and not self.title_en.strip()


def topic_slug(title: str) -> str:
    """A topic id from a title: lower-case ASCII, digits and dashes (`Digital planering` → `digital-planering`)."""
    text = unicodedata.normalize("NFKD", title.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return (text or "topic")[:50].strip("-")


def ranked_topics(session: Session, found_round: Round) -> set[str]:
    """Topic ids that some response of the round has ranked."""
    questionnaire = questionnaire_of(found_round.questionnaire_version)
    ranking_ids = [q.id for q in questionnaire.questions() if q.options_from_topics]
    if not ranking_ids:
        return set()
    values = session.scalars(
        select(Answer.value)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.round_id == found_round.id, Answer.question_id.in_(ranking_ids))
    )
    return {topic for value in values for topic in split_ranking(value)}


class TopicsChanged(ServiceError):
    """Someone else saved the topic list after this form was loaded: the form's rows no longer match the list."""


def update_topics(session: Session, found_round: Round, edits: list[TopicEdit], *, actor: str) -> None:
    """Apply the edit form. Checks everything first: on any problem nothing changes and ServiceError says why.

    The form's rows name every topic the list had when it was loaded. The round's row is locked and the list read
    again first, so of two admins saving at once the second sees the first one's list; if it is not the one the
    form was loaded with, TopicsChanged is raised and nothing is written (never a topic edited half-way)."""
    session.execute(select(Round.id).where(Round.id == found_round.id).with_for_update())
    session.refresh(found_round, attribute_names=["topics"])
    existing = {topic.topic_id: topic for topic in found_round.topics}
    if {e.topic_id for e in edits if e.topic_id is not None} != set(existing):
        raise TopicsChanged(
            _(
                "Someone else saved the topic list while you were editing it, so nothing was saved. "
                "The list below is the one now saved: make your changes again."
            )
        )
    kept = [e for e in edits if e.topic_id in existing and not e.remove]
    removed = [existing[e.topic_id] for e in edits if e.topic_id in existing and e.remove]
    added = [e for e in edits if e.topic_id is None and not e.blank]
    _check_edits(session, found_round, existing, kept, added, removed)
    for topic in removed:
        found_round.topics.remove(topic)
    session.flush()
    new_ids = _add_topics(found_round, kept, added)
    wanted = {e.topic_id: e for e in kept} | dict(zip(new_ids, added, strict=True))
    renamed = _retitle(found_round, wanted, existing)
    order = sorted(found_round.topics, key=lambda t: (wanted[t.topic_id].position, list(wanted).index(t.topic_id)))
    for position, topic in enumerate(order):
        topic.position = position
    found_round.topics.sort(key=lambda t: t.position)
    session.flush()
    audit.record(
        session,
        "round.topics",
        actor,
        object_type="round",
        object_id=found_round.slug,
        added=new_ids,
        removed=[topic.topic_id for topic in removed],
        renamed=renamed,
        order=[topic.topic_id for topic in order],
    )


def _check_edits(
    session: Session,
    found_round: Round,
    existing: dict[str, RoundTopic],
    kept: list[TopicEdit],
    added: list[TopicEdit],
    removed: list[RoundTopic],
) -> None:
    for edit in [*kept, *added]:
        if not edit.title_sv.strip() or not edit.title_en.strip():
            raise ServiceError(_("Every topic needs a title in both Swedish and English."))
        if len(edit.title_sv) > TITLE_LENGTH or len(edit.title_en) > TITLE_LENGTH:
            raise ServiceError(_("A topic title may be at most %(n)d characters long.", n=TITLE_LENGTH))
    if not kept and not added:
        raise ServiceError(_("The round needs at least one topic."))
    if len(kept) + len(added) > MAX_TOPICS:
        raise ServiceError(_("A round may have at most %(n)d topics.", n=MAX_TOPICS))
    in_use = ranked_topics(session, found_round) & {topic.topic_id for topic in removed}
    if in_use:
        names = ", ".join(sorted(existing[topic_id].title_sv for topic_id in in_use))
        raise ServiceError(
            _("Respondents have already ranked these topics, so they cannot be removed: %(names)s", names=names)
        )


def _add_topics(found_round: Round, kept: list[TopicEdit], added: list[TopicEdit]) -> list[str]:
    """Append the new topics, each with an id from its title that no other topic of the round has."""
    taken = {e.topic_id for e in kept}
    new_ids = []
    for edit in added:
        topic_id, n = topic_slug(edit.title_en or edit.title_sv), 2
        base = topic_id
        while topic_id in taken:
            topic_id, n = f"{base}-{n}", n + 1
        taken.add(topic_id)
        new_ids.append(topic_id)
        found_round.topics.append(
            RoundTopic(topic_id=topic_id, title_sv=edit.title_sv.strip(), title_en=edit.title_en.strip())
        )
    return new_ids


def _retitle(found_round: Round, wanted: dict[str, TopicEdit], existing: dict[str, RoundTopic]) -> list[str]:
    """Give every topic its edited titles; the ids of existing topics whose titles changed."""
    renamed = []
    for topic in found_round.topics:
        edit = wanted[topic.topic_id]
        if (topic.title_sv, topic.title_en) != (edit.title_sv.strip(), edit.title_en.strip()):
            if topic.topic_id in existing:
                renamed.append(topic.topic_id)
            topic.title_sv, topic.title_en = edit.title_sv.strip(), edit.title_en.strip()
    return renamed


def copy_topics(session: Session, source: Round, target: Round) -> None:
    """Give `target` the same topic list as `source` (ids, titles and order)."""
    target.topics.clear()
    session.flush()  # the old rows go first: the copies may reuse their ids
    for topic in source.topics:
        target.topics.append(
            RoundTopic(
                topic_id=topic.topic_id, title_sv=topic.title_sv, title_en=topic.title_en, position=topic.position
            )
        )
    session.flush()
