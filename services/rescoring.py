"""A round's stored scores and aggregates computed from its answers, quickly enough for ten million answers.

`compute_round` reads the round once — its submitted responses and every answer but the free texts, through the
driver's own cursor, the texts as categories — and computes everything from that: the scores
(`reports.scoring.dimension_scores`) and the three pre-aggregated tables (`services/aggregates.py`). It writes
nothing. `write_round` replaces the round's rows in bulk. `rescore_rounds` computes several rounds at once in worker
processes (reading in parallel is safe on SQLite in WAL mode and on PostgreSQL) while this process writes them one
after the other, in its own transaction.
"""

import math
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

import pandas as pd
from sqlalchemy import create_engine, delete, insert
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from models import ResponseScore, Round, utcnow
from questionnaire.model import Questionnaire
from reports.scoring import SCORE_COLUMNS, dimension_scores
from services import aggregates
from services.questionnaires import questionnaire_of
from services.round_reads import RESPONSE_COLUMNS, read_answers, read_questions, read_responses

__all__ = [
    "RESPONSE_COLUMNS", "RoundTables", "compute_round", "insert_scores", "rescore_rounds", "score", "write_round",
]  # fmt: skip


@dataclass
class RoundTables:
    """What a round's stored rows are: the submitted responses (RESPONSE_COLUMNS), their scores (indexed by
    response id) and the aggregates (`aggregates.tables_of`)."""

    responses: pd.DataFrame
    scores: pd.DataFrame
    aggregates: dict[str, pd.DataFrame]


def score(questionnaire: Questionnaire, responses: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """SPEC §4 scores of the responses (`reports.scoring.dimension_scores`), indexed by response id."""
    if responses.empty:
        return pd.DataFrame(columns=SCORE_COLUMNS, dtype=float)
    keyed = answers.rename(columns={"response": "organisation"})
    organisations = responses[["response", "type"]].rename(columns={"response": "organisation"})
    return dimension_scores(keyed, organisations, questionnaire)


def insert_scores(session: Session, found_round: Round, responses: pd.DataFrame, scores: pd.DataFrame) -> None:
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


def compute_round(session: Session, found_round: Round) -> RoundTables:
    """Everything the round's stored rows should hold, from its answers (reads only)."""
    questionnaire = questionnaire_of(found_round.questionnaire_version)
    responses = read_responses(session, found_round)
    answers = read_answers(session, found_round, read_questions(questionnaire))
    scores = score(questionnaire, responses, answers)
    tables = aggregates.tables_of(questionnaire, responses, answers, scores)
    return RoundTables(responses, scores, tables)


def write_round(session: Session, found_round: Round, tables: RoundTables) -> int:
    """Replace the round's scores and aggregates with `tables`; returns how many responses were scored."""
    session.execute(
        delete(ResponseScore)
        .where(ResponseScore.round_id == found_round.id)
        .execution_options(synchronize_session=False)
    )
    insert_scores(session, found_round, tables.responses, tables.scores)
    aggregates.replace_round(session, found_round, tables.aggregates)
    session.flush()
    return len(tables.responses)


def _compute_in_worker(url: str, round_id: int) -> RoundTables:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with Session(engine) as session:
            return compute_round(session, session.get(Round, round_id))
    finally:
        engine.dispose()


def workers(rounds: int) -> int:
    """Worker processes for `rounds` rounds: one per CPU the process may use, at most two (reading and computing
    run in the workers, the writing in the caller, which keeps up with two)."""
    return max(1, min(2, len(os.sched_getaffinity(0)), rounds))


def rescore_rounds(session: Session, found_rounds: list[Round], lock) -> list[int]:
    """Compute and write the rounds' scores and aggregates; returns how many responses each had. `lock(session,
    round)` is called before a round is written. Several rounds are computed in worker processes (started fresh,
    not forked, so that no database connection is shared), unless the database is an in-memory one."""
    url = session.get_bind().url
    processes = workers(len(found_rounds))
    if processes == 1 or url.database in (None, "", ":memory:"):
        counts = []
        for found in found_rounds:
            lock(session, found)
            counts.append(write_round(session, found, compute_round(session, found)))
        return counts
    with ProcessPoolExecutor(max_workers=processes, mp_context=get_context("spawn")) as pool:
        address = url.render_as_string(hide_password=False)
        futures = [pool.submit(_compute_in_worker, address, found.id) for found in found_rounds]
        counts = []
        for found, future in zip(found_rounds, futures, strict=True):
            tables = future.result()
            lock(session, found)
            counts.append(write_round(session, found, tables))
        return counts
