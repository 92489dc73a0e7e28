"""Keeps secrets out of every log line: invitation and password-link secrets in paths, passwords and tokens in
query strings or form-like text, bearer tokens and cookie values.

`install(app)` puts the filter on the loggers this app writes to (its own, Werkzeug's request log under
`flask run`, gunicorn's access and error logs, SQLAlchemy's). gunicorn.conf.py uses `GunicornLogger`, which also
redacts the access log line itself, since gunicorn formats the request line before any filter sees it.
"""

import logging
import re

from gunicorn.glogging import Logger as _GunicornLogger

REDACTED = "[redacted]"

#: (pattern, replacement): each keeps what is useful for reading a log and drops the secret.
_RULES = [
    # Secret links: /i/<token>, /account/setup/<token>
    (re.compile(r"(/i/|/account/setup/)[^\s/?#\"']+"), r"\1" + REDACTED),
    # key=value pairs in query strings, form bodies and messages
    (
        re.compile(
            r"(?i)\b(password|new_password|current_password|password_again|token|csrf_token|secret|api_key|"
            r"access_token|session|samverkan_session|__Host-samverkan_session|remember_token)=([^&\s;,\"']+)"
        ),
        r"\1=" + REDACTED,
    ),
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+"), r"\1 " + REDACTED),
    (re.compile(r"(?i)(authorization|cookie|set-cookie)(\"?\s*[:=]\s*\"?)[^\"\n]+"), r"\1\2" + REDACTED),
]

#: Loggers that may carry request details.
LOGGER_NAMES = ("werkzeug", "gunicorn.access", "gunicorn.error", "sqlalchemy.engine", "flask_limiter")


def redact(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites a record's message with the secrets replaced; the record is always kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to logging's own error handling
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = RedactSecrets()


def install(app) -> None:
    for logger in (app.logger, *(logging.getLogger(name) for name in LOGGER_NAMES)):
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger with secrets removed from access-log lines (the request line and the query string)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if key in ("{cookie}i", "{authorization}i"):
                atoms[key] = REDACTED
            elif isinstance(value, str):
                atoms[key] = redact(value)
        return atoms
