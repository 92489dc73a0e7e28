"""Imports and exports in the admin console, and the start page of each kind of user, in real Chromium: an upload
with errors, then a good file imported; axe-core on every state of these pages in Swedish and English."""

import csv
import re

import pytest
from playwright.sync_api import expect

from extensions import db
from services.responses import get_or_create_response, submit
from services.rounds import get_round
from tests.browser.conftest import assert_accessible
from tests.browser.test_admin_browser import PASSWORD, _log_in_through_the_form
from tests.factories import organisation, user

pytestmark = pytest.mark.browser

BAD = (
    "organisation,question,value\n"
    "region-25,d2_role_clarity,4\n"
    "region-99,d2_role_clarity,4\n"  # line 3: unknown organisation
    "region-25,d2_role_clarity,4\n"  # line 4: repeats line 2
    "kommun-0180,d3_staff_fte,många\n"  # line 5: not a number
)
GOOD = "organisation,question,value\nregion-25,d2_role_clarity,4\nkommun-0180,d3_staff_fte,2.5\n"


@pytest.fixture
def admin(app, open_round):
    return user(app, "forum@example.se", "admin", password=PASSWORD)


def test_an_admin_sees_every_problem_then_imports_a_good_file(app, live_server, watched, admin, tmp_path):
    bad, good = tmp_path / "svar-med-fel.csv", tmp_path / "svar.csv"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    page = watched.page
    _log_in_through_the_form(page, live_server)
    page.get_by_role("link", name="Gå till administrationen").click()
    page.get_by_role("navigation", name="Administrationsmeny").get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importera svar")
    assert_accessible(page, "import form")

    # A file with errors: every problem with its line, nothing imported, the choices kept
    expect(page.get_by_label("Omgång", exact=True)).to_have_value("2025")
    page.get_by_label("Skicka in de importerade svaren").check()
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(bad)
    page.get_by_role("button", name="Kontrollera filen").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("Ingenting importerades")
    problems = page.get_by_role("list", name="3 problem i filen")
    expect(problems.get_by_role("listitem")).to_have_text(
        [re.compile("^Rad 3: .*region-99"), re.compile("^Rad 4: Upprepar rad 2"), re.compile("^Rad 5: d3_staff_fte")]
    )
    file_field = page.get_by_label("Fil (CSV eller XLSX)")
    expect(file_field).to_have_attribute("aria-invalid", "true")
    expect(file_field).to_have_accessible_description(re.compile("Filen har 3 problem"))
    expect(page.get_by_label("Omgång", exact=True)).to_have_value("2025")
    expect(page.get_by_label("Skicka in de importerade svaren")).to_be_checked()
    assert_accessible(page, "import form with problems")
    page.locator("#error-summary a").first.click()
    expect(file_field).to_be_focused()

    # The good file: a preview first, then the import
    file_field.set_input_files(good)
    page.get_by_role("button", name="Kontrollera filen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera innan du importerar")
    preview = page.get_by_role("table", name="Vad importen kommer att ändra")
    expect(preview.get_by_role("row", name="Tillagda svar")).to_contain_text("2")
    expect(preview.get_by_role("row", name="Inskickade svar")).to_contain_text("2")
    assert_accessible(page, "import preview")
    page.get_by_role("button", name="Importera till omgång 2025").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importerat")
    expect(page.get_by_role("status")).to_contain_text("Filen svar.csv importerades")
    expect(
        page.get_by_role("table", name="Vad importen ändrade").get_by_role("row", name="Tillagda svar")
    ).to_contain_text("2")
    assert_accessible(page, "import result")
    page.get_by_role("link", name="Vilka som har svarat i 2025").click()
    expect(page.get_by_role("row", name=re.compile("Region Norrbotten")).get_by_text("Inskickat")).to_be_visible()

    # The same file again changes nothing, and the page says so
    page.goto(f"{live_server}/admin/import/")
    page.get_by_label("Skicka in de importerade svaren").check()
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(good)
    page.get_by_role("button", name="Kontrollera filen").click()
    expect(page.get_by_text("Att importera filen skulle inte ändra något")).to_be_visible()
    page.get_by_role("button", name="Importera till omgång 2025").click()
    expect(page.get_by_role("status")).to_contain_text("Ingenting ändrades")

    # Both imports and the refused check are in the audit log
    page.goto(f"{live_server}/admin/audit/")
    logged = page.locator("tbody th code").all_inner_texts()
    assert logged.count("responses.import") == 2 and logged.count("responses.import_check") == 3


def test_import_errors_and_a_download_in_both_languages(app, live_server, watched, admin, tmp_path):
    with app.app_context():
        found = get_round(db.session, "2025")
        submit(db.session, get_or_create_response(db.session, organisation("region-25"), found), actor="test")
        db.session.commit()
    page = watched.page
    _log_in_through_the_form(page, live_server)
    wrong = tmp_path / "svar.pdf"
    wrong.write_bytes(b"%PDF-1.4")
    for language, check, words in (
        ("sv", "Kontrollera filen", "måste vara en CSV-fil"),
        ("en", "Check the file", "must be a CSV file"),
    ):
        # The empty pages are checked with every admin page (test_admin_browser.py); here the states.
        page.goto(f"{live_server}/lang/{language}?next=/admin/import/")
        page.locator("#file").set_input_files(wrong)
        page.get_by_role("button", name=check).click()
        expect(page.locator("#file-error")).to_contain_text(words)
        assert_accessible(page, f"import with a wrong file type ({language})")

    # A download in English: the codebook as CSV
    page.goto(f"{live_server}/admin/export/")
    page.get_by_label("The codebook: what every question id and value means").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the file").click()
    assert download.value.suggested_filename == "codebook-2025.csv"
    saved = tmp_path / "codebook.csv"
    download.value.save_as(saved)
    with saved.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["question"] == "d1_municipalities_today"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_start_page_of_each_user_is_accessible(app, live_server, browser, admin, language):
    user(app, "planerare@lulea.example", "respondent", "kommun-2580", password=PASSWORD)
    user(app, "analys@myndighet.example", "reviewer", password=PASSWORD)
    wanted = {
        "planerare@lulea.example": ("Svara för Luleå kommun", "Answer for Luleå Municipality"),
        "analys@myndighet.example": ("Resultatöversikter", "Dashboards"),
        "forum@example.se": ("Administration", "Admin"),
    }
    for email, headings in wanted.items():
        context = browser.new_context(locale="sv-SE")
        page = context.new_page()
        _log_in_through_the_form(page, live_server, email)
        page.goto(f"{live_server}/?lang={language}")
        heading = headings[0] if language == "sv" else headings[1]
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_accessible(page, f"start page of {email} ({language})")
        if email.startswith("planerare"):
            page.get_by_role("link", name=re.compile("Samverkanstrappan 2025|The collaboration staircase 2025")).click()
            expect(page).to_have_url(f"{live_server}/respond/2025/")
        context.close()
