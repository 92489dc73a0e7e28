"""Keeps the pre-aggregated tables (`answer_tallies`, `ambition_gap_tallies`, `group_statistics`) in step with the
submitted responses, so that dashboards never read raw answers per view.

Called by `services/scores.py` wherever `response_scores` changes, with the answers it has already read:

- `tables_of` and `replace_round`: the whole round from scratch (rescore, seeding, large imports, a round found
  stale), computed from the answers `services/rescoring.py` has read;
- `update_responses`: some responses changed state (submit, reopen, a small import). The tallies are additive, so
  the changed responses' old contributions are subtracted and their new ones added, cell by cell; the group
  statistics of every group the responses belong to are computed again from the round's stored scores and number
  answers. A count that would fall below zero means the tables had drifted (a database written by hand): the round
  is then rebuilt instead.

Callers lock the round first (`services/scores.py`), so that two submits in one round never interleave here.
"""

import logging

import numpy as np
import pandas as pd
from sqlalchemy import and_, delete, insert, select, tuple_
from sqlalchemy.orm import Session

from models import AmbitionGapTally, AnswerTally, GroupStatistic, Round
from questionnaire.model import Questionnaire
from reports import tallies
from reports.scoring import SCORE_COLUMNS
from services.round_reads import read_answers, read_scores

log = logging.getLogger(__name__)

#: frame column → model column of the tables.
_CELL_COLUMNS = {"type": "organisation_type", "county": "county_code"}
_TALLY_COLUMNS = {**_CELL_COLUMNS, "question": "question_id", "value": "value", "responses": "responses"}
_GAP_COLUMNS = {
    **_CELL_COLUMNS, "partner": "partner_id", "today": "today", "target": "target", "responses": "responses",
}  # fmt: skip
_STATISTIC_COLUMNS = {
    **_CELL_COLUMNS, "measure": "measure", "n": "n", "mean": "mean", "median": "median", "min": "minimum",
    "max": "maximum", "q1": "q1", "q3": "q3",
}  # fmt: skip


class Drift(Exception):
    """The stored tallies do not match the answers (a count would become negative)."""


def measures(questionnaire: Questionnaire) -> list[str]:
    """The measures with group statistics: the scores and the number questions."""
    return [*SCORE_COLUMNS, *tallies.number_questions(questionnaire)]


