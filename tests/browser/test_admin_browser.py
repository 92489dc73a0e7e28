"""The admin console in real Chromium: a whole round run from the browser on a fresh database whose only user is an
admin made by the command, axe-core on every admin page in both languages, and attempts to get in where one should
not."""

import csv
import re

import pytest
from playwright.sync_api import expect

from extensions import db
from services.api_tokens import create_api_token
from services.responses import get_or_create_response, submit
from services.rounds import get_round
from tests.browser.conftest import assert_accessible
from tests.factories import invitation_link, organisation, user

pytestmark = pytest.mark.browser

PASSWORD = "Forumets-arrangör-2025!"


def _log_in_through_the_form(page, base, email=None, password=PASSWORD):
    page.goto(f"{base}/login")
    page.get_by_label("E-postadress").fill(email or "forum@example.se")
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


def test_an_organiser_runs_a_whole_round_from_the_browser(app, runner, live_server, watched, browser, tmp_path):
    # A fresh database: the reference data and one admin, both made by the commands.
    assert runner.invoke(args=["load-reference"]).exit_code == 0
    made = runner.invoke(
        args=["create-user", "forum@example.se", "--role", "admin", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert made.exit_code == 0, made.output
    page = watched.page
    _log_in_through_the_form(page, live_server)
    page.get_by_role("link", name="Administration", exact=True).click()
    expect(page.get_by_text("Det finns inga omgångar ännu.")).to_be_visible()
    page.get_by_role("link", name="Skapa den första omgången").click()

    # Create the round
    page.get_by_label("Kortnamn").fill("2026")
    page.get_by_label("Titel på svenska").fill("Samverkanstrappan 2026")
    page.get_by_label("Med namn: analytiker ser organisationernas namn").check()
    page.get_by_role("button", name="Skapa omgången").click()
    expect(page.get_by_text("Omgång 2026 är skapad som utkast")).to_be_visible()

    # Edit the D7 topics: rename one, remove one, add one
    page.get_by_label("Titel på svenska, tema 1", exact=True).fill("Nationell nivå – myndigheternas uppdrag")
    page.get_by_label("Ta bort tema 2", exact=True).check()
    page.get_by_label("Nytt tema 13, titel på svenska", exact=True).fill("Klimatanpassning i planeringen")
    page.get_by_label("Nytt tema 13, titel på engelska", exact=True).fill("Climate adaptation in planning")
    page.get_by_label("Ordning för tema 13", exact=True).fill("15")
    page.get_by_role("button", name="Spara temalistan").click()
    expect(page.get_by_text("Temalistan är sparad.")).to_be_visible()
    expect(page.get_by_label("Titel på svenska, tema 2", exact=True)).to_have_value("Klimatanpassning i planeringen")

    # Open it
    page.get_by_role("link", name="Inställningar").click()
    page.get_by_role("button", name="Öppna omgången").click()
    expect(page.get_by_text("Omgång 2026 är öppen.")).to_be_visible()

    # Invite Norrbotten's municipalities and download their links
    page.get_by_role("navigation", name="Sidor för omgång 2026").get_by_role("link", name="Inbjudningar").click()
    page.get_by_label("Kommun", exact=True).check()
    page.get_by_label("Län", exact=True).select_option("25")
    page.get_by_role("button", name="Skapa länkarna").click()
    expect(page.get_by_role("heading", name="14 nya länkar")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ned länkarna som CSV").click()
    saved = tmp_path / "links.csv"
    download.value.save_as(saved)
    with saved.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 14
    lulea = next(row["link"] for row in rows if row["organisation"] == "kommun-2580")

    # A respondent answers through the link and submits
    respondent_context = browser.new_context(locale="sv-SE")
    respondent = respondent_context.new_page()
    respondent.goto(lulea.replace("http://localhost", live_server))
    expect(respondent.get_by_role("heading", level=1)).to_have_text("Samverkanstrappan 2026")
    respondent.goto(f"{live_server}/respond/2026/section/priorities")
    respondent.get_by_label("Plats 1").select_option(label="Klimatanpassning i planeringen")
    respondent.get_by_role("button", name="Spara", exact=True).click()
    respondent.goto(f"{live_server}/respond/2026/review")
    respondent.get_by_role("button", name="Skicka in svaren").click()
    expect(respondent.get_by_role("heading", level=1)).to_have_text("Tack – svaren är inskickade")

    # See who has answered, and whom to remind
    page.goto(f"{live_server}/admin/rounds/2026/status")
    expect(page.get_by_text("1 inskickade")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Luleå kommun"))
    expect(row.get_by_text("Inskickat")).to_be_visible()
    page.get_by_role("link", name="Påminnelser").click()
    expect(page.get_by_role("row", name=re.compile("Kiruna kommun"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Luleå kommun"))).to_have_count(0)

    # Reopen Luleå's response: it is a draft again, and the respondent can change it
    page.get_by_role("link", name="Vilka som har svarat").click()
    page.get_by_role("button", name="Öppna igen svaret från Luleå kommun").click()
    expect(page.get_by_text("Svaret från Luleå kommun går att ändra igen.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Luleå kommun")).get_by_text("Utkast")).to_be_visible()
    respondent.goto(f"{live_server}/respond/2026/section/priorities")
    expect(respondent.get_by_label("Plats 1")).to_be_enabled()

    # Close it: the links stop editing, and keep reading (SPEC §8)
    page.get_by_role("link", name="Inställningar").click()
    page.get_by_role("button", name="Stäng omgången").click()
    expect(page.get_by_text("Omgång 2026 är stängd.")).to_be_visible()
    closed = "Omgången är stängd; ni kan fortfarande läsa era resultat."
    respondent.goto(f"{live_server}/respond/2026/section/priorities")
    expect(respondent.get_by_text(closed).first).to_be_visible()
    expect(respondent.get_by_label("Plats 1")).to_have_count(0)
    respondent.goto(lulea.replace("http://localhost", live_server))
    expect(respondent.get_by_role("heading", level=1)).not_to_have_text("Länken fungerar inte")
    respondent_context.close()

    # Everything the organiser did is in the audit log
    page.get_by_role("link", name="Granskningslogg").click()
    logged = set(page.locator("tbody th code").all_inner_texts())
    assert {
        "round.create",
        "round.topics",
        "round.open",
        "invitation.create",
        "invitation.download",
        "response.submit",
        "response.reopen",
        "round.closed",
        "login.success",
    } <= logged


@pytest.fixture
def admin_world(app, open_round):
    """A round with invitations, a submitted response and a draft, users and audit events, so that every admin
    table has rows."""
    for code in ("region-25", "kommun-0180"):
        client = app.test_client()
        client.get(invitation_link(app, "2025", code))
    with app.app_context():
        found = get_round(db.session, "2025")
        submitted = get_or_create_response(db.session, organisation("region-25"), found)
        get_or_create_response(db.session, organisation("kommun-0180"), found)
        db.session.flush()
        submit(db.session, submitted, actor="test")
        db.session.commit()
    respondent = user(app, "planerare@lulea.example", "respondent", "kommun-2580", password=PASSWORD)
    admin = user(app, "forum@example.se", "admin", password=PASSWORD)
    with app.app_context():
        create_api_token(db.session, "forum@example.se", actor="test")  # a row on the token page
        db.session.commit()
    return {"admin": admin, "respondent": respondent}


ADMIN_PAGES = [
    "/admin/",
    "/admin/rounds/",
    "/admin/rounds/2025/",
    "/admin/rounds/2025/topics",
    "/admin/rounds/2025/forum",
    "/admin/rounds/2025/invitations",
    "/admin/rounds/2025/status",
    "/admin/rounds/2025/reminders",
    "/admin/organisations/",
    "/admin/organisations/region-25",
    "/admin/users/",
    "/admin/users/{respondent}",
    "/admin/tokens/",
    "/admin/import/",
    "/admin/export/",
    "/admin/audit/",
    "/admin/privacy/?email=planerare@lulea.example",
    "/account/",
    "/account/password",
    "/privacy",
    "/accessibility",
]


def test_every_admin_page_is_accessible_in_both_languages(app, live_server, watched, admin_world):
    page = watched.page
    _log_in_through_the_form(page, live_server)
    for language in ("sv", "en"):
        for path in ADMIN_PAGES:
            path = path.format(**admin_world)
            separator = "&" if "?" in path else "?"
            page.goto(f"{live_server}{path}{separator}lang={language}")
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("footer")).to_contain_text(
                "Accessibility statement" if language == "en" else "Tillgänglighetsredogörelse"
            )
            assert_accessible(page, f"{path} ({language})")


def test_admin_pages_with_errors_and_new_links_are_accessible(app, live_server, watched, admin_world):
    page = watched.page
    _log_in_through_the_form(page, live_server)
    for language, create, name in (("sv", "Skapa omgången", "Kortnamn"), ("en", "Create the round", "Short name")):
        page.goto(f"{live_server}/lang/{language}?next=/admin/rounds/")
        page.get_by_label(name).fill("Fel namn!")
        page.get_by_role("button", name=create).click()
        expect(page.locator("#error-summary")).to_be_focused()
        expect(page.get_by_label(name)).to_have_value("Fel namn!")
        assert_accessible(page, f"round form with errors ({language})")
    page.goto(f"{live_server}/admin/rounds/2025/invitations")
    page.get_by_label("Or name organisations by code").fill("region-01 region-03")
    page.get_by_role("button", name="Create the links").click()
    expect(page.get_by_role("heading", name="2 new links")).to_be_visible()
    assert_accessible(page, "new links shown once")
    page.goto(f"{live_server}/lang/sv?next=/admin/users/")
    page.get_by_label("E-postadress").fill("ny@boverket.example")
    page.get_by_label(re.compile("^Analytiker")).check()
    page.get_by_role("button", name="Lägg till användaren").click()
    expect(page.get_by_role("heading", name="Länk för att välja lösenord")).to_be_visible()
    assert_accessible(page, "password link shown once")
    link = page.locator("#password-link").inner_text().replace("http://localhost", live_server)
    page.goto(link)
    expect(page).to_have_url(f"{live_server}/account/setup")
    page.get_by_label("Nytt lösenord").fill("kort")
    page.get_by_label("Det nya lösenordet igen").fill("kort")
    page.get_by_role("button", name="Spara lösenordet").click()
    expect(page.locator("#new_password-error")).to_contain_text("minst 12 tecken")
    assert_accessible(page, "set password with an error")


def test_trying_to_get_in_where_one_should_not(app, live_server, watched, browser, admin_world):
    """What we tried by hand, kept as a test: a copied cookie after logout, a reviewer and a respondent on admin
    pages, a respondent on another organisation's ids, a revoked and a made-up link."""
    page = watched.page
    _log_in_through_the_form(page, live_server)
    page.goto(f"{live_server}/admin/")
    stolen = page.context.cookies()
    thief_context = browser.new_context()
    thief_context.add_cookies(stolen)
    thief = thief_context.new_page()
    thief.goto(f"{live_server}/admin/")
    expect(thief.get_by_role("heading", level=1)).to_have_text("Administration")  # the copy works while live…
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_text("Du har loggat ut.")).to_be_visible()
    thief.goto(f"{live_server}/admin/")
    expect(thief).to_have_url(re.compile(r"/login\?next="))  # …and not after logout
    thief_context.close()

    user(app, "analys@myndighet.example", "reviewer", password=PASSWORD)
    for email, name in (("analys@myndighet.example", "reviewer"), ("planerare@lulea.example", "respondent")):
        context = browser.new_context(locale="sv-SE")
        visitor = context.new_page()
        _log_in_through_the_form(visitor, live_server, email)
        for path in ("/admin/", "/admin/users/", "/admin/organisations/region-25", "/admin/audit/"):
            response = visitor.goto(f"{live_server}{path}")
            assert response.status == 403, f"{name} on {path}"
        expect(visitor.get_by_role("heading", level=1)).to_have_text("Du har inte behörighet till sidan")
        response = visitor.goto(f"{live_server}/respond/2025/")
        assert response.status == (200 if name == "respondent" else 403)
        if name == "respondent":
            expect(visitor.get_by_text("Luleå kommun")).to_be_visible()
            expect(visitor.get_by_text("Region Norrbotten")).to_have_count(0)
        context.close()

    made_up = page.goto(f"{live_server}/i/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    assert made_up.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Länken fungerar inte")

    # A link that works until the admin revokes it with its button on the invitations page; then it opens nothing.
    link = f"{live_server}{invitation_link(app, '2025', 'kommun-2580')}"
    holder_context = browser.new_context(locale="sv-SE")
    holder = holder_context.new_page()
    holder.goto(link)
    expect(holder).to_have_url(re.compile(r"/respond/2025/"))
    holder_context.close()
    _log_in_through_the_form(page, live_server)
    page.goto(f"{live_server}/admin/rounds/2025/invitations")
    page.get_by_role("button", name="Återkalla länken för Luleå kommun").click()
    expect(page.get_by_text("Länken för Luleå kommun fungerar inte längre.")).to_be_visible()
    other_context = browser.new_context(locale="sv-SE")
    other = other_context.new_page()
    revoked = other.goto(link)
    assert revoked.status == 404
    expect(other.get_by_role("heading", level=1)).to_have_text("Länken fungerar inte")
    expect(other.get_by_text("Luleå kommun")).to_have_count(0)
    other_context.close()
