"""Creating, opening and closing rounds, and their D7 topic lists."""

import re
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Round, RoundStatus, RoundTopic, Visibility
from questionnaire.loader import QuestionnaireError
from services import audit
from services.errors import Conflict, NotFound, ServiceError
from services.questionnaires import ensure_version, questionnaire_of

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")


def get_round(session: Session, slug: str) -> Round:
    """The round with this slug; NotFound for an unknown one, and for anything that cannot be a slug (such as a NUL
    byte in a URL, which PostgreSQL would refuse to compare)."""
    found = session.scalar(select(Round).where(Round.slug == slug)) if SLUG.match(slug) else None
    if found is None:
        raise NotFound(_("There is no round “%(slug)s”.", slug=slug))
    return found


def latest_round(session: Session) -> Round | None:
    return session.scalar(select(Round).order_by(Round.slug.desc()).limit(1))


def create_round(
    session: Session,
    slug: str,
    *,
    actor: str,
    title_sv: str | None = None,
    title_en: str | None = None,
    questionnaire_version: str = "v1",
    visibility: str = Visibility.NAMED.value,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> Round:
    """A new round in draft, with the questionnaire's default topic list to edit before it opens."""
    if not SLUG.match(slug):
        raise ServiceError(_("A round's short name may hold only lower-case letters, digits and dashes (e.g. 2025)."))
    if visibility not in (Visibility.NAMED, Visibility.ANONYMOUS):
        raise ServiceError(_("Visibility must be “named” or “anonymous”."))
    if opens_at and closes_at and closes_at <= opens_at:
        raise ServiceError(_("The round must close after it opens."))
    if session.scalar(select(Round.id).where(Round.slug == slug)) is not None:
        raise Conflict(_("A round “%(slug)s” already exists.", slug=slug))
    try:
        stored = ensure_version(session, questionnaire_version)
    except QuestionnaireError as exc:
        raise ServiceError(_("The questionnaire could not be loaded: %(reason)s", reason=str(exc))) from exc
    created = Round(
        slug=slug,
        title_sv=title_sv or f"Samverkanstrappan {slug}",
        title_en=title_en or f"The collaboration staircase {slug}",
        questionnaire_version=stored,
        visibility=visibility,
        opens_at=opens_at,
        closes_at=closes_at,
        state=RoundStatus.DRAFT.value,
    )
    for position, topic in enumerate(questionnaire_of(stored).default_topics):
        created.topics.append(
            RoundTopic(topic_id=topic.id, title_sv=topic.title.sv, title_en=topic.title.en, position=position)
        )
    try:
        # A savepoint, so a round created by someone else at the same moment leaves the caller's work intact.
        with session.begin_nested():
            session.add(created)
    except IntegrityError:
        raise Conflict(_("A round “%(slug)s” already exists.", slug=slug)) from None
    audit.record(session, "round.create", actor, object_type="round", object_id=slug, version=stored.version)
    return created


def set_state(session: Session, found: Round, state: RoundStatus, *, actor: str) -> Round:
    """Open or close a round by hand; the dates still bound it (see `Round.status`)."""
    found.state = state.value
    session.flush()
    audit.record(session, f"round.{state.value}", actor, object_type="round", object_id=found.slug)
    return found


def topic_ids(found: Round) -> tuple[str, ...]:
    return tuple(topic.topic_id for topic in found.topics)
