"""The outbox over the wire: a real SMTP server (aiosmtpd) answers, accepts, refuses or is down."""

from datetime import UTC, datetime, timedelta

import pytest

from extensions import db
from models import OutboxMessage, OutboxState
from services.mail.outbox import queue_message
from services.mail.worker import send_due

SUBJECT = "Påminnelse: Samverkanstrappan 2025 stänger snart – svara före fredag"
TEXT = "Hej Åsa Öberg!\n\nEr enkät är påbörjad (12 av 40 frågor). Länk: http://127.0.0.1:5000/i/abc\n"
HTML = "<p>Hej Åsa Öberg!</p><p>Er enkät är påbörjad (12 av 40 frågor).</p>"
#: Later than any message these tests queue, so each is due at NOW.
NOW = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)


def _queue(to: str = "asa.oberg@kommun.example", **extra) -> OutboxMessage:
    message = queue_message(db.session, to=to, subject=SUBJECT, text=TEXT, html=HTML, kind="reminder", **extra)
    db.session.commit()
    return message


def _reload(message: OutboxMessage) -> OutboxMessage:
    return db.session.get(OutboxMessage, message.id, populate_existing=True)


def _at(moment: datetime):
    return lambda: moment


def test_a_queued_message_goes_over_the_wire_with_both_parts_in_utf8(mail_app, smtp):
    queued = _queue()
    assert queued.state == OutboxState.QUEUED and smtp.received == []

    counts = send_due(db.session)

    assert (counts.sent, counts.retried, counts.failed) == (1, 0, 0)
    [received] = smtp.received
    assert received["Subject"] == SUBJECT
    assert received["To"] == "asa.oberg@kommun.example"
    assert received["From"] == "Regionalt forum <forum@samverkan.example>"
    assert received["Message-ID"] == queued.message_id
    assert received.get_content_type() == "multipart/alternative"
    # Lines end in CRLF on the wire (RFC 5321).
    assert received.get_body(("plain",)).get_content().replace("\r\n", "\n") == TEXT
    assert received.get_body(("html",)).get_content().strip() == HTML
    sent = _reload(queued)
    assert (sent.state, sent.attempts, sent.last_error) == (OutboxState.SENT, 1, None)
    assert sent.sent_at is not None
    assert send_due(db.session).tried == 0, "a sent message went out again"
    assert len(smtp.received) == 1


def test_a_temporary_failure_is_retried_after_the_back_off_and_then_delivered(mail_app, smtp):
    queued = _queue()
    smtp.handler.replies.extend(["451 4.3.0 Try again later", "451 4.3.0 Still busy"])

    assert send_due(db.session, clock=_at(NOW)).retried == 1
    waiting = _reload(queued)
    assert (waiting.state, waiting.attempts, waiting.last_error) == (OutboxState.QUEUED, 1, "451 4.3.0 Try again later")
    assert waiting.next_attempt_at == NOW + timedelta(seconds=60)

    assert send_due(db.session, clock=_at(NOW + timedelta(seconds=59))).tried == 0, "tried before the back-off"
    assert send_due(db.session, clock=_at(NOW + timedelta(seconds=60))).retried == 1
    # The wait doubles: 60 s after the first try, 120 s after the second.
    assert _reload(queued).next_attempt_at == NOW + timedelta(seconds=180)
    assert send_due(db.session, clock=_at(NOW + timedelta(seconds=179))).tried == 0

    assert send_due(db.session, clock=_at(NOW + timedelta(seconds=180))).sent == 1
    delivered = _reload(queued)
    assert (delivered.state, delivered.attempts) == (OutboxState.SENT, 3)
    assert smtp.message_ids() == [queued.message_id]


def test_a_permanent_failure_is_marked_failed_with_the_reply_and_never_tried_again(mail_app, smtp):
    refused, accepted = _queue("finns.inte@kommun.example"), _queue()
    smtp.handler.replies.append("550 5.1.1 <finns.inte@kommun.example>: Recipient address rejected")

    counts = send_due(db.session)

    assert (counts.sent, counts.failed) == (1, 1)
    failed = _reload(refused)
    assert failed.state == OutboxState.FAILED
    assert failed.last_error == "550 5.1.1 <finns.inte@kommun.example>: Recipient address rejected"
    assert _reload(accepted).state == OutboxState.SENT
    assert send_due(db.session, clock=_at(datetime.now(UTC) + timedelta(days=30))).tried == 0
    assert smtp.message_ids() == [accepted.message_id]


