"""An organisation's response: find or start the draft, save answers with their history, submit.

Every page save goes through `save_answers`: it holds the response, merges with colleagues' saves and hands the
answers to the answer store (`services/answer_store.py`), which keeps an `AnswerChange` row for each change, so
nothing a respondent entered is lost even when a colleague overwrites it. Functions flush; the caller commits once.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from models import Answer, AnswerChange, Organisation, Response, ResponseStatus, Round, utcnow
from questionnaire.model import Questionnaire
from services import audit
from services.answer_store import AnswerWrite, Changes, apply_changes, gated_value, submit_drafts
from services.errors import Conflict, ServiceError
from services.receipts import queue_receipts
from services.stored_tables import refresh_response_scores


class ResponseLocked(ServiceError):
    """The response is submitted; it changes only after an admin reopens it."""


@dataclass(frozen=True)
class ConflictingAnswer:
    """A question that a colleague changed after the page was loaded, to something other than what you sent."""

    question_id: str
    theirs: str | None
    yours: str | None
    changed_by: str
    changed_at: datetime


class SaveConflict(Conflict):
    """Nothing was saved: colleagues changed some of the same answers since the page was loaded."""

    def __init__(self, conflicts: dict[str, ConflictingAnswer], current_version: int):
        super().__init__(_("A colleague has changed some of the same answers since you opened the page."))
        self.conflicts = conflicts
        self.current_version = current_version


@dataclass
class SaveResult:
    #: question id → (old value, new value) for every answer that changed.
    changes: Changes = field(default_factory=dict)
    #: The response's version after the save.
    version: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def find_response(session: Session, organisation: Organisation, found_round: Round) -> Response | None:
    # The caller holds the organisation and the round already: take them from the session, not from a join.
    return session.scalar(
        select(Response)
        .options(lazyload(Response.organisation), lazyload(Response.round))
        .where(Response.organisation_id == organisation.id, Response.round_id == found_round.id)
    )


def get_or_create_response(session: Session, organisation: Organisation, found_round: Round) -> Response:
    """The organisation's response to the round, created as a draft on first use.

    Two colleagues opening the questionnaire at the same moment both end up with the one response: the unique
    constraint refuses the second insert and the second caller reads the first one's row.
    """
    existing = find_response(session, organisation, found_round)
    if existing is not None:
        return existing
    try:
        with session.begin_nested():
            created = Response(organisation=organisation, round=found_round, status=ResponseStatus.DRAFT.value)
            session.add(created)
        return created
    except IntegrityError:
        existing = find_response(session, organisation, found_round)
        assert existing is not None  # the constraint fired, so the row exists
        return existing


def answers_of(session: Session, response: Response | None) -> dict[str, str]:
    if response is None or response.id is None:
        return {}
    rows = session.execute(select(Answer.question_id, Answer.value).where(Answer.response_id == response.id))
    return {question_id: value for question_id, value in rows}


def _hold(session: Session, response: Response) -> None:
    """Hold the response row while saving (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the
    database): the version read here is the one the save is written against, and colleagues wait their turn."""
    session.execute(
        select(Response.id)
        .where(Response.id == response.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    session.refresh(response, attribute_names=["status", "version"])


def save_answers(
    session: Session,
    response: Response,
    values: Mapping[str, str | None],
    questionnaire: Questionnaire,
    *,
    actor: str,
    source: str,
    topic_ids: Collection[str] = (),
    base_version: int | None = None,
) -> SaveResult:
    """Set the answers in `values` (None clears one). Every value is checked again here, whatever the caller did.

    `base_version` is the response version the sender's page was loaded at (0: before the response existed;
    None: overwrite, as an import does; a version ahead of the stored one counts as 0). When colleagues saved in
    between, only the answers the sender actually changed are written, so a stale page never undoes a colleague's
    work; if the sender and a colleague changed the same answer differently, nothing is saved and SaveConflict says
    which answers and what the colleague wrote.

    Raises ResponseLocked for a submitted response and InvalidValue for a value that does not fit its question.
    """
    _hold(session, response)
    if response.is_submitted:
        raise ResponseLocked(_("This response has been submitted and can no longer be changed."))
    organisation_type = response.organisation.type
    wanted = {
        question_id: gated_value(questionnaire, question_id, organisation_type, raw, topic_ids)
        for question_id, raw in values.items()
    }
    current = dict(
        session.execute(select(Answer.question_id, Answer.value).where(Answer.response_id == response.id)).all()
    )
    if base_version is not None and base_version > response.version:
        # No page was ever loaded at a version not yet reached: what the sender saw is unknown, as before any save.
        base_version = 0
    if base_version is not None and base_version != response.version:
        wanted = _merge_with_colleagues(session, response, wanted, current, base_version)
    write = AnswerWrite(response.id, organisation_type, response.version, current, wanted)
    written = apply_changes(session, [write], questionnaire, topic_ids, actor=actor, source=source)
    result = SaveResult(changes=written.get(response.id, {}), version=response.version)
    if result.changed:
        # The store bumped the version under the lock taken above: tell the ORM without reading the row again.
        set_committed_value(response, "version", response.version + 1)
        session.expire(response, ["answers", "updated_at"])
        result.version = response.version
    return result


def answers_at_version(
    session: Session, response: Response, version: int, current: Mapping[str, str | None]
) -> dict[str, str | None]:
    """What the answers were when the response had `version`: today's answers with later changes undone."""
    state = dict(current)
    later = session.scalars(
        select(AnswerChange)
        .where(AnswerChange.response_id == response.id, AnswerChange.response_version > version)
        .order_by(AnswerChange.id.desc())
    )
    for change in later:
        state[change.question_id] = change.old_value
    return state


