"""E-mail settings, read from the environment by `config.load_config` (never at import).

| variable                 | meaning                                                        | default                  |
|--------------------------|----------------------------------------------------------------|--------------------------|
| MAIL_SERVER              | SMTP host; empty: messages become .eml files in MAIL_FILE_PATH | (empty)                  |
| MAIL_PORT                | SMTP port                                                      | 25 (465 with SSL)        |
| MAIL_USE_TLS             | `1`: STARTTLS after connecting                                 | 0                        |
| MAIL_USE_SSL             | `1`: TLS from the first byte (port 465); not with MAIL_USE_TLS | 0                        |
| MAIL_USERNAME            | SMTP login                                                     | (none)                   |
| MAIL_PASSWORD            | SMTP password; never logged or printed                         | (none)                   |
| MAIL_DEFAULT_SENDER      | From: of every message                                         | CONTACT_EMAIL            |
| MAIL_TIMEOUT             | seconds to wait for the SMTP server                            | 30                       |
| MAIL_FILE_PATH           | folder of the .eml files without MAIL_SERVER                   | instance/outbox          |
| MAIL_MESSAGES_PER_MINUTE | pace of the worker (the provider's limit, or below it)         | 120                      |
| MAIL_MAX_ATTEMPTS        | tries before a temporary failure counts as failed              | 8                        |
| MAIL_RETRY_SECONDS       | first wait after a temporary failure; doubles each time        | 60                       |
| MAIL_RETRY_MAX_SECONDS   | longest wait between two tries                                 | 3600                     |
| MAIL_LEASE_SECONDS       | a message claimed this long ago by a worker that died is retried | 300                    |
"""

import os
from pathlib import Path

#: Writes one .eml file per message, named after its Message-ID (services/mail/eml_backend.py).
EML_BACKEND = "services.mail.eml_backend.EmailBackend"


def mail_settings(instance: Path) -> dict:
    use_ssl = _flag("MAIL_USE_SSL")
    if use_ssl and _flag("MAIL_USE_TLS"):
        raise SystemExit("MAIL_USE_SSL and MAIL_USE_TLS exclude each other: set only one of them")
    return dict(
        MAIL_SERVER=os.environ.get("MAIL_SERVER", "").strip(),
        MAIL_PORT=_whole("MAIL_PORT", 465 if use_ssl else 25),
        MAIL_USE_TLS=_flag("MAIL_USE_TLS"),
        MAIL_USE_SSL=use_ssl,
        MAIL_USERNAME=os.environ.get("MAIL_USERNAME") or None,
        MAIL_PASSWORD=os.environ.get("MAIL_PASSWORD") or None,
        MAIL_DEFAULT_SENDER=os.environ.get("MAIL_DEFAULT_SENDER")
        or os.environ.get("CONTACT_EMAIL", "forum@samverkan.example"),
        MAIL_TIMEOUT=_whole("MAIL_TIMEOUT", 30),
        MAIL_FILE_PATH=os.environ.get("MAIL_FILE_PATH") or str(instance / "outbox"),
        MAIL_MESSAGES_PER_MINUTE=_whole("MAIL_MESSAGES_PER_MINUTE", 120),
        MAIL_MAX_ATTEMPTS=_whole("MAIL_MAX_ATTEMPTS", 8),
        MAIL_RETRY_SECONDS=_whole("MAIL_RETRY_SECONDS", 60),
        MAIL_RETRY_MAX_SECONDS=_whole("MAIL_RETRY_MAX_SECONDS", 3600),
        MAIL_LEASE_SECONDS=_whole("MAIL_LEASE_SECONDS", 300),
    )


def _flag(name: str) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise SystemExit(f"{name} must be 1 or 0, not {value!r}")


def _whole(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 1:
        raise SystemExit(f"{name} must be a positive whole number, not {value!r}")
    return number
