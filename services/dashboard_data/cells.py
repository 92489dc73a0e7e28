"""How many organisations each cell (a type in a county) of a round has, per figure: what `reports.disclosure`
decides on. Columns key, type, county, n; organisations without a county are the cell with county NO_COUNTY."""

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AmbitionGapTally, AnswerTally, GroupStatistic, Round
from reports.disclosure import CELL_COLUMNS, NO_COUNTY
from reports.tallies import ALL, ANSWERED, RESPONSES


def statistic_cells(session: Session, found_round: Round, measures: Sequence[str] = (RESPONSES,)) -> pd.DataFrame:
    """Per measure (a score, a number question, RESPONSES): the organisations with a value in each cell. The stored
    statistics keep no cell of the organisations without a county; it is their type's n less its counties'."""
    rows = session.execute(
        select(GroupStatistic.measure, GroupStatistic.organisation_type, GroupStatistic.county_code, GroupStatistic.n)
        .where(GroupStatistic.round_id == found_round.id, GroupStatistic.measure.in_(list(measures)))
        .where(GroupStatistic.organisation_type != ALL)
    ).all()
    frame = pd.DataFrame(rows, columns=CELL_COLUMNS).astype({"n": int})
    located = frame[frame["county"] != ALL]
    whole = frame[frame["county"] == ALL].set_index(["key", "type"])["n"]
    placed = located.groupby(["key", "type"])["n"].sum().reindex(whole.index, fill_value=0)
    rest = (whole - placed).rename("n").reset_index().assign(county=NO_COUNTY)
    return pd.concat([located, rest[CELL_COLUMNS]], ignore_index=True).query("n > 0").reset_index(drop=True)


def tally_cells(
    session: Session, found_round: Round, question_ids: Sequence[str], values: Sequence[str] = (ANSWERED,)
) -> pd.DataFrame:
    """Per question: the organisations in each cell whose answer is counted under one of `values` (by default
    ANSWERED: those that answered it at all)."""
    keys = [AnswerTally.question_id, AnswerTally.organisation_type, AnswerTally.county_code]
    rows = session.execute(
        select(*keys, func.sum(AnswerTally.responses))
        .where(AnswerTally.round_id == found_round.id, AnswerTally.question_id.in_(list(question_ids)))
        .where(AnswerTally.value.in_(list(values)))
        .group_by(*keys)
    ).all()
    return pd.DataFrame(rows, columns=CELL_COLUMNS).astype({"n": int})


def gap_cells(session: Session, found_round: Round) -> pd.DataFrame:
    """Per staircase partner: the organisations in each cell that gave both steps (today and target)."""
    keys = [AmbitionGapTally.partner_id, AmbitionGapTally.organisation_type, AmbitionGapTally.county_code]
    rows = session.execute(
        select(*keys, func.sum(AmbitionGapTally.responses))
        .where(AmbitionGapTally.round_id == found_round.id)
        .group_by(*keys)
    ).all()
    return pd.DataFrame(rows, columns=CELL_COLUMNS).astype({"n": int})


def participation_cells(participation: pd.DataFrame, status: str | None = None) -> pd.DataFrame:
    """From participation counts of the whole round (type, county, status, count): the organisations asked in each
    cell, or only those with `status`."""
    if status is not None:
        participation = participation[participation["status"] == status]
    frame = participation.assign(county=participation["county"].fillna(NO_COUNTY).astype(object))
    counts = frame.groupby(["type", "county"])["count"].sum().rename("n").reset_index()
    return counts.assign(key="")[CELL_COLUMNS]
