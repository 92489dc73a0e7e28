"""The dashboards' group tables computed the slow, obvious way: from one row per organisation's answer.

`reports/group_tables.py` computes the same tables from the stored tallies; the tests check, for every kind of
selection, that both give the same columns, rows and numbers. Nothing in the app uses these.
"""

import pandas as pd

from questionnaire.kinds.multichoice import split_multi
from questionnaire.model import Questionnaire
from reports import scoring
from reports.group_tables import STEPS
from reports.groups import STATISTICS, describe, suppress


def county_measure(
    scores: pd.DataFrame, participation: pd.DataFrame, measure: str, min_n: int | None = None
) -> pd.DataFrame:
    """Per county: `n` and `value` of a measure; a score's value is the median of the organisations' scores.

    For `response_rate`, n is the number of organisations asked and value the share of them that submitted.
    """
    if measure == "response_rate":
        asked = participation.dropna(subset=["county"])
        grouped = asked.groupby("county")["status"]
        table = pd.DataFrame({"n": grouped.size(), "value": grouped.apply(lambda s: (s == "submitted").mean())})
        table = table.reset_index()
        table["n"] = table["n"].astype(int)
        return suppress(table, min_n)
    located = scores.dropna(subset=["county"])
    table = describe(located, [measure], by="county", min_n=min_n)
    return table.rename(columns={"median": "value"})[["county", "n", "value", "mean", "min", "max", "suppressed"]]


def step_distribution(answers: pd.DataFrame, questionnaire: Questionnaire, min_n: int | None = None) -> pd.DataFrame:
    """Per staircase partner (today values): how many organisations chose each step and `na`.

    Columns: partner, step ("1"…"5", "na"), count, n (answers for the partner), share = count / n.
    """
    today = {p.today.id: p.id for s in questionnaire.sections for p in s.partners}
    rows = answers[answers["question"].isin(today.keys())]
    rows = rows.assign(partner=rows["question"].map(today), step=rows["value"])
    rows = rows[rows["step"].isin(STEPS)]
    counts = rows.groupby(["partner", "step"]).size().rename("count").reset_index()
    totals = rows.groupby("partner").size().rename("n")
    partners = [p for p in today.values() if p in totals.index]
    grid = pd.MultiIndex.from_product([partners, STEPS], names=["partner", "step"]).to_frame(index=False)
    table = grid.merge(counts, on=["partner", "step"], how="left").fillna({"count": 0})
    table = table.merge(totals.reset_index(), on="partner")
    table["count"] = table["count"].astype(int)
    table["share"] = table["count"] / table["n"]
    return suppress(table, min_n)


def gap_summary(gaps: pd.DataFrame, partner_order: list[str], min_n: int | None = None) -> pd.DataFrame:
    """Per partner from `scoring.ambition_gaps`: n, mean today, mean target, mean gap, share wanting to go higher."""
    grouped = gaps.groupby("partner")
    table = pd.DataFrame(
        {
            "n": grouped.size(),
            "today": grouped["today"].mean(),
            "target": grouped["target"].mean(),
            "gap": grouped["gap"].mean(),
            "share_higher": grouped["gap"].apply(lambda g: (g > 0).mean()),
        }
    )
    table = table.reindex([p for p in partner_order if p in table.index]).rename_axis("partner").reset_index()
    table["n"] = table["n"].astype(int)
    return suppress(table, min_n)


def option_shares(
    answers: pd.DataFrame,
    organisations: pd.DataFrame,
    question_id: str,
    option_ids: list[str],
    by: str = "type",
    min_n: int | None = None,
) -> pd.DataFrame:
    """For a choice or multichoice question: per group, how many organisations chose each option.

    Columns: `by`, option, count, n (organisations of the group that answered the question), share = count / n.
    """
    rows = answers[answers["question"] == question_id].merge(organisations[["organisation", by]], on="organisation")
    chosen = rows.assign(option=rows["value"].map(split_multi)).explode("option")
    counts = chosen.groupby([by, "option"]).size().rename("count").reset_index()
    totals = rows.groupby(by)["organisation"].nunique().rename("n")
    grid = pd.MultiIndex.from_product([list(totals.index), option_ids], names=[by, "option"]).to_frame(index=False)
    table = grid.merge(counts, on=[by, "option"], how="left").fillna({"count": 0})
    table = table.merge(totals.reset_index(), on=by)
    table["count"] = table["count"].astype(int)
    table["share"] = table["count"] / table["n"]
    return suppress(table, min_n)


def numeric_answers(answers: pd.DataFrame, organisations: pd.DataFrame, question_id: str) -> pd.DataFrame:
    """The numeric answers to one question, with who gave them: organisation, value, type, county."""
    rows = answers[answers["question"] == question_id]
    rows = rows.assign(value=pd.to_numeric(rows["value"], errors="coerce")).dropna(subset=["value"])
    return rows[["organisation", "value"]].merge(organisations[["organisation", "type", "county"]], on="organisation")


def priority_by_group(
    rankings: pd.DataFrame,
    organisations: pd.DataFrame,
    topic_ids: list[str],
    by: str = "type",
    min_n: int | None = None,
) -> pd.DataFrame:
    """`scoring.priority_points` within each group: `by`, topic, points, top3_share, n, responses (who ranked)."""
    rows = rankings.merge(organisations[["organisation", by]], on="organisation")
    frames = []
    for group, members in rows.groupby(by):
        ranked = members[members["value"].fillna("") != ""]
        table = scoring.priority_points(ranked, topic_ids).assign(**{by: group, "responses": len(ranked)})
        frames.append(table)
    if not frames:
        return pd.DataFrame(columns=[by, "topic", "points", "top3_share", "n", "responses", "suppressed"])
    return suppress(pd.concat(frames, ignore_index=True), min_n, n="responses")


def trend_statistics(trend: pd.DataFrame, measures: list[str], min_n_by_round: dict[str, int | None]) -> pd.DataFrame:
    """Per round and measure: the group statistics of `describe`, each round with its own min-n (its visibility)."""
    frames = []
    for slug, members in trend.groupby("round", sort=True):
        frames.append(describe(members, measures, min_n=min_n_by_round.get(slug)).assign(round=slug))
    if not frames:
        return pd.DataFrame(columns=["round", "measure", *STATISTICS, "suppressed"])
    return pd.concat(frames, ignore_index=True)[["round", "measure", *STATISTICS, "suppressed"]]
