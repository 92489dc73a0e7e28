"""Group figures of a dashboard's selection, read from the pre-aggregated tables: a handful of rows however many
responses a round has. The selection is a round (or several), an organisation type or all, and a county or all;
groups are by type or by county within it."""

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from models import AmbitionGapTally, AnswerTally, GroupStatistic, Invitation, Organisation, Response, Round
from reports import disclosure
from reports.groups import STATISTICS, suppress
from reports.scoring import SCORE_COLUMNS
from reports.tallies import ALL, NO_COUNTY, RESPONSES
from services.dashboard_data.cells import statistic_cells
from services.dashboard_data.rows import NOT_STARTED

#: by → the column of the tables that names the group.
_GROUP_COLUMNS = {"type": "organisation_type", "county": "county_code"}


def _statistics_where(type_: str | None, county: str | None, by: str | None) -> list:
    """The lattice groups of the selection: the chosen type (or every type as one group, or each type when grouping
    by type), and the same for the county."""
    where = []
    choices = ((type_, GroupStatistic.organisation_type, "type"), (county, GroupStatistic.county_code, "county"))
    for chosen, column, key in choices:
        if chosen:
            where.append(column == chosen)
        elif by == key:
            where.append(column != ALL)
        else:
            where.append(column == ALL)
    return where


def _statistics(session: Session, round_ids: list[int], measures: Sequence[str], where: list) -> pd.DataFrame:
    rows = session.execute(
        select(
            GroupStatistic.round_id,
            GroupStatistic.organisation_type,
            GroupStatistic.county_code,
            GroupStatistic.measure,
            GroupStatistic.n,
            GroupStatistic.mean,
            GroupStatistic.median,
            GroupStatistic.minimum,
            GroupStatistic.maximum,
            GroupStatistic.q1,
            GroupStatistic.q3,
        ).where(GroupStatistic.round_id.in_(round_ids), GroupStatistic.measure.in_(list(measures)), *where)
    ).all()
    frame = pd.DataFrame(rows, columns=["round_id", "type", "county", "measure", *STATISTICS])
    frame = frame.astype({"n": int, **{column: float for column in STATISTICS[1:]}})
    # A number question's group exists only where someone answered it (a score's wherever someone submitted).
    return frame[(frame["n"] > 0) | frame["measure"].isin(SCORE_COLUMNS)]


def _ordered(frame: pd.DataFrame, measures: Sequence[str], keys: list[str]) -> pd.DataFrame:
    frame = frame.assign(_order=frame["measure"].map({m: i for i, m in enumerate(measures)}))
    return frame.sort_values([*keys, "_order"], kind="mergesort").drop(columns="_order").reset_index(drop=True)


