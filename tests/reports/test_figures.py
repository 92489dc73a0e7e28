"""Figure builders and group figures on small DataFrames: what the figure draws is what the scoring computes."""

import math

import pandas as pd
import pytest

from questionnaire.loader import load_file, version_path
from reports import scoring
from reports.figures.bars import ranked_bars, stacked_bars
from reports.figures.boxes import Marker, distribution_boxes
from reports.figures.dumbbells import dumbbells
from reports.figures.heatmaps import step_heatmap, value_heatmap
from reports.figures.maps import county_map
from reports.figures.radars import Profile, profile_radar
from reports.figures.trends import median_bands
from reports.groups import describe
from reports.labels import DIMENSION_LABELS, label
from reports.single_organisations import counterpart_pairs
from tests.reference.group_tables import (
    county_measure,
    gap_summary,
    option_shares,
    priority_by_group,
    step_distribution,
    trend_statistics,
)

DIMENSIONS = list(scoring.SCORE_COLUMNS)


@pytest.fixture(scope="module")
def questionnaire():
    return load_file(version_path("v1"))


def answers_for(questionnaire, organisation: str, organisation_type: str, level: int, **overrides) -> list[dict]:
    """Every scale item applying to the type at `level` (targets one higher), plus `overrides`."""
    rows = {}
    for question in questionnaire.questions_for(organisation_type):
        if question.type == "scale":
            step = level + 1 if question.staircase_role == "target" else level
            rows[question.id] = str(min(5, step))
    rows.update(overrides)
    return [{"organisation": organisation, "question": q, "value": v} for q, v in rows.items()]


@pytest.fixture(scope="module")
def round_data(questionnaire):
    organisations = pd.DataFrame(
        [
            ("region-25", "Region Norrbotten", "region", "25"),
            ("lst-25", "Länsstyrelsen i Norrbottens län", "lst", "25"),
            ("kommun-2580", "Luleå kommun", "kommun", "25"),
            ("kommun-2584", "Kiruna kommun", "kommun", "25"),
            ("region-01", "Region Stockholm", "region", "01"),
            ("lst-01", "Länsstyrelsen i Stockholms län", "lst", "01"),
            ("kommun-0180", "Stockholms stad", "kommun", "01"),
        ],
        columns=["organisation", "name_sv", "type", "county"],
    )
    levels = {"region-25": 2, "lst-25": 4, "kommun-2580": 3, "kommun-2584": 1, "region-01": 5, "lst-01": 3}
    rows = []
    for organisation, level in levels.items():
        organisation_type = organisations.set_index("organisation").loc[organisation, "type"]
        rows += answers_for(questionnaire, organisation, organisation_type, level)
    # Stockholms stad answers only two roles items: too few for a roles score (SPEC §4), none elsewhere.
    rows += [
        {"organisation": "kommun-0180", "question": "d2_role_clarity", "value": "4"},
        {"organisation": "kommun-0180", "question": "d2_mandate_clarity", "value": "na"},
    ]
    answers = pd.DataFrame(rows)
    scores = scoring.dimension_scores(answers, organisations, questionnaire)
    scores = organisations.merge(scores.reset_index(), on="organisation")
    return organisations, answers, scores


def test_group_statistics_are_the_scorings_and_small_groups_are_blanked(round_data):
    _, _, scores = round_data
    stats = describe(scores, ["roles", "maturity_index"], by="type").set_index(["type", "measure"])
    expected = scoring.group_statistics(scores[["type", "roles", "maturity_index"]], "type")
    for organisation_type in ("region", "lst", "kommun"):
        for measure in ("roles", "maturity_index"):
            for statistic in ("n", "mean", "median", "min", "max"):
                got, want = (
                    stats.loc[(organisation_type, measure), statistic],
                    expected.loc[organisation_type, (measure, statistic)],
                )
                assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)
    anonymous = describe(scores, ["roles"], by="type", min_n=3).set_index("type")
    # Two regions, two boards, three municipalities (one without a roles score): every group has fewer than 3.
    assert anonymous["suppressed"].all()
    assert anonymous["median"].isna().all()
    assert anonymous.loc["kommun", "n"] == 2


def test_the_radar_draws_the_organisations_dimension_scores(round_data):
    _, _, scores = round_data
    own = scores.set_index("organisation").loc["region-25"]
    figure = profile_radar(
        [Profile("Region Norrbotten", {d: own[d] for d in DIMENSIONS}, "#000")],
        dimensions=[(d, label(DIMENSION_LABELS, d)) for d in DIMENSIONS[:5]],
        title="Region Norrbotten: score per dimension",
    )
    trace = figure.data[0]
    assert list(trace.r[:5]) == pytest.approx([own[d] for d in DIMENSIONS[:5]])
    assert trace.r[5] == trace.r[0], "the line closes on itself"
    assert list(trace.theta[:5]) == ["Collaboration staircase", "Roles and mandates", "Resources",
                                     "GIS and digital planning data", "Accessibility"]  # fmt: skip
    assert figure.layout.title.text == "Region Norrbotten: score per dimension"
    # Level 2 of 5 on every item: (2 − 1) / 4 × 100 = 25, except the reverse roles item: (5 − 2) / 4 × 100 = 75.
    assert own["staircase"] == pytest.approx(25.0)
    assert own["roles"] == pytest.approx((5 * 25 + 75) / 6)


