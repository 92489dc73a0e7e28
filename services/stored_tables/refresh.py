"""When a round's stored scores and tables are brought up to date, and how much of them.

- One response submitted or reopened (`services/responses.py`), or a few imported: their scores are replaced, their
  old contributions to the tallies subtracted and their new ones added, and the group statistics of every group
  they belong to computed again. A tally that would fall below zero means the tables had drifted (a database
  written by hand): the round is then rebuilt instead.
- Seeding, a large import, a round found stale at start-up, `flask rescore`: the whole round is computed from its
  answers, read once, and its rows replaced. `rescore_rounds` computes several rounds in worker processes (reading
  in parallel is safe on SQLite in WAL mode and on PostgreSQL) while this process writes them one after the other.

Every writer locks the round first, so that two submits in one round never interleave.
"""

import logging
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AnswerTally, GroupStatistic, Response, ResponseScore, ResponseStatus, Round
from reports.tallies import ALL, RESPONSES, number_questions
from services.questionnaires import questionnaire_of
from services.stored_tables import compute, inputs, write

log = logging.getLogger(__name__)
#: Above this many responses a refresh rescores the whole round instead of listing the ids.
_WHOLE_ROUND_ABOVE = 500


def refresh_response_scores(session: Session, response: Response) -> None:
    """Bring one response's scores and tables up to date: counted if it is submitted, removed if it is not."""
    _refresh_some(session, response.round, [response.id])


def refresh_round_scores(session: Session, found_round: Round) -> int:
    """Rescore every submitted response of the round and rebuild its tables; returns how many were scored."""
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
    """Rescore the rounds whose score rows or tables do not match their submitted responses (after an upgrade
    that added a table, or a database written by hand); returns their slugs."""
    slugs = []
    for round_id in _stale_round_ids(session):
        found = session.get(Round, round_id)
        refresh_round_scores(session, found)
        slugs.append(found.slug)
    return slugs


def rescore_rounds(session: Session, found_rounds: list[Round]) -> list[int]:
    """Rescore every submitted response of the rounds and rebuild their tables (`flask rescore`), computed from
    what is committed and written here; returns how many each had scored. Several rounds are computed in worker
    processes (started fresh, not forked, so that no database connection is shared), unless the database is an
    in-memory one."""
    url = session.get_bind().url
    processes = workers(len(found_rounds))
    if processes == 1 or url.database in (None, "", ":memory:"):
        return [_rebuild(session, found) for found in found_rounds]
    with ProcessPoolExecutor(max_workers=processes, mp_context=get_context("spawn")) as pool:
        address = url.render_as_string(hide_password=False)
        futures = [pool.submit(compute.compute_in_worker, address, found.id) for found in found_rounds]
        counts = []
        for found, future in zip(found_rounds, futures, strict=True):
            computed = future.result()
            _lock(session, found)
            counts.append(write.replace_round(session, found, computed))
        return counts


def workers(rounds: int) -> int:
    """Worker processes for `rounds` rounds: one per CPU the process may use, at most two (reading and computing
    run in the workers, the writing in the caller, which keeps up with two)."""
    return max(1, min(2, len(os.sched_getaffinity(0)), rounds))


def _lock(session: Session, found_round: Round) -> None:
    """Serialise the writers of one round's scores and tables (PostgreSQL: a row lock on the round, held to the
    end of the transaction; SQLite has one writer at a time anyway)."""
    session.execute(select(Round.id).where(Round.id == found_round.id).with_for_update())


def _rebuild(session: Session, found_round: Round) -> int:
    """Score the whole round from its answers, read once, and rebuild its tables from the same answers."""
    _lock(session, found_round)
    session.flush()
    return write.replace_round(session, found_round, compute.compute_round(session, found_round))


def _refresh_some(session: Session, found_round: Round, response_ids: list[int]) -> int:
    """Some responses changed state: their scores are replaced and their contributions to the tables moved;
    tallies found drifted make the whole round be rebuilt."""
    _lock(session, found_round)
    session.flush()
    questionnaire = questionnaire_of(found_round.questionnaire_version)
    before = inputs.read_counted(session, response_ids)
    now = inputs.read_responses(session, found_round, response_ids)
    answers = inputs.read_answers(session, found_round, inputs.read_questions(questionnaire), response_ids)
    scores = compute.score(questionnaire, now, answers[answers["response"].isin(now["response"])])
    write.replace_scores(session, found_round, response_ids, now, scores)
    try:
        write.add_tallies(session, found_round, compute.tally_deltas(questionnaire, before, now, answers))
    except write.Drift as drift:
        log.warning("stored tables had drifted (%s); rebuilding round %s", drift, found_round.slug)
        return _rebuild(session, found_round)
    groups = compute.groups_of(before, now)
    if groups:
        responses, stored = inputs.read_scores(session, found_round)
        numbers = inputs.read_answers(session, found_round, number_questions(questionnaire))
        statistics = compute.group_statistics(questionnaire, responses, stored, numbers, groups)
        write.replace_statistics(session, found_round, groups, statistics)
    session.flush()
    return len(now)


def _stale_round_ids(session: Session) -> list[int]:
    """The rounds whose number of score rows or of responses in the tables differs from their submitted responses,
    that have score rows of responses no longer submitted, or submitted responses but no tallies."""
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
    everyone = (GroupStatistic.organisation_type == ALL, GroupStatistic.county_code == ALL)
    aggregated = dict(
        session.execute(
            select(GroupStatistic.round_id, GroupStatistic.n).where(*everyone, GroupStatistic.measure == RESPONSES)
        ).all()
    )
    tallied = set(session.scalars(select(AnswerTally.round_id).distinct()))
    counts = (submitted, scored, aggregated)
    return sorted(
        round_id
        for round_id in submitted.keys() | scored.keys() | stray | aggregated.keys()
        if len({count.get(round_id, 0) for count in counts}) > 1
        or round_id in stray
        or (submitted.get(round_id, 0) > 0 and round_id not in tallied)
    )
