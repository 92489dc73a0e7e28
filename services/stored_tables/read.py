"""Reading the stored scores and tables: what the dashboards and the API show, one indexed query each, however many
answers a round has (`refresh.py` keeps them up to date)."""

from collections.abc import Collection

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AnswerTally, Organisation, Response, ResponseScore, ResponseStatus, Round
from reports.group_tables import priority_points as tallied_priority_points
from reports.scoring import SCORE_COLUMNS
from services.questionnaires import questionnaire_of

ROUND_SCORE_COLUMNS = ["organisation", "name_sv", "name_en", "type", "county", *SCORE_COLUMNS]
PRIORITY_COLUMNS = ["topic", "title_sv", "title_en", "points", "top3_share", "n"]


def round_scores(
    session: Session,
    found_round: Round,
    *,
    types: Collection[str] | None = None,
    county: str | None = None,
    organisations: Collection[str] | None = None,
) -> pd.DataFrame:
    """One row per organisation with a submitted response: code, names, type, county, the five dimension scores
    and the maturity index (NaN where SPEC §4 says null), sorted by organisation code. Optionally only some types,
    one county (the type and county stored with the scores), some organisation codes.

    Text columns are `object` dtype; `county` is None for organisations without one (agencies, SKR).
    """
    scores = rounds_scores(session, [found_round], types=types, county=county, organisations=organisations)
    return scores[ROUND_SCORE_COLUMNS]


def rounds_scores(
    session: Session,
    found_rounds: list[Round],
    *,
    types: Collection[str] | None = None,
    county: str | None = None,
    organisations: Collection[str] | None = None,
) -> pd.DataFrame:
    """`round_scores` of several rounds in one query, with a first column `round` (the slug); sorted by round,
    then organisation code."""
    slugs = {found.id: found.slug for found in found_rounds}
    query = (
        select(
            ResponseScore.round_id,
            Organisation.code,
            Organisation.name_sv,
            Organisation.name_en,
            ResponseScore.organisation_type,
            ResponseScore.county_code,
            *(getattr(ResponseScore, column) for column in SCORE_COLUMNS),
        )
        .join(Organisation, Organisation.id == ResponseScore.organisation_id)
        .join(Response, Response.id == ResponseScore.response_id)
        .where(ResponseScore.round_id.in_(list(slugs)), Response.status == ResponseStatus.SUBMITTED.value)
        .order_by(ResponseScore.round_id, Organisation.code)
    )
    if types is not None:
        query = query.where(ResponseScore.organisation_type.in_(list(types)))
    if county is not None:
        query = query.where(ResponseScore.county_code == county)
    if organisations is not None:
        query = query.where(Organisation.code.in_(list(organisations)))
    rows = session.execute(query).all()
    text = {"round": pd.Series([slugs[row[0]] for row in rows], dtype=object)}
    text |= {
        column: pd.Series([row[1 + i] for row in rows], dtype=object)
        for i, column in enumerate(ROUND_SCORE_COLUMNS[:5])
    }
    numbers = {column: pd.Series([row[6 + i] for row in rows], dtype=float) for i, column in enumerate(SCORE_COLUMNS)}
    frame = pd.DataFrame(text | numbers, columns=["round", *ROUND_SCORE_COLUMNS])
    return frame.sort_values(["round", "organisation"], kind="mergesort").reset_index(drop=True)


def round_priorities(session: Session, found_round: Round) -> pd.DataFrame:
    """The round's forum topics by points (SPEC §4, `reports.scoring.priority_points`), with their titles, from the
    ranking's tallies (`reports.group_tables.priority_points`: the same numbers, without reading every ranking).

    `attrs["responses"]` holds how many submitted responses ranked anything (the denominator of `top3_share`).
    """
    questionnaire = questionnaire_of(found_round.questionnaire_version)
    ranking_ids = [q.id for q in questionnaire.questions() if q.type == "ranking" and q.options_from_topics]
    rows = session.execute(
        select(AnswerTally.value, func.sum(AnswerTally.responses))
        .where(AnswerTally.round_id == found_round.id, AnswerTally.question_id.in_(ranking_ids))
        .group_by(AnswerTally.value)
    ).all()
    tallied = pd.DataFrame(rows, columns=["value", "count"]).astype({"value": object, "count": int})
    topics = {topic.topic_id: topic for topic in found_round.topics}
    table = tallied_priority_points(tallied, list(topics))
    responses = table.attrs["responses"]
    table["title_sv"] = [topics[t].title_sv if t in topics else t for t in table["topic"]]
    table["title_en"] = [topics[t].title_en if t in topics else t for t in table["topic"]]
    table = table[PRIORITY_COLUMNS].copy()
    table.attrs["responses"] = responses
    return table
