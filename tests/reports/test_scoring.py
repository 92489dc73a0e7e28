"""SPEC §4, rule by rule: each test states its rule and checks numbers worked out by hand; then a property test
against a second, deliberately plain implementation written here."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaire.loader import VERSIONS_DIR, load_file, load_text
from questionnaire.model import SCORED_DIMENSIONS
from reports.scoring import (
    ANSWER_COLUMNS,
    ambition_gaps,
    applicable_item_counts,
    dimension_scores,
    group_statistics,
    item_scores,
    priority_points,
)

V1 = load_file(VERSIONS_DIR / "v1.yaml")


def answers(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=ANSWER_COLUMNS)


def scores_of(rows, types: dict[str, str], questionnaire=V1) -> pd.DataFrame:
    organisations = pd.DataFrame({"organisation": list(types), "type": list(types.values())})
    return dimension_scores(answers(*rows), organisations, questionnaire)


def test_item_score_is_v_minus_one_over_four_times_100():
    """Rule: item score = (v − 1) / 4 × 100."""
    table = item_scores(answers(*[(f"o{v}", "d2_role_clarity", str(v)) for v in range(1, 6)]), V1)
    assert list(table["score"]) == [0.0, 25.0, 50.0, 75.0, 100.0]
    assert set(table["dimension"]) == {"roles"}


def test_a_reverse_item_scores_five_minus_v_over_four_times_100():
    """Rule: for a reverse item, item score = (5 − v) / 4 × 100 (d2_personal_dependence is reverse in v1)."""
    table = item_scores(answers(*[(f"o{v}", "d2_personal_dependence", str(v)) for v in range(1, 6)]), V1)
    assert list(table["score"]) == [100.0, 75.0, 50.0, 25.0, 0.0]


def test_na_counts_as_missing():
    """Rule: `na` (don't know / not applicable) is missing: no item score, not part of the mean, not answered.

    An agency has 5 roles items; ceil(5/2) = 3 must be answered. With 4 (75), 2 (25), 3 (50) and one `na`, the
    score is (75 + 25 + 50) / 3 = 50; with two of them turned into `na` only 2 are answered and the score is null.
    """
    rows = [
        ("agency-x", "d2_role_clarity", "4"),
        ("agency-x", "d2_mandate_clarity", "2"),
        ("agency-x", "d2_political_anchoring", "3"),
        ("agency-x", "d2_agreed_goals", "na"),
    ]
    assert scores_of(rows, {"agency-x": "agency"}).loc["agency-x", "roles"] == 50.0
    assert len(item_scores(answers(*rows), V1)) == 3
    fewer = [*rows[:2], ("agency-x", "d2_political_anchoring", "na"), rows[3]]
    assert math.isnan(scores_of(fewer, {"agency-x": "agency"}).loc["agency-x", "roles"])


def test_only_the_today_values_of_the_staircase_are_scored():
    """Rule: in D1 only *today* is scored; *target* never changes the staircase score.

    A kommun has 8 staircase partners (need 4). Today values 2, 3, 4, 5 → 25, 50, 75, 100 → 62.5, whatever the
    targets say.
    """
    today = [
        ("kommun-x", "d1_lst_today", "2"),
        ("kommun-x", "d1_region_today", "3"),
        ("kommun-x", "d1_trafikverket_today", "4"),
        ("kommun-x", "d1_business_today", "5"),
    ]
    targets = [("kommun-x", q.replace("today", "target"), "1") for _, q, _ in today]
    assert scores_of(today, {"kommun-x": "kommun"}).loc["kommun-x", "staircase"] == 62.5
    assert scores_of(today + targets, {"kommun-x": "kommun"}).loc["kommun-x", "staircase"] == 62.5
    assert scores_of(targets, {"kommun-x": "kommun"}).loc["kommun-x"].isna().all()


def test_a_dimension_needs_half_of_its_applicable_items_rounded_up():
    """Rule: null when fewer than ceil(k / 2) of the k scored items that apply to the type are answered.

    Resources has k = 3 for everyone: ceil(1.5) = 2. One answer (5 → 100) gives null; two (5, 1) give 50.
    Roles has k = 6 for a region (need 3) but k = 5 for an agency (need 3 too): ceil(2.5) = 3.
    """
    one = [("region-x", "d3_staff_sufficient", "5")]
    two = [*one, ("region-x", "d3_long_term_financing", "1")]
    assert math.isnan(scores_of(one, {"region-x": "region"}).loc["region-x", "resources"])
    assert scores_of(two, {"region-x": "region"}).loc["region-x", "resources"] == 50.0
    counts = applicable_item_counts(pd.Series(["region", "agency", "kommun"]), V1)
    assert counts.loc["region", "roles"] == 6 and counts.loc["agency", "roles"] == 5
    assert counts.loc["kommun", "staircase"] == 8 and counts.loc["region", "staircase"] == 8
    assert counts.loc["agency", "staircase"] == 5


def test_items_that_do_not_apply_to_the_type_are_left_out_even_if_answered():
    """Rule: only items that apply to the organisation's type count (d2_goals_in_plans is not asked of agencies).

    The agency answers 3 applicable items (1, 1, 1 → 0) and the inapplicable one with 5: the score stays 0.
    """
    rows = [
        ("agency-x", "d2_role_clarity", "1"),
        ("agency-x", "d2_mandate_clarity", "1"),
        ("agency-x", "d2_political_anchoring", "1"),
        ("agency-x", "d2_goals_in_plans", "5"),
    ]
    assert scores_of(rows, {"agency-x": "agency"}).loc["agency-x", "roles"] == 0.0


def test_a_dimension_where_no_item_applies_is_null():
    """Rule: null too when none of the dimension's scored items applies to the type."""
    questionnaire = load_text(
        """
version: t1
title: {sv: T, en: T}
scales:
  s:
    na_label: {sv: Vet ej, en: Don't know}
    steps:
      - {value: 1, label: {sv: a, en: a}}
      - {value: 2, label: {sv: b, en: b}}
      - {value: 3, label: {sv: c, en: c}}
      - {value: 4, label: {sv: d, en: d}}
      - {value: 5, label: {sv: e, en: e}}
sections:
  - id: gis
    code: D4
    title: {sv: G, en: G}
    items:
      - {id: g_regions_only, type: scale, scale: s, scored: true, applies_to: [region], title: {sv: x, en: x}}
"""
    )
    rows = [("kommun-x", "g_regions_only", "5"), ("region-x", "g_regions_only", "5")]
    table = scores_of(rows, {"kommun-x": "kommun", "region-x": "region"}, questionnaire)
    assert math.isnan(table.loc["kommun-x", "gis"])
    assert table.loc["region-x", "gis"] == 100.0


def test_the_maturity_index_is_the_mean_of_three_or_more_non_null_dimensions():
    """Rule: maturity index = mean of the non-null dimension scores; null when fewer than three are non-null.

    Resources 50 (5, 1), GIS 100 (5, 5), accessibility 25 (2, 2): index (50 + 100 + 25) / 3 = 58.33…; without
    accessibility only two dimensions are non-null and the index is null.
    """
    resources = [("lst-x", "d3_staff_sufficient", "5"), ("lst-x", "d3_long_term_financing", "1")]
    gis = [("lst-x", "d4_data_sharing", "5"), ("lst-x", "d4_functional_geographies", "5")]
    accessibility = [("lst-x", "d5_proximity", "2"), ("lst-x", "d5_mobility", "2")]
    table = scores_of(resources + gis + accessibility, {"lst-x": "lst"})
    assert table.loc["lst-x", "maturity_index"] == pytest.approx(175 / 3, abs=1e-12)
    assert math.isnan(table.loc["lst-x", "staircase"]) and math.isnan(table.loc["lst-x", "roles"])
    assert math.isnan(scores_of(resources + gis, {"lst-x": "lst"}).loc["lst-x", "maturity_index"])


def test_an_organisation_with_no_answers_gets_a_row_of_nulls():
    """Rule: every organisation given is scored; one that answered nothing scorable has only nulls."""
    table = scores_of([], {"region-x": "region"})
    assert list(table.index) == ["region-x"] and table.isna().all().all()
    assert dimension_scores(answers(), pd.DataFrame(columns=["organisation", "type"]), V1).empty


def test_group_statistics_leave_nulls_out():
    """Rule: groups give n, mean, median, min and max of the organisations' values; a null is not a value.

    Region values 10, 20, null, 60 → n 3, mean 30, median 20, min 10, max 60; kommun 40 alone → n 1.
    """
    values = pd.DataFrame(
        {"type": ["region", "region", "region", "region", "kommun"], "roles": [10.0, 20.0, None, 60.0, 40.0]}
    )
    by_type = group_statistics(values, "type")
    assert by_type.loc["region", "roles"].to_dict() == {"n": 3, "mean": 30.0, "median": 20.0, "min": 10.0, "max": 60.0}
    assert by_type.loc["kommun", ("roles", "n")] == 1
    nation = group_statistics(values[["roles"]])
    assert nation.loc["roles"].to_dict() == {"n": 4.0, "mean": 32.5, "median": 30.0, "min": 10.0, "max": 60.0}


RANKINGS = pd.DataFrame(
    {
        "organisation": ["o1", "o2", "o3", "o4"],
        "value": ["a>b>c", "b>a", "c>d>e>f>g", None],
    }
)
TOPICS = ["a", "b", "c", "d", "e", "f", "g", "h"]


def test_priority_points_give_five_for_rank_one_down_to_one_for_rank_five():
    """Rule: rank 1 gives 5 points, rank 2 gives 4, … rank 5 gives 1; points are summed over responses.

    a: 5 + 4 = 9; b: 4 + 5 = 9; c: 3 + 5 = 8; d 4, e 3, f 2, g 1, h (never ranked) 0.
    """
    table = priority_points(RANKINGS, TOPICS).set_index("topic")
    assert table["points"].to_dict() == {"a": 9, "b": 9, "c": 8, "d": 4, "e": 3, "f": 2, "g": 1, "h": 0}


def test_top3_share_is_over_the_responses_that_ranked_anything():
    """Rule: top3_share = share of the responses that ranked anything (3 here; o4 ranked nothing) with the topic
    in places 1–3. a, b, c: 2/3; d, e: 1/3; f (4th) and g (5th): 0."""
    table = priority_points(RANKINGS, TOPICS).set_index("topic")
    assert table["top3_share"].to_dict() == pytest.approx(
        {"a": 2 / 3, "b": 2 / 3, "c": 2 / 3, "d": 1 / 3, "e": 1 / 3, "f": 0.0, "g": 0.0, "h": 0.0}
    )
    assert priority_points(RANKINGS.iloc[3:], TOPICS)["top3_share"].eq(0.0).all()


def test_n_counts_the_responses_that_ranked_the_topic_at_all():
    """Rule: n = the number of submitted responses that ranked the topic, at any place."""
    table = priority_points(RANKINGS, TOPICS).set_index("topic")
    assert table["n"].to_dict() == {"a": 2, "b": 2, "c": 2, "d": 1, "e": 1, "f": 1, "g": 1, "h": 0}


def test_priorities_sort_by_points_then_topic_id():
    """Rule: sorted by points descending, then by topic id (a and b tie on 9: a first)."""
    assert list(priority_points(RANKINGS, TOPICS)["topic"]) == ["a", "b", "c", "d", "e", "f", "g", "h"]
    reversed_list = priority_points(RANKINGS, list(reversed(TOPICS)))
    assert list(reversed_list["topic"]) == ["a", "b", "c", "d", "e", "f", "g", "h"]


def test_ambition_gap_is_target_minus_today_where_both_are_steps():
    """Rule: gap = target − today, in steps, per partner; `na` (or no answer) on either side gives no row; a
    target below today gives a negative gap."""
    rows = [
        ("region-x", "d1_lst_today", "2"),
        ("region-x", "d1_lst_target", "4"),
        ("region-x", "d1_business_today", "4"),
        ("region-x", "d1_business_target", "3"),
        ("region-x", "d1_academia_today", "na"),
        ("region-x", "d1_academia_target", "3"),
        ("region-x", "d1_trafikverket_today", "3"),
    ]
    gaps = ambition_gaps(answers(*rows), V1)
    assert gaps.to_dict("records") == [
        {"organisation": "region-x", "partner": "d1_business", "today": 4.0, "target": 3.0, "gap": -1.0},
        {"organisation": "region-x", "partner": "d1_lst", "today": 2.0, "target": 4.0, "gap": 2.0},
    ]
    assert ambition_gaps(answers(), V1).empty


# --- the property test: a second, plain implementation of §4, written without pandas -------------------------


def plain_scores(values: dict[str, str], organisation_type: str) -> dict[str, float | None]:
    result: dict[str, float | None] = {}
    for dimension in SCORED_DIMENSIONS:
        items = [
            q
            for q in V1.questions()
            if q.section_id == dimension and q.scored and (not q.applies_to or organisation_type in q.applies_to)
        ]
        scores = []
        for question in items:
            value = values.get(question.id)
            if value in ("1", "2", "3", "4", "5"):
                step = int(value)
                scores.append((5 - step) / 4 * 100 if question.reverse else (step - 1) / 4 * 100)
        enough = len(items) > 0 and len(scores) >= math.ceil(len(items) / 2)
        result[dimension] = sum(scores) / len(scores) if enough else None
    present = [score for score in result.values() if score is not None]
    result["maturity_index"] = sum(present) / len(present) if len(present) >= 3 else None
    return result


TYPES = ["region", "lst", "kommun", "agency", "other"]
QUESTION_IDS = [q.id for q in V1.questions() if q.type == "scale"]
VALUES = st.sampled_from(["1", "2", "3", "4", "5", "na", "", "0", "6"])


@st.composite
def organisations(draw):
    count = draw(st.integers(min_value=1, max_value=6))
    result = {}
    for index in range(count):
        chosen = draw(st.lists(st.sampled_from(QUESTION_IDS), unique=True))
        result[f"org-{index}"] = (draw(st.sampled_from(TYPES)), {q: draw(VALUES) for q in chosen})
    return result


@settings(max_examples=300, deadline=None)
@given(organisations())
def test_scores_equal_a_plain_implementation(generated):
    rows = [(code, q, v) for code, (_type, values) in generated.items() for q, v in values.items()]
    types = {code: organisation_type for code, (organisation_type, _values) in generated.items()}
    table = scores_of(rows, types)
    for code, (organisation_type, values) in generated.items():
        expected = plain_scores(values, organisation_type)
        for column, value in expected.items():
            actual = table.loc[code, column]
            if value is None:
                assert math.isnan(actual), (code, column, actual)
            else:
                assert actual == pytest.approx(value, abs=1e-9), (code, column)


def plain_priorities(rankings: list[str | None], topics: list[str]) -> list[tuple[str, int, float, int]]:
    ranked = [value.split(">") for value in rankings if value]
    rows = []
    for topic in topics:
        points = sum(6 - (places.index(topic) + 1) for places in ranked if topic in places)
        top3 = sum(1 for places in ranked if topic in places[:3])
        count = sum(1 for places in ranked if topic in places)
        rows.append((topic, points, top3 / len(ranked) if ranked else 0.0, count))
    return sorted(rows, key=lambda row: (-row[1], row[0]))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.lists(st.sampled_from(TOPICS), unique=True, max_size=5).map(">".join),
        ),
        max_size=12,
    )
)
def test_priorities_equal_a_plain_implementation(rankings):
    frame = pd.DataFrame({"organisation": [f"o{i}" for i in range(len(rankings))], "value": rankings})
    table = priority_points(frame, TOPICS)
    actual = [(r.topic, r.points, r.top3_share, r.n) for r in table.itertuples()]
    expected = plain_priorities(rankings, TOPICS)
    assert [(t, p, n) for t, p, _s, n in actual] == [(t, p, n) for t, p, _s, n in expected]
    assert [s for *_, s, _n in actual] == pytest.approx([s for *_, s, _n in expected])
