"""Importing answers in the long format of SPEC §5 (CSV or XLSX): every row checked first, then all or nothing.

`services.import_files.read_table` turns the bytes of a file into numbered rows; `plan_import` checks every row
against the round's questionnaire and the database and either raises `ImportRefused` with every problem and its line
number, or returns a plan; `services.import_writer.write_plan` writes it through the answer store;
`import_table` does both. The command `import-responses` and the admin upload page call these same functions.
Functions flush, never commit: on any exception the caller rolls back and nothing has changed.

The rules:
- the first row is the header `organisation,question,value`; blank rows are skipped; one answer per row;
- every value passes `questionnaire.values.normalise`, the gate the web form uses, so an import accepts exactly
  what the form accepts; an empty value clears the answer;
- a question must belong to the round's questionnaire and be asked of the organisation's type;
- the same organisation and question twice in one file is a problem, even with the same value;
- answers of a submitted response may not change (an admin reopens it first); the same value again is no change;
- answers the file does not mention are left as they are;
- importing the same file again changes nothing: no new answers, no history rows, no audit event.

Every change is kept in `answer_changes` with the actor `import`, like a respondent's own edits.
"""

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Answer, Organisation, Response, ResponseStatus, Round
from questionnaire.model import Questionnaire
from questionnaire.values import InvalidValue, normalise
from services.csv_format import HEADER
from services.errors import ServiceError
from services.import_files import Problem, Problems, Table
from services.import_writer import (
    ExistingResponse,
    ImportConflict,
    ImportPlan,
    ImportSummary,
    Progress,
    write_plan,
)
from services.questionnaires import questionnaire_of
from services.rounds import topic_ids

__all__ = ["ImportConflict", "ImportRefused", "ImportSummary", "import_table", "plan_import", "write_plan"]

#: Rows checked between two calls of the progress callback.
PROGRESS_STEP = 2000


class ImportRefused(ServiceError):
    """The file has problems; nothing was imported. `problems` lists the first `MAX_PROBLEMS` in line order,
    `more` how many there were after them, `total` all of them."""

    def __init__(self, problems: Iterable[Problem]):
        found = problems if isinstance(problems, Problems) else Problems(problems)
        self.problems = found.first()
        self.total = found.total
        self.more = self.total - len(self.problems)
        super().__init__(_("The file has %(n)d problems; nothing was imported.", n=self.total))

    def more_line(self) -> str | None:
        """“… and N more problems” when some were left out of the list, else None."""
        return _("… and %(n)d more problems", n=self.more) if self.more else None


def plan_import(session: Session, found_round: Round, table: Table, *, progress: Progress | None = None) -> ImportPlan:
    """Check every row; raise ImportRefused listing the first problems (and counting all), or return what to write."""
    problems = Problems(table.problems)
    rows = [(line, cells) for line, cells in table.rows if any(cell.strip() for cell in cells)]
    if not rows:
        if not problems:
            problems.append(Problem(1, _("The file is empty. It needs the header “organisation,question,value”.")))
        raise ImportRefused(problems)
    header_line, header = rows[0]
    if [cell.strip().lower() for cell in _trimmed(header)] != list(HEADER):
        problems.append(Problem(header_line, _("The first line must be the header “organisation,question,value”.")))
    questionnaire = questionnaire_of(found_round.questionnaire_version)
    topics = topic_ids(found_round)
    organisations = {code: (id_, type_) for id_, code, type_ in session.execute(_ORGANISATIONS)}
    values: dict[int, dict[str, tuple[int, str | None]]] = {}
    for index, (line, cells) in enumerate(rows[1:], start=1):
        if progress and index % PROGRESS_STEP == 0:
            progress(PROGRESS_STEP)
        problem = _check_row(line, _trimmed(cells), organisations, questionnaire, topics, values)
        if problem is not None:
            problems.append(problem)
    checked = len(rows) - 1
    _tick(progress, checked % PROGRESS_STEP)
    existing = _existing(session, found_round, set(values))
    problems.extend(_changes_to_submitted(values, existing, {id_: code for code, (id_, _t) in organisations.items()}))
    if problems:
        raise ImportRefused(problems)
    types = {id_: type_ for id_, type_ in organisations.values() if id_ in values}
    return ImportPlan(found_round, checked, values, existing, types)


