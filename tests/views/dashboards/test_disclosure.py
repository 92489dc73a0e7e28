"""Issue 15, finding 1: an anonymous round must not give away one organisation by subtraction of two groups that
both pass the min-n rule, nor by a min/max, nor by shares, nor by trends' participation — over real HTTP, on the
round of the report (Region Norrbotten, three municipalities of län 25, and others)."""

import csv
import io
import itertools

import pytest

from extensions import db
from models import RoundStatus
from services import dashboard_data
from services.questionnaires import questionnaire_of
from services.responses import get_or_create_response, save_answers, submit
from services.rounds import create_round, get_round, set_state, topic_ids
from tests.dashboard_setup import values_for
from tests.factories import login, organisation, user_with_password

ROUND = "2027"
#: Organisation → level of its answers. The region stands out, so its value differs from every municipality's.
LEVELS = {
    "region-25": 5,
    "kommun-2580": 1,
    "kommun-2582": 2,
    "kommun-2584": 2,
    "region-01": 4,
    "lst-01": 3,
    "kommun-0180": 3,
    "kommun-0114": 2,
    "kommun-0115": 4,
}
TYPES = ["", "region", "lst", "kommun"]
COUNTIES = ["", "25", "01"]
#: The CSVs name counties and types (in Swedish, the default language; the type table is read in English).
COUNTY_NAMES = {"Norrbottens län": "25", "Stockholms län": "01"}
TYPE_NAMES = {"Regions": "region", "County administrative boards": "lst", "Municipalities": "kommun"}


@pytest.fixture
def reviewer(app, client, open_round):
    with app.app_context():
        found = create_round(db.session, ROUND, actor="test", visibility="anonymous")
        set_state(db.session, found, RoundStatus.CLOSED, actor="test")
        questionnaire = questionnaire_of(found.questionnaire_version)
        for code, level in LEVELS.items():
            response = get_or_create_response(db.session, organisation(code), found)
            values = values_for(questionnaire, code.split("-")[0], level)
            save_answers(
                db.session, response, values, questionnaire, actor="test", source="import", topic_ids=topic_ids(found)
            )
            submit(db.session, response, actor="test")
        db.session.commit()
    login(client, user_with_password(app, "analytiker@example.se", "reviewer"))
    return client


def rows(client, query: str) -> list[dict]:
    response = client.get(f"/dashboard/{query}")
    if response.status_code == 404:
        return []  # the chart is not on the page: nothing of it is published
    assert response.status_code == 200, query
    return list(csv.DictReader(io.StringIO(response.text)))


def number(value: str) -> float | None:
    return float(value) if value not in ("", None) else None


def region_index(app) -> float:
    with app.app_context():
        scores = dashboard_data.round_scores(db.session, get_round(db.session, ROUND), organisations=["region-25"])
        return float(scores.iloc[0]["maturity_index"])


def test_the_region_of_the_report_cannot_be_recovered_by_subtraction(app, reviewer):
    county = rows(reviewer, f"overview?round={ROUND}&county=25&download=map")
    municipalities = rows(reviewer, f"overview?round={ROUND}&county=25&type=kommun&download=map")
    wide = next(r for r in county if COUNTY_NAMES.get(r["county_name"]) == "25")
    narrow = next((r for r in municipalities if COUNTY_NAMES.get(r["county_name"]) == "25"), None)
    assert int(wide["n"]) == 4
    published = [r for r in (wide, narrow) if r is not None and number(r["mean"]) is not None]
    if len(published) == 2:
        recovered = 4 * number(wide["mean"]) - 3 * number(narrow["mean"])
        assert recovered != pytest.approx(region_index(app)), "4 × the county's mean − 3 × its municipalities'"
    assert len(published) < 2, "the county and its municipalities both show a mean: the region is their difference"
    for row in county + municipalities:
        assert row.get("min", "") == "" and row.get("max", "") == "", "an extreme is one organisation's value"


def test_no_two_published_selections_differ_by_one_or_two_organisations(reviewer):
    """Every reachable filter of the overview's map and type table: each published group (its n and mean of the
    maturity index), and for each pair where one contains the other the difference is 0 or at least 3."""
    published = {}
    for type_, county in itertools.product(TYPES, COUNTIES):
        query = f"overview?round={ROUND}&type={type_}&county={county}"
        for row in rows(reviewer, f"{query}&download=map"):
            if number(row["mean"]) is not None:
                published[(type_ or None, COUNTY_NAMES[row["county_name"]])] = int(row["n"])
        for row in rows(reviewer, f"{query}&download=types&lang=en"):
            if row["measure_label"] == "Maturity index" and number(row["mean"]) is not None:
                published[(TYPE_NAMES[row["type_label"]], county or None)] = int(row["n"])
    assert published, "some group is shown"
    members = {selection: {code for code in LEVELS if _in(code, selection)} for selection in [*published, (None, None)]}
    for a, b in itertools.permutations(published, 2):
        if members[b] < members[a]:
            assert len(members[a] - members[b]) >= 3, f"{a} less {b} is {members[a] - members[b]}"


def _in(code: str, selection) -> bool:
    """Whether the organisation `code` (region-25, lst-01, kommun-2580) is in the selection (type, county)."""
    type_, county = selection
    kind, number_ = code.split("-")
    return type_ in (None, kind) and (county is None or number_.startswith(county))


def test_steps_give_away_no_region_by_shares(reviewer):
    county = {r["partner"]: r for r in rows(reviewer, f"staircase?round={ROUND}&county=25&download=steps")}
    municipalities = {
        r["partner"]: r for r in rows(reviewer, f"staircase?round={ROUND}&county=25&type=kommun&download=steps")
    }
    for partner, wide in county.items():
        narrow = municipalities.get(partner)
        shown = [r for r in (wide, narrow) if r is not None and number(r.get("share_5", "")) is not None]
        assert len(shown) < 2, f"{partner}: the region's step is the difference of the shares"


def test_trends_participation_shows_no_group_under_three(reviewer):
    for county in COUNTIES:
        for row in rows(reviewer, f"trends?round={ROUND}&county={county}&download=participation"):
            if row["round"] == ROUND and row["value"] != "":
                assert int(row["value"]) >= 3, f"county {county or 'all'}: {row}"


def test_the_notice_says_why_in_both_languages(reviewer):
    swedish = reviewer.get(f"/dashboard/overview?round={ROUND}&county=25&type=kommun&lang=sv").text
    assert "skulle avslöja färre än 3 organisationer" in swedish
    english = reviewer.get(f"/dashboard/overview?round={ROUND}&county=25&type=kommun&lang=en").text
    assert "would give away fewer than 3" in english
    assert "no lowest or highest value is shown" in english
