"""What was mailed in a round: its messages with the outbox's state, each organisation's last message and
contacts, and the status board's response rate and days left (SPEC §8)."""

import math
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Contact, OutboxMessage, Round, utcnow

#: The kinds a round's mail page lists (a test to oneself has the round too).
ROUND_KINDS = ("invitation", "reminder", "receipt", "test")


def messages_of_round(session: Session, found_round: Round, *, limit: int = 1000) -> list[OutboxMessage]:
    """The round's messages, newest first (at most `limit`)."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.round_id == found_round.id, OutboxMessage.kind.in_(ROUND_KINDS))
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def state_counts_of_round(session: Session, found_round: Round) -> dict[str, int]:
    query = (
        select(OutboxMessage.state, func.count())
        .where(OutboxMessage.round_id == found_round.id)
        .group_by(OutboxMessage.state)
    )
    return dict(session.execute(query).all())


def last_messages(session: Session, found_round: Round) -> dict[int, OutboxMessage]:
    """Each organisation's newest message in the round, by organisation id (one query for the whole board)."""
    newest = (
        select(func.max(OutboxMessage.id))
        .where(OutboxMessage.round_id == found_round.id, OutboxMessage.organisation_id.is_not(None))
        .group_by(OutboxMessage.organisation_id)
    )
    found = session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(newest)))
    return {message.organisation_id: message for message in found}


def contacts_by_organisation(session: Session) -> dict[int, list[Contact]]:
    """Every organisation's contact persons, by organisation id, in name order."""
    grouped: dict[int, list[Contact]] = {}
    for contact in session.scalars(select(Contact).order_by(Contact.name, Contact.email)):
        grouped.setdefault(contact.organisation_id, []).append(contact)
    return grouped


def response_rate(summary: dict[str, int]) -> float | None:
    """Submitted among the organisations on the board (invited or answering); None with nobody on it."""
    total = sum(summary.values())
    return summary.get("submitted", 0) / total if total else None


def days_left(found_round: Round, now: datetime | None = None) -> int | None:
    """Whole days until the round closes, a part day counted as one; 0 once closed; None without a closing date."""
    if found_round.closes_at is None:
        return None
    seconds = (found_round.closes_at - (now or utcnow())).total_seconds()
    return max(0, math.ceil(seconds / 86400))
