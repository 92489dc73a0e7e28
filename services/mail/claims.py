"""Claiming a message before sending it, and recording how it went: the part that keeps "never sent twice".

Each function is one short transaction of its own and commits it: a claim must be visible to every other worker
before the message goes out, and an outcome must be stored right after the server answered. (The rest of the
service flushes and leaves the commit to its caller; the worker is its own caller.)

- On PostgreSQL the candidate row is locked with `SELECT … FOR UPDATE SKIP LOCKED`, so two workers take different
  rows without waiting for each other.
- On SQLite every writing transaction holds the database's write lock from its start (services/database.py), so
  the claims of two workers follow one another.
- On both, the claim is an `UPDATE … WHERE` the row is still due, and it counts only when it changed one row.

A claim carries a random token; an outcome is written only while the row still holds that token. A row found in
`sending` whose claim is older than MAIL_LEASE_SECONDS belonged to a worker that died, and is claimed again.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from models import OutboxMessage, OutboxState


@dataclass(frozen=True)
class ClaimedMessage:
    """What sending needs, read inside the claim's transaction: no database access (and no lock) while sending."""

    id: int
    message_id: str
    recipient: str
    subject: str
    body_text: str
    body_html: str | None
    #: Tries including this one.
    attempts: int


@dataclass(frozen=True)
class Claim:
    """One message taken by this worker: send it, then record the outcome with the token."""

    message: ClaimedMessage
    token: str


def _due(now: datetime, lease: timedelta):
    queued_and_due = and_(OutboxMessage.state == OutboxState.QUEUED, OutboxMessage.next_attempt_at <= now)
    abandoned = and_(OutboxMessage.state == OutboxState.SENDING, OutboxMessage.claimed_at <= now - lease)
    return or_(queued_and_due, abandoned)


def claim_next(session: Session, *, now: datetime, lease: timedelta) -> Claim | None:
    """Take the message that has waited longest among those due, or None when nothing is due."""
    while True:
        query = (
            select(OutboxMessage.id).where(_due(now, lease)).order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        candidate = session.scalar(query.limit(1))
        if candidate is None:
            session.commit()
            return None
        token = secrets.token_hex(16)
        taken = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == candidate, _due(now, lease))
            .values(state=OutboxState.SENDING, claimed_at=now, claim_token=token, attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        claimed = _snapshot(session, candidate) if taken.rowcount == 1 else None
        session.commit()
        if claimed is not None:
            return Claim(claimed, token)
        # Another worker took it between the two statements; look for the next one.


def _snapshot(session: Session, message_id: int) -> ClaimedMessage:
    row = session.get(OutboxMessage, message_id, populate_existing=True)
    return ClaimedMessage(
        row.id, row.message_id, row.recipient, row.subject, row.body_text, row.body_html, row.attempts
    )


def record_sent(session: Session, claim: Claim, *, now: datetime) -> bool:
    """The server accepted the message. False when this worker had lost its claim (it was too slow: see lease)."""
    return _finish(session, claim, state=OutboxState.SENT, sent_at=now, last_error=None)


def record_retry(session: Session, claim: Claim, *, error: str, retry_at: datetime) -> bool:
    """A temporary failure: back to queued, not before `retry_at`, with the server's reply kept."""
    return _finish(session, claim, state=OutboxState.QUEUED, next_attempt_at=retry_at, last_error=error)


def record_failed(session: Session, claim: Claim, *, error: str) -> bool:
    """A permanent failure (or the last try used up): failed, with the server's reply kept."""
    return _finish(session, claim, state=OutboxState.FAILED, last_error=error)


def _finish(session: Session, claim: Claim, **values) -> bool:
    changed = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == claim.message.id,
            OutboxMessage.state == OutboxState.SENDING,
            OutboxMessage.claim_token == claim.token,
        )
        .values(claimed_at=None, claim_token=None, **values)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return changed.rowcount == 1
