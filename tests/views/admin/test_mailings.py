"""The round's e-mail pages: the texts (refused placeholders, preview, a test to oneself), sending invitations and
reminders from the console, the outbox's state per message, and the status board's contacts and last message."""

import pytest
from sqlalchemy import select

from extensions import db
from models import OutboxMessage, RoundMailText
from services.contacts import ContactDetails, add_contact
from services.errors import ServiceError
from services.mail.worker import send_due
from services.mail_texts import TemplateError, check_template
from tests.factories import organisation
from tests.services.mail.conftest import mail_app, smtp  # noqa: F401  (fixtures)
from tests.views.admin.test_rounds import Admin

pytestmark = pytest.mark.xdist_group("mail_worker")
TEXTS = "/admin/rounds/2025/mail-texts/invitation"
MAIL = "/admin/rounds/2025/mail"
PAGE = "/admin/rounds/2025/mail-texts"


@pytest.fixture
def console(mail_app, open_round):  # noqa: F811
    for code, name, email in (
        ("kommun-0180", "Åsa Öberg", "asa@stockholm.example"),
        ("kommun-0114", "Cia Lund", "cia@upplands-vasby.example"),
    ):
        add_contact(db.session, organisation(code), ContactDetails(name, email), actor="test")
    db.session.commit()
    return Admin(mail_app)


def _texts(**changes):
    return {
        "subject_sv": "Inbjudan för {organisation}",
        "body_sv": "Hej {organisation}! Svara här: {link} före {closes}.",
        "subject_en": "Invitation for {organisation}",
        "body_en": "Hello {organisation}! Answer here: {link} before {closes}.",
        **changes,
    }


def test_the_service_names_an_unknown_placeholder_and_broken_braces():
    with pytest.raises(TemplateError, match=r"\{organistion\}") as raised:
        check_template("invitation", "Hej {organistion}", "body_sv")
    assert raised.value.field == "body_sv"
    with pytest.raises(TemplateError, match=r"\{progress\}"):
        check_template("invitation", "{progress}", "body_en")  # a reminder's placeholder only
    with pytest.raises(ServiceError):
        check_template("reminder", "Hej {organisation", "body_sv")
    assert check_template("reminder", "{progress} {{literal}}", "body_sv")


def test_an_unknown_placeholder_is_refused_beside_the_field_with_the_text_kept(console):
    typed = "Hej {organistion}, här är länken: {link}"
    refused = console.post(TEXTS, _texts(body_sv=typed), page=PAGE)

    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Okänd platshållare {organistion}" in page
    assert 'id="body_sv-error"' in page and typed in page
    assert db.session.scalars(select(RoundMailText)).all() == []
    broken = console.post(TEXTS, _texts(body_en="Hello {organisation"), page=PAGE)
    assert broken.status_code == 422
    assert 'id="body_en-error"' in broken.get_data(as_text=True) and "klammer" in broken.get_data(as_text=True)


def test_saved_texts_are_previewed_for_an_organisation_with_html_escaped(console):
    saved = console.post(TEXTS, _texts(body_sv="<b>Hej</b> {organisation}: {link}"), page=PAGE)
    assert saved.status_code == 302

    page = console.get(PAGE + "?organisation=kommun-0180").get_data(as_text=True)
    assert "Inbjudan för Stockholms stad" in page and "Invitation for City of Stockholm" in page
    assert "&lt;b&gt;Hej&lt;/b&gt;" in page and "<b>Hej</b>" not in page
    assert len(db.session.scalars(select(RoundMailText)).all()) == 2


def test_the_default_texts_show_when_a_round_has_none(console):
    page = console.get(PAGE + "?kind=reminder").get_data(as_text=True)
    assert "Påminnelse: samverkansenkäten för {organisation}" in page
    assert "12 av 40 frågor besvarade" in page and "12 of 40 questions answered" in page


def test_a_test_to_myself_goes_to_the_admins_address(console, smtp):  # noqa: F811
    sent = console.post(TEXTS + "/test?organisation=kommun-0114", {"language": "en"}, page=PAGE)
    assert sent.status_code == 302

    send_due(db.session)
    [received] = smtp.wait_for(1)
    assert received["To"] == "admin@forum.example"
    assert received["Subject"] == "Invitation: the collaboration survey for Upplands Väsby Municipality"


def test_the_console_sends_invitations_only_when_confirmed_and_counts_them(console, smtp):  # noqa: F811
    unconfirmed = console.post(MAIL + "/invitations", {"invite-codes": "kommun-0180"}, page=MAIL)
    assert unconfirmed.status_code == 422
    assert db.session.scalars(select(OutboxMessage)).all() == []

    sent = console.post(
        MAIL + "/invitations", {"invite-codes": "kommun-0180 kommun-0114 kommun-0117", "invite-confirm": "y"}, page=MAIL
    )
    assert sent.status_code == 302
    page = console.get(MAIL).get_data(as_text=True)
    assert "Köade: 2." in page and "Organisationer utan kontaktpersoner: 1." in page
    send_due(db.session)
    assert len(smtp.wait_for(2)) == 2
    again = console.post(MAIL + "/invitations", {"invite-codes": "kommun-0180", "invite-confirm": "y"}, page=MAIL)
    assert again.status_code == 302
    assert "redan med en fungerande länk: 1." in console.get(MAIL).get_data(as_text=True)


def test_an_unknown_organisation_is_named_beside_the_codes(console):
    refused = console.post(MAIL + "/invitations", {"invite-codes": "kommun-9999", "invite-confirm": "y"}, page=MAIL)
    assert refused.status_code == 422 and "kommun-9999" in refused.get_data(as_text=True)


def test_the_mail_page_and_the_status_board_show_each_messages_state(console, smtp):  # noqa: F811
    smtp.handler.replies.append("550 5.1.1 no such user here")
    console.post(MAIL + "/invitations", {"invite-codes": "kommun-0180", "invite-confirm": "y"}, page=MAIL)
    send_due(db.session)
    console.post(MAIL + "/reminders", {"remind-confirm": "y"}, page=MAIL)
    send_due(db.session)

    page = console.get(MAIL).get_data(as_text=True)
    assert "550 5.1.1 no such user here" in page and "Misslyckat" in page and "Skickat" in page
    board = console.get("/admin/rounds/2025/status").get_data(as_text=True)
    assert "Åsa Öberg" in board
    assert "Påminnelse" in board and "Skickat" in board
    assert "svarsfrekvens" in board
    with console.app.app_context():  # a fresh `g`: the fixture's context would keep the first request's language
        english = console.get("/admin/rounds/2025/status?lang=en").get_data(as_text=True)
    assert "Reminder" in english and "Sent" in english and "response rate" in english


def test_reminders_from_the_console_only_once_a_day(console, smtp):  # noqa: F811
    console.post(MAIL + "/invitations", {"invite-confirm": "y", "invite-organisation_type": "kommun"}, page=MAIL)
    console.post(MAIL + "/reminders", {"remind-confirm": "y"}, page=MAIL)
    assert "Köade: 2." in console.get(MAIL).get_data(as_text=True)
    console.post(MAIL + "/reminders", {"remind-confirm": "y"}, page=MAIL)
    assert "påminda i dag: 2." in console.get(MAIL).get_data(as_text=True)
    kinds = db.session.scalars(select(OutboxMessage.kind)).all()
    assert sorted(kinds) == ["invitation", "invitation", "reminder", "reminder"]
