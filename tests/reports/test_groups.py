"""Groups (county, organisation type, nation), the min-n rule of anonymous rounds, and who sees single
organisations; numbers worked out by hand."""

import math

import pandas as pd
import pytest

from reports.groups import (
    MIN_GROUP_SIZE,
    all_group_statistics,
    ambition_gap_statistics,
    hides_small_groups,
    shows_organisations,
    statistics_by_group,
    suppress_small_groups,
    visible_group_statistics,
)

SCORES = pd.DataFrame(
    {
        "organisation": ["region-01", "lst-01", "kommun-0180", "kommun-0114", "region-25", "agency-boverket"],
        "type": ["region", "lst", "kommun", "kommun", "region", "agency"],
        "county": ["01", "01", "01", "01", "25", None],
        "roles": [80.0, 60.0, 40.0, None, 20.0, 50.0],
        "gis": [50.0, 50.0, 50.0, 50.0, 0.0, None],
    }
)


def stats(table, group, measure):
    row = table[(table["group"] == group) & (table["measure"] == measure)]
    assert len(row) == 1, (group, measure)
    return row.iloc[0].to_dict()


def test_statistics_per_county_leave_out_organisations_without_a_county():
    """Rule: a county's group is its organisations with that county code; an agency is in no county.

    County 01 roles: 80, 60, 40 (one null) → n 3, mean 60, median 60, min 40, max 80. County 25: 20 alone.
    """
    table = statistics_by_group(SCORES, "county", ["roles", "gis"])
    assert set(table["group"]) == {"01", "25"}
    assert stats(table, "01", "roles") == {
        "level": "county", "group": "01", "measure": "roles", "n": 3, "mean": 60.0, "median": 60.0, "min": 40.0,
        "max": 80.0,
    }  # fmt: skip
    assert stats(table, "01", "gis")["n"] == 4
    assert stats(table, "25", "roles")["n"] == 1


def test_statistics_per_type_and_for_the_nation():
    """Rule: one group per organisation type, and the nation (`SE`) holds everyone with a value.

    Regions' roles: 80, 20 → mean 50, median 50. Nation roles: 80, 60, 40, 20, 50 → n 5, mean 50, median 50.
    Nation gis: 50, 50, 50, 50, 0 → n 5, mean 40, median 50, min 0.
    """
    by_type = statistics_by_group(SCORES, "type", ["roles"])
    assert stats(by_type, "region", "roles")["mean"] == 50.0
    assert stats(by_type, "kommun", "roles")["n"] == 1
    nation = statistics_by_group(SCORES, "nation", ["roles", "gis"])
    assert stats(nation, "SE", "roles") == {
        "level": "nation", "group": "SE", "measure": "roles", "n": 5, "mean": 50.0, "median": 50.0, "min": 20.0,
        "max": 80.0,
    }  # fmt: skip
    assert (stats(nation, "SE", "gis")["mean"], stats(nation, "SE", "gis")["min"]) == (40.0, 0.0)
    assert set(all_group_statistics(SCORES, ["roles"])["level"]) == {"nation", "type", "county"}


def test_a_group_with_no_values_still_has_a_row_with_n_zero():
    table = statistics_by_group(SCORES, "type", ["gis"])
    agency = stats(table, "agency", "gis")
    assert agency["n"] == 0 and math.isnan(agency["mean"])


def test_small_groups_are_dropped_in_anonymous_rounds_except_for_admins():
    """Rule: an anonymous round never shows a group of fewer than 3 organisations outside admin views.

    By county in an anonymous round a reviewer sees county 01's roles (n 3) and gis (n 4), never county 25
    (n 1); an admin sees both; in a named round everyone sees both.
    """
    reviewer = visible_group_statistics(SCORES, "county", visibility="anonymous", role="reviewer")
    assert set(zip(reviewer["group"], reviewer["measure"], strict=True)) >= {("01", "roles"), ("01", "gis")}
    assert "25" not in set(reviewer["group"]) and (reviewer["n"] >= MIN_GROUP_SIZE).all()
    respondent = visible_group_statistics(SCORES, "type", visibility="anonymous", role="respondent")
    assert set(respondent["group"]) == set()  # no type has 3 organisations with a value here
    admin = visible_group_statistics(SCORES, "county", visibility="anonymous", role="admin")
    assert "25" in set(admin["group"])
    named = visible_group_statistics(SCORES, "county", visibility="named", role="reviewer")
    assert "25" in set(named["group"])
    assert suppress_small_groups(statistics_by_group(SCORES, "county", ["roles"]), min_n=4).empty


@pytest.mark.parametrize(
    ("visibility", "role", "hides", "shows"),
    [
        ("anonymous", "admin", False, True),
        ("anonymous", "reviewer", True, False),
        ("anonymous", "respondent", True, False),
        ("anonymous", None, True, False),
        ("named", "admin", False, True),
        ("named", "reviewer", False, True),
        ("named", "respondent", False, False),
    ],
)
def test_who_sees_small_groups_and_single_organisations(visibility, role, hides, shows):
    """Rule: admins see everything; reviewers see names in named rounds only; a respondent sees other
    organisations only as a distribution."""
    assert hides_small_groups(visibility, role) is hides
    assert shows_organisations(visibility, role) is shows


def test_ambition_gap_statistics_per_partner():
    """Rule: the gap statistics of a partner count only organisations with both values (gap 2, 0 and 1 → mean 1)."""
    gaps = pd.DataFrame(
        {
            "organisation": ["region-01", "lst-01", "kommun-0180", "region-01"],
            "partner": ["d1_trafikverket", "d1_trafikverket", "d1_trafikverket", "d1_lst"],
            "today": [2.0, 3.0, 3.0, 1.0],
            "target": [4.0, 3.0, 4.0, 5.0],
            "gap": [2.0, 0.0, 1.0, 4.0],
        }
    )
    table = ambition_gap_statistics(gaps, SCORES, "nation")
    assert stats(table, "SE", "d1_trafikverket") == {
        "level": "nation", "group": "SE", "measure": "d1_trafikverket", "n": 3, "mean": 1.0, "median": 1.0,
        "min": 0.0, "max": 2.0,
    }  # fmt: skip
    assert stats(table, "SE", "d1_lst")["n"] == 1
    assert ambition_gap_statistics(gaps.iloc[:0], SCORES, "county").empty
