"""The one place answers are written: the questionnaire pages, the importer and the demo data all come here.

`apply_changes` takes what some responses should say, passes every value through the gate
(`questionnaire.values.normalise`, after checking the question is asked of the organisation), writes the answers
that differ and an `AnswerChange` row for each, and bumps each changed response's version. `submit_drafts` submits
with one conditional UPDATE, records a `response.submit` audit event for each response it submitted and brings the
stored scores up to date. Both work on many responses at once in a handful of bulk statements, because the importer
writes 100,000 answers in one go; a page save is the same statements for one response.

Functions flush, never commit: the caller commits once, so answers, history, versions and audit events land
together or not at all.
"""

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm import Session

from models import Answer, AnswerChange, Response, ResponseStatus, Round, utcnow
from questionnaire.model import Questionnaire
from questionnaire.values import InvalidValue, normalise
from services import audit
from services.stored_tables import refresh_responses

#: Ids per `IN (…)`, well below every database's limit on bound parameters.
CHUNK = 900

#: question id → (old value, new value); None is no answer.
Changes = dict[str, tuple[str | None, str | None]]


@dataclass(frozen=True)
class AnswerWrite:
    """What one response should say after the write, next to what it says now.

    `current` and `version` are read by the caller in the same transaction, with the response held if colleagues
    may write at the same time (`services/responses.py`), so the history records what each change replaced.
    """

    response_id: int
    organisation_type: str
    version: int
    #: question id → stored value
    current: Mapping[str, str]
    #: question id → value as entered (None or blank clears the answer); questions not named are left alone
    wanted: Mapping[str, str | None]
    #: When the answers changed; None is now (the demo data backdates its answers).
    at: datetime | None = None


def gated_value(
    questionnaire: Questionnaire, question_id: str, organisation_type: str, raw: str | None, topic_ids: Collection[str]
) -> str | None:
    """The canonical value of `raw`, None to clear, or InvalidValue if the question is not asked or the value
    does not fit it."""
    if not questionnaire.has_question(question_id):
        raise InvalidValue(_("“%(question)s” is not a question of this questionnaire.", question=question_id))
    question = questionnaire.question(question_id)
    if not question.applies(organisation_type):
        raise InvalidValue(_("“%(question)s” is not asked of this type of organisation.", question=question_id))
    return None if raw is None else normalise(question, raw, topic_ids)


class _Gate:
    """`gated_value` for one questionnaire and topic list, remembering what it returned: an import repeats the same
    few values thousands of times, and checking each once keeps the second check (after the importer's own) cheap."""

    def __init__(self, questionnaire: Questionnaire, topic_ids: Collection[str]):
        self.questionnaire, self.topic_ids = questionnaire, topic_ids
        self.seen: dict[tuple[str, str, str | None], str | None] = {}

    def __call__(self, question_id: str, organisation_type: str, raw: str | None) -> str | None:
        key = (question_id, organisation_type, raw)
        if key not in self.seen:
            self.seen[key] = gated_value(self.questionnaire, question_id, organisation_type, raw, self.topic_ids)
        return self.seen[key]


def _changes_of(write: AnswerWrite, gate: _Gate) -> Changes:
    """The answers of `write` that differ from what the response says now, each value through the gate."""
    changes: Changes = {}
    for question_id, raw in write.wanted.items():
        value = gate(question_id, write.organisation_type, raw)
        old = write.current.get(question_id)
        if old != value:
            changes[question_id] = (old, value)
    return changes


def apply_changes(
    session: Session,
    writes: list[AnswerWrite],
    questionnaire: Questionnaire,
    topic_ids: Collection[str],
    *,
    actor: str,
    source: str,
) -> dict[int, Changes]:
    """Write what `writes` ask for; returns response id → the changes made, for the responses that changed.

    Raises InvalidValue, before writing anything, for the first value the gate refuses.
    """
    gate = _Gate(questionnaire, topic_ids)
    changed = {write.response_id: _changes_of(write, gate) for write in writes}
    changed = {response_id: changes for response_id, changes in changed.items() if changes}
    if not changed:
        return {}
    now = utcnow()
    at = {write.response_id: write.at or now for write in writes if write.response_id in changed}
    versions = {write.response_id: write.version + 1 for write in writes if write.response_id in changed}
    _write_answers(session, changed, at)
    session.execute(
        insert(AnswerChange.__table__),
        [
            {
                "response_id": response_id,
                "question_id": question_id,
                "old_value": old,
                "new_value": new,
                "changed_at": at[response_id],
                "changed_by": actor,
                "source": source,
                "response_version": versions[response_id],
            }
            for response_id, changes in changed.items()
            for question_id, (old, new) in changes.items()
        ],
    )
    _bump_versions(session, at)
    return changed


