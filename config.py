"""Configuration, read from the environment when the app is created (never at import)."""

import os
import secrets
from pathlib import Path

from flask import Flask


def load_config(app: Flask, test_config: dict | None = None) -> None:
    """Fill `app.config` from defaults, the environment and, for tests, `test_config`.

    | variable              | meaning                                                  | default                  |
    |-----------------------|----------------------------------------------------------|--------------------------|
    | DATABASE_URL          | SQLAlchemy URL                                           | sqlite in instance/      |
    | SECRET_KEY            | signs sessions and CSRF tokens                           | generated into instance/ |
    | BASE_URL              | absolute address used in invitation links                | http://127.0.0.1:5000    |
    | RATELIMIT_STORAGE_URI | where rate-limit counters live (redis://… for many hosts) | memory://                |
    | SESSION_COOKIE_SECURE | `1` when served over HTTPS                               | 0                        |
    """
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'samverkanstrappan.sqlite'}"
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=_sqlalchemy_url(database_url),
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        BASE_URL=os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        BABEL_DEFAULT_LOCALE="sv",
        BABEL_DEFAULT_TIMEZONE="Europe/Stockholm",
        LANGUAGES=("sv", "en"),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        SESSION_COOKIE_NAME="samverkan_session",
        # Sliding: each request renews it, so only a day without activity ends an invitation holder's session.
        PERMANENT_SESSION_LIFETIME=24 * 3600,
        RATELIMIT_STORAGE_URI=os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # A respondent may keep a page open for hours; the token is checked against the session instead.
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
        # JSON log lines on stdout (logging_setup.py); LOG_JSON=0 leaves logging as Python sets it up.
        LOG_JSON=os.environ.get("LOG_JSON", "1") != "0",
    )
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _instance_secret(instance)
    if test_config:
        app.config.update(test_config)


def _sqlalchemy_url(url: str) -> str:
    """Accept the usual `postgres://` and `postgresql://` forms and use psycopg 3 for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _instance_secret(instance: Path) -> str:
    """A random key kept in instance/secret_key, created on first use, readable by the owner only.

    Written to a temporary file and linked into place, so two workers starting at once agree on one key.
    """
    path = instance / "secret_key"
    if not path.exists():
        temporary = instance / f".secret_key.{os.getpid()}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text().strip()
