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
holding submitted responses only; callers filter drafts out before they call in (`services/stored_tables/` does).
"""

import math

import numpy as np
import pandas as pd

from questionnaire.kinds.ranking import ranked_topics
from questionnaire.model import MAX_RANKED, SCORED_DIMENSIONS, Questionnaire

ANSWER_COLUMNS = ["organisation", "question", "value"]
ORGANISATION_COLUMNS = ["organisation", "type"]
SCORE_COLUMNS = [*SCORED_DIMENSIONS, "maturity_index"]
#: The fewest non-null dimension scores a maturity index needs.
MIN_DIMENSIONS_FOR_INDEX = 3
GROUP_STATISTICS = ["n", "mean", "median", "min", "max"]
#: The values a scored item can take that count: the canonical text of steps 1–5 (`na` and anything else is missing).
STEP_VALUES = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
#: How many places of a ranking count towards `top3_share`.
TOP_PLACES = 3


def scored_items(questionnaire: Questionnaire) -> pd.DataFrame:
    """One row per scored item: `question`, `dimension`, `reverse`, and `applies_to` (a tuple; empty for all).

    Only scale items flagged `scored` in D1–D5 count; in D1 that is each partner's *today* item, never *target*.
    """
    rows = [
        {"question": q.id, "dimension": q.section_id, "reverse": q.reverse, "applies_to": q.applies_to}
        for q in questionnaire.questions()
        if q.scored and q.section_id in SCORED_DIMENSIONS
    ]
    return pd.DataFrame(rows, columns=["question", "dimension", "reverse", "applies_to"])


def item_scores(answers: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """The score 0–100 of every answered scored item: columns `organisation`, `question`, `dimension`, `score`.

    A value is one of the steps `1`–`5`; `na`, an empty value and anything else count as missing and give no row.
    A reverse item scores (5 − v) / 4 × 100, every other item (v − 1) / 4 × 100.
    """
    items = scored_items(questionnaire).set_index("question")
    # Lookups by question rather than a merge: the same rows in the same order, and quick on a million answers.
    merged = answers.loc[answers["question"].isin(items.index), ANSWER_COLUMNS]
    step = merged["value"].map(STEP_VALUES)
    answered = step.notna().to_numpy()
    merged, step = merged[answered], step[answered].astype(float)
    reverse = merged["question"].map(items["reverse"]).astype(bool).to_numpy()
    score = np.where(reverse, (5 - step) / 4 * 100, (step - 1) / 4 * 100)
    return pd.DataFrame(
        {
            "organisation": merged["organisation"].to_numpy(dtype=object),
            "question": _as_given(merged["question"]),
            "dimension": merged["question"].map(items["dimension"]).to_numpy(dtype=object),
            "score": score.astype(float),
        }
    )


def _as_given(column: pd.Series):
    """A categorical column stays categorical (quick to look up); anything else becomes plain Python objects."""
    return column.array if isinstance(column.dtype, pd.CategoricalDtype) else column.to_numpy(dtype=object)


def applicable_item_counts(organisation_types: pd.Series, questionnaire: Questionnaire) -> pd.DataFrame:
    """For each organisation type: how many scored items of each dimension apply to it (rows: type).

    An item applies to a type when its `applies_to` is empty or names the type.
    """
    items = scored_items(questionnaire)
    counts = {}
    for organisation_type in sorted(set(organisation_types)):
        applies = items["applies_to"].map(lambda types, t=organisation_type: not types or t in types)
        counts[organisation_type] = (
            items[applies].groupby("dimension").size().reindex(list(SCORED_DIMENSIONS), fill_value=0)
        )
    table = pd.DataFrame(counts, index=list(SCORED_DIMENSIONS)).T
    return table.reindex(columns=list(SCORED_DIMENSIONS), fill_value=0).fillna(0).astype(int)


def dimension_scores(answers: pd.DataFrame, organisations: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Per organisation: the five dimension scores and the maturity index (index: organisation code).

    `organisations` has columns `organisation` and `type`, one row per organisation to score (every organisation
    with a submitted response, answered or not). A dimension's score is the mean of its answered item scores, and
    null when fewer than ceil(k / 2) of the k scored items that apply to the organisation's type are answered (null
    too when k = 0). Items that do not apply to the type are left out even if answered. The maturity index is the
    mean of the non-null dimension scores, null when fewer than three are non-null.
    """
    dimensions = list(SCORED_DIMENSIONS)
    organisations = organisations[ORGANISATION_COLUMNS].drop_duplicates("organisation").set_index("organisation")
    items = item_scores(answers[answers["organisation"].isin(organisations.index)], questionnaire)
    items = items[_applies(items["question"], organisations["type"].reindex(items["organisation"]), questionnaire)]
    keys = pd.MultiIndex.from_product([organisations.index, dimensions], names=["organisation", "dimension"])
    grouped = items.groupby(["organisation", "dimension"])["score"]
    sums = grouped.sum().reindex(keys, fill_value=0.0).unstack("dimension").reindex(columns=dimensions)
    answered = grouped.count().reindex(keys, fill_value=0).unstack("dimension").reindex(columns=dimensions)
    sums, answered = sums.reindex(organisations.index), answered.reindex(organisations.index).fillna(0)
    applicable = applicable_item_counts(organisations["type"], questionnaire).reindex(organisations["type"])
    applicable.index = organisations.index
    required = applicable.map(lambda k: math.ceil(k / 2))
    enough = (applicable > 0) & (answered >= required) & (answered > 0)
    scores = (sums / answered.where(answered > 0)).where(enough).astype(float)
    non_null = scores.notna().sum(axis=1)
    scores["maturity_index"] = scores[dimensions].mean(axis=1).where(non_null >= MIN_DIMENSIONS_FOR_INDEX)
    scores.index.name = "organisation"
    scores.columns.name = None
    return scores[SCORE_COLUMNS].astype(float)


