"""The dashboards' group tables, from the stored tallies (`reports/tallies.py`): plain functions, DataFrames in and
out. The input is a tally with a `count` column, never one row per answer, so a chart costs the same however many
organisations answered; the min-n rule is `reports.groups.suppress`.

The tests hold a per-organisation counterpart of each table (`tests/reference/group_tables.py`, computed from the raw
answers of the same organisations) and check that both give the same columns, rows and numbers.
"""

import pandas as pd

from questionnaire.model import NOT_APPLICABLE, Questionnaire
from reports.groups import suppress
from reports.scoring import MAX_RANKED, TOP_PLACES
from reports.tallies import ANSWERED

STEPS = ["1", "2", "3", "4", "5", NOT_APPLICABLE]
STEP_VALUES = {"1": 1.0, "2": 2.0, "3": 3.0, "4": 4.0, "5": 5.0}


def step_distribution(tallied: pd.DataFrame, questionnaire: Questionnaire, min_n: int | None = None) -> pd.DataFrame:
    """Per staircase partner, from tallies (question, value, count) of the staircase's today items: how many
    organisations chose each step and `na`. Columns: partner, step, count, n (answers for the partner), share."""
    today = {p.today.id: p.id for s in questionnaire.sections for p in s.partners}
    rows = tallied[tallied["question"].isin(today.keys()) & tallied["value"].isin(STEPS)]
    rows = rows.assign(partner=rows["question"].map(today), step=rows["value"])
    counts = rows.groupby(["partner", "step"])["count"].sum().reset_index()
    totals = rows.groupby("partner")["count"].sum().rename("n")
    totals = totals[totals > 0]
    partners = [p for p in today.values() if p in totals.index]
    grid = pd.MultiIndex.from_product([partners, STEPS], names=["partner", "step"]).to_frame(index=False)
    table = grid.merge(counts, on=["partner", "step"], how="left").fillna({"count": 0})
    table = table.merge(totals.reset_index(), on="partner")
    table["count"] = table["count"].astype(int)
    table["n"] = table["n"].astype(int)
    table["share"] = table["count"] / table["n"]
    return suppress(table, min_n)


def gap_summary(gaps: pd.DataFrame, partner_order: list[str], min_n: int | None = None) -> pd.DataFrame:
    """Per partner, from gap tallies (partner, today, target, count): n, mean today, mean target, mean gap, share
    wanting to go higher."""
    gaps = gaps[gaps["count"] > 0]
    weighted = gaps.assign(
        today_sum=gaps["today"] * gaps["count"],
        target_sum=gaps["target"] * gaps["count"],
        gap_sum=(gaps["target"] - gaps["today"]) * gaps["count"],
        higher=(gaps["target"] > gaps["today"]) * gaps["count"],
    )
    sums = weighted.groupby("partner")[["count", "today_sum", "target_sum", "gap_sum", "higher"]].sum()
    n = sums["count"].astype(float)
    table = pd.DataFrame(
        {
            "n": sums["count"],
            "today": sums["today_sum"] / n,
            "target": sums["target_sum"] / n,
            "gap": sums["gap_sum"] / n,
            "share_higher": sums["higher"] / n,
        }
    )
    table = table.reindex([p for p in partner_order if p in table.index]).rename_axis("partner").reset_index()
    table["n"] = table["n"].astype(int)
    return suppress(table, min_n)


def option_shares(
    tallied: pd.DataFrame, question_id: str, option_ids: list[str], by: str = "type", min_n: int | None = None
) -> pd.DataFrame:
    """From tallies (`by`, question, value, count): per group, how many organisations chose each option of a choice
    or multichoice question, of n that answered it. Columns: `by`, option, count, n, share."""
    rows = tallied[tallied["question"] == question_id]
    totals = rows[rows["value"] == ANSWERED].groupby(by)["count"].sum().rename("n")
    totals = totals[totals > 0]
    chosen = rows[rows["value"] != ANSWERED].rename(columns={"value": "option"})
    counts = chosen.groupby([by, "option"])["count"].sum().reset_index()
    grid = pd.MultiIndex.from_product([list(totals.index), option_ids], names=[by, "option"]).to_frame(index=False)
    table = grid.merge(counts, on=[by, "option"], how="left").fillna({"count": 0})
    table = table.merge(totals.reset_index(), on=by)
    table["count"] = table["count"].astype(int)
    table["n"] = table["n"].astype(int)
    table["share"] = table["count"] / table["n"]
    return suppress(table, min_n)


