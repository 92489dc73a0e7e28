"""The forum follow-up page in real Chromium: a refused row, corrected, saved; axe-core in both states."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, assert_accessible, log_in_as_admin
from tests.factories import user

pytestmark = pytest.mark.browser


def test_an_admin_records_the_forum_keyboard_and_errors_included(app, live_server, watched, open_round):
    user(app, ADMIN_EMAIL, "admin", password=ADMIN_PASSWORD)
    page = watched.page
    log_in_as_admin(page, live_server)
    page.goto(f"{live_server}/admin/rounds/2025/forum")
    europe = "Utblick Europa – regional planering i andra länder"
    page.get_by_label(f"Pass: {europe}").fill("Pass 2, eftermiddag")
    page.get_by_role("button", name="Spara uppföljningen").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.get_by_label(f"Pass: {europe}")).to_have_value("Pass 2, eftermiddag")
    expect(page.get_by_label(f"Pass: {europe}")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "forum follow-up with an error")
    page.get_by_label(f"Behandlades på forumet: {europe}").select_option("yes")
    page.get_by_label(f"Pass: {europe}").press("Enter")  # the keyboard sends the form
    expect(page.get_by_text("Uppföljningen av forumet är sparad.")).to_be_visible()
    expect(page.get_by_label(f"Behandlades på forumet: {europe}")).to_have_value("yes")
    expect(page.get_by_label(f"Pass: {europe}")).to_have_value("Pass 2, eftermiddag")
    assert_accessible(page, "forum follow-up saved")