def _applies(questions: pd.Series, types: pd.Series, questionnaire: Questionnaire) -> np.ndarray:
    """Whether each scored item (`questions`) applies to the type beside it (`types`): a table lookup, so that a
    round of a million answers is checked at once."""
    items = scored_items(questionnaire)
    all_types = sorted({t for types_of in items["applies_to"] for t in types_of} | set(types.dropna()))
    table = np.array([[not applies or t in applies for t in all_types] for applies in items["applies_to"]], bool)
    rows = _positions(questions, list(items["question"]))
    columns = _positions(types, all_types)
    known = (rows >= 0) & (columns >= 0)
    keep = np.zeros(len(rows), dtype=bool)
    keep[known] = table[rows[known], columns[known]]
    return keep


def _positions(values, labels: list) -> np.ndarray:
    """Where each of `values` stands in `labels` (−1: not there); a categorical is looked up by its categories."""
    index = pd.Index(labels)
    values = values.array if isinstance(values, pd.Series) else values
    if isinstance(values.dtype, pd.CategoricalDtype):
        lookup = np.append(index.get_indexer(values.categories), -1)
        return lookup[values.codes]
    return index.get_indexer(np.asarray(values, dtype=object))


def group_statistics(values: pd.DataFrame, by: str | list[str] | None = None) -> pd.DataFrame:
    """n, mean, median, min and max of each value column, per group of `by` (or over all rows when None).

    Null values are left out, so n is the number of organisations with a value. With `by`, the result has a column
    MultiIndex (value column, statistic); without, one row per value column and the statistics as columns. Rows
    whose `by` value is null (an agency has no county) belong to no group. `reports/groups.py` gives the same
    numbers in a tidy table, with the min-n rule of anonymous rounds.
    """
    value_columns = [c for c in values.columns if c not in ([by] if isinstance(by, str) else (by or []))]
    if by is None:
        grouped = values[value_columns].astype(float).agg(["count", "mean", "median", "min", "max"]).T
        return grouped.rename(columns={"count": "n"})[GROUP_STATISTICS].astype(float)
    stats = values.groupby(by)[value_columns].agg(["count", "mean", "median", "min", "max"])
    return stats.rename(columns={"count": "n"}, level=1)


def ambition_gaps(answers: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Per organisation and staircase partner: `today`, `target` and `gap` = target − today, in steps.

    Only partners where both values are steps 1–5 give a row; `na` (or no answer) on either side gives none.
    A negative gap is kept: the target is the organisation's own judgement and may lie below today.
    """
    pairs = [
        (partner.id, partner.today.id, partner.target.id)
        for section in questionnaire.sections
        for partner in section.partners
    ]
    partner_of, role_of = {}, {}
    for partner, today, target in pairs:
        partner_of[today], role_of[today] = partner, "today"
        partner_of[target], role_of[target] = partner, "target"
    steps = answers.loc[answers["question"].isin(partner_of.keys()), ANSWER_COLUMNS]
    steps = steps.assign(step=steps["value"].map(STEP_VALUES)).dropna(subset=["step"])
    steps = steps.assign(partner=steps["question"].map(partner_of), role=steps["question"].map(role_of))
    today = steps[steps["role"] == "today"][["organisation", "partner", "step"]].rename(columns={"step": "today"})
    target = steps[steps["role"] == "target"][["organisation", "partner", "step"]].rename(columns={"step": "target"})
    gaps = today.merge(target, on=["organisation", "partner"], how="inner")
    gaps = gaps.astype({"today": float, "target": float})
    gaps["gap"] = gaps["target"] - gaps["today"]
    columns = ["organisation", "partner", "today", "target", "gap"]
    return gaps[columns].sort_values(["organisation", "partner"], kind="mergesort").reset_index(drop=True)


def priority_points(rankings: pd.DataFrame, topic_ids: list[str]) -> pd.DataFrame:
    """The forum topics by points: columns `topic`, `points`, `top3_share`, `n`.

    `rankings` has columns `organisation` and `value` (topic ids in rank order joined by `>`), one row per
    submitted response; an empty or null value means the response ranked nothing. Rank r gives 6 − r points
    (rank 1 → 5 … rank 5 → 1; places after the fifth give none). `points` is the sum over responses; `n` the
    number of responses that ranked the topic at all; `top3_share` the share of the responses that ranked anything
    which put the topic in their top 3 (0.0 when nobody ranked anything). Every topic in `topic_ids` gets a row,
    zeros included, and a ranked topic no longer on the list keeps its row. A topic repeated within one ranking
    counts once, at its first place (forms and importer refuse repeats anyway). Sorted by points descending, then
    by topic id.
    """
    points = dict.fromkeys(topic_ids, 0)
    counted = dict.fromkeys(topic_ids, 0)
    top3 = dict.fromkeys(topic_ids, 0)
    responses = 0
    for value in rankings["value"]:
        ranked = ranked_topics(value)
        if not ranked:
            continue
        responses += 1
        for rank, topic in enumerate(ranked, start=1):
            points[topic] = points.get(topic, 0) + (MAX_RANKED + 1 - rank)
            counted[topic] = counted.get(topic, 0) + 1
            top3[topic] = top3.get(topic, 0) + (rank <= TOP_PLACES)
    table = pd.DataFrame(
        {
            "topic": pd.Series(list(points), dtype=object),
            "points": pd.Series([points[t] for t in points], dtype="int64"),
            "top3_share": pd.Series([top3[t] / responses if responses else 0.0 for t in points], dtype=float),
            "n": pd.Series([counted[t] for t in points], dtype="int64"),
        }
    )
    return table.sort_values(["points", "topic"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
