"""Group figures for the dashboards, on top of `reports.scoring`: plain functions, DataFrames in and out.

The min-n rule of SPEC §4 lives here: in an anonymous round no group of fewer than `MIN_GROUP_SIZE` organisations
is shown, so every function that makes groups takes `min_n` (None in a named round) and blanks the figures of a
smaller group, marking it `suppressed`. Quartiles (`q1`, `q3`) are added to the statistics of SPEC §4 so that a
distribution can be drawn as a box without sending any single organisation's value to the page.

The functions here work on per-organisation rows. The dashboards draw most group charts from pre-counted answers
instead (`reports/counted.py`, one counterpart per function, giving the same tables); these stay the definition the
counterparts are tested against, and serve the charts that are about single organisations.
"""

import numpy as np
import pandas as pd

from questionnaire.kinds.multichoice import split_multi
from questionnaire.model import NOT_APPLICABLE, Questionnaire
from reports import scoring

MIN_GROUP_SIZE = 3
STATISTICS = ["n", "mean", "median", "min", "max", "q1", "q3"]
STEPS = ["1", "2", "3", "4", "5", NOT_APPLICABLE]


def suppress(table: pd.DataFrame, min_n: int | None, n: str = "n") -> pd.DataFrame:
    """Blank every figure of a row whose group has fewer than `min_n` organisations; adds `suppressed`."""
    table = table.copy()
    table["suppressed"] = False if min_n is None else table[n] < min_n
    if min_n is not None:
        figures = [c for c in table.columns if c not in (n, "suppressed") and pd.api.types.is_numeric_dtype(table[c])]
        table[figures] = table[figures].astype(float)
        table.loc[table["suppressed"], figures] = np.nan
    return table


def describe(values: pd.DataFrame, columns: list[str], by: str | None = None, min_n: int | None = None) -> pd.DataFrame:
    """Long table of group statistics: [`by`,] `measure`, n, mean, median, min, max, q1, q3, suppressed.

    n, mean, median, min and max are `scoring.group_statistics` (nulls left out); a group with n < `min_n` keeps
    its n but loses its figures.
    """
    if values.empty:
        return pd.DataFrame(columns=[*([by] if by else []), "measure", *STATISTICS, "suppressed"])
    if by is None:
        stats = scoring.group_statistics(values[columns])
        stats["q1"] = values[columns].quantile(0.25)
        stats["q3"] = values[columns].quantile(0.75)
        table = stats.rename_axis("measure").reset_index()
    else:
        stats = scoring.group_statistics(values[[by, *columns]], by)
        stats.columns = stats.columns.set_names(["measure", "statistic"])
        table = stats.stack("measure", future_stack=True)
        grouped = values.groupby(by)[columns]
        for name, share in (("q1", 0.25), ("q3", 0.75)):
            table[name] = grouped.quantile(share).rename_axis(columns="measure").stack(future_stack=True)
        table = table.reindex(columns=STATISTICS).reset_index()
        table["measure"] = pd.Categorical(table["measure"], categories=columns)
        table = table.sort_values([by, "measure"], kind="mergesort")
        table["measure"] = table["measure"].astype(str)
        table = table.reset_index(drop=True)
        table.columns.name = None
    table["n"] = table["n"].astype(int)
    return suppress(table, min_n)


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


def partner_steps(answers: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Organisation × partner: the step today (1–5), NaN where not answered, not applicable or not asked."""
    today = {p.today.id: p.id for s in questionnaire.sections for p in s.partners}
    rows = answers[answers["question"].isin(today.keys())]
    rows = rows.assign(partner=rows["question"].map(today), step=pd.to_numeric(rows["value"], errors="coerce"))
    wide = rows.pivot_table(index="organisation", columns="partner", values="step", aggfunc="first")
    return wide.reindex(columns=[p for p in today.values() if p in wide.columns])


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


def counterpart_pairs(scores: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    """Region and länsstyrelse of the same county, per measure: county, measure, region, lst, difference.

    `difference` = region − länsstyrelse. Only counties where both have submitted and both scores exist; sorted by
    the size of the difference, largest first (ties by county and measure).
    """
    pair = scores[scores["type"].isin(["region", "lst"])].dropna(subset=["county"])
    long = pair.melt(id_vars=["county", "type"], value_vars=measures, var_name="measure", value_name="score")
    wide = long.pivot_table(index=["county", "measure"], columns="type", values="score", aggfunc="first")
    wide = wide.reindex(columns=["region", "lst"]).dropna().reset_index()
    wide.columns.name = None
    wide["difference"] = wide["region"] - wide["lst"]
    wide["size"] = wide["difference"].abs()
    wide = wide.sort_values(["size", "county", "measure"], ascending=[False, True, True], kind="mergesort")
    return wide.drop(columns="size").reset_index(drop=True)


def trend_statistics(trend: pd.DataFrame, measures: list[str], min_n_by_round: dict[str, int | None]) -> pd.DataFrame:
    """Per round and measure: the group statistics of `describe`, each round with its own min-n (its visibility)."""
    frames = []
    for slug, members in trend.groupby("round", sort=True):
        frames.append(describe(members, measures, min_n=min_n_by_round.get(slug)).assign(round=slug))
    if not frames:
        return pd.DataFrame(columns=["round", "measure", *STATISTICS, "suppressed"])
    return pd.concat(frames, ignore_index=True)[["round", "measure", *STATISTICS, "suppressed"]]
