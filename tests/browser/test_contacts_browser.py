"""Contact persons and one organisation's response in real Chromium: a bad address then a good one, by keyboard,
and axe-core on every new page in both languages."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from extensions import db
from models import Contact
from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, assert_accessible, log_in_as_admin
from tests.factories import csrf_token, invitation_link, user
from tests.journeys.test_respondent import open_link, post_section

pytestmark = pytest.mark.browser


@pytest.fixture
def contact_world(app, open_round):
    """Region 25 has answered through its link and submitted; an admin with a password."""
    client = app.test_client()
    open_link(client, invitation_link(app, "2025", "region-25"))
    post_section(client, "roles", {"d2_role_clarity": "4"}, action="save")
    post_section(client, "roles", {"d2_role_clarity": "5"}, action="save")
    client.post("/respond/2025/submit", data={"csrf_token": csrf_token(client.get("/respond/2025/review").text)})
    user(app, ADMIN_EMAIL, "admin", password=ADMIN_PASSWORD)


def test_an_admin_adds_a_contact_with_a_bad_address_then_a_good_one(app, live_server, watched, contact_world):
    page = watched.page
    log_in_as_admin(page, live_server)
    page.goto(f"{live_server}/admin/organisations/region-25")
    page.get_by_role("link", name="Lägg till en kontaktperson").click()
    assert_accessible(page, "new contact form")
    page.get_by_label("Namn", exact=True).fill("Lena Luleå")
    page.get_by_label("E-postadress").fill("lena-at-lulea")
    page.get_by_label("Roll (frivilligt)").fill("GIS-samordnare")
    page.get_by_label("Roll (frivilligt)").press("Enter")  # sent from the keyboard
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#email-error")).to_contain_text("Ange en e-postadress")
    expect(page.get_by_label("Namn", exact=True)).to_have_value("Lena Luleå")
    expect(page.get_by_label("E-postadress")).to_have_value("lena-at-lulea")
    assert_accessible(page, "contact form with an error")
    with app.app_context():
        assert db.session.scalar(select(Contact)) is None

    page.get_by_label("E-postadress").fill("lena@lulea.example")
    page.get_by_role("button", name="Spara kontaktpersonen").click()
    expect(page.get_by_text("Lena Luleå är kontaktperson för Region Norrbotten.")).to_be_visible()
    expect(page.get_by_role("cell", name="lena@lulea.example")).to_be_visible()
    assert_accessible(page, "organisation page with a contact")
    with app.app_context():
        assert db.session.scalars(select(Contact.email)).all() == ["lena@lulea.example"]


def test_the_new_pages_are_accessible_in_both_languages(app, live_server, watched, contact_world):
    page = watched.page
    log_in_as_admin(page, live_server)
    page.goto(f"{live_server}/admin/rounds/2025/status")
    page.get_by_role("link", name="läs svaret från Region Norrbotten").click()
    expect(page.get_by_role("heading", name="Ändringshistorik")).to_be_visible()
    with app.app_context():
        contact_id = db.session.scalar(select(Contact.id))
    assert contact_id is None
    page.goto(f"{live_server}/admin/organisations/region-25/contacts/new")
    page.get_by_label("Namn", exact=True).fill("Olle Öberg")
    page.get_by_label("E-postadress").fill("olle@norrbotten.example")
    page.get_by_role("button", name="Spara kontaktpersonen").click()
    with app.app_context():
        contact_id = db.session.scalar(select(Contact.id))
    pages = [
        "/admin/rounds/2025/responses/region-25",
        "/admin/rounds/2025/responses/kommun-0180",
        "/admin/organisations/region-25",
        "/admin/organisations/region-25/names",
        "/admin/organisations/region-25/contacts/new",
        f"/admin/organisations/region-25/contacts/{contact_id}",
        "/admin/privacy/?email=olle@norrbotten.example",
    ]
    for language in ("sv", "en"):
        for path in pages:
            separator = "&" if "?" in path else "?"
            page.goto(f"{live_server}{path}{separator}lang={language}")
            expect(page.locator("html")).to_have_attribute("lang", language)
            assert_accessible(page, f"{path} ({language})")
    page.goto(f"{live_server}/admin/organisations/region-25/names?lang=sv")
    page.get_by_label("Namn på svenska").fill("")
    page.get_by_role("button", name="Spara namnen").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert_accessible(page, "names form with an error")
