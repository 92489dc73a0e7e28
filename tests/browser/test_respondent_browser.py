"""The respondent's journey in real Chromium: fill in, save, leave, come back through the link, submit.

axe-core checks every page of the journey, in its error states too.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import invitation_link

pytestmark = pytest.mark.browser


def test_fill_in_save_leave_come_back_and_submit(app, live_server, watched, browser, open_round):
    link = live_server + invitation_link(app, "2025", "region-25")
    page = watched.page
    page.goto(link)
    expect(page).to_have_url(f"{live_server}/respond/2025/")  # the secret has left the address bar
    expect(page.get_by_role("heading", level=1)).to_have_text("Samverkanstrappan 2025")
    assert_accessible(page, "landing")

    page.get_by_role("link", name="Börja svara").click()
    expect(page.get_by_text("Avsnitt 1 av 8")).to_be_visible()
    assert_accessible(page, "staircase section")
    municipalities_today = page.get_by_role("group", name="Länets kommuner: I dag")
    municipalities_today.get_by_label("3 Samordning").check()
    page.get_by_role("group", name="Länets kommuner: Om tre år (mål)").get_by_label("4 Samarbete").check()
    page.get_by_role("button", name="Spara och fortsätt").click()

    expect(page.get_by_text("Avsnitt 2 av 8")).to_be_visible()
    page.get_by_role("group", name=re.compile("Rollfördelningen mellan region")).get_by_label(
        "4 Stämmer i hög grad"
    ).check()
    page.get_by_role("button", name="Spara och fortsätt").click()

    # Bad input: the error sits beside the field, what was typed stays, and the page is still accessible.
    staff = page.get_by_label("Hur många årsarbetskrafter arbetar med strategisk rumslig planering hos er?")
    staff.fill("fyra")
    page.get_by_role("button", name="Spara och fortsätt").click()
    expect(page.get_by_role("alert")).to_contain_text("Inget sparades")
    expect(staff).to_have_value("fyra")
    expect(staff).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#d3_staff_fte-error")).to_contain_text("”fyra” är inte ett tal.")
    assert_accessible(page, "section with errors")
    staff.fill("4,5")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Svaren är sparade")

    # Leave: a new browser session, back through the same link, and the answers are there.
    again = browser.new_context()
    other = again.new_page()
    other.goto(link)
    other.goto(f"{live_server}/respond/2025/section/staircase")
    expect(other.get_by_role("group", name="Länets kommuner: I dag").get_by_label("3 Samordning")).to_be_checked()
    other.goto(f"{live_server}/respond/2025/section/resources")
    expect(
        other.get_by_label("Hur många årsarbetskrafter arbetar med strategisk rumslig planering hos er?")
    ).to_have_value("4.5")

    other.goto(f"{live_server}/respond/2025/review")
    expect(other.get_by_role("heading", name=re.compile("frågor är obesvarade"))).to_be_visible()
    assert_accessible(other, "review")
    other.get_by_role("button", name="Skicka in svaren").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Tack – svaren är inskickade")
    expect(other.get_by_text("4,5 årsarbetskrafter")).to_be_visible()
    assert_accessible(other, "receipt")
    again.close()


def test_autosave_keeps_answers_without_pressing_save(app, live_server, watched, open_round):
    page = watched.page
    page.goto(live_server + invitation_link(app, "2025", "lst-25"))
    page.goto(f"{live_server}/respond/2025/section/roles")
    page.get_by_role("group", name=re.compile("Vårt arbete med strategisk planering")).get_by_label(
        "2 Stämmer i liten grad"
    ).check()
    expect(page.locator("#autosave-status")).to_contain_text("Sparat", timeout=10_000)
    page.reload()
    expect(
        page.get_by_role("group", name=re.compile("Vårt arbete med strategisk planering")).get_by_label(
            "2 Stämmer i liten grad"
        )
    ).to_be_checked()


def test_ranking_and_keyboard_use(app, live_server, watched, open_round):
    page = watched.page
    page.goto(live_server + invitation_link(app, "2025", "kommun-0180"))
    page.goto(f"{live_server}/respond/2025/section/priorities")
    page.get_by_label("Plats 1").select_option(label="Från mobilitet till tillgänglighet")
    page.get_by_label("Plats 2").select_option(label="Från mobilitet till tillgänglighet")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator("#d7_topics-error")).to_contain_text("Varje tema kan bara rangordnas en gång.")
    expect(page.get_by_label("Plats 2")).to_have_value("accessibility")
    assert_accessible(page, "ranking with an error")
    # On a freshly loaded page the first Tab reaches the skip link, and it is visible when focused.
    page.goto(f"{live_server}/respond/2025/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Till innehållet")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["x"] >= 0


def test_other_pages_are_accessible_in_both_languages(app, live_server, watched, open_round):
    page = watched.page
    for language in ("sv", "en"):
        for path in ("/", "/login", "/i/no-such-link"):
            page.goto(f"{live_server}{path}?lang={language}")
            expect(page.locator("html")).to_have_attribute("lang", language)
            assert_accessible(page, f"{path} ({language})")
    page.goto(live_server + invitation_link(app, "2025", "agency-boverket"))
    page.goto(f"{live_server}/respond/2025/section/staircase?lang=en")
    expect(page.get_by_text("Section 1 of 8")).to_be_visible()
    assert_accessible(page, "staircase in English")
    for language in ("sv", "en"):
        page.goto(f"{live_server}/respond/2025/all?lang={language}")
        expect(page.locator("section.page-section")).to_have_count(8)
        assert_accessible(page, f"all questions on one page ({language})")
