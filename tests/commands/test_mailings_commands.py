"""send-invitations and send-reminders against a real SMTP server (aiosmtpd): queued by the command, sent by the
real worker, received over the wire, and the link in the message opened on the test server."""

import re

import pytest
from sqlalchemy import select

from extensions import db
from models import Invitation, OutboxMessage
from services.contacts import ContactDetails, add_contact
from services.mail.worker import send_due
from tests.factories import answer, organisation
from tests.services.mail.conftest import mail_app, smtp  # noqa: F401  (fixtures)

pytestmark = pytest.mark.xdist_group("mail_worker")
LINE = re.compile(r"^[a-z0-9-]+\t[^\t]*\t(queued|dry-run|skipped-has-link|skipped-today|no-contacts)$")
CONTACTS = {
    "kommun-0180": [("Åsa Öberg", "asa@stockholm.example", "sv"), ("Bo Ek", "bo@stockholm.example", "en")],
    "kommun-0114": [("Cia Lund", "cia@upplands-vasby.example", "sv")],
    "kommun-0115": [("Dan Berg", "dan@vallentuna.example", "sv")],
}


@pytest.fixture
def contacts(mail_app, open_round):  # noqa: F811
    for code, people in CONTACTS.items():
        for name, email, language in people:
            details = ContactDetails(name, email, "planeringschef", language)
            add_contact(db.session, organisation(code), details, actor="test")
    db.session.commit()
    return mail_app


def _run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    lines = result.output.splitlines()
    return result, lines


def _deliver(smtp, count):  # noqa: F811
    send_due(db.session)
    return smtp.wait_for(count)


def _codes(lines):
    return sorted(line.split("\t")[0] for line in lines)


def test_invitations_reach_every_contact_with_a_link_that_opens(contacts, smtp):  # noqa: F811
    codes = [arg for code in CONTACTS for arg in ("--organisation", code)]
    result, lines = _run(contacts, "send-invitations", "--round", "2025", *codes)

    assert result.exit_code == 0, result.output
    assert all(LINE.match(line) for line in lines), lines
    assert sorted(lines) == sorted(f"{code}\t{p[1]}\tqueued" for code, ps in CONTACTS.items() for p in ps)
    received = _deliver(smtp, 4)
    assert sorted(m["To"] for m in received) == sorted(p[1] for ps in CONTACTS.values() for p in ps)
    english = next(m for m in received if m["To"] == "bo@stockholm.example")
    assert "Invitation" in english["Subject"] and "Stockholm" in english["Subject"]
    swedish = next(m for m in received if m["To"] == "asa@stockholm.example")
    assert swedish["Subject"].startswith("Inbjudan")
    body = swedish.get_body(("plain",)).get_content()
    link = re.search(r"http://localhost(/\S+)", body).group(1)
    page = contacts.test_client().get(link, follow_redirects=True)
    assert page.status_code == 200 and "Stockholm" in page.get_data(as_text=True)
    # One link per contact, named after them.
    assert len(db.session.scalars(select(Invitation)).all()) == 4


def test_a_second_run_skips_contacts_that_hold_a_working_link(contacts, smtp):  # noqa: F811
    _run(contacts, "send-invitations", "--round", "2025", "--type", "kommun")
    first = len(_deliver(smtp, 4))
    result, lines = _run(contacts, "send-invitations", "--round", "2025", "--organisation", "kommun-0180")

    assert result.exit_code == 0
    assert sorted(lines) == [
        "kommun-0180\tasa@stockholm.example\tskipped-has-link",
        "kommun-0180\tbo@stockholm.example\tskipped-has-link",
    ]
    send_due(db.session)
    assert len(smtp.received) == first == 4


def test_organisations_without_contacts_and_the_dry_run(contacts, smtp):  # noqa: F811
    result, lines = _run(
        contacts,
        "send-invitations",
        "--round",
        "2025",
        "--organisation",
        "kommun-0117",
        "--organisation",
        "kommun-0114",
        "--dry-run",
    )

    assert result.exit_code == 0
    assert lines == ["kommun-0114\tcia@upplands-vasby.example\tdry-run", "kommun-0117\t\tno-contacts"]
    assert db.session.scalars(select(OutboxMessage)).all() == []
    assert db.session.scalars(select(Invitation)).all() == []


def test_reminders_reach_not_started_and_drafts_never_submitted(contacts, smtp):  # noqa: F811
    _run(contacts, "send-invitations", "--round", "2025")
    _deliver(smtp, 4)
    answer(contacts, "2025", "kommun-0114", {"d2_role_clarity": "3", "d2_mandate_clarity": "4"}, submit=False)
    answer(contacts, "2025", "kommun-0115", {"d2_role_clarity": "3"}, submit=True)
    _deliver(smtp, 5)  # the submitted organisation's receipt goes out before the reminders
    smtp.received.clear()

    result, lines = _run(contacts, "send-reminders", "--round", "2025")

    assert result.exit_code == 0, result.output
    assert _codes(lines) == ["kommun-0114", "kommun-0180", "kommun-0180"]
    assert all(line.endswith("\tqueued") for line in lines)
    received = {m["To"]: m for m in _deliver(smtp, 3)}
    assert set(received) == {"asa@stockholm.example", "bo@stockholm.example", "cia@upplands-vasby.example"}
    draft = received["cia@upplands-vasby.example"].get_body(("plain",)).get_content()
    assert re.search(r"\b[12] av \d+ frågor besvarade", draft), draft
    assert "inte påbörjad" in received["asa@stockholm.example"].get_body(("plain",)).get_content()
    assert "not started" in received["bo@stockholm.example"].get_body(("plain",)).get_content()


def test_a_second_reminder_the_same_day_sends_nothing(contacts, smtp):  # noqa: F811
    _run(contacts, "send-invitations", "--round", "2025")
    _run(contacts, "send-reminders", "--round", "2025")
    _deliver(smtp, 8)
    before = len(smtp.received)

    result, lines = _run(contacts, "send-reminders", "--round", "2025")

    assert result.exit_code == 0 and len(lines) == 4
    assert all(line.endswith("\tskipped-today") for line in lines), lines
    send_due(db.session)
    assert len(smtp.received) == before == 8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["send-invitations", "--round", "1999"], "1999"),
        (["send-reminders", "--round", "1999"], "1999"),
        (["send-invitations", "--round", "2025", "--type", "planet"], "planet"),
        (["send-invitations", "--round", "2025", "--organisation", "kommun-9999"], "kommun-9999"),
    ],
)
def test_bad_arguments_fail_with_one_line(contacts, args, message):
    result, _lines = _run(contacts, *args)

    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1 and message in result.output
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_a_round_that_is_not_open_is_refused(contacts):
    _run(contacts, "round", "close", "2025")
    for command in ("send-invitations", "send-reminders"):
        result, _lines = _run(contacts, command, "--round", "2025")
        assert result.exit_code != 0 and "2025" in result.output and len(result.output.strip().splitlines()) == 1
