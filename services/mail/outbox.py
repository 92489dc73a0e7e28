"""Queueing e-mail: the only way the service sends a message. Callers never talk to SMTP themselves.

    message = queue_message(db.session, to="a@kommun.se", subject="Inbjudan", text="…", html="<p>…</p>",
                            kind="invitation", organisation_id=org.id, round_id=found.id, contact_id=contact.id)
    db.session.commit()   # the caller's transaction: the message exists exactly when the rest of the work does

The worker (`services/mail/worker.py`, `flask --app app mail-worker`) sends it later, at the configured pace.

The bodies are kept as queued, so a mailed invitation link is readable in this table (unlike `invitations`, which
holds only hashes) until retention (`prune_finished`) or an erasure (`erase_recipient`) blanks them.
Personal data: `messages_to`, `erase_recipient` and `prune_finished` are for export-person, erase-person and
prune-contacts.
"""

from datetime import datetime
from email.utils import make_msgid

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from models import OutboxMessage, OutboxState, utcnow

#: Kinds the outbox knows; a new kind of message adds its name here.
KINDS = ("invitation", "reminder", "receipt", "test", "password_link", "other")


def queue_message(
    session: Session,
    *,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    kind: str,
    organisation_id: int | None = None,
    round_id: int | None = None,
    contact_id: int | None = None,
) -> OutboxMessage:
    """Add one message for one recipient to the outbox and flush (no commit); it is due at once.

    `text` is the plain-text body and `html` the optional HTML alternative of the same content. The Message-ID
    is fixed here, so every try of this row carries the same one.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind of message {kind!r}; add it to services.mail.outbox.KINDS")
    if any(character in value for value in (to, subject) for character in "\r\n") or "@" not in to:
        # A line break would add headers of its own choosing (header injection); callers check addresses first.
        raise ValueError(f"not a single-line address and subject: {to!r}, {subject!r}")
    message = OutboxMessage(
        message_id=make_msgid(domain=_sender_domain()),
        kind=kind,
        recipient=to.strip(),
        subject=subject,
        body_text=text,
        body_html=html,
        state=OutboxState.QUEUED,
        attempts=0,
        next_attempt_at=utcnow(),
        organisation_id=organisation_id,
        round_id=round_id,
        contact_id=contact_id,
    )
    session.add(message)
    session.flush()
    return message


def state_counts(session: Session) -> dict[str, int]:
    """How many messages are in each state, every state named (0 when none)."""
    counted = dict(session.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)).all())
    return {state.value: counted.get(state.value, 0) for state in OutboxState}


#: What an erased recipient becomes; a message to it is never sent.
ERASED_RECIPIENT = "erased@erased.invalid"
_FINISHED = (OutboxState.SENT, OutboxState.FAILED)


def messages_to(session: Session, email: str) -> list[OutboxMessage]:
    """Every message to this address (case does not matter), oldest first: for a person's data export."""
    query = select(OutboxMessage).where(func.lower(OutboxMessage.recipient) == email.strip().lower())
    return list(session.scalars(query.order_by(OutboxMessage.created_at, OutboxMessage.id)))


def erase_recipient(session: Session, email: str) -> int:
    """Erase a person from the outbox: address and bodies (which greet them by name) go; a message not yet sent
    becomes failed and is never sent. Returns how many messages were changed. Flushes, no commit."""
    erased = 0
    for message in messages_to(session, email):
        _erase(message)
        if message.state not in _FINISHED:
            message.state, message.last_error = OutboxState.FAILED, "erased before sending"
        erased += 1
    session.flush()
    return erased


def prune_finished(session: Session, *, created_before: datetime) -> int:
    """Retention: erase address and bodies of sent and failed messages queued before `created_before`."""
    changed = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.created_at < created_before,
            OutboxMessage.state.in_(_FINISHED),
            OutboxMessage.recipient != ERASED_RECIPIENT,
        )
        .values(recipient=ERASED_RECIPIENT, body_text="", body_html=None)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return changed.rowcount


def _erase(message: OutboxMessage) -> None:
    message.recipient, message.body_text, message.body_html = ERASED_RECIPIENT, "", None


def _sender_domain() -> str:
    """The part after @ of the sender: Message-IDs then name the service's own domain, as RFC 5322 advises."""
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or ""
    domain = sender.rpartition("@")[2].strip(" >")
    return domain or "samverkan.invalid"