def _write_answers(session: Session, changed: dict[int, Changes], at: dict[int, datetime]) -> None:
    """Insert, update and delete the answers in one statement each (an executemany, not a round trip per row)."""
    answers = Answer.__table__
    added, altered, cleared = [], [], []
    for response_id, changes in changed.items():
        when = at[response_id]
        for question_id, (old, new) in changes.items():
            if new is None:
                cleared.append({"rid": response_id, "qid": question_id})
            elif old is None:
                added.append({"response_id": response_id, "question_id": question_id, "value": new, "updated_at": when})
            else:
                altered.append({"rid": response_id, "qid": question_id, "new_value": new, "at": when})
    if added:
        session.execute(insert(answers), added)
    if altered:
        session.execute(
            answers.update()
            .where(answers.c.response_id == bindparam("rid"), answers.c.question_id == bindparam("qid"))
            .values(value=bindparam("new_value"), updated_at=bindparam("at")),
            altered,
        )
    if cleared:
        session.execute(
            answers.delete().where(
                answers.c.response_id == bindparam("rid"), answers.c.question_id == bindparam("qid")
            ),
            cleared,
        )


def _bump_versions(session: Session, at: dict[int, datetime]) -> None:
    """One more version for each changed response. The caller's lock (or the import's all-or-nothing transaction)
    makes the version read with the answers the one bumped here."""
    responses = Response.__table__
    session.execute(
        responses.update()
        .where(responses.c.id == bindparam("rid"))
        .values(version=responses.c.version + 1, updated_at=bindparam("at")),
        [{"rid": response_id, "at": when} for response_id, when in at.items()],
    )


def create_drafts(session: Session, found_round: Round, organisation_ids: list[int]) -> dict[int, int]:
    """New draft responses at version 1, as one a respondent starts; returns organisation id → response id.

    Raises IntegrityError if one of the organisations has a response to the round already."""
    if not organisation_ids:
        return {}
    now = utcnow()
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


def submit_drafts(
    session: Session,
    found_round: Round,
    response_ids: Collection[int],
    *,
    actor: str,
    submitted_by: str | None = None,
    **detail: str,
) -> list[int]:
    """Submit those of `response_ids` that are drafts; returns the ids submitted, in ascending order.

    The conditional UPDATE is what makes this safe: of many simultaneous submits of one response exactly one
    matches `status = 'draft'`. `actor` goes to the audit log, `submitted_by` (default: the actor) to the response;
    `detail` is added to each audit event.
    """
    now = utcnow()
    submitted: list[int] = []
    for chunk in chunks(sorted(set(response_ids))):
        submitted += session.execute(
            update(Response)
            .where(Response.id.in_(chunk), Response.status == ResponseStatus.DRAFT.value)
            .values(
                status=ResponseStatus.SUBMITTED.value,
                submitted_at=now,
                submitted_by=submitted_by or actor,
                updated_at=now,
                version=Response.version + 1,
            )
            .returning(Response.id, Response.organisation_id)
            .execution_options(synchronize_session=False)
        ).all()
    return _after_submit(session, found_round, submitted, actor, detail)


def _after_submit(session: Session, found_round: Round, submitted, actor: str, detail: Mapping[str, str]) -> list[int]:
    if not submitted:
        return []
    audit.record_each(
        session,
        "response.submit",
        actor,
        object_type="response",
        objects={response_id: organisation_id for response_id, organisation_id in submitted},
        round=found_round.slug,
        **detail,
    )
    ids = sorted(response_id for response_id, _organisation_id in submitted)
    refresh_responses(session, found_round, ids)
    return ids


def chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
