"""An admin reads one organisation's response: every answer, its status, who changed what and when, and reopens it."""

import html
import re

import pytest
from sqlalchemy import select

from extensions import db
from models import Invitation, Response
from questionnaire.kinds import kind_for
from services.questionnaires import questionnaire_of
from services.rounds import get_round
from tests.factories import csrf_token, invitation_link, organisation
from tests.journeys.test_respondent import open_link, post_section
from tests.views.admin.test_rounds import Admin, audit_actions

PAGE = "/admin/rounds/2025/responses/region-25"


@pytest.fixture
def admin(app, reference):
    return Admin(app)


@pytest.fixture
def submitted(app, open_round):
    """Region 25 answers through its link, changes an answer, and submits."""
    client = app.test_client()
    open_link(client, invitation_link(app, "2025", "region-25"))
    post_section(client, "roles", {"d2_role_clarity": "4"}, action="save")
    post_section(client, "roles", {"d2_role_clarity": "5", "d2_political_anchoring": "2"}, action="save")
    client.post("/respond/2025/submit", data={"csrf_token": csrf_token(client.get("/respond/2025/review").text)})
    with app.app_context():
        return db.session.scalar(
            select(Invitation.id).where(Invitation.organisation_id == organisation("region-25").id)
        )


def _shown(app, question_id: str, value: str, locale: str = "sv") -> str:
    with app.app_context():
        question = questionnaire_of(get_round(db.session, "2025").questionnaire_version).question(question_id)
        return kind_for(question).display(question, value, {}, locale)


def _history(page_html: str) -> list[list[str]]:
    table = page_html.split("Ändringshistorik</caption>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def test_the_page_shows_every_answer_the_status_and_the_history(app, admin, submitted):
    page = admin.get(PAGE)
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Svaret från Region Norrbotten" in text and "Inskickat" in text
    assert _shown(app, "d2_role_clarity", "5") in text and _shown(app, "d2_political_anchoring", "2") in text
    assert "Inte besvarad" in text  # the questions nobody answered are listed too
    rows = _history(page.text)
    who = f"Inbjudningslänk nr {submitted} (invitation:{submitted})"
    assert [row[1] for row in rows] == [who, who, who]
    pairs = [row[3:5] for row in rows]
    four, five = _shown(app, "d2_role_clarity", "4"), _shown(app, "d2_role_clarity", "5")
    assert ["(tomt)", four] in pairs and [four, five] in pairs
    assert ["(tomt)", _shown(app, "d2_political_anchoring", "2")] in pairs
    assert {row[5] for row in rows} == {"Sparat på enkätsidan"}
    english = admin.get(f"{PAGE}?lang=en")
    assert "Change history" in english.text and "Submitted" in english.text
    assert f"Invitation link no. {submitted}" in english.text


def test_the_status_board_links_to_the_page(app, admin, submitted):
    board = admin.get("/admin/rounds/2025/status")
    assert f'href="{PAGE}"' in board.text


def test_reopen_from_the_page_then_an_import_shows_in_the_history(app, admin, runner, submitted, tmp_path):
    page = admin.get(PAGE)
    assert "Öppna svaret igen" in page.text
    with app.app_context():
        response_id = db.session.scalar(select(Response.id))
    reopened = admin.post(f"/admin/responses/{response_id}/reopen", {"back": PAGE}, page=PAGE)
    assert reopened.status_code == 302 and reopened.headers["Location"] == PAGE
    assert "response.reopen" in audit_actions(app)
    after = admin.get(PAGE)
    assert "Utkast" in after.text and "öppnat igen" in after.text and "Öppna svaret igen" not in after.text
    csv_file = tmp_path / "answers.csv"
    csv_file.write_text("organisation,question,value\nregion-25,d2_role_clarity,3\n", encoding="utf-8")
    imported = runner.invoke(args=["import-responses", str(csv_file), "--round", "2025"])
    assert imported.exit_code == 0, imported.output
    last = _history(admin.get(PAGE).text)[-1]
    assert last[1].startswith("En import av en fil")
    assert last[3:] == [
        _shown(app, "d2_role_clarity", "5"),
        _shown(app, "d2_role_clarity", "3"),
        "Importerat från en fil",
    ]


def test_an_organisation_that_has_not_started_and_unknown_ones(app, admin, open_round):
    page = admin.get("/admin/rounds/2025/responses/kommun-0180")
    assert page.status_code == 200 and "Inte påbörjat" in page.text and "inte börjat svara" in page.text
    assert admin.get("/admin/rounds/2025/responses/kommun-9999").status_code == 404
    assert admin.get("/admin/rounds/1999/responses/kommun-0180").status_code == 404