def test_a_temporary_failure_on_the_last_try_counts_as_failed(mail_app, smtp):
    queued = _queue()
    smtp.handler.replies.extend(["421 4.7.0 Too many connections"] * 3)
    for minutes in (0, 10, 20):
        send_due(db.session, clock=_at(NOW + timedelta(minutes=minutes)))
    given_up = _reload(queued)
    assert (given_up.state, given_up.attempts, given_up.last_error) == (
        OutboxState.FAILED,
        3,
        "421 4.7.0 Too many connections",
    )


def test_with_the_server_down_messages_stay_queued_with_the_error_and_go_out_when_it_is_back(mail_app, smtp):
    first, second = _queue(), _queue("planering@region.example")
    smtp.stop()

    counts = send_due(db.session, clock=_at(NOW))

    assert (counts.sent, counts.retried, counts.failed) == (0, 1, 0)
    tried = _reload(first)
    assert (tried.state, tried.attempts) == (OutboxState.QUEUED, 1)
    assert "ConnectionRefusedError" in tried.last_error
    # The batch stops at the first refused connection: the other message keeps its tries for later.
    untouched = _reload(second)
    assert (untouched.state, untouched.attempts, untouched.last_error) == (OutboxState.QUEUED, 0, None)

    # An outage outlasting MAIL_MAX_ATTEMPTS (3 here) never fails the message: the server, not it, is at fault.
    for hours in range(1, 6):
        assert send_due(db.session, clock=_at(NOW + timedelta(hours=hours))).unreachable
    after_outage = [_reload(first), _reload(second)]
    assert {message.state for message in after_outage} == {OutboxState.QUEUED}
    assert sum(message.attempts for message in after_outage) == 6

    smtp.start()
    assert send_due(db.session, clock=_at(NOW + timedelta(hours=6))).sent == 2
    assert sorted(smtp.message_ids()) == sorted([first.message_id, second.message_id])
    assert {_reload(first).state, _reload(second).state} == {OutboxState.SENT}


def test_the_pace_spaces_the_messages(mail_app, smtp):
    import time

    for _ in range(3):
        _queue()
    mail_app.config["MAIL_MESSAGES_PER_MINUTE"] = 300  # one every 0.2 s
    started = time.monotonic()
    assert send_due(db.session).sent == 3
    assert time.monotonic() - started >= 0.4


def test_the_smtp_password_is_in_no_log_line_and_no_stored_error(app, smtp, caplog):
    """The test server offers no AUTH, so the login fails: a temporary failure whose error names no password."""
    import logging

    from app import create_app

    secret = "Hemligt-SMTP-lösen-4711"
    settings = {key: app.config[key] for key in ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY")}
    authed = create_app({**settings, **smtp.config(), "MAIL_USERNAME": "forum", "MAIL_PASSWORD": secret})
    caplog.set_level(logging.DEBUG)
    with authed.app_context():
        queued = _queue()
        assert send_due(db.session).retried == 1
        stored = _reload(queued)
        db.session.remove()
        db.engine.dispose()
    assert stored.state == OutboxState.QUEUED and "AUTH" in stored.last_error
    assert secret not in stored.last_error
    assert secret not in caplog.text
    assert smtp.received == []


def test_a_message_that_cannot_be_built_is_failed_at_once_not_retried(mail_app, smtp):
    """A row written past queue_message (which refuses line breaks) with a broken header: failed with the reason."""
    broken = _queue()
    broken.recipient = "a@kommun.example\nBcc: alla@kommun.example"
    db.session.commit()
    counts = send_due(db.session)
    assert (counts.failed, counts.retried) == (1, 0)
    failed = _reload(broken)
    assert failed.state == OutboxState.FAILED and "Invalid address" in failed.last_error
    assert smtp.received == []


@pytest.mark.parametrize(
    ("to", "subject"),
    [("a@kommun.example\nBcc: b@kommun.example", "Inbjudan"), ("a@kommun.example", "Inbjudan\r\nBcc: b@x"), ("a", "x")],
)
def test_queueing_refuses_a_line_break_in_a_header_and_an_address_without_at(mail_app, to, subject):
    with pytest.raises(ValueError, match="single-line"):
        queue_message(db.session, to=to, subject=subject, text="x", kind="test")
