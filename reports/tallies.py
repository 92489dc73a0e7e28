"""What the pre-aggregated tables hold, computed from submitted answers: plain functions, pandas in and out.

Dashboards never read raw answers in proportion to a round's size; they read these, kept up to date when answers
change state (`services/stored_tables/`). Everything is counted per round and per *cell*: an organisation type and a
county (`NO_COUNTY` for organisations without one, such as agencies). A dashboard's selection (all, a type, a county,
or both) is then a sum over cells, and a group (by type or by county) a sum over the cells of the group.

- **Answer tallies** (`answer_tallies`): for each scale, choice, multichoice and ranking question, the row with value
  `ANSWERED` counts the responses that answered the question at all (for the ranking: that ranked at least one
  topic); a scale or choice answer is also counted under its value (`1`–`5`, `na`, the option id), a multichoice
  answer under each option it names, and a ranking under `<rank>:<topic>` for each of its first five distinct topics
  (`questionnaire.kinds.ranking.ranked_topics`, the rule of the points). Numbers and free texts are not tallied.
- **Ambition-gap tallies** (`gap_tallies`): per staircase partner, the responses per pair (today, target) of steps,
  for the responses that gave both as steps 1–5 (`reports.scoring.ambition_gaps`).
- **Group statistics** (`cell_statistics`): medians and quartiles cannot be summed, so they are kept for every group
  a dashboard can ask for: each cell, each type over all counties, each county over all types, and the nation
  (`ALL` stands for "every type" or "every county"). The measures are the five dimension scores, the maturity index
  and the answers to number questions, computed with `reports.groups.describe` so the numbers are the ones the
  dashboards computed from per-organisation rows before; the measure `RESPONSES` has only n, the submitted responses.
"""

import numpy as np
import pandas as pd

from questionnaire.kinds import KINDS, kind_for
from questionnaire.model import Questionnaire
from reports import scoring
from reports.groups import STATISTICS, describe

#: The value of the tally row that counts the responses answering a question at all.
ANSWERED = ""
#: The county of a cell of organisations without a county (national agencies, SKR).
NO_COUNTY = ""
#: "Every type" or "every county" in the group statistics.
ALL = "*"
#: The measure that counts a group's submitted responses (only `n` is set).
RESPONSES = "responses"
CELL = ["type", "county"]
TALLY_COLUMNS = [*CELL, "question", "value", "responses"]
GAP_COLUMNS = [*CELL, "partner", "today", "target", "responses"]
STATISTICS_COLUMNS = [*CELL, "measure", *STATISTICS]


def tallied_questions(questionnaire: Questionnaire) -> dict[str, str]:
    """question id → type, for the questions that are tallied."""
    return {q.id: q.type for q in questionnaire.questions() if kind_for(q).tallied}


def number_questions(questionnaire: Questionnaire) -> list[str]:
    """The number questions, whose answers get group statistics like the scores."""
    return [q.id for q in questionnaire.questions() if q.type == "number"]


def cells_of(responses: pd.DataFrame) -> pd.DataFrame:
    """`responses` (columns response, type, county) with the county of organisations without one as NO_COUNTY."""
    return responses.assign(county=responses["county"].fillna(NO_COUNTY).astype(object))


