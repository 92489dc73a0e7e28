"""Claims: a message is taken by one worker at a time; a dead worker's claim is taken again after the lease."""

from datetime import UTC, datetime, timedelta

import pytest

from extensions import db
from models import OutboxMessage, OutboxState
from services.mail import claims
from services.mail.outbox import (
    ERASED_RECIPIENT,
    erase_recipient,
    messages_to,
    prune_finished,
    queue_message,
    state_counts,
)

LEASE = timedelta(minutes=5)


def _queued() -> OutboxMessage:
    message = queue_message(db.session, to="a@kommun.example", subject="Ämne", text="Text", kind="test")
    db.session.commit()
    return message


def test_a_claimed_message_is_not_claimed_again_until_its_lease_runs_out(app):
    with app.app_context():
        queued = _queued()
        now = datetime.now(UTC) + timedelta(seconds=1)
        first = claims.claim_next(db.session, now=now, lease=LEASE)
        assert first.message.id == queued.id and first.message.attempts == 1
        assert claims.claim_next(db.session, now=now + LEASE - timedelta(seconds=1), lease=LEASE) is None
        # Its worker died: after the lease another one takes it, and the dead one's outcome no longer counts.
        second = claims.claim_next(db.session, now=now + LEASE, lease=LEASE)
        assert second.message.id == queued.id and second.message.attempts == 2
        assert claims.record_sent(db.session, first, now=now) is False
        assert claims.record_sent(db.session, second, now=now + LEASE) is True
        assert state_counts(db.session) == {"queued": 0, "sending": 0, "sent": 1, "failed": 0}


def test_an_unknown_kind_of_message_is_refused(app):
    with app.app_context(), pytest.raises(ValueError, match="unknown kind"):
        queue_message(db.session, to="a@kommun.example", subject="x", text="x", kind="spam")


def test_erasing_a_recipient_blanks_their_messages_and_stops_the_unsent_ones(app):
    with app.app_context():
        sent = queue_message(db.session, to="Asa@Kommun.example", subject="Inbjudan", text="Hej Åsa", kind="test")
        waiting = queue_message(db.session, to="asa@kommun.example", subject="Påminnelse", text="Hej Åsa", kind="test")
        other = queue_message(db.session, to="bo@kommun.example", subject="Inbjudan", text="Hej Bo", kind="test")
        sent.state = other.state = OutboxState.SENT
        db.session.commit()
        assert [m.id for m in messages_to(db.session, " ASA@kommun.example")] == [sent.id, waiting.id]

        assert erase_recipient(db.session, "asa@kommun.example") == 2
        db.session.commit()
        assert messages_to(db.session, "asa@kommun.example") == []
        for message in (sent, waiting):
            assert (message.recipient, message.body_text) == (ERASED_RECIPIENT, "")
        assert (sent.state, waiting.state) == (OutboxState.SENT, OutboxState.FAILED)
        assert claims.claim_next(db.session, now=datetime.now(UTC) + timedelta(days=1), lease=LEASE) is None

        assert prune_finished(db.session, created_before=datetime.now(UTC) + timedelta(seconds=1)) == 1
        db.session.commit()
        assert db.session.get(OutboxMessage, other.id, populate_existing=True).recipient == ERASED_RECIPIENT
