"""Claims: a message is taken by one worker at a time; a dead worker's claim is taken again after the lease."""

from datetime import UTC, datetime, timedelta

import pytest

from extensions import db
from models import OutboxMessage
from services.mail import claims
from services.mail.outbox import queue_message, state_counts

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