def answer_tallies(answers: pd.DataFrame, responses: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Tallies per cell, question and value (see the module's docstring): columns type, county, question, value,
    responses. `answers` has columns response, question, value; `responses` has response, type, county and names
    the responses to count (answers of any other response are left out).

    Equal answers are counted first, by integer codes, and each distinct value is split into what it counts under
    once, so a round of a million answers costs two group-bys on integers.
    """
    kinds = tallied_questions(questionnaire)
    cells = cells_of(responses).set_index("response")[CELL]
    rows = answers[answers["question"].isin(kinds.keys()) & answers["response"].isin(cells.index)]
    if rows.empty:
        return pd.DataFrame(columns=TALLY_COLUMNS)
    question_codes, questions = _codes(rows["question"])
    value_codes, values = _codes(rows["value"])
    cell_of_response, cell_names = pd.factorize(pd.MultiIndex.from_frame(cells))
    cell = cell_of_response[cells.index.get_indexer(rows["response"].to_numpy())]
    codes = pd.DataFrame({"cell": cell, "q": question_codes, "v": value_codes})
    same = codes.groupby(["cell", "q", "v"], sort=False).size().rename("responses").reset_index()
    # What each distinct (question, value) counts under, as codes into `parts`.
    pairs = same[["q", "v"]].drop_duplicates()
    parts: dict[str, int] = {}
    expansion = [
        (q, v, parts.setdefault(part, len(parts)))
        for q, v in zip(pairs["q"], pairs["v"], strict=True)
        for part in _counted_under(kinds[questions[q]], values[v])
    ]
    expanded = same.merge(pd.DataFrame(expansion, columns=["q", "v", "part"]), on=["q", "v"])
    counted = expanded.groupby(["cell", "q", "part"], sort=False)["responses"].sum().reset_index()
    names = np.array(list(parts), dtype=object)
    table = pd.DataFrame(
        {
            "type": pd.Series(cell_names.get_level_values(0)[counted["cell"].to_numpy()], dtype=object),
            "county": pd.Series(cell_names.get_level_values(1)[counted["cell"].to_numpy()], dtype=object),
            "question": pd.Series(questions[counted["q"].to_numpy()], dtype=object),
            "value": pd.Series(names[counted["part"].to_numpy()], dtype=object),
            "responses": counted["responses"].astype(int).to_numpy(),
        }
    )
    return table.sort_values(["type", "county", "question", "value"], kind="mergesort").reset_index(drop=True)


def _codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and the distinct values they stand for (a categorical column's own)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), column.cat.categories.to_numpy(dtype=object)
    codes, uniques = pd.factorize(column.to_numpy(dtype=object))
    return codes, np.asarray(uniques, dtype=object)


def _counted_under(kind: str, value) -> list[str]:
    """The tally values one answer counts under (ANSWERED first when it counts at all)."""
    parts = KINDS[kind].tally_parts(value)
    return [] if parts is None else [ANSWERED, *parts]


def gap_tallies(answers: pd.DataFrame, responses: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Responses per cell, partner and pair of steps: columns type, county, partner, today, target (ints),
    responses."""
    gaps = scoring.ambition_gaps(answers.rename(columns={"response": "organisation"}), questionnaire)
    gaps = gaps.rename(columns={"organisation": "response"}).merge(cells_of(responses), on="response")
    if gaps.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    gaps = gaps.astype({"today": int, "target": int})
    counted = gaps.groupby([*CELL, "partner", "today", "target"], sort=True).size().rename("responses")
    return counted.reset_index()[GAP_COLUMNS]


def numeric_values(answers: pd.DataFrame, question_ids: list[str]) -> pd.DataFrame:
    """Wide: one row per response (index), one column per number question, NaN where not answered with a number."""
    rows = answers[answers["question"].isin(question_ids)]
    rows = pd.DataFrame(
        {
            "response": rows["response"].to_numpy(),
            "question": rows["question"].to_numpy(dtype=object),
            "number": pd.to_numeric(rows["value"].to_numpy(dtype=object), errors="coerce"),
        }
    ).dropna(subset=["number"])
    wide = rows.pivot_table(index="response", columns="question", values="number", aggfunc="first")
    return wide.reindex(columns=question_ids).astype(float)


def cell_statistics(
    values: pd.DataFrame, measures: list[str], only: set[tuple[str, str]] | None = None
) -> pd.DataFrame:
    """Group statistics of every group of the lattice (see the module's docstring), or only the groups `only`
    names as (type, county) with ALL for "every": columns type, county, measure, n, mean, median, min, max, q1, q3.

    `values` has one row per submitted response, ordered as the dashboards order organisations (by code), with
    columns type, county (None where there is none) and the measures (NaN where null). A group gets a row for each
    measure (n = 0 and null figures where nobody has a value) and one for RESPONSES.
    """
    frames = []
    located = values[values["county"].notna()]
    groups = [
        (located.assign(key=located["type"] + "\t" + located["county"]), "key", None),
        (values, "type", ALL),
        (located, "county", ALL),
        (values, None, None),
    ]
    for frame, by, other in groups:
        if frame.empty:
            continue
        if only is not None:
            frame = frame[_wanted(frame, by, other, only)]
            if frame.empty:
                continue
        table = describe(frame, measures, by=by).drop(columns="suppressed")
        sizes = frame.groupby(by).size() if by else pd.Series({"": len(frame)})
        counts = sizes.rename("n").rename_axis(by or "group").reset_index().assign(measure=RESPONSES)
        if by is None:
            table, counts = table.assign(type=ALL, county=ALL), counts.assign(type=ALL, county=ALL)
        elif by == "key":
            for part in (table, counts):
                part[["type", "county"]] = part["key"].str.split("\t", expand=True).to_numpy()
        else:
            table, counts = table.assign(**{_other(by): other}), counts.assign(**{_other(by): other})
        frames += [table, counts]
    if not frames:
        return pd.DataFrame(columns=STATISTICS_COLUMNS)
    return pd.concat(frames, ignore_index=True).reindex(columns=STATISTICS_COLUMNS)


def _other(by: str) -> str:
    return "county" if by == "type" else "type"


def _wanted(frame: pd.DataFrame, by: str | None, other: str | None, only: set[tuple[str, str]]) -> pd.Series:
    if by is None:
        return pd.Series((ALL, ALL) in only, index=frame.index)
    if by == "key":
        return pd.Series([(t, c) in only for t, c in zip(frame["type"], frame["county"], strict=True)], frame.index)
    if by == "type":
        return frame["type"].isin({t for t, c in only if c == ALL and t != ALL})
    return frame["county"].isin({c for t, c in only if t == ALL and c != ALL})


def lattice_of(cells: set[tuple[str, str | None]]) -> set[tuple[str, str]]:
    """Every group of the lattice that contains a response of one of these cells (type, county or None)."""
    groups = {(ALL, ALL)}
    for organisation_type, county in cells:
        groups.add((organisation_type, ALL))
        if county not in (None, NO_COUNTY):
            groups |= {(organisation_type, county), (ALL, county)}
    return groups
