"""Writing a checked import plan (`services/importing.py` checks) in a handful of bulk statements.

New responses, new, changed and cleared answers, their `answer_changes` rows (actor `import`), version bumps, the
optional submit with its audit events and the score refresh: one statement per kind and per chunk of ids, never one
round trip per row, so 100,000 rows take seconds.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Answer, AnswerChange, AuditEvent, Response, ResponseStatus, Round, utcnow
from services import audit
from services.errors import Conflict
from services.stored_tables import refresh_responses

#: The actor and source of every answer change an import makes.
IMPORT_ACTOR = "import"
#: Ids per `IN (…)`, well below every database's limit on bound parameters.
CHUNK = 900

Progress = Callable[[int], None]


class ImportConflict(Conflict):
    """Someone changed the same responses while the import ran; nothing was imported."""


@dataclass
class ImportSummary:
    rows: int = 0
    organisations: int = 0
    created: int = 0
    added: int = 0
    changed: int = 0
    cleared: int = 0
    unchanged: int = 0
    submitted: int = 0

    @property
    def changes(self) -> int:
        return self.created + self.added + self.changed + self.cleared + self.submitted


@dataclass(frozen=True)
class ExistingResponse:
    response_id: int
    status: str
    version: int
    #: question id → (answer id, value)
    answers: dict[str, tuple[int, str]]


@dataclass
class ImportPlan:
    round: Round
    rows: int
    #: organisation id → question id → (line, canonical value or None to clear)
    values: dict[int, dict[str, tuple[int, str | None]]]
    existing: dict[int, ExistingResponse]


def write_plan(
    session: Session, plan: ImportPlan, *, submit: bool, actor: str, progress: Progress | None = None
) -> ImportSummary:
    """Write a checked plan; `actor` (who ran the import) goes to the audit log. Returns what changed."""
    found_round = plan.round
    summary = ImportSummary(rows=plan.rows, organisations=len(plan.values))
    now = utcnow()
    new_organisations = [
        organisation_id
        for organisation_id, answers in plan.values.items()
        if organisation_id not in plan.existing and any(value is not None for _line, value in answers.values())
    ]
    try:
        created = _create_responses(session, found_round, new_organisations, now)
    except IntegrityError:
        message = _("A response was started while the import ran. Nothing was imported; run it again.")
        raise ImportConflict(message) from None
    summary.created = len(created)
    existing = plan.existing | {
        org: ExistingResponse(id_, ResponseStatus.DRAFT.value, 1, {}) for org, id_ in created.items()
    }
    inserts, updates, deletions, changes, bumped = [], [], [], [], []
    for organisation_id, answers in plan.values.items():
        current = existing.get(organisation_id)
        if current is None:
            summary.unchanged += len(answers)
            continue
        version = current.version + 1
        touched = False
        for question_id, (_line, value) in answers.items():
            old = current.answers.get(question_id)
            old_value = old[1] if old else None
            if old_value == value:
                summary.unchanged += 1
                continue
            touched = True
            if old is None:
                inserts.append(
                    {"response_id": current.response_id, "question_id": question_id, "value": value, "updated_at": now}
                )
                summary.added += 1
            elif value is None:
                deletions.append(old[0])
                summary.cleared += 1
            else:
                updates.append({"id": old[0], "value": value, "updated_at": now})
                summary.changed += 1
            changes.append(
                {
                    "response_id": current.response_id,
                    "question_id": question_id,
                    "old_value": old_value,
                    "new_value": value,
                    "changed_at": now,
                    "changed_by": IMPORT_ACTOR,
                    "source": "import",
                    "response_version": version,
                }
            )
        if touched:
            bumped.append(current.response_id)
    _tick(progress, plan.rows // 4)
    # Core statements on the tables: executemany without the ORM's per-row bookkeeping.
    if inserts:
        session.execute(insert(Answer.__table__), inserts)
    if updates:
        session.execute(update(Answer), updates)
    for chunk in chunks(deletions):
        session.execute(delete(Answer).where(Answer.id.in_(chunk)).execution_options(synchronize_session=False))
    _tick(progress, plan.rows // 4)
    if changes:
        session.execute(insert(AnswerChange.__table__), changes)
    for chunk in chunks(bumped):
        session.execute(
            update(Response)
            .where(Response.id.in_(chunk))
            .values(version=Response.version + 1, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    _tick(progress, plan.rows // 4)
    if submit:
        drafts = [
            found.response_id
            for organisation_id, found in existing.items()
            if organisation_id in plan.values and found.status != ResponseStatus.SUBMITTED.value
        ]
        organisation_of = {e.response_id: org for org, e in existing.items()}
        submitted = _submit(session, found_round, drafts, organisation_of, now, actor)
        summary.submitted = len(submitted)
        refresh_responses(session, found_round, submitted)
    if summary.changes:
        audit.record(
            session,
            "responses.import",
            actor,
            object_type="round",
            object_id=found_round.slug,
            **asdict(summary),
        )
    session.flush()
    _tick(progress, plan.rows - 3 * (plan.rows // 4))
    return summary


def _create_responses(
    session: Session, found_round: Round, organisation_ids: list[int], now: datetime
) -> dict[int, int]:
    """New draft responses, at version 1 like one a respondent starts; returns organisation id → response id."""
    if not organisation_ids:
        return {}
    rows = [
        {
            "organisation_id": organisation_id,
            "round_id": found_round.id,
            "status": ResponseStatus.DRAFT.value,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for organisation_id in organisation_ids
    ]
    ids = session.scalars(insert(Response).returning(Response.id, sort_by_parameter_order=True), rows).all()
    return dict(zip(organisation_ids, ids, strict=True))


def _submit(
    session: Session,
    found_round: Round,
    response_ids: list[int],
    organisation_of: dict[int, int],
    now: datetime,
    actor: str,
) -> list[int]:
    """Submit the drafts among `response_ids` (a conditional UPDATE, as the web submit); returns those submitted."""
    submitted: list[int] = []
    for chunk in chunks(response_ids):
        submitted += session.scalars(
            update(Response)
            .where(Response.id.in_(chunk), Response.status == ResponseStatus.DRAFT.value)
            .values(
                status=ResponseStatus.SUBMITTED.value,
                submitted_at=now,
                submitted_by=IMPORT_ACTOR,
                updated_at=now,
                version=Response.version + 1,
            )
            .returning(Response.id)
            .execution_options(synchronize_session=False)
        ).all()
    if submitted:
        events = [
            {
                "at": now,
                "actor": actor,
                "action": "response.submit",
                "object_type": "response",
                "object_id": str(response_id),
                "organisation_id": organisation_of[response_id],
                "detail": {"round": found_round.slug, "source": "import"},
            }
            for response_id in submitted
        ]
        session.execute(insert(AuditEvent.__table__), events)
    return submitted


def chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _tick(progress: Progress | None, amount: int) -> None:
    if progress and amount > 0:
        progress(amount)
