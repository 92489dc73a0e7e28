"""Creating, opening and closing rounds, and their D7 topic lists."""

import re
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Response, Round, RoundStatus, RoundTopic, Visibility
from questionnaire.loader import QuestionnaireError
from services import audit
from services.errors import Conflict, NotFound, ServiceError
from services.questionnaires import ensure_version, questionnaire_of
from services.round_topics import copy_topics

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")


def get_round(session: Session, slug: str) -> Round:
    """The round with this slug; NotFound for an unknown one, and for anything that cannot be a slug (such as a NUL
    byte in a URL, which PostgreSQL would refuse to compare)."""
    found = session.scalar(select(Round).where(Round.slug == slug)) if SLUG.match(slug) else None
    if found is None:
        raise NotFound(_("There is no round “%(slug)s”.", slug=slug))
    return found


def all_rounds(session: Session, *, newest_first: bool = True) -> list[Round]:
    """Every round by slug (the year), newest first unless asked otherwise."""
    return list(session.scalars(select(Round).order_by(Round.slug.desc() if newest_first else Round.slug)))


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
            RoundTopic(
                topic_id=topic.id, title_sv=topic.title.get("sv"), title_en=topic.title.get("en"), position=position
            )
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
    if state == RoundStatus.OPEN and not found.topics:
        raise ServiceError(_("The round needs at least one forum topic before it opens."))
    found.state = state.value
    session.flush()
    audit.record(session, f"round.{state.value}", actor, object_type="round", object_id=found.slug)
    return found


def topic_ids(found: Round) -> tuple[str, ...]:
    return tuple(topic.topic_id for topic in found.topics)


def clone_round(
    session: Session,
    source: Round,
    slug: str,
    *,
    actor: str,
    title_sv: str | None = None,
    title_en: str | None = None,
    visibility: str | None = None,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> Round:
    """A new round in draft on the same questionnaire version as `source`, with a copy of its topic list."""
    created = create_round(
        session,
        slug,
        actor=actor,
        title_sv=title_sv,
        title_en=title_en,
        questionnaire_version=source.questionnaire_version.version,
        visibility=visibility or source.visibility,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    copy_topics(session, source, created)
    audit.record(session, "round.clone", actor, object_type="round", object_id=slug, source=source.slug)
    return created


def has_responses(session: Session, found: Round) -> bool:
    return session.scalar(select(Response.id).where(Response.round_id == found.id).limit(1)) is not None


def update_round(
    session: Session,
    found: Round,
    *,
    actor: str,
    title_sv: str,
    title_en: str,
    visibility: str,
    opens_at: datetime | None,
    closes_at: datetime | None,
) -> list[str]:
    """Change a round's titles, dates and visibility; returns the names of the fields that changed.

    Visibility is what respondents were promised on the landing page, so it changes only before any response.
    """
    if not title_sv.strip() or not title_en.strip():
        raise ServiceError(_("The round needs a title in both Swedish and English."))
    if visibility not in (Visibility.NAMED, Visibility.ANONYMOUS):
        raise ServiceError(_("Visibility must be “named” or “anonymous”."))
    if opens_at and closes_at and closes_at <= opens_at:
        raise ServiceError(_("The round must close after it opens."))
    if visibility != found.visibility and has_responses(session, found):
        raise ServiceError(
            _("Respondents have already answered under the current visibility, so it can no longer change.")
        )
    wanted = {
        "title_sv": title_sv.strip(),
        "title_en": title_en.strip(),
        "visibility": visibility,
        "opens_at": opens_at,
        "closes_at": closes_at,
    }
    changed = [name for name, value in wanted.items() if getattr(found, name) != value]
    for name in changed:
        setattr(found, name, wanted[name])
    session.flush()
    if changed:
        audit.record(session, "round.update", actor, object_type="round", object_id=found.slug, fields=changed)
    return changed
