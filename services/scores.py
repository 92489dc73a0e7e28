"""Scores computed once, when answers change state, and read cheaply by dashboards and the API.

`response_scores` holds the SPEC §4 scores of every submitted response. It is refreshed when a response is
submitted or reopened (`services/responses.py` calls in), after an import, after seeding, and on demand
(`flask rescore`). Reading a round's scores is then one indexed query, however many answers there are.
"""

import math
from collections.abc import Collection, Iterable

import pandas as pd
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from models import Answer, Organisation, Response, ResponseScore, ResponseStatus, Round, utcnow
from questionnaire.model import SCORED_DIMENSIONS
from reports.scoring import ANSWER_COLUMNS, SCORE_COLUMNS, dimension_scores, priority_points, scored_items
from services.questionnaires import questionnaire_of

ROUND_SCORE_COLUMNS = ["organisation", "name_sv", "name_en", "type", "county", *SCORE_COLUMNS]
PRIORITY_COLUMNS = ["topic", "title_sv", "title_en", "points", "top3_share", "n"]
#: Above this many responses a refresh rescored the whole round instead of listing the ids.
_WHOLE_ROUND_ABOVE = 500


def round_scores(session: Session, found_round: Round) -> pd.DataFrame:
    """One row per organisation with a submitted response: code, names, type, county, the five dimension scores
    and the maturity index (NaN where SPEC §4 says null), sorted by organisation code.

    Text columns are `object` dtype; `county` is None for organisations without one (agencies, SKR).
    """
    query = (
        select(
            Organisation.code,
            Organisation.name_sv,
            Organisation.name_en,
            ResponseScore.organisation_type,
            ResponseScore.county_code,
            *(getattr(ResponseScore, column) for column in SCORE_COLUMNS),
        )
        .join(Organisation, Organisation.id == ResponseScore.organisation_id)
        .join(Response, Response.id == ResponseScore.response_id)
        .where(ResponseScore.round_id == found_round.id, Response.status == ResponseStatus.SUBMITTED.value)
        .order_by(Organisation.code)
    )
    rows = session.execute(query).all()
    text = {
        column: pd.Series([row[i] for row in rows], dtype=object) for i, column in enumerate(ROUND_SCORE_COLUMNS[:5])
    }
    numbers = {column: pd.Series([row[5 + i] for row in rows], dtype=float) for i, column in enumerate(SCORE_COLUMNS)}
    return pd.DataFrame(text | numbers, columns=ROUND_SCORE_COLUMNS)


def round_answers(session: Session, found_round: Round, question_ids: Collection[str] | None = None) -> pd.DataFrame:
    """The long format (organisation, question, value) of the round's submitted responses, optionally only some
    questions; sorted by organisation and question."""
    query = (
        select(Organisation.code, Answer.question_id, Answer.value)
        .join(Response, Response.id == Answer.response_id)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(Response.round_id == found_round.id, Response.status == ResponseStatus.SUBMITTED.value)
        .order_by(Organisation.code, Answer.question_id)
    )
    if question_ids is not None:
        query = query.where(Answer.question_id.in_(list(question_ids)))
    frame = pd.DataFrame(session.execute(query).all(), columns=ANSWER_COLUMNS)
    return frame.astype(object)


def round_priorities(session: Session, found_round: Round) -> pd.DataFrame:
    """The round's forum topics by points (SPEC §4, `reports.scoring.priority_points`), with their titles.

    `attrs["responses"]` holds how many submitted responses ranked anything (the denominator of `top3_share`).
    """
    questionnaire = questionnaire_of(found_round.questionnaire_version)
    ranking_ids = [q.id for q in questionnaire.questions() if q.type == "ranking" and q.options_from_topics]
    rankings = round_answers(session, found_round, ranking_ids)
    topics = {topic.topic_id: topic for topic in found_round.topics}
    table = priority_points(rankings, list(topics))
    table["title_sv"] = [topics[t].title_sv if t in topics else t for t in table["topic"]]
    table["title_en"] = [topics[t].title_en if t in topics else t for t in table["topic"]]
    table = table[PRIORITY_COLUMNS].copy()
    table.attrs["responses"] = int(rankings["value"].map(lambda value: bool(value)).sum())
    return table


