"""Every dashboard and /results in real Chromium, in Swedish and English: the charts are drawn, nothing is refused
by the Content-Security-Policy (a console error would fail the test), no request leaves the machine, and axe-core
finds no serious or critical violation."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.dashboard_setup import build_rounds
from tests.factories import PASSWORD, user_with_password
from views.dashboards import DASHBOARDS

pytestmark = pytest.mark.browser

#: What to ask each page for, so that every chart of it is drawn.
QUERIES = {
    "profile": "?round=2025&organisation=region-25",
    "counterparts": "?round=2025&region=region-25",
    "trends": "?round=2025&organisation=lst-25",
}


def log_in(page, live_server: str, email: str, language: str) -> None:
    page.goto(f"{live_server}/lang/{language}?next=/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("form.inline-form button")).to_be_visible()


def expect_charts_drawn(page) -> int:
    figures = page.locator("[data-figure]")
    count = figures.count()
    assert count > 0, "the page has charts"
    expect(page.locator(".chart-drawn")).to_have_count(count, timeout=20_000)
    expect(page.locator(".chart-drawn .main-svg").first).to_be_visible()
    return count


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_dashboard_draws_its_charts_offline_and_accessibly(app, live_server, watched, open_round, language):
    build_rounds(app)
    page = watched.page
    log_in(page, live_server, user_with_password(app, "analytiker@example.se", "reviewer"), language)
    for name in DASHBOARDS:
        page.goto(f"{live_server}/dashboard/{name}{QUERIES.get(name, '?round=2025')}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect_charts_drawn(page)
        closed = page.locator("details.chart-table:not([open])")
        if closed.count():
            closed.first.locator("summary").click()
            expect(page.locator("details.chart-table[open] table").first).to_be_visible()
        assert_accessible(page, f"{name} ({language})")
    page.goto(f"{live_server}/dashboard/overview?round=nineteen&county=99")
    expect(page.locator("#error-summary")).to_be_focused()
    expect_charts_drawn(page)
    assert_accessible(page, f"overview with bad filters ({language})")


def test_the_county_map_is_drawn_without_leaving_the_machine(app, live_server, watched, open_round):
    build_rounds(app)
    page = watched.page
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, live_server, user_with_password(app, "analytiker@example.se", "reviewer"), "sv")
    page.goto(f"{live_server}/dashboard/overview?round=2025")
    expect_charts_drawn(page)
    # All 21 counties are drawn: those with a value in colour, the rest grey.
    expect(page.locator("#chart-map path.choroplethlocation")).to_have_count(21)
    # plotly.js asked for its base map, and asked the app for it.
    assert f"{live_server}/assets/topojson/world_110m.json" in requested
    assert all(url.startswith(live_server) for url in requested), requested
    # The watched fixture fails the test if any request tried to leave 127.0.0.1 or the CSP refused anything.


@pytest.mark.parametrize("language", ["sv", "en"])
def test_results_are_drawn_for_a_respondent(app, live_server, watched, open_round, language):
    build_rounds(app, with_anonymous=False)
    page = watched.page
    log_in(page, live_server, user_with_password(app, "planerare@example.se", "respondent", "region-25"), language)
    page.goto(f"{live_server}/results")
    heading = "Våra resultat: Region Norrbotten" if language == "sv" else "Our results: Region Norrbotten"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert expect_charts_drawn(page) == 4
    assert_accessible(page, f"results ({language})")
    page.emulate_media(media="print")
    expect(page.locator(".filter-form")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_large_selections_show_groups_and_take_a_typed_code(
    app, live_server, watched, open_round, monkeypatch, language
):
    """With the limits lowered, the small test round counts as large: the staircase grid has a row per county, and
    the profile's organisation is typed as a code, with the hint and any error tied to the field."""
    build_rounds(app)
    monkeypatch.setattr("views.dashboards.staircase.MAX_HEATMAP_ROWS", 2)
    monkeypatch.setattr("views.dashboards.profile.LIST_LIMIT", 2)
    page = watched.page
    log_in(page, live_server, user_with_password(app, "analytiker@example.se", "reviewer"), language)
    page.goto(f"{live_server}/dashboard/staircase?round=2025")
    assert expect_charts_drawn(page) == 3
    expect(page.locator("#chart-organisations .ytick")).to_have_count(2)
    assert_accessible(page, f"staircase by county ({language})")
    page.goto(f"{live_server}/dashboard/profile?round=2025")
    assert expect_charts_drawn(page) == 1, "the distribution, until an organisation is chosen"
    field = page.get_by_label("Organisation (kod)" if language == "sv" else "Organisation (code)")
    expect(field).to_have_attribute("aria-describedby", "filter-organisation-hint")
    assert_accessible(page, f"profile with a code field ({language})")
    field.fill("kommun-9999")
    page.locator(".filter-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"profile with an unknown code ({language})")
    field.fill("lst-25")
    field.press("Enter")
    assert expect_charts_drawn(page) == 2, "the radar and the distribution"
    expect(page.locator("#filter-organisation")).to_have_value("lst-25")
