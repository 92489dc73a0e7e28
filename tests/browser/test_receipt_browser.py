"""Issue 11 in real Chromium: the admin sends the invitations from the round's e-mail page; the contact opens the link
from the message the SMTP server (aiosmtpd) received, answers, submits and gets the receipt by e-mail; the round
closes; the same link still shows the receipt and the results, read-only. axe-core checks the new and changed pages in
both languages."""

import re

import pytest
from playwright.sync_api import expect

from extensions import db
from models import RoundStatus
from services.contacts import ContactDetails, add_contact
from services.mail.worker import send_due
from services.rounds import get_round, set_state
from tests.browser.conftest import assert_accessible
from tests.factories import organisation, user
from tests.services.mail.conftest import mail_app, smtp  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser
CLOSED_SV = "Omgången är stängd; ni kan fortfarande läsa era resultat."
ADMIN, PASSWORD = "forum@example.se", "Forumets-arrangör-2025!"


def _delivered(smtp, kind_word: str) -> str:  # noqa: F811
    """Send what is queued over SMTP and give the plain text of the message whose subject starts so."""
    send_due(db.session)
    db.session.rollback()
    return (
        next(m for m in reversed(smtp.received) if m["Subject"].startswith(kind_word))
        .get_body(("plain",))
        .get_content()
    )


def _admin_sends_the_invitation(browser, live_server) -> None:
    """In a browser context of the admin's own: log in, and send region-25 its invitation from the e-mail page."""
    context = browser.new_context(locale="sv-SE")
    admin = context.new_page()
    admin.goto(f"{live_server}/login")
    admin.get_by_label("E-postadress").fill(ADMIN)
    admin.get_by_label("Lösenord").fill(PASSWORD)
    admin.get_by_role("button", name="Logga in").click()
    admin.goto(f"{live_server}/admin/rounds/2025/mail")
    admin.get_by_label("Eller ange organisationer med kod").fill("region-25")
    admin.get_by_label("Ja, skicka en inbjudan").check()
    admin.get_by_role("button", name="Skicka inbjudningarna").click()
    expect(admin.get_by_text("Köade: 1.")).to_be_visible()
    context.close()


def test_mailed_link_receipt_and_results_after_closing(app, live_server, browser, watched, open_round, mail_app, smtp):  # noqa: F811
    app.config["BASE_URL"] = live_server  # the links this server mails point at itself
    with app.app_context():
        add_contact(db.session, organisation("region-25"), ContactDetails("Åsa Öberg", "asa@region.example"), actor="t")
        db.session.commit()
    user(app, ADMIN, "admin", password=PASSWORD)
    _admin_sends_the_invitation(browser, live_server)
    link = re.search(r"http://\S+/i/\S+", _delivered(smtp, "Inbjudan")).group(0)

    page = watched.page
    page.goto(link)
    page.get_by_role("link", name="Börja svara").click()
    page.get_by_role("group", name="Länets kommuner: I dag").get_by_label("3 Samordning").check()
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.goto(f"{live_server}/respond/2025/review")
    page.get_by_role("button", name="Skicka in svaren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack – svaren är inskickade")

    receipt = _delivered(smtp, "Kvitto")
    results_url = re.search(r"http://\S+/results\S*", receipt).group(0)
    page.goto(results_url)
    expect(page.get_by_text("Region Norrbotten").first).to_be_visible()

    with app.app_context():
        set_state(db.session, get_round(db.session, "2025"), RoundStatus.CLOSED, actor="test")
        db.session.commit()
    page.goto(link)
    expect(page).to_have_url(f"{live_server}/respond/2025/receipt")
    expect(page.get_by_text(CLOSED_SV)).to_be_visible()
    assert_accessible(page, "receipt after closing (sv)")
    page.goto(f"{live_server}/respond/2025/section/staircase")
    expect(page.get_by_text(CLOSED_SV).first).to_be_visible()
    assert_accessible(page, "questionnaire page after closing (sv)")
    page.goto(results_url)
    expect(page.get_by_text("Region Norrbotten").first).to_be_visible()
    for path in ("/respond/2025/receipt", "/respond/2025/section/staircase", "/respond/2025/"):
        page.goto(f"{live_server}{path}?lang=en")
        expect(page.get_by_text("The round is closed; you can still read your results.").first).to_be_visible()
        assert_accessible(page, f"{path} after closing (en)")
    assert watched.console_errors == [], f"console errors: {watched.console_errors}"
