"""The disclosure rule of anonymous rounds (`reports.disclosure`), as a property: for generated rounds (organisations
over a few counties and types, random values, some missing), every selection the filters reach and every table of
groups in it goes through the real `guard`, and nothing published lets anyone work out a group under three — no
pair of published groups where one holds the other differs by 1 or 2 organisations, no organisation (nor two) lies
in the span of the published groups, and no min or max is published.

The checks work on organisations, not on the rule's cells, so they are not a copy of the rule."""

import itertools

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports import disclosure

TYPES = ["region", "lst", "kommun", "agency", "other"]
COUNTIES = ["01", "12", "25"]
MEASURE = "maturity_index"


@st.composite
def rounds(draw) -> pd.DataFrame:
    """An anonymous round: one row per organisation (type, county — none for agencies — and a value or NaN)."""
    size = draw(st.integers(min_value=1, max_value=14))
    rows = []
    for index in range(size):
        organisation_type = draw(st.sampled_from(TYPES))
        county = None if organisation_type == "agency" else draw(st.sampled_from(COUNTIES))
        value = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=100)))
        rows.append({"organisation": f"o{index}", "type": organisation_type, "county": county, MEASURE: value})
    return pd.DataFrame(rows).astype({MEASURE: float})


def reachable_tables(frame: pd.DataFrame):
    """(members of each row, row) of every table a non-admin can reach: every filter (type or all, county or all)
    and within it the whole selection, its groups by type and its groups by county (organisations with a county)."""
    for type_, county in itertools.product([None, *TYPES], [None, *COUNTIES]):
        chosen = frame[frame["type"] == type_] if type_ else frame
        chosen = chosen[chosen["county"] == county] if county else chosen
        for by in (None, "type", "county"):
            rows = chosen[chosen["county"].notna()] if by == "county" else chosen
            if rows.empty:
                continue
            yield type_, county, by, rows


def published(frame: pd.DataFrame, guard=True) -> list[tuple[frozenset, pd.Series]]:
    """Each published row (a group's figures) with the organisations it is about (those with a value)."""
    valued = frame[frame[MEASURE].notna()]
    cells = disclosure.count_cells(valued, key=MEASURE)
    found = []
    for type_, county, by, rows in reachable_tables(frame):
        table = _figures(rows, by)
        if guard:
            table = disclosure.guard(table, cells, type_=type_, county=county, by=by, key="measure")
        for row in table.to_dict("records"):
            members = rows[rows[MEASURE].notna()]
            if by:
                members = members[members[by] == row[by]]
            if not np.isnan(row["mean"]):
                found.append((frozenset(members["organisation"]), row))
    return found


def _figures(rows: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """A table of groups as the dashboards get it (`reports.groups.describe`'s columns, without its cost): measure,
    n, mean, min, max, and the min-n rule's `suppressed`, one row per group."""
    valued = rows[rows[MEASURE].notna()]
    groups = valued.groupby(by)[MEASURE] if by else valued.assign(_all="")[["_all", MEASURE]].groupby("_all")[MEASURE]
    table = groups.agg(["count", "mean", "min", "max"]).rename(columns={"count": "n"})
    table = table.reset_index() if by else table.reset_index(drop=True)
    table = table.assign(measure=MEASURE, suppressed=table["n"] < 3)
    table.loc[table["suppressed"], ["mean", "min", "max"]] = np.nan
    return table


def leaks(frame: pd.DataFrame, shown: list[tuple[frozenset, pd.Series]]) -> list[str]:
    """What the published rows give away: a min or max, a pair that differs by 1 or 2, or an organisation (or the
    sum or difference of two) in the span of the published groups."""
    found = [f"{sorted(members)} shows its {k}" for members, row in shown for k in ("min", "max") if row[k] == row[k]]
    groups = {members for members, _row in shown}
    for a, b in itertools.permutations(groups, 2):
        if b < a and len(a - b) < 3:
            found.append(f"{sorted(a)} less {sorted(b)} is {sorted(a - b)}")
    organisations = list(frame["organisation"])
    if groups:
        matrix = np.array([[o in members for o in organisations] for members in groups], dtype=float)
        unit = np.eye(len(organisations))
        targets = [unit[i] for i in range(len(organisations))]
        targets += [unit[i] + sign * unit[j] for i, j in itertools.combinations(range(len(organisations)), 2)
                    for sign in (1, -1)]  # fmt: skip
        for target in targets:
            weights = np.linalg.lstsq(matrix.T, target, rcond=None)[0]
            if np.allclose(matrix.T @ weights, target, atol=1e-8):
                found.append(f"{[o for o, t in zip(organisations, target, strict=True) if t]} can be worked out")
    return found


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds())
def test_no_published_figure_gives_away_a_group_under_three(frame):
    assert leaks(frame, published(frame)) == []


def test_the_rounds_of_the_report_leak_under_the_old_rule_and_not_under_the_new():
    """The report's case: a region and three municipalities in a county, more elsewhere. The min-n rule alone (a
    group of at least 3 is shown) gives the region away; the disclosure rule does not, and still shows the county."""
    rows = [("region", "25", 96.7), ("kommun", "25", 20.0), ("kommun", "25", 26.9), ("kommun", "25", 30.0)]
    rows += [("region", "01", 60.0), ("lst", "01", 50.0), ("kommun", "01", 40.0), ("kommun", "01", 45.0)]
    rows += [("kommun", "01", 35.0), ("agency", None, 55.0), ("agency", None, 52.0), ("agency", None, 58.0)]
    frame = pd.DataFrame(
        [{"organisation": f"o{i}", "type": t, "county": c, MEASURE: v} for i, (t, c, v) in enumerate(rows)]
    )
    assert any("less" in leak for leak in leaks(frame, published(frame, guard=False)))
    shown = published(frame)
    assert leaks(frame, shown) == []
    county_25 = frozenset(f"o{i}" for i in range(4))
    assert county_25 in {members for members, _row in shown}, "the county as a whole is still shown"


def test_a_named_cell_count_decides_the_same_whatever_the_order():
    cells = pd.DataFrame(
        [
            {"key": "", "type": "kommun", "county": "25", "n": 3},
            {"key": "", "type": "region", "county": "25", "n": 1},
        ]
    )
    shown = disclosure.shown_selections(cells)
    assert shown == disclosure.shown_selections(cells.iloc[::-1])
    assert (None, "25") in shown and ("kommun", "25") not in shown and ("region", None) not in shown