def test_boxes_come_from_the_statistics_and_leave_small_groups_out(round_data):
    _, _, scores = round_data
    stats = describe(scores, DIMENSIONS)
    figure = distribution_boxes(
        stats,
        category="measure",
        categories=[(d, label(DIMENSION_LABELS, d)) for d in DIMENSIONS],
        title="Distribution",
        axis_title="Score",
        group_name="All",
        markers=[Marker("Region Norrbotten", scores.set_index("organisation").loc["region-25"].to_dict(), "#000")],
    )
    box, marker = figure.data
    medians = dict(zip(box.y, box.median, strict=True))
    for dimension in DIMENSIONS:
        assert medians[label(DIMENSION_LABELS, dimension)] == pytest.approx(scores[dimension].median())
    assert list(box.lowerfence) == pytest.approx([scores[d].min() for d in DIMENSIONS])
    assert box.boxpoints is False, "no single organisation's value reaches the page"
    assert list(marker.x) == pytest.approx([scores.set_index("organisation").loc["region-25", d] for d in DIMENSIONS])
    blanked = distribution_boxes(
        describe(scores, DIMENSIONS, min_n=10),
        category="measure",
        categories=[(d, d) for d in DIMENSIONS],
        title="t",
        axis_title="a",
        group_name="g",
    )
    assert len(blanked.data[0].y or ()) == 0


def test_counterparts_are_region_minus_board_sorted_by_the_size_of_the_difference(round_data):
    _, _, scores = round_data
    pairs = counterpart_pairs(scores, DIMENSIONS)
    indexed = scores.set_index("organisation")
    first = pairs.iloc[0]
    region, board = indexed.loc[f"region-{first['county']}"], indexed.loc[f"lst-{first['county']}"]
    assert first["difference"] == pytest.approx(region[first["measure"]] - board[first["measure"]])
    assert list(pairs["difference"].abs()) == sorted(pairs["difference"].abs(), reverse=True)
    assert set(pairs["county"]) == {"25", "01"}
    figure = dumbbells(
        pairs.assign(row=pairs["county"] + pairs["measure"]),
        row="row",
        left="region",
        right="lst",
        left_name="Region",
        right_name="Board",
        left_colour="#00f",
        right_colour="#f00",
        title="Region and board",
        axis_title="Score",
    )
    assert list(figure.data[1].x) == pytest.approx(list(pairs["region"]))
    assert list(figure.data[2].x) == pytest.approx(list(pairs["lst"]))


def test_the_map_colours_each_county_by_its_median_and_greys_the_rest(round_data):
    _, _, scores = round_data
    table = county_measure(scores, pd.DataFrame(columns=["county", "status"]), "maturity_index")
    geojson = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": code, "properties": {}, "geometry": {"type": "Point", "coordinates": [18, 60]}}
            for code in ("01", "03", "25")
        ],
    }
    figure = county_map(
        table,
        geojson,
        county_names={"01": "Stockholms län", "03": "Uppsala län", "25": "Norrbottens län"},
        title="Maturity index by county",
        measure_label="Maturity index",
        no_value_text="no value",
    )
    grey, coloured = figure.data
    assert list(grey.locations) == ["03"]
    assert [f["id"] for f in grey.geojson["features"]] == ["03"], "each boundary is sent once"
    values = dict(zip(coloured.locations, coloured.z, strict=True))
    assert values["25"] == pytest.approx(scores[scores["county"] == "25"]["maturity_index"].median())
    assert values["01"] == pytest.approx(scores[scores["county"] == "01"]["maturity_index"].median())


def test_response_rate_per_county():
    participation = pd.DataFrame(
        {
            "county": ["25", "25", "25", "01", None],
            "status": ["submitted", "draft", "not_started", "submitted", "submitted"],
        }
    )
    table = county_measure(pd.DataFrame(), participation, "response_rate").set_index("county")
    assert table.loc["25", "value"] == pytest.approx(1 / 3)
    assert table.loc["25", "n"] == 3
    assert table.loc["01", "value"] == 1.0


def test_step_distribution_and_ambition_gaps(round_data, questionnaire):
    _, answers, _ = round_data
    table = step_distribution(answers, questionnaire).set_index(["partner", "step"])
    # The county's municipalities are rated by regions and boards: steps 2, 4, 5 and 3.
    assert table.loc[("d1_municipalities", "4"), "count"] == 1
    assert table.loc[("d1_municipalities", "1"), "count"] == 0
    assert table.loc[("d1_municipalities", "2"), "n"] == 4
    assert table.loc[("d1_municipalities", "5"), "share"] == pytest.approx(0.25)
    figure = stacked_bars(
        table.reset_index(),
        category="partner",
        part="step",
        value="share",
        count="count",
        categories=[("d1_municipalities", "Municipalities"), ("d1_trafikverket", "Trafikverket")],
        parts=[(str(i), f"{i}", "#000") for i in range(1, 6)],
        title="Steps",
        axis_title="Share",
    )
    assert [trace.name for trace in figure.data] == ["1", "2", "3", "4", "5"]
    assert figure.data[3].x[0] == pytest.approx(0.25)
    gaps = scoring.ambition_gaps(answers, questionnaire)
    summary = gap_summary(gaps, ["d1_municipalities"]).set_index("partner")
    expected = gaps[gaps["partner"] == "d1_municipalities"]
    assert summary.loc["d1_municipalities", "gap"] == pytest.approx(expected["gap"].mean())
    assert summary.loc["d1_municipalities", "share_higher"] == pytest.approx((expected["gap"] > 0).mean())


