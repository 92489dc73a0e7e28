"""The start page leads each logged-in user to their own work: a respondent to its organisation's questionnaire in
the open rounds and to its results, reviewers to the dashboards, admins to the admin console."""

import re

from extensions import db
from models import RoundStatus
from services.responses import get_or_create_response, submit
from services.rounds import create_round, get_round, set_state
from tests.factories import invitation_link, log_in, organisation, user


def links(page) -> set[str]:
    """The addresses linked from the page's main content (not the menu)."""
    return set(re.findall(r'href="([^"]+)"', _main(page)))


def _main(page) -> str:
    return re.search(r"<main.*?</main>", page.text, re.S).group(0)


def test_a_respondent_gets_its_questionnaire_in_each_open_round_and_its_results(app, client, open_round):
    with app.app_context():
        set_state(db.session, create_round(db.session, "2025b", actor="t"), RoundStatus.OPEN, actor="t")
        create_round(db.session, "2026", actor="t")  # a draft: not offered
        submit(
            db.session,
            get_or_create_response(db.session, organisation("kommun-0180"), get_round(db.session, "2025b")),
            actor="t",
        )
        db.session.commit()
    log_in(app, client, user(app, "svarar@stockholm.example", "respondent", "kommun-0180"))
    page = client.get("/")
    assert page.status_code == 200
    assert "Svara för Stockholms stad" in page.text
    assert {"/respond/2025/", "/respond/2025b/", "/results"} <= links(page)
    assert "/respond/2026/" not in links(page)
    assert "Inte påbörjat" in _main(page) and "Inskickat" in _main(page)
    assert "/admin/" not in links(page) and "/dashboard/overview" not in links(page)


def test_a_respondent_without_an_open_round_is_told_so(app, client, reference):
    log_in(app, client, user(app, "svarar@stockholm.example", "respondent", "kommun-0180"))
    page = client.get("/?lang=en")
    assert "No survey round is open right now." in page.text
    assert "/results" in links(page)


def test_a_reviewer_gets_the_dashboards_and_no_admin(app, client, open_round):
    log_in(app, client, user(app, "analys@myndighet.example", "reviewer"))
    found = links(client.get("/"))
    assert "/dashboard/overview" in found
    assert "/admin/" not in found and not any(link.startswith("/respond/") for link in found)


def test_an_admin_gets_the_admin_console_and_the_dashboards(app, client, open_round):
    log_in(app, client, user(app, "forum@example.se", "admin"))
    found = links(client.get("/"))
    assert {"/admin/", "/dashboard/overview"} <= found


def test_a_visitor_with_an_invitation_gets_back_to_the_questionnaire(app, client, open_round):
    anonymous = links(client.get("/"))
    assert "/login" in anonymous and not any(link.startswith("/respond/") for link in anonymous)
    client.get(invitation_link(app, "2025", "kommun-2580"))
    page = client.get("/")
    assert "Fortsätt svara för Luleå kommun" in page.text and "/respond/2025/" in links(page)
