"""What a round's stored tables are computed from, read in bulk: its submitted responses, their answers and the
scores already stored, as DataFrames.

A round can have tens of thousands of responses and a million answers. These reads go through the driver's own
cursor (SQLAlchemy's row objects and pandas inspecting them cost more than the database does), build each column
with one comprehension, and keep repeated texts (question ids, values) as categories.
"""

import gc

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Answer, Organisation, Response, ResponseScore, ResponseStatus, Round
from questionnaire.model import Questionnaire
from reports.scoring import SCORE_COLUMNS

RESPONSE_COLUMNS = ["response", "organisation_id", "organisation", "type", "county"]


def _fetch(session: Session, query) -> list[tuple]:
    result = session.connection().execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def read_questions(questionnaire: Questionnaire) -> list[str]:
    """What a refresh reads: every question but the free texts."""
    return [q.id for q in questionnaire.questions() if q.type != "text"]


def read_responses(session: Session, found_round: Round, response_ids: list[int] | None = None) -> pd.DataFrame:
    """The round's submitted responses (or those of `response_ids` that are): RESPONSE_COLUMNS."""
    query = (
        select(Response.id, Response.organisation_id, Organisation.code, Organisation.type, Organisation.county_code)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(Response.round_id == found_round.id, Response.status == ResponseStatus.SUBMITTED.value)
    )
    if response_ids is not None:
        query = query.where(Response.id.in_(response_ids))
    rows = session.connection().execute(query).all()
    columns = list(zip(*rows, strict=True)) if rows else [()] * 5
    return pd.DataFrame(
        {
            "response": np.array(columns[0], dtype=np.int64),
            "organisation_id": np.array(columns[1], dtype=np.int64),
            "organisation": pd.Series(columns[2], dtype=object),
            "type": pd.Series(columns[3], dtype=object),
            "county": pd.Series(columns[4], dtype=object),
        }
    )


def read_answers(
    session: Session, found_round: Round, question_ids: list[str], response_ids: list[int] | None = None
) -> pd.DataFrame:
    """Answers to `question_ids`: response, question, value — of the round's submitted responses, or of the
    responses `response_ids` whatever their state. Read with the driver's own cursor: a round of a million answers
    is one query and one fetch, without a Python object per row beyond the tuple."""
    query = (
        select(Answer.response_id, Answer.question_id, Answer.value)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.round_id == found_round.id, Answer.question_id.in_(question_ids))
    )
    if response_ids is None:
        query = query.where(Response.status == ResponseStatus.SUBMITTED.value)
    else:
        query = query.where(Response.id.in_(response_ids))
    # A million tuples would set off the cycle collector again and again; none of them can be part of a cycle.
    collecting = gc.isenabled()
    gc.disable()
    try:
        rows = _fetch(session, query)
        # Column by column (a comprehension per column is several times quicker than pandas reading the tuples),
        # and the texts as categories: a round has a few dozen questions and a few thousand distinct values, so
        # lookups and group-bys downstream work on those rather than on a million strings.
        return pd.DataFrame(
            {
                "response": np.array([row[0] for row in rows], dtype=np.int64),
                "question": pd.Categorical(np.array([row[1] for row in rows], dtype=object)),
                "value": pd.Categorical(np.array([row[2] for row in rows], dtype=object)),
            }
        )
    finally:
        if collecting:
            gc.enable()


def read_counted(session: Session, response_ids: list[int]) -> pd.DataFrame:
    """Of `response_ids`, those counted in the stored tables (they have a score row): response, type, county as
    they were counted (county None where the organisation has none)."""
    query = select(ResponseScore.response_id, ResponseScore.organisation_type, ResponseScore.county_code).where(
        ResponseScore.response_id.in_(response_ids)
    )
    rows = session.execute(query).all()
    # Built column by column as `object`: pandas would read a text column with a None in it as strings with NaN,
    # and a NaN county is not the "no county" of the tables.
    return pd.DataFrame(
        {
            "response": np.array([row[0] for row in rows], dtype=np.int64),
            "type": pd.Series([row[1] for row in rows], dtype=object),
            "county": pd.Series([row[2] for row in rows], dtype=object),
        }
    )


def read_scores(session: Session, found_round: Round) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The round's stored scores with who they belong to, read as plain tuples (a round can have tens of
    thousands)."""
    query = (
        select(
            ResponseScore.response_id,
            Organisation.code,
            ResponseScore.organisation_type,
            ResponseScore.county_code,
            *(getattr(ResponseScore, column) for column in SCORE_COLUMNS),
        )
        .join(Organisation, Organisation.id == ResponseScore.organisation_id)
        .where(ResponseScore.round_id == found_round.id)
    )
    rows = _fetch(session, query)
    who = pd.DataFrame(
        {
            "response": np.array([row[0] for row in rows], dtype=np.int64),
            "organisation": pd.Series([row[1] for row in rows], dtype=object),
            "type": pd.Series([row[2] for row in rows], dtype=object),
            "county": pd.Series([row[3] for row in rows], dtype=object),
        }
    )
    scores = pd.DataFrame(
        {column: np.array([row[4 + i] for row in rows], dtype=float) for i, column in enumerate(SCORE_COLUMNS)},
        index=who["response"].to_numpy(),
    )
    return who, scores
