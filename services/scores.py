"""Scores computed once, when answers change state, and read cheaply by dashboards and the API.

`response_scores` holds the SPEC §4 scores of every submitted response. It is refreshed when a response is
submitted or reopened (`services/responses.py` calls in), after an import, after seeding, and on demand
(`flask rescore`). Reading a round's scores is then one indexed query, however many answers there are.
"""

import logging
from collections.abc import Collection, Iterable

import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from models import AnswerTally, GroupStatistic, Organisation, Response, ResponseScore, ResponseStatus, Round
from reports.group_tables import priority_points as tallied_priority_points
from reports.scoring import SCORE_COLUMNS
from reports.tallies import ALL, RESPONSES
from services import aggregates, rescoring, round_reads
from services.questionnaires import questionnaire_of

log = logging.getLogger(__name__)
ROUND_SCORE_COLUMNS = ["organisation", "name_sv", "name_en", "type", "county", *SCORE_COLUMNS]
PRIORITY_COLUMNS = ["topic", "title_sv", "title_en", "points", "top3_share", "n"]
#: Above this many responses a refresh rescored the whole round instead of listing the ids.
_WHOLE_ROUND_ABOVE = 500


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


def refresh_response_scores(session: Session, response: Response) -> None:
    """Bring one response's scores and aggregates up to date: counted if it is submitted, removed if it is not."""
    _refresh_some(session, response.round, [response.id])


def refresh_round_scores(session: Session, found_round: Round) -> int:
    """Rescore every submitted response of the round and rebuild its aggregates; returns how many were scored."""
    return _rebuild(session, found_round)


def refresh_responses(session: Session, found_round: Round, response_ids: Iterable[int]) -> int:
    """Rescore some responses of a round (after an import); many at once rebuild the whole round."""
    ids = sorted(set(response_ids))
    if not ids:
        return 0
    if len(ids) > _WHOLE_ROUND_ABOVE:
        return _rebuild(session, found_round)
    return _refresh_some(session, found_round, ids)


def refresh_stale_rounds(session: Session) -> list[str]:
    """Rescore the rounds whose score rows or aggregates do not match their submitted responses (after an upgrade
    that added a table, or a database written by hand); returns their slugs."""
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
    aggregated = dict(
        session.execute(
            select(GroupStatistic.round_id, GroupStatistic.n).where(
                GroupStatistic.organisation_type == ALL,
                GroupStatistic.county_code == ALL,
                GroupStatistic.measure == RESPONSES,
            )
        ).all()
    )
    tallied = set(session.scalars(select(AnswerTally.round_id).distinct()))
    rounds = submitted.keys() | scored.keys() | stray | aggregated.keys()
    stale = sorted(
        round_id
        for round_id in rounds
        if len({submitted.get(round_id, 0), scored.get(round_id, 0), aggregated.get(round_id, 0)}) > 1
        or round_id in stray
        or (submitted.get(round_id, 0) > 0 and round_id not in tallied)
    )
    slugs = []
    for round_id in stale:
        found = session.get(Round, round_id)
        refresh_round_scores(session, found)
        slugs.append(found.slug)
    return slugs


def rescore_rounds(session: Session, found_rounds: list[Round]) -> list[int]:
    """Rescore every submitted response of the rounds and rebuild their aggregates (`flask rescore`): the rounds
    are computed in parallel from what is committed, then written here; returns how many each had scored."""
    return rescoring.rescore_rounds(session, found_rounds, _lock)


def _lock(session: Session, found_round: Round) -> None:
    """Serialise the writers of one round's scores and aggregates (PostgreSQL: a row lock on the round, held to the
    end of the transaction; SQLite has one writer at a time anyway)."""
    session.execute(select(Round.id).where(Round.id == found_round.id).with_for_update())


def _rebuild(session: Session, found_round: Round) -> int:
    """Score the whole round from its answers, read once, and rebuild its aggregates from the same answers."""
    _lock(session, found_round)
    session.flush()
    return rescoring.write_round(session, found_round, rescoring.compute_round(session, found_round))


def _refresh_some(session: Session, found_round: Round, response_ids: list[int]) -> int:
    """Some responses changed state: their scores are replaced and their contributions to the aggregates moved
    (`aggregates.update_responses`); tables found drifted make the whole round be rebuilt."""
    _lock(session, found_round)
    session.flush()
    questionnaire = questionnaire_of(found_round.questionnaire_version)
    before = session.execute(
        select(ResponseScore.response_id, ResponseScore.organisation_type, ResponseScore.county_code).where(
            ResponseScore.response_id.in_(response_ids)
        )
    ).all()
    before = pd.DataFrame(before, columns=["response", "type", "county"]).astype({"type": object, "county": object})
    session.execute(
        delete(ResponseScore)
        .where(ResponseScore.response_id.in_(response_ids))
        .execution_options(synchronize_session=False)
    )
    now = round_reads.read_responses(session, found_round, response_ids)
    answers = round_reads.read_answers(session, found_round, round_reads.read_questions(questionnaire), response_ids)
    scores = rescoring.score(questionnaire, now, answers[answers["response"].isin(now["response"])])
    rescoring.insert_scores(session, found_round, now, scores)
    try:
        aggregates.update_responses(session, found_round, questionnaire, before, now, answers)
    except aggregates.Drift as drift:
        log.warning("aggregates had drifted (%s); rebuilding round %s", drift, found_round.slug)
        return _rebuild(session, found_round)
    session.flush()
    return len(now)
