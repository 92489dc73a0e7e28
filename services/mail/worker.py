"""The mail worker: sends the outbox's due messages, one at a time, at the configured pace.

    counts = send_due(db.session, limit=100)          # one batch; counts.sent, counts.retried, counts.failed
    totals = run(db.session, once=False, stop=event)  # `flask --app app mail-worker`: until `stop` is set

For each message: claim it (its own transaction, services/mail/claims.py), hand it to the server, then record the
outcome in a transaction of its own right after the server answered:
- accepted → sent (with sent_at);
- a temporary failure (4xx) → queued again, not before an exponential back-off (MAIL_RETRY_SECONDS · 2^(tries-1),
  at most MAIL_RETRY_MAX_SECONDS); after MAIL_MAX_ATTEMPTS tries → failed;
- the server unreachable (refused, timed out, login refused) → queued again with the same back-off but never failed
  (the message is not at fault; its row shows the error), and the batch ends: `run` then waits the back-off before
  it tries the next one, so an outage costs one try per pause, not one per message;
- a permanent failure (5xx) → failed, with the server's reply.

Exactly once, and its one window: a message is only sent by the worker holding its claim, so two workers never send
the same row. A worker killed while it holds a claim leaves the row in `sending`; once the claim is older than
MAIL_LEASE_SECONDS another worker sends it again. If the kill fell between the server's "250 accepted" and the
commit of `sent` (a few milliseconds per message), or the database failed at that very moment, that resend is a
second copy. It carries the same Message-ID,
so mail programs and many servers show it once. The lease must outlast one send (MAIL_TIMEOUT), or a slow but
living worker's message could be claimed again: the defaults are 30 s and 300 s.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy.orm import Session

from models import utcnow
from services.mail import claims
from services.mail.delivery import Failure, classify, close_quietly, open_connection, send

log = logging.getLogger(__name__)


@dataclass
class SendCounts:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    #: The batch ended because the server could not be reached.
    unreachable: bool = False

    @property
    def tried(self) -> int:
        return self.sent + self.retried + self.failed

    def add(self, other: "SendCounts") -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed


@dataclass(frozen=True)
class Policy:
    """Pace and retry policy, from the MAIL_* settings (services/mail/settings.py)."""

    seconds_between_messages: float
    max_attempts: int
    retry_seconds: int
    retry_max_seconds: int
    lease: timedelta

    @classmethod
    def from_config(cls, config) -> "Policy":
        return cls(
            seconds_between_messages=60 / config["MAIL_MESSAGES_PER_MINUTE"],
            max_attempts=config["MAIL_MAX_ATTEMPTS"],
            retry_seconds=config["MAIL_RETRY_SECONDS"],
            retry_max_seconds=config["MAIL_RETRY_MAX_SECONDS"],
            lease=timedelta(seconds=config["MAIL_LEASE_SECONDS"]),
        )

    def wait_seconds(self, attempts: int) -> int:
        """After try number `attempts` failed: the first wait, doubled for each earlier try, up to the longest."""
        return min(self.retry_max_seconds, self.retry_seconds * 2 ** max(0, attempts - 1))

    def retry_at(self, attempts: int, now: datetime) -> datetime:
        return now + timedelta(seconds=self.wait_seconds(attempts))


def send_due(
    session: Session,
    *,
    limit: int = 100,
    clock: Callable[[], datetime] = utcnow,
    stop: threading.Event | None = None,
    policy: Policy | None = None,
) -> SendCounts:
    """Send up to `limit` due messages; stops early when nothing is due, `stop` is set or the server is unreachable.

    Commits (each claim and each outcome in its own transaction); `clock` gives "now" for due times and back-off.
    """
    policy = policy or Policy.from_config(current_app.config)
    stop = stop or threading.Event()
    counts = SendCounts()
    connection, last_send = None, None
    try:
        while counts.tried < limit and not stop.is_set():
            if last_send is not None and stop.wait(
                max(0.0, last_send + policy.seconds_between_messages - time.monotonic())
            ):
                break
            claim = claims.claim_next(session, now=clock(), lease=policy.lease)
            if claim is None:
                break
            last_send = time.monotonic()
            connection, failure = _try_to_send(connection, claim)
            _record(session, claim, failure, counts, clock(), policy)
            if failure is not None and failure.connection:
                counts.unreachable = True
                break
    finally:
        close_quietly(connection)
    return counts


def run(
    session: Session, *, once: bool, stop: threading.Event, idle_seconds: float = 5.0, batch: int = 100
) -> SendCounts:
    """Send batches until nothing is due (`once`) or until `stop` is set, sleeping `idle_seconds` when idle and the
    back-off (doubling while it lasts) while the server cannot be reached."""
    policy = Policy.from_config(current_app.config)
    totals, outage = SendCounts(), 0
    while not stop.is_set():
        counts = send_due(session, limit=batch, stop=stop, policy=policy)
        totals.add(counts)
        outage = outage + 1 if counts.unreachable else 0
        if counts.tried < batch:
            if once:
                break
            stop.wait(policy.wait_seconds(outage) if outage else idle_seconds)
    return totals


def _try_to_send(connection, claim: claims.Claim):
    """(the connection to use next, None when sent or the failure); any failure is kept on the message, never lost."""
    if connection is None:
        try:
            connection = open_connection()
        except Exception as error:
            return None, classify(error, connecting=True)
    try:
        send(connection, claim.message)
        return connection, None
    except Exception as error:
        failure = classify(error)
        if failure.connection:
            close_quietly(connection)
            connection = None
        return connection, failure


def _record(
    session: Session, claim: claims.Claim, failure: Failure | None, counts: SendCounts, now: datetime, policy: Policy
) -> None:
    message = claim.message
    if failure is None:
        kept = claims.record_sent(session, claim, now=now)
        counts.sent += 1
        outcome = "sent"
    elif failure.connection or (failure.temporary and message.attempts < policy.max_attempts):
        kept = claims.record_retry(session, claim, error=failure.reply, retry_at=policy.retry_at(message.attempts, now))
        counts.retried += 1
        outcome = "retry"
    else:
        kept = claims.record_failed(session, claim, error=failure.reply)
        counts.failed += 1
        outcome = "failed"
    # The message's id and Message-ID only: the address is personal data, the password is never anywhere near here.
    log.info(
        "mail %s",
        outcome,
        extra={
            "outbox_id": message.id,
            "message_id": message.message_id,
            "attempt": message.attempts,
            "reply": failure.reply if failure else None,
            "claim_kept": kept,
        },
    )
