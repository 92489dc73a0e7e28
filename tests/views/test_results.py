"""/results: an organisation's own results for invitation holders and respondent users, and for nobody else."""

import csv
import io
import json
import re

import pytest

from extensions import db
from services import dashboard_data
from services.rounds import get_round
from tests.dashboard_setup import build_rounds
from tests.factories import csrf_token, invitation_link, login, user_with_password

OTHERS = ["Region Stockholm", "Länsstyrelsen i Norrbottens län", "Luleå kommun", "Kiruna kommun", "Stockholms stad"]


@pytest.fixture
def rounds(app, open_round):
    build_rounds(app, with_anonymous=False)


def rows(response) -> list[dict]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.text)))


def figures(html: str) -> dict[str, dict]:
    found = re.findall(r'<script type="application/json" id="figure-([\w-]+)">(.*?)</script>', html, re.S)
    return {chart_id: json.loads(text) for chart_id, text in found}


def test_a_respondent_sees_the_organisations_results_and_nobody_elses_name(app, client, rounds):
    login(client, user_with_password(app, "planerare@example.se", "respondent", "region-25"))
    page = client.get("/results")
    assert page.status_code == 200
    assert "Våra resultat: Region Norrbotten" in page.text
    charts = figures(page.text)
    assert set(charts) == {"radar", "distribution", "change", "gaps"}
    for name in OTHERS:
        assert name not in page.text, f"{name} appears on another organisation's results"
    with app.app_context():
        now = dashboard_data.round_scores(db.session, get_round(db.session, "2025")).set_index("organisation")
        before = dashboard_data.round_scores(db.session, get_round(db.session, "2024")).set_index("organisation")
    assert charts["radar"]["data"][0]["r"][1] == pytest.approx(now.loc["region-25", "roles"])
    change = rows(client.get("/results?round=2025&download=change"))
    assert list(change[0]) == ["measure", "measure_label", "previous", "current", "change"]
    roles = next(row for row in change if row["measure"] == "roles")
    assert float(roles["previous"]) == pytest.approx(before.loc["region-25", "roles"])
    assert float(roles["change"]) == pytest.approx(now.loc["region-25", "roles"] - before.loc["region-25", "roles"])
    assert "Skriv ut eller spara som PDF" in page.text
    lst = next(row for row in rows(client.get("/results?round=2025&download=gaps")) if row["partner"] == "d1_lst")
    assert (lst["today"], lst["target"], lst["gap"]) == ("3", "4", "1")


def test_groups_smaller_than_three_are_not_shown_to_a_respondent(app, client, rounds):
    login(client, user_with_password(app, "kommun@example.se", "respondent", "kommun-0180"))
    roles = next(row for row in rows(client.get("/results?download=radar")) if row["measure"] == "roles")
    # Three municipalities answered in 2025: peers may be shown. Everyone (seven) too.
    assert roles["peers_n"] == "3" and roles["peers_median"]
    login(client, user_with_password(app, "stockholm@example.se", "respondent", "region-01"))
    page = client.get("/results?round=2024")
    assert "Samverkanstrappan 2024" in page.text
    roles = next(row for row in rows(client.get("/results?round=2024&download=radar")) if row["measure"] == "roles")
    assert roles["peers_n"] == "2" and roles["peers_median"] == "", "two regions in 2024: too few to show"
    assert roles["national_n"] == "3" and roles["national_median"]


def test_an_invitation_holder_sees_the_results_of_that_round_after_submitting(app, client, open_round):
    link = invitation_link(app, "2025", "kommun-2580")
    client.get(link)
    page = client.get("/results")
    assert "Era resultat visas här när er organisation har skickat in sina svar" in page.text
    landing = client.get("/respond/2025/review")
    client.post(
        "/respond/2025/section/roles",
        data={"csrf_token": csrf_token(landing.text), "version": "0", "action": "save", "d2_role_clarity": "4"},
    )
    client.post("/respond/2025/submit", data={"csrf_token": csrf_token(landing.text)})
    receipt = client.get("/respond/2025/receipt")
    assert 'href="/results?round=2025"' in receipt.text
    results = client.get("/results?round=2025")
    assert "Våra resultat: Luleå kommun" in results.text
    assert "Omgången är fortfarande öppen" in results.text
    assert "första omgång" in results.text


def test_results_refuse_those_without_an_organisation(app, client, rounds):
    assert client.get("/results").status_code == 302
    login(client, user_with_password(app, "analytiker@example.se", "reviewer"))
    assert client.get("/results").status_code == 403


def test_a_round_without_results_gives_a_message(app, client, rounds):
    login(client, user_with_password(app, "planerare@example.se", "respondent", "lst-25"))
    page = client.get("/results?round=1999")
    assert page.status_code == 200
    assert "Er organisation har inga resultat att visa för ”1999”. Den senaste omgången visas." in page.text
    assert set(figures(page.text)) >= {"radar", "change"}
    assert client.get("/results?download=nonsense").status_code == 404
    english = client.get("/results?lang=en")
    assert "Our results: County administrative board" not in english.text
    assert "Our results: Norrbotten County Administrative Board" in english.text
    missing = client.get("/results?round=1999&lang=en")
    assert "Your organisation has no results for “1999” to show. Showing the latest round." in missing.text
    assert "/results?round=2025&amp;download=radar" in missing.text  # the latest round is the one shown