def _check_row(
    line: int,
    cells: list[str],
    organisations: dict[str, tuple[int, str]],
    questionnaire: Questionnaire,
    topics: tuple[str, ...],
    values: dict[int, dict[str, tuple[int, str | None]]],
) -> Problem | None:
    """The first problem of one row, or None after adding its value to `values`."""
    if len(cells) != 3:
        return Problem(line, _("Expected 3 columns (organisation, question, value), found %(n)d.", n=len(cells)))
    code, question_id, raw = cells[0].strip(), cells[1].strip(), cells[2]
    organisation = organisations.get(code)
    if organisation is None:
        return Problem(line, _("There is no organisation with the code “%(code)s”.", code=code))
    if not questionnaire.has_question(question_id):
        return Problem(line, _("“%(question)s” is not a question of this questionnaire.", question=question_id))
    organisation_id, organisation_type = organisation
    question = questionnaire.question(question_id)
    if not question.applies(organisation_type):
        return Problem(
            line,
            _(
                "“%(question)s” is not asked of %(organisation)s (type %(type)s).",
                question=question_id,
                organisation=code,
                type=organisation_type,
            ),
        )
    try:
        value = normalise(question, raw, topics)
    except InvalidValue as exc:
        return Problem(line, f"{question_id}: {exc}")
    answers = values.setdefault(organisation_id, {})
    if question_id in answers:
        first = answers[question_id][0]
        return Problem(line, _("Repeats line %(line)d (the same organisation and question).", line=first))
    answers[question_id] = (line, value)
    return None


def _changes_to_submitted(
    values: dict[int, dict[str, tuple[int, str | None]]], existing: dict[int, "ExistingResponse"], codes: dict[int, str]
) -> list[Problem]:
    """A row that would change a submitted response is a problem; the same value again is not."""
    problems = []
    for organisation_id, answers in values.items():
        current = existing.get(organisation_id)
        if current is None or current.status != ResponseStatus.SUBMITTED.value:
            continue
        for question_id, (line, value) in answers.items():
            if current.answers.get(question_id) != value:
                message = _(
                    "The response of %(organisation)s is submitted; an admin must reopen it before its answers can "
                    "change.",
                    organisation=codes[organisation_id],
                )
                problems.append(Problem(line, message))
    return problems


_ORGANISATIONS = select(Organisation.id, Organisation.code, Organisation.type)


def _trimmed(cells: list[str]) -> list[str]:
    """The row without the empty cells a spreadsheet adds after the third column."""
    end = len(cells)
    while end > 3 and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def _existing(session: Session, found_round: Round, organisation_ids: set[int]) -> dict[int, ExistingResponse]:
    """The round's responses of these organisations with their answers, locked until the import commits.

    On PostgreSQL `FOR UPDATE` makes a respondent saving at the same moment wait, then see a new version (and get
    the usual conflict message); SQLite has one writer at a time anyway.
    """
    responses = session.execute(
        select(Response.id, Response.organisation_id, Response.status, Response.version)
        .where(Response.round_id == found_round.id)
        .with_for_update()
    ).all()
    by_response = {
        row.id: ExistingResponse(row.id, row.status, row.version, {})
        for row in responses
        if row.organisation_id in organisation_ids
    }
    organisation_of = {row.id: row.organisation_id for row in responses if row.id in by_response}
    if by_response:
        answers = session.execute(
            select(Answer.response_id, Answer.question_id, Answer.value)
            .join(Response, Response.id == Answer.response_id)
            .where(Response.round_id == found_round.id)
        )
        for response_id, question_id, value in answers:
            if response_id in by_response:
                by_response[response_id].answers[question_id] = value
    return {organisation_of[response_id]: found for response_id, found in by_response.items()}


def import_table(
    session: Session,
    found_round: Round,
    table: Table,
    *,
    submit: bool = False,
    actor: str,
    progress: Progress | None = None,
) -> ImportSummary:
    """Check, then write: `plan_import` followed by `services.import_writer.write_plan`."""
    plan = plan_import(session, found_round, table, progress=progress)
    return write_plan(session, plan, submit=submit, actor=actor, progress=progress)


def _tick(progress: Progress | None, amount: int) -> None:
    if progress and amount > 0:
        progress(amount)