def group_statistics(
    session: Session,
    found_round: Round,
    measures: Sequence[str],
    *,
    type_: str | None = None,
    county: str | None = None,
    by: str | None = None,
    min_n: int | None = None,
    guarded: bool = False,
) -> pd.DataFrame:
    """`reports.groups.describe` of the selection's organisations, from the stored group statistics: columns
    [`by`,] measure, n, mean, median, min, max, q1, q3, suppressed; measures are scores or number questions.

    Without `by`, one row per measure for the whole selection; with `by` ("type" or "county"), one per group and
    measure, groups in order. A group of fewer than `min_n` organisations keeps its n but loses its figures; when
    `guarded` (an anonymous round outside admin views) `reports.disclosure.guard` decides what is shown.
    """
    frame = _statistics(session, [found_round.id], measures, _statistics_where(type_, county, by))
    columns = [*([by] if by else []), "measure", *STATISTICS, "suppressed"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame = suppress(_ordered(frame, measures, [by] if by else [])[columns[:-1]], min_n)
    if guarded:
        cells = statistic_cells(session, found_round, measures)
        frame = disclosure.guard(frame, cells, type_=type_, county=county, by=by, key="measure")
    return frame


def trend_statistics(
    session: Session,
    found_rounds: list[Round],
    measures: Sequence[str],
    min_n_by_round: dict[str, int | None],
    *,
    type_: str | None = None,
    county: str | None = None,
    guarded: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """`reports.groups.describe` of the selection in each of the rounds, in one query: columns round, measure, n,
    mean, median, min, max, q1, q3, suppressed; each round with its own min-n, and the rounds named in `guarded`
    (anonymous rounds outside admin views) under `reports.disclosure.guard`."""
    slugs = {found.id: found.slug for found in found_rounds}
    by_slug = {found.slug: found for found in found_rounds}
    frame = _statistics(session, list(slugs), measures, _statistics_where(type_, county, None))
    columns = ["round", "measure", *STATISTICS, "suppressed"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame = _ordered(frame.assign(round=frame["round_id"].map(slugs)), measures, ["round"])
    parts = []
    for slug, part in frame.groupby("round"):
        part = suppress(part[columns[:-1]], min_n_by_round.get(slug))
        if slug in guarded:
            cells = statistic_cells(session, by_slug[slug], measures)
            part = disclosure.guard(part, cells, type_=type_, county=county, key="measure")
        parts.append(part)
    return pd.concat(parts, ignore_index=True)[columns]


def selection_size(session: Session, found_round: Round, *, type_: str | None = None, county: str | None = None) -> int:
    """How many submitted responses the selection has."""
    where = _statistics_where(type_, county, None)
    return int(
        session.scalar(
            select(GroupStatistic.n).where(
                GroupStatistic.round_id == found_round.id, GroupStatistic.measure == RESPONSES, *where
            )
        )
        or 0
    )


def trend_sizes(
    session: Session, found_rounds: list[Round], *, type_: str | None = None, county: str | None = None
) -> pd.DataFrame:
    """Submitted responses of the selection per round and organisation type: columns round, type, value."""
    slugs = {found.id: found.slug for found in found_rounds}
    frame = _statistics(session, list(slugs), [RESPONSES], _statistics_where(type_, county, "type"))
    frame = frame[frame["n"] > 0]
    table = pd.DataFrame({"round": frame["round_id"].map(slugs), "type": frame["type"], "value": frame["n"]})
    return table.sort_values(["round", "type"]).reset_index(drop=True).astype({"value": int})


def _tally_where(model, round_ids: list[int], type_: str | None, county: str | None) -> list:
    where = [model.round_id.in_(round_ids)]
    if type_:
        where.append(model.organisation_type == type_)
    if county:
        where.append(model.county_code == county)
    return where


def answer_tallies(
    session: Session,
    found_rounds: list[Round],
    question_ids: Sequence[str],
    *,
    type_: str | None = None,
    county: str | None = None,
    by: str | None = None,
) -> pd.DataFrame:
    """The selection's tallies (`reports/tallies.py`), summed by the database: columns round, [`by`,] question,
    value, count. Grouped by county, organisations without one are left out."""
    slugs = {found.id: found.slug for found in found_rounds}
    group = [getattr(AnswerTally, _GROUP_COLUMNS[by])] if by else []
    where = _tally_where(AnswerTally, list(slugs), type_, county)
    where += [AnswerTally.question_id.in_(list(question_ids))]
    if by == "county":
        where.append(AnswerTally.county_code != NO_COUNTY)
    keys = [AnswerTally.round_id, *group, AnswerTally.question_id, AnswerTally.value]
    rows = session.execute(select(*keys, func.sum(AnswerTally.responses)).where(*where).group_by(*keys)).all()
    frame = pd.DataFrame(rows, columns=["round_id", *([by] if by else []), "question", "value", "count"])
    frame = frame.assign(round=frame["round_id"].map(slugs)).astype({"count": int})
    return frame[["round", *([by] if by else []), "question", "value", "count"]]


def gap_tallies(
    session: Session, found_round: Round, *, type_: str | None = None, county: str | None = None
) -> pd.DataFrame:
    """The selection's ambition-gap tallies: columns partner, today, target, count."""
    keys = [AmbitionGapTally.partner_id, AmbitionGapTally.today, AmbitionGapTally.target]
    where = _tally_where(AmbitionGapTally, [found_round.id], type_, county)
    rows = session.execute(select(*keys, func.sum(AmbitionGapTally.responses)).where(*where).group_by(*keys)).all()
    frame = pd.DataFrame(rows, columns=["partner", "today", "target", "count"])
    return frame.astype({"today": int, "target": int, "count": int})


def participation_counts(
    session: Session, found_round: Round, *, type_: str | None = None, county: str | None = None
) -> pd.DataFrame:
    """Who was asked and how far they got, counted by the database: columns type, county, status (submitted,
    draft, not_started), count. The organisations asked are as `round_participation` says: those invited to the
    round (unrevoked links) and those with a response in it, or every organisation when the round has no
    invitation. Filters apply to the organisations' type and county."""
    where = []
    if type_:
        where.append(Organisation.type == type_)
    if county:
        where.append(Organisation.county_code == county)
    group = [Organisation.type, Organisation.county_code]
    answered = session.execute(
        select(*group, Response.status, func.count())
        .join(Response, Response.organisation_id == Organisation.id)
        .where(Response.round_id == found_round.id, *where)
        .group_by(*group, Response.status)
    ).all()
    responded = select(Response.id).where(
        Response.round_id == found_round.id, Response.organisation_id == Organisation.id
    )
    invited = select(Invitation.id).where(
        Invitation.round_id == found_round.id,
        Invitation.revoked_at.is_(None),
        Invitation.organisation_id == Organisation.id,
    )
    any_invitation = session.scalar(
        select(Invitation.id).where(Invitation.round_id == found_round.id, Invitation.revoked_at.is_(None)).limit(1)
    )
    waiting = [~responded.exists(), *where]
    if any_invitation is not None:
        waiting.append(invited.exists())
    not_started = session.execute(
        select(*group, literal(NOT_STARTED), func.count()).where(*waiting).group_by(*group)
    ).all()
    frame = pd.DataFrame([*answered, *not_started], columns=["type", "county", "status", "count"])
    return frame.astype({"count": int, "type": object, "county": object, "status": object})
