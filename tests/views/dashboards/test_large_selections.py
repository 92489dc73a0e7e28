"""Selections too large for per-organisation charts: the organisation × partner grid becomes a grid of counties (or,
within a county, of organisation types), and an organisation is picked by typing its code. The limits are lowered
here so that the small test rounds count as large."""

import csv
import io
import re

import pytest

from tests.dashboard_setup import ROUNDS, build_rounds
from tests.factories import login, user_with_password
from tests.views.dashboards.test_pages import figures


@pytest.fixture
def reviewer(app, client, open_round, monkeypatch):
    build_rounds(app)
    monkeypatch.setattr("views.dashboards.staircase.MAX_HEATMAP_ROWS", 2)
    monkeypatch.setattr("views.dashboards.profile.LIST_LIMIT", 2)
    monkeypatch.setattr("views.dashboards.trends.LIST_LIMIT", 2)
    login(client, user_with_password(app, "analytiker@example.se", "reviewer"))
    return client


def rows(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.text)))


def test_a_large_selection_gets_one_row_per_county(reviewer):
    page = reviewer.get("/dashboard/staircase?round=2025&lang=en")
    assert "Mean step today per partner, by county" in page.text
    assert "too many to show one row each" in page.text
    grid = rows(reviewer, "/dashboard/staircase?round=2025&download=organisations")
    assert {row["county"] for row in grid} == {"01", "25"}
    assert all("organisation" not in row for row in grid), "no organisation is named"
    # In Norrbotten the board and the two municipalities rate the region, each at its level.
    region = next(row for row in grid if row["county"] == "25" and row["partner"] == "d1_region")
    expected = [ROUNDS["2025"][code] for code in ("lst-25", "kommun-2580", "kommun-2584")]
    assert int(region["n"]) == 3
    assert float(region["mean"]) == pytest.approx(sum(expected) / 3)
    heatmap = figures(page.text)["organisations"]["data"][0]
    assert heatmap["type"] == "heatmap" and len(heatmap["y"]) == 2


def test_within_a_county_the_rows_are_organisation_types(reviewer):
    grid = rows(reviewer, "/dashboard/staircase?round=2025&county=25&download=organisations")
    assert {row["type"] for row in grid} == {"region", "lst", "kommun"}
    municipalities = next(row for row in grid if row["type"] == "kommun" and row["partner"] == "d1_lst")
    assert int(municipalities["n"]) == 2
    levels = [ROUNDS["2025"][code] for code in ("kommun-2580", "kommun-2584")]
    assert float(municipalities["mean"]) == pytest.approx(sum(levels) / 2)


def test_a_small_selection_still_lists_each_organisation(reviewer):
    grid = rows(reviewer, "/dashboard/staircase?round=2025&county=01&type=kommun&download=organisations")
    assert [row["organisation"] for row in grid] == ["kommun-0180"]


def test_the_profile_takes_a_typed_code_when_the_list_would_be_too_long(reviewer):
    page = reviewer.get("/dashboard/profile?round=2025&lang=en")
    assert re.search(r'<input type="text" id="filter-organisation" name="organisation" value=""', page.text)
    assert 'aria-describedby="filter-organisation-hint"' in page.text
    assert "too many to list" in page.text
    assert set(figures(page.text)) == {"distribution"}, "the distribution is shown meanwhile"
    chosen = reviewer.get("/dashboard/profile?round=2025&organisation=lst-25&lang=en")
    radar = figures(chosen.text)["radar"]
    assert radar["data"][0]["name"] == "Norrbotten County Administrative Board"
    assert 'value="lst-25"' in chosen.text
    draft = reviewer.get("/dashboard/profile?round=2025&organisation=region-12&lang=en")
    assert "“region-12” has no submitted answers in this selection." in draft.text
    assert 'aria-describedby="filter-organisation-hint filter-organisation-error"' in draft.text
    elsewhere = reviewer.get("/dashboard/profile?round=2025&type=kommun&organisation=lst-25&lang=en")
    assert "“lst-25” has no submitted answers in this selection." in elsewhere.text
    assert "radar" not in figures(elsewhere.text)


def test_trends_follow_a_typed_code(reviewer):
    page = reviewer.get("/dashboard/trends?round=2025")
    assert '<input type="text" id="filter-organisation" name="organisation" value=""' in page.text
    followed = rows(reviewer, "/dashboard/trends?round=2025&organisation=lst-25&download=dimensions")
    assert all(row["followed"] for row in followed if row["measure"] == "roles")
    unknown = reviewer.get("/dashboard/trends?round=2025&organisation=kommun-9999")
    assert "”kommun-9999” har inga inskickade svar" in unknown.text
