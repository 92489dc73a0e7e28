"""Scoring, exactly as SPEC §4. Plain functions: pandas in, pandas out, no Flask and no database.

Anyone must be able to recompute every number from the CSV export, so every rule is written here once, in the
docstring of the function that applies it:

- A scored item has a value 1–5, or `na` (don't know / not applicable), which counts as missing.
- Item score = (v − 1) / 4 × 100; for a reverse item (5 − v) / 4 × 100.
- In D1 only the *today* values are scored; *target* − *today* is the ambition gap, in steps.
- Dimension score = mean of the answered item scores of the dimension; null when fewer than half (rounded up) of its
  scored items that apply to the organisation's type are answered, and null when none applies.
- Maturity index = mean of the non-null dimension scores of D1–D5; null when fewer than three are non-null.
- Groups: n, mean, median, min and max of the organisations' values (nulls left out).
- Priorities: rank 1 gives 5 points … rank 5 gives 1; see `priority_points`.

Numbers are never rounded here; pages round when they show them.

Inputs are the long format of the export: a DataFrame with columns `organisation`, `question`, `value` (strings),
holding submitted responses only; callers filter drafts out before they call in.
"""

import math

import numpy as np
import pandas as pd

from questionnaire.model import MAX_RANKED, NOT_APPLICABLE, SCORED_DIMENSIONS, Questionnaire
from questionnaire.values import RANK_SEPARATOR

ANSWER_COLUMNS = ["organisation", "question", "value"]
ORGANISATION_COLUMNS = ["organisation", "type"]
SCORE_COLUMNS = [*SCORED_DIMENSIONS, "maturity_index"]
#: The fewest non-null dimension scores a maturity index needs.
MIN_DIMENSIONS_FOR_INDEX = 3
GROUP_STATISTICS = ["n", "mean", "median", "min", "max"]


def scored_items(questionnaire: Questionnaire) -> pd.DataFrame:
    """One row per scored item: `question`, `dimension`, `reverse`, and `applies_to` (a tuple; empty for all)."""
    rows = [
        {"question": q.id, "dimension": q.section_id, "reverse": q.reverse, "applies_to": q.applies_to}
        for q in questionnaire.questions()
        if q.scored and q.section_id in SCORED_DIMENSIONS
    ]
    return pd.DataFrame(rows, columns=["question", "dimension", "reverse", "applies_to"])


