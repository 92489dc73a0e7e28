"""Issue 11, item 5 through the real parts: a submit through the test client queues one receipt per contact in
the submit's transaction; the real worker's send_due (in `mail_app`, on the same database) delivers them to a real
SMTP server (aiosmtpd) and their link opens the results; a replayed submit queues nothing; after `round close` the
same link reads, never writes; a revoked link opens nothing."""

import re

from sqlalchemy import select

from extensions import db
from models import Answer, OutboxMessage
from services.contacts import ContactDetails, add_contact
from services.invitations import find_by_token, revoke
from services.mail.worker import send_due
from tests.factories import csrf_token, invitation_link, organisation

CODE = "region-25"
SECTION = "/respond/2025/section/staircase"
CLOSED_SV = "Omgången är stängd; ni kan fortfarande läsa era resultat."
CLOSED_EN = "The round is closed; you can still read your results."


def _contacts():
    region = organisation(CODE)
    add_contact(db.session, region, ContactDetails("Åsa Öberg", "asa@region.example", "planeringschef"), actor="t")
    add_contact(db.session, region, ContactDetails("Sam Lee", "sam@region.example", "GIS", "en"), actor="t")
    db.session.commit()


def _answer_and_submit(client, link: str | None) -> str:
    if link:
        assert client.get(link).status_code == 302
    page = client.get(SECTION)
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    data = {"csrf_token": csrf_token(page.text), "version": version, "action": "review"}
    assert client.post(SECTION, data={**data, "d1_municipalities_today": "3"}).status_code == 302
    token = csrf_token(client.get("/respond/2025/review").text)
    assert client.post("/respond/2025/submit", data={"csrf_token": token}).status_code == 302
    return token


def _close(mail_app) -> None:
    """`round close`; it runs in the active (mail_app's) context, whose read is then ended so requests can write."""
    assert mail_app.test_cli_runner().invoke(args=["round", "close", "2025"]).exit_code == 0
    db.session.rollback()


def _receipts() -> list[str]:
    """The addresses of the queued receipts."""
    found = sorted(db.session.scalars(select(OutboxMessage.recipient).where(OutboxMessage.kind == "receipt")))
    db.session.rollback()  # ends the read, so the app's next write is not held up by it (SQLite)
    return found


def test_a_submit_mails_one_receipt_per_contact_whose_link_opens_the_results(app, mail_app, smtp, open_round):
    _contacts()
    client = app.test_client()
    token = _answer_and_submit(client, invitation_link(app, "2025", CODE))
    assert _receipts() == ["asa@region.example", "sam@region.example"]

    # A double click or a replayed post submits nothing and queues nothing more.
    assert client.post("/respond/2025/submit", data={"csrf_token": token}).status_code == 302
    assert len(_receipts()) == 2

    assert send_due(db.session).sent == 2
    db.session.rollback()
    by_address = {message["To"]: message for message in smtp.received}
    swedish, english = by_address["asa@region.example"], by_address["sam@region.example"]
    assert swedish["Subject"].startswith("Kvitto") and english["Subject"].startswith("Receipt")
    text = swedish.get_body(("plain",)).get_content()
    assert "Region Norrbotten har skickat in sina svar" in text and "Inskickat:" in text
    assert "has submitted its answers" in english.get_body(("plain",)).get_content()
    assert 'href="http://localhost/results?round=2025"' in swedish.get_body(("html",)).get_content()
    results_url = re.search(r"http://localhost(/results\S*)", text).group(1)
    results = client.get(results_url)
    assert results.status_code == 200 and "Region Norrbotten" in results.text


def test_after_closing_the_same_link_reads_the_results_and_receipt_and_refuses_edits(app, mail_app, open_round):
    link = invitation_link(app, "2025", CODE)
    client = app.test_client()
    token = _answer_and_submit(client, link)
    _close(mail_app)

    # The session that answered keeps the link: its post of a questionnaire page is refused, nothing written.
    form = client.get(SECTION)
    assert form.status_code == 409 and CLOSED_SV in form.text
    refused = client.post(
        SECTION, data={"csrf_token": token, "version": "2", "action": "next", "d1_municipalities_today": "5"}
    )
    assert refused.status_code == 409 and CLOSED_SV in refused.text
    assert client.post("/respond/2025/submit", data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert dict(db.session.execute(select(Answer.question_id, Answer.value)).all()) == {"d1_municipalities_today": "3"}
    db.session.rollback()

    # The same link opened again, in a new browser: the receipt and the results, read-only.
    again = app.test_client()
    opened = again.get(link)
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/respond/2025/receipt")
    receipt = again.get("/respond/2025/receipt")
    assert receipt.status_code == 200 and CLOSED_SV in receipt.text and "Kvittonummer" in receipt.text
    results = again.get("/results?round=2025")
    assert results.status_code == 200 and "Region Norrbotten" in results.text
    english = app.test_client()
    english.get("/lang/en")
    assert CLOSED_EN in english.get(link, follow_redirects=True).text


def test_a_revoked_link_opens_nothing_after_closing(app, mail_app, open_round):
    link = invitation_link(app, "2025", CODE)
    _answer_and_submit(client := app.test_client(), link)
    _close(mail_app)
    revoke(db.session, find_by_token(db.session, link.removeprefix("/i/")), actor="admin")
    db.session.commit()

    assert app.test_client().get(link).status_code == 404
    # The session that held it loses everything at once.
    assert client.get("/respond/2025/receipt").status_code == 403
    assert client.get("/results?round=2025").status_code == 302


def test_a_closed_rounds_link_reads_nothing_of_another_round_or_organisation(app, mail_app, open_round):
    from models import RoundStatus
    from services.rounds import create_round, set_state

    link = invitation_link(app, "2025", CODE)
    _answer_and_submit(client := app.test_client(), link)
    _close(mail_app)
    set_state(db.session, create_round(db.session, "2026", actor="t"), RoundStatus.OPEN, actor="t")
    db.session.commit()

    assert client.get("/respond/2026/").status_code == 403
    assert client.get("/respond/2026/receipt").status_code == 403
    assert client.get("/respond/2026/section/staircase").status_code == 403
    results = client.get("/results?round=2026")
    assert results.status_code == 200 and 'value="2026"' not in results.text
    assert client.get(f"/admin/organisations/{CODE}").status_code == 302  # to the login page


def test_a_logged_in_respondent_who_is_no_contact_gets_a_receipt_too(app, mail_app, open_round):
    from tests.factories import log_in, user

    _contacts()
    client = app.test_client()
    log_in(app, client, user(app, "Planner@Region.example", "respondent", CODE))
    _answer_and_submit(client, None)
    assert _receipts() == ["asa@region.example", "planner@region.example", "sam@region.example"]