def priority_points(tallied: pd.DataFrame, topic_ids: list[str]) -> pd.DataFrame:
    """`scoring.priority_points` from the ranking's tallies (value, count; values `<rank>:<topic>` and ANSWERED).

    Rank r gives MAX_RANKED + 1 − r points; `n` counts the responses that ranked the topic, `top3_share` those that
    put it in their top three, of all responses that ranked anything. Sorted by points, then topic id.
    """
    responses = int(tallied.loc[tallied["value"] == ANSWERED, "count"].sum())
    places = tallied[tallied["value"] != ANSWERED]
    rank = places["value"].str.split(":", n=1).str[0].astype(int)
    topic = places["value"].str.split(":", n=1).str[1]
    points, counted, top3 = dict.fromkeys(topic_ids, 0), dict.fromkeys(topic_ids, 0), dict.fromkeys(topic_ids, 0)
    for t, r, count in zip(topic, rank, places["count"], strict=True):
        points[t] = points.get(t, 0) + (MAX_RANKED + 1 - r) * int(count)
        counted[t] = counted.get(t, 0) + int(count)
        top3[t] = top3.get(t, 0) + (int(count) if r <= TOP_PLACES else 0)
    table = pd.DataFrame(
        {
            "topic": pd.Series(list(points), dtype=object),
            "points": pd.Series([points[t] for t in points], dtype="int64"),
            "top3_share": pd.Series([top3[t] / responses if responses else 0.0 for t in points], dtype=float),
            "n": pd.Series([counted[t] for t in points], dtype="int64"),
        }
    )
    table = table.sort_values(["points", "topic"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    table.attrs["responses"] = responses
    return table


def priority_by_group(
    tallied: pd.DataFrame, topic_ids: list[str], by: str = "type", min_n: int | None = None
) -> pd.DataFrame:
    """`priority_points` within each group, from the ranking's tallies per group (`by`, value, count): `by`, topic,
    points, top3_share, n, responses (who ranked)."""
    frames = []
    for group, members in tallied.groupby(by, sort=True):
        table = priority_points(members, topic_ids)
        if table.attrs["responses"] == 0:
            continue
        frames.append(table.assign(**{by: group, "responses": table.attrs["responses"]}))
    if not frames:
        return pd.DataFrame(columns=[by, "topic", "points", "top3_share", "n", "responses", "suppressed"])
    return suppress(pd.concat(frames, ignore_index=True), min_n, n="responses")


def mean_steps(tallied: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Per group (`by`, e.g. question and round): n (answers that are steps 1–5) and the mean step."""
    steps = tallied[tallied["value"].isin(STEP_VALUES.keys())]
    steps = steps.assign(weighted=steps["value"].map(STEP_VALUES) * steps["count"])
    sums = steps.groupby(by)[["count", "weighted"]].sum()
    sums = sums[sums["count"] > 0]
    table = pd.DataFrame({"n": sums["count"].astype(int), "mean": sums["weighted"] / sums["count"]})
    return table.reset_index()


def county_response_rate(participation: pd.DataFrame, min_n: int | None = None) -> pd.DataFrame:
    """Per county, from participation counts (type, county, status, count): n organisations asked and `value`, the
    share of them that submitted."""
    asked = participation.dropna(subset=["county"])
    grouped = asked.groupby("county")
    asked_n = grouped["count"].sum()
    submitted = asked[asked["status"] == "submitted"].groupby("county")["count"].sum().reindex(asked_n.index)
    table = pd.DataFrame({"n": asked_n, "value": submitted.fillna(0) / asked_n}).reset_index()
    table["n"] = table["n"].astype(int)
    return suppress(table, min_n)


def county_measure(statistics: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Per county, a score's n and `value` (the median), from its group statistics by county (already min-n checked)."""
    table = statistics[statistics["measure"] == measure]
    return table.rename(columns={"median": "value"})[["county", "n", "value", "mean", "min", "max", "suppressed"]]