def item_scores(answers: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """The score 0–100 of every answered scored item: columns `organisation`, `question`, `dimension`, `score`.

    `na`, an empty value and anything outside 1–5 count as missing and give no row. A reverse item scores
    (5 − v) / 4 × 100, every other item (v − 1) / 4 × 100.
    """
    items = scored_items(questionnaire)
    merged = answers[ANSWER_COLUMNS].merge(items[["question", "dimension", "reverse"]], on="question", how="inner")
    value = pd.to_numeric(merged["value"].where(merged["value"] != NOT_APPLICABLE), errors="coerce")
    valid = value.isin([1, 2, 3, 4, 5])
    merged, value = merged[valid], value[valid]
    score = np.where(merged["reverse"].astype(bool), (5 - value) / 4 * 100, (value - 1) / 4 * 100)
    return pd.DataFrame(
        {
            "organisation": merged["organisation"].to_numpy(),
            "question": merged["question"].to_numpy(),
            "dimension": merged["dimension"].to_numpy(),
            "score": score.astype(float),
        }
    )


def applicable_item_counts(organisation_types: pd.Series, questionnaire: Questionnaire) -> pd.DataFrame:
    """For each organisation type: how many scored items of each dimension apply to it (rows: type)."""
    items = scored_items(questionnaire)
    counts = {}
    for organisation_type in sorted(set(organisation_types)):
        applies = items["applies_to"].map(lambda types, t=organisation_type: not types or t in types)
        counts[organisation_type] = (
            items[applies].groupby("dimension").size().reindex(list(SCORED_DIMENSIONS), fill_value=0)
        )
    return pd.DataFrame(counts).T.reindex(columns=list(SCORED_DIMENSIONS), fill_value=0)


def dimension_scores(answers: pd.DataFrame, organisations: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Per organisation: the five dimension scores and the maturity index (index: organisation code).

    `organisations` has columns `organisation` and `type`, one row per organisation to score (every organisation
    with a submitted response, answered or not). A dimension's score is the mean of its answered item scores, and
    null when fewer than ceil(k / 2) of the k scored items that apply to the organisation's type are answered (null
    too when k = 0). Items that do not apply to the type are left out even if answered. The maturity index is the
    mean of the non-null dimension scores, null when fewer than three are non-null.
    """
    organisations = organisations[ORGANISATION_COLUMNS].drop_duplicates("organisation").set_index("organisation")
    items = item_scores(answers[answers["organisation"].isin(organisations.index)], questionnaire)
    applies = scored_items(questionnaire).set_index("question")["applies_to"]
    item_types = organisations.loc[items["organisation"], "type"].to_numpy()
    keep = [not applies[q] or t in applies[q] for q, t in zip(items["question"], item_types, strict=True)]
    items = items[keep]
    sums = items.pivot_table(index="organisation", columns="dimension", values="score", aggfunc="sum")
    answered = items.pivot_table(index="organisation", columns="dimension", values="score", aggfunc="count")
    sums = sums.reindex(index=organisations.index, columns=list(SCORED_DIMENSIONS))
    answered = answered.reindex(index=organisations.index, columns=list(SCORED_DIMENSIONS)).fillna(0)
    applicable = applicable_item_counts(organisations["type"], questionnaire).loc[organisations["type"]]
    applicable.index = organisations.index
    required = applicable.map(lambda k: math.ceil(k / 2))
    enough = (applicable > 0) & (answered >= required) & (answered > 0)
    scores = (sums / answered.replace(0, np.nan)).where(enough)
    non_null = scores.notna().sum(axis=1)
    scores["maturity_index"] = scores[list(SCORED_DIMENSIONS)].mean(axis=1).where(non_null >= MIN_DIMENSIONS_FOR_INDEX)
    scores.index.name = "organisation"
    scores.columns.name = None
    return scores.astype(float)


def group_statistics(values: pd.DataFrame, by: str | list[str] | None = None) -> pd.DataFrame:
    """n, mean, median, min and max of each value column, per group of `by` (or over all rows when None).

    Null values are left out, so n is the number of organisations with a value. The result has a column
    MultiIndex (value column, statistic), or, for a single value column, just the statistics.
    """
    value_columns = [c for c in values.columns if c not in ([by] if isinstance(by, str) else (by or []))]
    if by is None:
        grouped = values[value_columns].agg(["count", "mean", "median", "min", "max"]).T
        return grouped.rename(columns={"count": "n"})[GROUP_STATISTICS].astype(float)
    stats = values.groupby(by)[value_columns].agg(["count", "mean", "median", "min", "max"])
    stats = stats.rename(columns={"count": "n"}, level=1)
    return stats


def ambition_gaps(answers: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Per organisation and staircase partner: `today`, `target` and `gap` = target − today, in steps.

    Only partners where both values are steps 1–5 give a row; `na` on either side gives none.
    """
    pairs = [
        (partner.id, partner.today.id, partner.target.id)
        for section in questionnaire.sections
        for partner in section.partners
    ]
    role = {today: (partner, "today") for partner, today, _ in pairs}
    role |= {target: (partner, "target") for partner, _, target in pairs}
    rows = answers[answers["question"].isin(role.keys())].copy()
    rows["partner"] = rows["question"].map(lambda q: role[q][0])
    rows["role"] = rows["question"].map(lambda q: role[q][1])
    rows["step"] = pd.to_numeric(rows["value"].where(rows["value"] != NOT_APPLICABLE), errors="coerce")
    rows = rows[rows["step"].isin([1, 2, 3, 4, 5])]
    wide = rows.pivot_table(index=["organisation", "partner"], columns="role", values="step", aggfunc="first")
    wide = wide.reindex(columns=["today", "target"]).dropna()
    wide.columns.name = None
    wide["gap"] = wide["target"] - wide["today"]
    return wide.reset_index().astype({"today": float, "target": float, "gap": float})[
        ["organisation", "partner", "today", "target", "gap"]
    ]


def priority_points(rankings: pd.DataFrame, topic_ids: list[str]) -> pd.DataFrame:
    """The forum topics by points: columns `topic`, `points`, `top3_share`, `n`.

    `rankings` has columns `organisation` and `value` (topic ids in rank order joined by `>`), one row per
    submitted response that ranked anything. Rank r gives 6 − r points (rank 1 → 5 … rank 5 → 1). `points` is the
    sum over responses; `n` the number of responses that ranked the topic at all; `top3_share` the share of the
    responses that ranked anything which put the topic in their top 3 (0.0 when nobody ranked anything). Every
    topic in `topic_ids` gets a row, zeros included. Sorted by points descending, then by topic id.
    """
    points = dict.fromkeys(topic_ids, 0)
    counted = dict.fromkeys(topic_ids, 0)
    top3 = dict.fromkeys(topic_ids, 0)
    responses = 0
    for value in rankings["value"]:
        ranked = [topic for topic in str(value).split(RANK_SEPARATOR) if topic][:MAX_RANKED]
        if not ranked:
            continue
        responses += 1
        for rank, topic in enumerate(ranked, start=1):
            points[topic] = points.get(topic, 0) + (MAX_RANKED + 1 - rank)
            counted[topic] = counted.get(topic, 0) + 1
            top3[topic] = top3.get(topic, 0) + (rank <= 3)
    table = pd.DataFrame(
        {
            "topic": list(points),
            "points": [float(points[t]) for t in points],
            "top3_share": [top3[t] / responses if responses else 0.0 for t in points],
            "n": [counted[t] for t in points],
        }
    )
    return table.sort_values(["points", "topic"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