def test_priorities_per_type_are_the_scorings_points():
    rankings = pd.DataFrame(
        {
            "organisation": ["region-25", "region-01", "kommun-0180", "kommun-2580"],
            "value": ["gis>funding>europe", "funding>gis", "europe", "gis"],
        }
    )
    organisations = pd.DataFrame(
        {"organisation": list(rankings["organisation"]), "type": ["region", "region", "kommun", "kommun"]}
    )
    table = priority_by_group(rankings, organisations, ["gis", "funding", "europe"]).set_index(["type", "topic"])
    regions = scoring.priority_points(rankings.iloc[:2], ["gis", "funding", "europe"]).set_index("topic")
    assert table.loc[("region", "gis"), "points"] == regions.loc["gis", "points"] == 9
    assert table.loc[("region", "europe"), "top3_share"] == pytest.approx(0.5)
    assert table.loc[("kommun", "gis"), "responses"] == 2
    figure = ranked_bars(
        regions.reset_index(), label="topic", value="points", show_values=True, title="Topics", axis_title="Points"
    )
    assert list(figure.data[0].x) == list(regions["points"])
    # gis and funding tie on 9 points; the tie goes to the topic id (SPEC §4).
    assert list(figure.data[0].y) == ["funding", "gis", "europe"] == list(regions.index)


def test_option_shares_count_each_organisation_once_per_option():
    answers = pd.DataFrame(
        {
            "organisation": ["a", "b", "c"],
            "question": ["d6_barriers"] * 3,
            "value": ["sector-silos|staff-turnover", "sector-silos", "other"],
        }
    )
    organisations = pd.DataFrame({"organisation": ["a", "b", "c"], "type": ["region", "region", "kommun"]})
    table = option_shares(answers, organisations, "d6_barriers", ["sector-silos", "staff-turnover", "other"])
    table = table.set_index(["type", "option"])
    assert table.loc[("region", "sector-silos"), "share"] == 1.0
    assert table.loc[("region", "staff-turnover"), "share"] == 0.5
    assert table.loc[("kommun", "sector-silos"), "count"] == 0


def test_heatmaps_draw_the_grid_with_gaps_for_missing_values():
    wide = pd.DataFrame({"gis": [1.0, None], "roles": [3.0, 5.0]}, index=["region-25", "lst-25"])
    figure = step_heatmap(
        wide,
        row_labels={"region-25": "Region Norrbotten"},
        column_labels={"gis": "GIS"},
        step_labels=["Information", "Dialog", "Samordning", "Samarbete", "Samskapande"],
        title="Steps",
        colorbar_title="Step",
    )
    assert [list(row) for row in figure.data[0].z] == [[1.0, 3.0], [None, 5.0]]
    assert list(figure.data[0].y) == ["Region Norrbotten", "lst-25"]
    assert list(figure.data[0].colorbar.ticktext)[4] == "5 Samskapande"
    shares = value_heatmap(
        wide / 5, row_labels={}, column_labels={}, title="Shares", colorbar_title="Share", share=True
    )
    assert shares.data[0].texttemplate == "%{z:.0%}"


def test_trends_draw_each_rounds_median_and_quartiles(round_data):
    _, _, scores = round_data
    trend = pd.concat([scores.assign(round="2024"), scores.assign(round="2025", roles=scores["roles"] + 10)])
    stats = trend_statistics(trend, ["roles"], {"2024": None, "2025": 3})
    figure = median_bands(
        stats,
        measures=[("roles", "Roles")],
        rounds=["2024", "2025"],
        title="Trends",
        median_name="Median",
        band_name="Middle half",
        columns=1,
    )
    lower, upper, median = figure.data
    assert median.y[0] == pytest.approx(scores["roles"].median())
    assert median.y[1] == pytest.approx(scores["roles"].median() + 10)
    assert upper.y[0] == pytest.approx(scores["roles"].quantile(0.75))
    assert lower.y[0] == pytest.approx(scores["roles"].quantile(0.25))
    assert figure.layout.title.text == "Trends"


def test_labels_follow_the_language_of_the_request(app):
    with app.test_request_context("/?lang=sv"):
        assert label(DIMENSION_LABELS, "roles") == "Roller och mandat"
        assert label(DIMENSION_LABELS, "unknown-dimension") == "unknown-dimension"
    with app.test_request_context("/?lang=en"):
        assert label(DIMENSION_LABELS, "roles") == "Roles and mandates"
