"""Writing a checked import plan (`services/importing.py` checks) through the answer store.

New responses, new, changed and cleared answers with their history (actor `import`), version bumps, the optional
submit with its audit events and the score refresh: `services/answer_store.py` does each in a few bulk statements,
never one round trip per row, so 100,000 rows take seconds. This module turns the plan into the store's writes and
counts what changed.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import ResponseStatus, Round
from services import answer_store, audit
from services.answer_store import AnswerWrite, Changes
from services.errors import Conflict
from services.questionnaires import questionnaire_of
from services.rounds import topic_ids

#: The actor and source of every answer change an import makes.
IMPORT_ACTOR = "import"

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

    def count(self, changes: Changes) -> None:
        for old, new in changes.values():
            if old is None:
                self.added += 1
            elif new is None:
                self.cleared += 1
            else:
                self.changed += 1


@dataclass(frozen=True)
class ExistingResponse:
    response_id: int
    status: str
    version: int
    #: question id → stored value
    answers: dict[str, str]


@dataclass
class ImportPlan:
    round: Round
    rows: int
    #: organisation id → question id → (line, canonical value or None to clear)
    values: dict[int, dict[str, tuple[int, str | None]]]
    existing: dict[int, ExistingResponse]
    #: organisation id → its type, for every organisation in `values`
    organisation_types: dict[int, str]


def write_plan(
    session: Session, plan: ImportPlan, *, submit: bool, actor: str, progress: Progress | None = None
) -> ImportSummary:
    """Write a checked plan; `actor` (who ran the import) goes to the audit log. Returns what changed."""
    found_round = plan.round
    summary = ImportSummary(rows=plan.rows, organisations=len(plan.values))
    existing = plan.existing | _new_drafts(session, plan)
    summary.created = len(existing) - len(plan.existing)
    writes = []
    for organisation_id, answers in plan.values.items():
        current = existing.get(organisation_id)
        if current is None:  # nothing but empty values for an organisation without a response
            summary.unchanged += len(answers)
            continue
        wanted = {question_id: value for question_id, (_line, value) in answers.items()}
        writes.append(
            AnswerWrite(
                current.response_id, plan.organisation_types[organisation_id], current.version, current.answers, wanted
            )
        )
    _tick(progress, plan.rows // 4)
    questionnaire = questionnaire_of(found_round.questionnaire_version)
    written = answer_store.apply_changes(
        session, writes, questionnaire, topic_ids(found_round), actor=IMPORT_ACTOR, source="import"
    )
    for changes in written.values():
        summary.count(changes)
    summary.unchanged += sum(len(write.wanted) for write in writes) - sum(map(len, written.values()))
    _tick(progress, plan.rows // 4)
    if submit:
        summary.submitted = _submit(session, plan, existing, actor)
    _tick(progress, plan.rows // 4)
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


def _submit(session: Session, plan: ImportPlan, existing: dict[int, ExistingResponse], actor: str) -> int:
    """Submit every draft the file has rows for; returns how many were submitted."""
    drafts = [
        found.response_id
        for organisation_id, found in existing.items()
        if organisation_id in plan.values and found.status != ResponseStatus.SUBMITTED.value
    ]
    submitted = answer_store.submit_drafts(
        session, plan.round, drafts, actor=actor, submitted_by=IMPORT_ACTOR, source="import"
    )
    return len(submitted)


def _new_drafts(session: Session, plan: ImportPlan) -> dict[int, ExistingResponse]:
    """A draft for each organisation that has no response yet and gets at least one answer."""
    new_organisations = [
        organisation_id
        for organisation_id, answers in plan.values.items()
        if organisation_id not in plan.existing and any(value is not None for _line, value in answers.values())
    ]
    try:
        created = answer_store.create_drafts(session, plan.round, new_organisations)
    except IntegrityError:
        message = _("A response was started while the import ran. Nothing was imported; run it again.")
        raise ImportConflict(message) from None
    return {org: ExistingResponse(id_, ResponseStatus.DRAFT.value, 1, {}) for org, id_ in created.items()}


def _tick(progress: Progress | None, amount: int) -> None:
    if progress and amount > 0:
        progress(amount)
