"""The admin export page over HTTP: the same files as `export-responses` (formula neutralisation and codebook
included), drafts never leave, every download audited, bad input a clear 422."""

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from extensions import db
from models import AuditEvent
from services.csv_format import HEADER
from services.import_files import read_table
from services.questionnaires import questionnaire_of
from services.responses import get_or_create_response, save_answers
from services.rounds import get_round
from tests.factories import csrf_token, log_in, organisation, user
from tests.services.test_export import TRICKY, seed_tricky_answers


@pytest.fixture
def admin(app, client, open_round):
    log_in(app, client, user(app, "forum@example.se", "admin"))
    return client


def download(client, content="responses", file_format="csv", round_slug="2025"):
    token = csrf_token(client.get("/admin/export/").text)
    return client.post(
        "/admin/export/",
        data={"csrf_token": token, "round": round_slug, "content": content, "file_format": file_format},
    )


def add_draft(app) -> None:
    """A draft that must never leave: Luleå has started but not submitted."""
    with app.app_context():
        found = get_round(db.session, "2025")
        response = get_or_create_response(db.session, organisation("kommun-2580"), found)
        draft = {"d8_good_example": "UTKAST-HEMLIGT"}
        save_answers(
            db.session, response, draft, questionnaire_of(found.questionnaire_version), actor="t", source="web"
        )
        db.session.commit()


def exported_events(app) -> list[dict]:
    with app.app_context():
        return [
            (event.actor, event.object_id, event.detail)
            for event in db.session.scalars(
                select(AuditEvent).where(AuditEvent.action == "responses.export").order_by(AuditEvent.id)
            )
        ]


def test_the_csv_download_is_the_commands_file(app, admin, runner):
    seed_tricky_answers(app)
    add_draft(app)
    response = download(admin)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="responses-2025.csv"'
    assert response.mimetype == "text/csv"
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff"), "a BOM, so that Excel shows å, ä and ö"
    command = runner.invoke(args=["export-responses", "--round", "2025"])
    assert command.exit_code == 0
    assert body.removeprefix("\ufeff") == command.stdout
    assert "UTKAST-HEMLIGT" not in body
    # Formulas are neutralised with an apostrophe (quoted as CSV requires where the text has commas or quotes).
    assert '\nregion-01,d8_good_example,"\'=HYPERLINK(""http://x""' in body
    assert "\nregion-25,d8_good_example,'+46 70 123 45 67\n" in body
    # …and reads back to exactly the stored values.
    table = read_table(response.data, "responses-2025.csv")
    values = {cells[2] for _line, cells in table.rows if cells[1] == "d8_good_example"}
    assert values == set(TRICKY)


def test_the_xlsx_download_has_text_cells_and_the_codebook(app, admin):
    seed_tricky_answers(app)
    add_draft(app)
    response = download(admin, file_format="xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="responses-2025.xlsx"'
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["responses", "codebook"]
    rows = list(book["responses"].iter_rows())
    assert [cell.value for cell in rows[0]] == list(HEADER)
    assert all(cell.data_type == "s" for row in rows for cell in row)
    formula = next(row[2] for row in rows if row[2].value == '=HYPERLINK("http://x","klicka")')
    assert formula.quotePrefix
    assert all(row[2].value != "UTKAST-HEMLIGT" for row in rows)
    table = read_table(response.data, "responses-2025.xlsx")
    assert {cells[2] for _line, cells in table.rows if cells[1] == "d8_good_example"} == set(TRICKY)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_codebook_download_is_the_commands_codebook(app, admin, runner, tmp_path, file_format):
    response = download(admin, content="codebook", file_format=file_format)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="codebook-2025.{file_format}"'
    path = tmp_path / f"codebook.{file_format}"
    command = runner.invoke(args=["export-responses", "--round", "2025", "--codebook", str(path)])
    assert command.exit_code == 0
    if file_format == "csv":
        assert response.data.decode("utf-8").removeprefix("\ufeff") == path.read_text(encoding="utf-8")
    else:
        downloaded = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.data))["codebook"].rows]
        written = [[c.value for c in row] for row in load_workbook(path)["codebook"].rows]
        assert downloaded == written and downloaded[1][0] == "d1_municipalities_today"


def test_every_download_is_audited(app, admin):
    seed_tricky_answers(app)
    download(admin)
    download(admin, content="codebook", file_format="xlsx")
    (first, second) = exported_events(app)
    assert first[0].startswith("user:") and first[1] == "2025"
    assert first[2] == {"format": "csv", "content": "responses", "rows": 24}
    assert second[2]["content"] == "codebook" and second[2]["format"] == "xlsx"


def test_the_page_shows_the_rounds_and_their_submitted_responses(app, admin):
    seed_tricky_answers(app)
    page = admin.get("/admin/export/")
    assert page.status_code == 200
    row = re.search(r"<tr><th scope=\"row\">Samverkanstrappan 2025.*?</tr>", page.text, re.S).group(0)
    assert "<td>8</td>" in row
    assert re.search(r'<option selected value="2025">|<option value="2025" selected>', page.text)


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"round": "1999"}, "Det finns ingen sådan omgång. Välj en i listan."),
        ({"file_format": "pdf"}, "Format"),
        ({"content": ""}, "Välj vad du vill ladda ned."),
    ],
)
def test_bad_choices_get_the_form_again(app, admin, changes, words):
    token = csrf_token(admin.get("/admin/export/").text)
    data = {"csrf_token": token, "round": "2025", "content": "responses", "file_format": "csv", **changes}
    page = admin.post("/admin/export/", data=data)
    assert page.status_code == 422 and "text/html" in page.content_type
    assert 'id="error-summary"' in page.text
    assert exported_events(app) == []


def test_a_post_without_a_csrf_token_exports_nothing(app, admin):
    page = admin.post("/admin/export/", data={"round": "2025", "content": "responses", "file_format": "csv"})
    assert page.status_code == 400 and "text/html" in page.content_type
    assert exported_events(app) == []


def test_every_csv_download_names_its_charset_once(app, admin):
    """`text/csv; charset=utf-8`, never the charset twice (which some clients refuse), wherever a CSV comes from."""
    from tests.api_helpers import bearer, token_for

    token = token_for(app, "api@example.se", "admin")
    csvs = {
        "export": download(admin),
        "codebook": download(admin, content="codebook"),
        "status": admin.get("/admin/rounds/2025/status?format=csv"),
        "reminders": admin.get("/admin/rounds/2025/reminders?format=csv"),
        "dashboard": admin.get("/dashboard/overview?round=2025&download=status"),
        "api": app.test_client().get("/api/v1/rounds/2025/responses.csv", headers=bearer(token)),
    }
    assert {name: (r.status_code, r.headers["Content-Type"]) for name, r in csvs.items()} == {
        name: (200, "text/csv; charset=utf-8") for name in csvs
    }