def refresh_response_scores(session: Session, response: Response) -> None:
    """Bring one response's scores up to date: scored if it is submitted, removed if it is not."""
    _refresh(session, response.round, [response.id])


def refresh_round_scores(session: Session, found_round: Round) -> int:
    """Rescore every submitted response of the round; returns how many were scored."""
    return _refresh(session, found_round, None)


def refresh_responses(session: Session, found_round: Round, response_ids: Iterable[int]) -> int:
    """Rescore some responses of a round (after an import); many at once rescores the whole round."""
    ids = sorted(set(response_ids))
    if not ids:
        return 0
    return _refresh(session, found_round, None if len(ids) > _WHOLE_ROUND_ABOVE else ids)


def refresh_stale_rounds(session: Session) -> list[str]:
    """Rescore the rounds whose score rows do not match their submitted responses (after an upgrade that added
    the table, or a database written by hand); returns their slugs."""
    submitted = dict(
        session.execute(
            select(Response.round_id, func.count())
            .where(Response.status == ResponseStatus.SUBMITTED.value)
            .group_by(Response.round_id)
        ).all()
    )
    scored = dict(
        session.execute(
            select(ResponseScore.round_id, func.count())
            .join(Response, Response.id == ResponseScore.response_id)
            .where(Response.status == ResponseStatus.SUBMITTED.value)
            .group_by(ResponseScore.round_id)
        ).all()
    )
    stray = set(
        session.scalars(
            select(ResponseScore.round_id)
            .join(Response, Response.id == ResponseScore.response_id)
            .where(Response.status != ResponseStatus.SUBMITTED.value)
        )
    )
    stale = sorted(round_id for round_id in submitted.keys() | scored.keys() | stray
                   if submitted.get(round_id, 0) != scored.get(round_id, 0) or round_id in stray)  # fmt: skip
    slugs = []
    for round_id in stale:
        found = session.get(Round, round_id)
        refresh_round_scores(session, found)
        slugs.append(found.slug)
    return slugs


def _refresh(session: Session, found_round: Round, response_ids: list[int] | None) -> int:
    clear = delete(ResponseScore).where(ResponseScore.round_id == found_round.id)
    responses = (
        select(Response.id, Response.organisation_id, Organisation.code, Organisation.type, Organisation.county_code)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(Response.round_id == found_round.id, Response.status == ResponseStatus.SUBMITTED.value)
    )
    questionnaire = questionnaire_of(found_round.questionnaire_version)
    scored_ids = list(scored_items(questionnaire)["question"])
    answers = (
        select(Organisation.code, Answer.question_id, Answer.value)
        .join(Response, Response.id == Answer.response_id)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(
            Response.round_id == found_round.id,
            Response.status == ResponseStatus.SUBMITTED.value,
            Answer.question_id.in_(scored_ids),
        )
    )
    if response_ids is not None:
        clear = clear.where(ResponseScore.response_id.in_(response_ids))
        responses = responses.where(Response.id.in_(response_ids))
        answers = answers.where(Response.id.in_(response_ids))
    session.execute(clear.execution_options(synchronize_session=False))
    submitted = session.execute(responses).all()
    if not submitted:
        session.flush()
        return 0
    organisations = pd.DataFrame([(row.code, row.type) for row in submitted], columns=["organisation", "type"])
    scores = dimension_scores(
        pd.DataFrame(session.execute(answers).all(), columns=ANSWER_COLUMNS), organisations, questionnaire
    )
    now = utcnow()
    by_code = scores.to_dict("index")
    rows = [
        {
            "response_id": row.id,
            "round_id": found_round.id,
            "organisation_id": row.organisation_id,
            "organisation_type": row.type,
            "county_code": row.county_code,
            **{column: _nullable(by_code[row.code][column]) for column in (*SCORED_DIMENSIONS, "maturity_index")},
            "computed_at": now,
        }
        for row in submitted
    ]
    session.execute(insert(ResponseScore.__table__), rows)
    session.flush()
    return len(rows)


def _nullable(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)