def _merge_with_colleagues(
    session: Session,
    response: Response,
    wanted: dict[str, str | None],
    now_values: Mapping[str, str],
    base_version: int,
) -> dict[str, str | None]:
    loaded = answers_at_version(session, response, base_version, now_values)
    yours = {q: v for q, v in wanted.items() if v != loaded.get(q)}
    conflicts = {q for q, v in yours.items() if now_values.get(q) != loaded.get(q) and v != now_values.get(q)}
    if conflicts:
        latest = {}
        for change in session.scalars(
            select(AnswerChange)
            .where(AnswerChange.response_id == response.id, AnswerChange.question_id.in_(conflicts))
            .order_by(AnswerChange.id)
        ):
            latest[change.question_id] = change
        raise SaveConflict(
            {
                q: ConflictingAnswer(q, now_values.get(q), yours[q], latest[q].changed_by, latest[q].changed_at)
                for q in sorted(conflicts)
            },
            response.version,
        )
    return yours


def submit(session: Session, response: Response, *, actor: str, submitter_email: str | None = None) -> bool:
    """Submit a draft and queue its receipts. Returns False, and changes nothing, if it was already submitted.

    `services/answer_store.py::submit_drafts` submits with a conditional UPDATE (of many simultaneous submits exactly
    one matches `status = 'draft'`), records the audit event and computes the response's scores, once; only that
    one queues the receipts (services/receipts.py), in the same transaction.
    """
    submitted = submit_drafts(session, response.round, [response.id], actor=actor)
    session.refresh(response)
    if submitted:
        queue_receipts(session, response, submitter_email=submitter_email)
    return bool(submitted)


def reopen(session: Session, response: Response, *, actor: str) -> bool:
    """Put a submitted response back to draft so the organisation can change it; False if it was a draft.

    Its scores leave `response_scores` with it: only submitted responses count.
    """
    now = utcnow()
    return _move(
        session,
        response,
        ResponseStatus.SUBMITTED,
        "response.reopen",
        actor,
        status=ResponseStatus.DRAFT.value,
        submitted_at=None,
        reopened_at=now,
        updated_at=now,
    )


def _move(session: Session, response: Response, from_status: ResponseStatus, action: str, actor: str, **values) -> bool:
    """Change a response that is in `from_status` with one conditional UPDATE (a second, simultaneous caller matches
    no row and gets False), bump its version, write the audit event and bring its stored scores up to date.

    Reopening is the only move left here; submitting is the answer store's, which also submits in bulk."""
    result = session.execute(
        update(Response)
        .where(Response.id == response.id, Response.status == from_status.value)
        .values(**values, version=Response.version + 1)
        .execution_options(synchronize_session=False)
    )
    session.refresh(response)
    if result.rowcount == 0:
        return False
    audit.record(
        session,
        action,
        actor,
        object_type="response",
        object_id=response.id,
        organisation_id=response.organisation_id,
        round=response.round.slug,
    )
    refresh_response_scores(session, response)
    return True
