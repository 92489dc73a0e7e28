"""A round's stored rows written in bulk: `response_scores` and the three pre-aggregated tables
(`answer_tallies`, `ambition_gap_tallies`, `group_statistics`). Only what `compute.py` computed is written here;
callers (`refresh.py`) lock the round first, so that two writers of one round never interleave.
"""

import math

import numpy as np
import pandas as pd
from sqlalchemy import and_, delete, insert, select, tuple_
from sqlalchemy.orm import Session

from models import AmbitionGapTally, AnswerTally, GroupStatistic, ResponseScore, Round, utcnow
from reports.scoring import SCORE_COLUMNS
from services.stored_tables.compute import RoundTables

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
#: table name (as in `compute.tables_of`) → its model and columns.
_TABLES = {
    "tallies": (AnswerTally, _TALLY_COLUMNS),
    "gaps": (AmbitionGapTally, _GAP_COLUMNS),
    "statistics": (GroupStatistic, _STATISTIC_COLUMNS),
}


class Drift(Exception):
    """The stored tallies do not match the answers (a count would become negative)."""


def replace_round(session: Session, found_round: Round, computed: RoundTables) -> int:
    """Replace the round's scores and tables with `computed`; returns how many responses were scored."""
    for model in (ResponseScore, *(model for model, _ in _TABLES.values())):
        clear = delete(model).where(model.round_id == found_round.id)
        session.execute(clear.execution_options(synchronize_session=False))
    _insert_scores(session, found_round, computed.responses, computed.scores)
    for name, (model, columns) in _TABLES.items():
        _insert(session, model, columns, found_round, computed.tables[name])
    session.flush()
    return len(computed.responses)


def replace_scores(
    session: Session, found_round: Round, response_ids: list[int], responses: pd.DataFrame, scores: pd.DataFrame
) -> None:
    """Replace the score rows of `response_ids` with those of `responses` (the ones of them submitted now)."""
    session.execute(
        delete(ResponseScore)
        .where(ResponseScore.response_id.in_(response_ids))
        .execution_options(synchronize_session=False)
    )
    _insert_scores(session, found_round, responses, scores)


def add_tallies(session: Session, found_round: Round, deltas: dict[str, pd.DataFrame]) -> None:
    """Add the deltas (`compute.tally_deltas`) to the stored counts of the cells they touch: those cells' rows are
    read, summed with the delta and written back, zeros left out. Raises Drift if a count would fall below zero."""
    for name, delta in deltas.items():
        if delta.empty:
            continue
        model, columns = _TABLES[name]
        keys = [c for c in columns if c != "responses"]
        cells = sorted({(t, c) for t, c in zip(delta["type"], delta["county"], strict=True)})
        cell_of = tuple_(model.organisation_type, model.county_code)
        where = and_(model.round_id == found_round.id, cell_of.in_(cells))
        stored = session.execute(select(*(getattr(model, columns[c]) for c in columns)).where(where)).all()
        current = pd.DataFrame(stored, columns=list(columns))
        summed = pd.concat([current, delta], ignore_index=True).groupby(keys, sort=True)["responses"].sum()
        summed = summed.reset_index()
        if (summed["responses"] < 0).any():
            raise Drift(f"{model.__tablename__} of round {found_round.slug}")
        session.execute(delete(model).where(where).execution_options(synchronize_session=False))
        _insert(session, model, columns, found_round, summed[summed["responses"] > 0])


def replace_statistics(
    session: Session, found_round: Round, groups: set[tuple[str, str]], statistics: pd.DataFrame
) -> None:
    """Replace the group statistics of `groups` (type, county with '*' for every) with `statistics`."""
    keys = tuple_(GroupStatistic.organisation_type, GroupStatistic.county_code)
    session.execute(
        delete(GroupStatistic)
        .where(GroupStatistic.round_id == found_round.id, keys.in_(sorted(groups)))
        .execution_options(synchronize_session=False)
    )
    _insert(session, GroupStatistic, _STATISTIC_COLUMNS, found_round, statistics)


def _insert_scores(session: Session, found_round: Round, responses: pd.DataFrame, scores: pd.DataFrame) -> None:
    """Insert the responses' rows into `response_scores` (one executemany)."""
    if responses.empty:
        return
    now = utcnow()
    numbers = {column: scores[column].reindex(responses["response"]).tolist() for column in SCORE_COLUMNS}
    who = zip(responses["response"], responses["organisation_id"], responses["type"], responses["county"], strict=True)
    rows = [
        {
            "response_id": int(response_id),
            "round_id": found_round.id,
            "organisation_id": int(organisation_id),
            "organisation_type": organisation_type,
            "county_code": county,
            **{column: _nullable(numbers[column][i]) for column in SCORE_COLUMNS},
            "computed_at": now,
        }
        for i, (response_id, organisation_id, organisation_type, county) in enumerate(who)
    ]
    session.execute(insert(ResponseScore.__table__), rows)


def _nullable(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


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
