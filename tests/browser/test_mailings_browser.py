"""The round's e-mail pages in real Chromium: a refused placeholder shown beside its field, the admin sending
invitations with the confirmation, and axe-core on every new page in both languages."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from extensions import db
from models import OutboxMessage
from services.contacts import ContactDetails, add_contact
from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, assert_accessible, log_in_as_admin
from tests.factories import organisation, user

pytestmark = pytest.mark.browser


@pytest.fixture
def mail_world(app, open_round):
    with app.app_context():
        add_contact(
            db.session, organisation("region-25"), ContactDetails("Lena Luleå", "lena@lulea.example"), actor="t"
        )
        db.session.commit()
    user(app, ADMIN_EMAIL, "admin", password=ADMIN_PASSWORD)


def test_an_admin_fixes_a_placeholder_then_sends_the_invitations(app, live_server, watched, mail_world):
    page = watched.page
    log_in_as_admin(page, live_server)
    page.goto(f"{live_server}/admin/rounds/2025/status")
    page.get_by_role("link", name="E-posttexter").click()
    page.get_by_label("Text på svenska").fill("Hej {organistion}: {link}")
    page.get_by_role("button", name="Spara texterna").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#body_sv-error")).to_contain_text("{organistion}")
    expect(page.get_by_label("Text på svenska")).to_have_value("Hej {organistion}: {link}")
    assert_accessible(page, "texts with an error")

    page.get_by_role("link", name="E-post", exact=True).click()
    page.get_by_label("Eller ange organisationer med kod").fill("region-25")
    page.get_by_label("Ja, skicka en inbjudan").check()
    page.get_by_role("button", name="Skicka inbjudningarna").click()
    expect(page.get_by_text("Köade: 1.")).to_be_visible()
    expect(page.get_by_role("rowheader", name="lena@lulea.example")).to_be_visible()
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage.kind)).all() == ["invitation"]


def test_the_new_pages_are_accessible_in_both_languages(app, live_server, watched, mail_world):
    page = watched.page
    log_in_as_admin(page, live_server)
    page.goto(f"{live_server}/admin/rounds/2025/mail")
    page.get_by_label("Ja, skicka en inbjudan").check()
    page.get_by_role("button", name="Skicka inbjudningarna").click()
    page.get_by_label("Ja, skicka en påminnelse").check()
    page.get_by_role("button", name="Skicka påminnelserna").click()
    pages = [
        "/admin/rounds/2025/mail-texts",
        "/admin/rounds/2025/mail-texts?kind=reminder&organisation=region-25",
        "/admin/rounds/2025/mail",
        "/admin/rounds/2025/status",
    ]
    for language in ("sv", "en"):
        for path in pages:
            separator = "&" if "?" in path else "?"
            page.goto(f"{live_server}{path}{separator}lang={language}")
            expect(page.locator("html")).to_have_attribute("lang", language)
            assert_accessible(page, f"{path} ({language})")
    expect(page.get_by_text("Invitation,").or_(page.get_by_text("Reminder,")).first).to_be_visible()
