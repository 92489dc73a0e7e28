"""From an outbox row to a message on the wire, and what a failure means: try again later, or give up.

The rule (RFC 5321 §4.2.1): a 5xx reply is permanent for that message; any other failure (a 4xx above all) is
temporary. A connection that cannot be made or breaks (refused, timed out, closed) and a refused login or greeting
are the server's trouble, not the message's: temporary, whatever the code.
"""

import logging
import smtplib
from dataclasses import dataclass
from email.header import Header
from email.message import Message

from flask import current_app
from flask_mailman import EmailMultiAlternatives

from extensions import mail
from services.mail.claims import ClaimedMessage

log = logging.getLogger(__name__)

#: Kept from a reply: enough for any server's explanation, never a whole transcript.
REPLY_CHARS = 1000


@dataclass(frozen=True)
class Failure:
    """Why a try failed; `reply` is the server's answer ("451 4.3.0 try later") or the connection's error."""

    temporary: bool
    reply: str
    #: The connection itself failed: the next messages would fail alike, so the worker stops the batch.
    connection: bool = False


class OutboxEmail(EmailMultiAlternatives):
    """Flask-Mailman's message with the subject folded as its own header line.

    Flask-Mailman encodes a long non-ASCII subject without knowing that "Subject: " comes first, and the line is
    then broken right after the colon; readers decode that as a subject that starts with a space. A `Header` that
    knows its name folds correctly (set past Flask-Mailman's check, which refuses any folded value).
    """

    def message(self):
        message = super().message()
        del message["Subject"]
        Message.__setitem__(message, "Subject", Header(self.subject, self.encoding or "utf-8", header_name="Subject"))
        return message


def open_connection():
    """An open connection of the configured backend (SMTP, or the .eml folder); raises as smtplib does."""
    connection = mail.get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception:
        # A refused login or STARTTLS leaves the socket open inside the backend: close it before giving up.
        close_quietly(connection)
        raise
    return connection


def close_quietly(connection) -> None:
    """Close `connection`; closing one the server already broke may fail again, and there is nothing left to save."""
    if connection is None:
        return
    try:
        connection.close()
    except Exception:
        log.debug("closing the mail connection failed", exc_info=True)


def send(connection, message: ClaimedMessage) -> None:
    """Hand one message to the server; returns when it accepted it, raises when it did not."""
    email = OutboxEmail(
        subject=message.subject,
        body=message.body_text,
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[message.recipient],
        headers={"Message-ID": message.message_id},
        connection=connection,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    email.send(fail_silently=False)


def classify(error: Exception, *, connecting: bool = False) -> Failure:
    """What `error`, raised while connecting (`connecting`) or sending, means for the message."""
    if connecting or isinstance(
        error, smtplib.SMTPAuthenticationError | smtplib.SMTPHeloError | smtplib.SMTPConnectError
    ):
        # Whatever goes wrong before a message is handed over (a setting, the network, the login) is the server's.
        return Failure(temporary=True, reply=_error_text(error), connection=True)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()), (550, b"recipient refused"))
        return Failure(temporary=not 500 <= code < 600, reply=_reply(code, text))
    if isinstance(error, smtplib.SMTPResponseException):
        return Failure(temporary=not 500 <= error.smtp_code < 600, reply=_reply(error.smtp_code, error.smtp_error))
    if isinstance(error, OSError):
        # Disconnected, refused, timed out (smtplib's own errors are OSErrors too): nothing was accepted.
        return Failure(temporary=True, reply=_error_text(error), connection=True)
    # The message itself cannot be built (a header with a line break, say): no later try would do better.
    return Failure(temporary=False, reply=_error_text(error))


def _error_text(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return _reply(error.smtp_code, error.smtp_error)
    return f"{type(error).__name__}: {error}"[:REPLY_CHARS]


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()[:REPLY_CHARS]