def tables_of(
    questionnaire: Questionnaire, responses: pd.DataFrame, answers: pd.DataFrame, scores: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The round's three tables, computed (nothing is written).

    `responses`: response, organisation (code), type, county, one row per submitted response; `answers`: response,
    question, value of those responses (at least every tallied and number question); `scores`: the responses'
    SCORE_COLUMNS, indexed by response id.
    """
    values = _values(responses, scores, answers, questionnaire)
    return {
        "tallies": tallies.answer_tallies(answers, responses, questionnaire),
        "gaps": tallies.gap_tallies(answers, responses, questionnaire),
        "statistics": tallies.cell_statistics(values, measures(questionnaire)),
    }


def replace_round(session: Session, found_round: Round, tables: dict[str, pd.DataFrame]) -> None:
    """Replace the round's rows of the three tables with `tables` (from `tables_of`)."""
    for model in (AnswerTally, AmbitionGapTally, GroupStatistic):
        clear = delete(model).where(model.round_id == found_round.id)
        session.execute(clear.execution_options(synchronize_session=False))
    _insert(session, AnswerTally, _TALLY_COLUMNS, found_round, tables["tallies"])
    _insert(session, AmbitionGapTally, _GAP_COLUMNS, found_round, tables["gaps"])
    _insert(session, GroupStatistic, _STATISTIC_COLUMNS, found_round, tables["statistics"])
    session.flush()


def update_responses(
    session: Session,
    found_round: Round,
    questionnaire: Questionnaire,
    before: pd.DataFrame,
    now: pd.DataFrame,
    answers: pd.DataFrame,
) -> None:
    """Some responses changed state. `before`: response, type, county of those that were counted (had scores);
    `now`: the same for those submitted now; `answers`: response, question, value of all of them. Raises Drift."""
    changed = [
        (AnswerTally, _TALLY_COLUMNS, tallies.answer_tallies),
        (AmbitionGapTally, _GAP_COLUMNS, tallies.gap_tallies),
    ]
    for model, columns, count in changed:
        delta = pd.concat(
            [count(answers, now, questionnaire), _negated(count(answers, before, questionnaire))], ignore_index=True
        )
        if not delta.empty:
            _apply(session, model, columns, found_round, delta)
    cells = {(t, c) for frame in (before, now) for t, c in zip(frame["type"], frame["county"], strict=True)}
    if cells:
        refresh_statistics(session, found_round, questionnaire, tallies.lattice_of(cells))
    session.flush()


def refresh_statistics(
    session: Session, found_round: Round, questionnaire: Questionnaire, groups: set[tuple[str, str]]
) -> None:
    """Compute the group statistics of `groups` (type, county with '*' for every) again from the stored scores and
    the number answers of the round's submitted responses."""
    session.flush()
    responses, scores = read_scores(session, found_round)
    answers = read_answers(session, found_round, tallies.number_questions(questionnaire))
    values = _values(responses, scores, answers, questionnaire)
    table = tallies.cell_statistics(values, measures(questionnaire), only=groups)
    keys = tuple_(GroupStatistic.organisation_type, GroupStatistic.county_code)
    session.execute(
        delete(GroupStatistic)
        .where(GroupStatistic.round_id == found_round.id, keys.in_(sorted(groups)))
        .execution_options(synchronize_session=False)
    )
    _insert(session, GroupStatistic, _STATISTIC_COLUMNS, found_round, table)


def _values(responses: pd.DataFrame, scores: pd.DataFrame, answers: pd.DataFrame, questionnaire) -> pd.DataFrame:
    """One row per submitted response, by organisation code: type, county, the scores and the number answers."""
    numbers = tallies.number_questions(questionnaire)
    wide = tallies.numeric_values(answers, numbers)
    values = responses[["response", "organisation", "type", "county"]].set_index("response")
    values = values.join(scores.reindex(columns=SCORE_COLUMNS)).join(wide)
    return values.sort_values("organisation", kind="mergesort").reset_index(drop=True)


def _negated(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(responses=-table["responses"])


def _apply(session: Session, model, columns: dict[str, str], found_round: Round, delta: pd.DataFrame) -> None:
    """Add `delta` (key columns and a signed `responses`) to the stored counts of the cells it touches: those
    cells' rows are read, summed with the delta and written back, zeros left out."""
    keys = [c for c in columns if c != "responses"]
    cells = sorted({(t, c) for t, c in zip(delta["type"], delta["county"], strict=True)})
    cell_of = tuple_(model.organisation_type, model.county_code)
    where = and_(model.round_id == found_round.id, cell_of.in_(cells))
    stored = session.execute(select(*(getattr(model, columns[c]) for c in columns)).where(where)).all()
    current = pd.DataFrame(stored, columns=list(columns))
    merged = pd.concat([current, delta], ignore_index=True).groupby(keys, sort=True)["responses"].sum().reset_index()
    if (merged["responses"] < 0).any():
        raise Drift(f"{model.__tablename__} of round {found_round.slug}")
    session.execute(delete(model).where(where).execution_options(synchronize_session=False))
    _insert(session, model, columns, found_round, merged[merged["responses"] > 0])


def _insert(session: Session, model, columns: dict[str, str], found_round: Round, table: pd.DataFrame) -> None:
    if table.empty:
        return
    data = {columns[c]: _plain(table[c]) for c in columns}
    rows = [dict(zip(data, values, strict=True)) for values in zip(*data.values(), strict=True)]
    for row in rows:
        row["round_id"] = found_round.id
    session.execute(insert(model.__table__), rows)


def _plain(column: pd.Series) -> list:
    """Python values for the driver: ints as int, floats with NaN as None, text as str."""
    if pd.api.types.is_integer_dtype(column):
        return [int(v) for v in column]
    if pd.api.types.is_float_dtype(column):
        return [None if np.isnan(v) else float(v) for v in column.to_numpy(dtype=float)]
    return [None if v is None or (isinstance(v, float) and v != v) else v for v in column]
