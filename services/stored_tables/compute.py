"""A round's scores and stored tables computed from its answers: DataFrames in and out, nothing written.

The scores are SPEC §4's (`reports.scoring.dimension_scores`); the tables are the three pre-aggregated ones the
dashboards read (`reports/tallies.py` says what each counts): the answer tallies, the ambition-gap tallies and the
group statistics. `compute_round` reads a whole round once (`inputs.py`) and computes all of them; the other
functions compute what a few responses changing state change.
"""

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from models import Round
from questionnaire.model import Questionnaire
from reports import tallies
from reports.scoring import SCORE_COLUMNS, dimension_scores
from services.questionnaires import questionnaire_of
from services.stored_tables.inputs import read_answers, read_questions, read_responses

#: The tables whose counts add up over responses, so that a change can be applied as a delta.
ADDITIVE = {"tallies": tallies.answer_tallies, "gaps": tallies.gap_tallies}


@dataclass
class RoundTables:
    """What a round's stored rows are: the submitted responses (`inputs.RESPONSE_COLUMNS`), their scores (indexed
    by response id) and the three tables (`tables_of`)."""

    responses: pd.DataFrame
    scores: pd.DataFrame
    tables: dict[str, pd.DataFrame]


def compute_round(session: Session, found_round: Round) -> RoundTables:
    """Everything the round's stored rows should hold, from its answers (reads only)."""
    questionnaire = questionnaire_of(found_round.questionnaire_version)
    responses = read_responses(session, found_round)
    answers = read_answers(session, found_round, read_questions(questionnaire))
    scores = score(questionnaire, responses, answers)
    return RoundTables(responses, scores, tables_of(questionnaire, responses, answers, scores))


def compute_in_worker(url: str, round_id: int) -> RoundTables:
    """`compute_round` in a process of its own, with its own connection to the database at `url`."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with Session(engine) as session:
            return compute_round(session, session.get(Round, round_id))
    finally:
        engine.dispose()


def score(questionnaire: Questionnaire, responses: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """SPEC §4 scores of the responses (`reports.scoring.dimension_scores`), indexed by response id."""
    if responses.empty:
        return pd.DataFrame(columns=SCORE_COLUMNS, dtype=float)
    keyed = answers.rename(columns={"response": "organisation"})
    organisations = responses[["response", "type"]].rename(columns={"response": "organisation"})
    return dimension_scores(keyed, organisations, questionnaire)


def measures(questionnaire: Questionnaire) -> list[str]:
    """The measures with group statistics: the scores and the number questions."""
    return [*SCORE_COLUMNS, *tallies.number_questions(questionnaire)]


def tables_of(
    questionnaire: Questionnaire, responses: pd.DataFrame, answers: pd.DataFrame, scores: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The round's three tables.

    `responses`: response, organisation (code), type, county, one row per submitted response; `answers`: response,
    question, value of those responses (at least every tallied and number question); `scores`: the responses'
    SCORE_COLUMNS, indexed by response id.
    """
    tables = {name: count(answers, responses, questionnaire) for name, count in ADDITIVE.items()}
    return tables | {"statistics": group_statistics(questionnaire, responses, scores, answers)}


def tally_deltas(
    questionnaire: Questionnaire, before: pd.DataFrame, now: pd.DataFrame, answers: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """What some responses changing state change in the additive tables: their new contributions, and their old
    ones with a negative `responses`. `before`: response, type, county of those that were counted (had scores);
    `now`: the same for those submitted now; `answers`: response, question, value of all of them."""
    deltas = {}
    for name, count in ADDITIVE.items():
        old = count(answers, before, questionnaire)
        frames = [count(answers, now, questionnaire), old.assign(responses=-old["responses"])]
        deltas[name] = pd.concat(frames, ignore_index=True)
    return deltas


def groups_of(*responses: pd.DataFrame) -> set[tuple[str, str]]:
    """Every group (type, county, with '*' for every) the responses belong to."""
    cells = {(t, c) for frame in responses for t, c in zip(frame["type"], frame["county"], strict=True)}
    return tallies.lattice_of(cells) if cells else set()


def group_statistics(
    questionnaire: Questionnaire,
    responses: pd.DataFrame,
    scores: pd.DataFrame,
    answers: pd.DataFrame,
    groups: set[tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """The group statistics of the scores and the number answers, of every group or only of `groups`."""
    numbers = tallies.number_questions(questionnaire)
    values = responses[["response", "organisation", "type", "county"]].set_index("response")
    values = values.join(scores.reindex(columns=SCORE_COLUMNS)).join(tallies.numeric_values(answers, numbers))
    values = values.sort_values("organisation", kind="mergesort").reset_index(drop=True)
    return tallies.cell_statistics(values, measures(questionnaire), only=groups)
