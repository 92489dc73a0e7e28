"""Configuration, read from the environment when the app is created (never at import)."""

import os
import secrets
from pathlib import Path

from flask import Flask

from services.import_limits import DEFAULTS as IMPORT_LIMITS
from services.mail.settings import EML_BACKEND, mail_settings
from vocabulary.languages import DEFAULT_LANGUAGE, parse_languages


def load_config(app: Flask, test_config: dict | None = None) -> None:
    """Fill `app.config` from defaults, the environment and, for tests, `test_config`.

    | variable              | meaning                                                  | default                  |
    |-----------------------|----------------------------------------------------------|--------------------------|
    | DATABASE_URL          | SQLAlchemy URL                                           | sqlite in instance/      |
    | SECRET_KEY            | signs sessions and CSRF tokens                           | generated into instance/ |
    | BASE_URL              | start of every absolute link (services/links.py)          | the request's, else PORT |
    | RATELIMIT_STORAGE_URI | where rate-limit counters live (redis://… for many hosts) | memory://                |
    | RATELIMIT_KEY_PREFIX  | start of every rate-limit key in that storage             | samverkan                |
    | SESSION_COOKIE_SECURE | `1` when served over HTTPS                               | 1 if BASE_URL is https   |
    | HSTS                  | `1`: Strict-Transport-Security on every answer           | 1 if BASE_URL is https   |
    | TRUSTED_PROXIES       | reverse proxies in front (their X-Forwarded-For is used)  | 0                        |
    | LOGIN_IDLE_MINUTES    | a login ends after this long without a request           | 60                       |
    | LOGIN_MAX_HOURS       | a login ends this long after it began, whatever happens  | 12                       |
    | PASSWORD_LINK_HOURS   | how long a set-password link works                       | 72                       |
    | CONTACT_RETENTION_DAYS| contact persons' data is pruned this long after use      | 730                      |
    | CONTACT_EMAIL         | where people write about privacy and accessibility       | forum@samverkan.example  |
    | LANGUAGES             | interface languages, comma separated, in menu order      | sv,en                    |
    | IMPORT_MAX_ROWS       | rows a file of answers may have (services/import_limits) | 200000                   |
    | IMPORT_MAX_COLUMNS    | columns it may have (the long format needs 3)            | 50                       |
    | IMPORT_MAX_BYTES      | its size; the command's limit, as MAX_CONTENT_LENGTH's   | 20971520 (20 MB)         |
    | IMPORT_MAX_UNPACKED_BYTES | what an XLSX workbook may unpack to                  | 104857600 (100 MB)       |

    E-mail (MAIL_SERVER, the pace and the retry policy) is read by `services/mail/settings.py::mail_settings`.
    """
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'samverkanstrappan.sqlite'}"
    # Empty means: links take the request's own address, or 127.0.0.1:PORT in commands (services/links.py).
    base_url = os.environ.get("BASE_URL", "").strip().rstrip("/")
    secure = os.environ.get("SESSION_COOKIE_SECURE", "1" if base_url.startswith("https://") else "0") == "1"
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=_sqlalchemy_url(database_url),
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        BASE_URL=base_url,
        BABEL_DEFAULT_LOCALE=DEFAULT_LANGUAGE,
        BABEL_DEFAULT_TIMEZONE="Europe/Stockholm",
        # A further language needs only its catalogue in translations/ (vocabulary/languages.py).
        LANGUAGES=parse_languages(os.environ.get("LANGUAGES")),
        **_cookie_settings(secure),
        # The site is served over HTTPS: say so on every answer, also when the TLS proxy in front is not trusted
        # to tell the app the scheme (TRUSTED_PROXIES unset), where `request.is_secure` is False.
        HSTS=os.environ.get("HSTS", "1" if base_url.startswith("https://") else "0") == "1",
        # Sliding: a session in use is renewed (at most once a minute, views/security.py), so only a day without
        # activity ends an invitation holder's session. Not on every request: signing and sending the cookie each
        # time cost about 5 % of a questionnaire page.
        PERMANENT_SESSION_LIFETIME=24 * 3600,
        SESSION_REFRESH_EACH_REQUEST=False,
        **_rate_limit_settings(),
        **_limits_from_environment(),
        CONTACT_EMAIL=os.environ.get("CONTACT_EMAIL", "forum@samverkan.example"),
        # A respondent may keep a page open for hours; the token is checked against the session instead.
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
        # JSON log lines on stdout (logging_setup.py); LOG_JSON=0 leaves logging as Python sets it up.
        LOG_JSON=os.environ.get("LOG_JSON", "1") != "0",
    )
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _instance_secret(instance)
    app.config.from_mapping(mail_settings(instance))
    if test_config:
        app.config.update(test_config)
    # Decided after the tests' settings, so a test that names a MAIL_SERVER gets SMTP without naming the backend.
    app.config.setdefault("MAIL_BACKEND", "smtp" if app.config.get("MAIL_SERVER") else EML_BACKEND)


def _cookie_settings(secure: bool) -> dict:
    return dict(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        # Over HTTPS the __Host- prefix makes the browser refuse the cookie from any other host or path.
        SESSION_COOKIE_NAME="__Host-samverkan_session" if secure else "samverkan_session",
        # Flask-Login's remember-me cookie is never set (no "remember me"); its flags are set all the same.
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_SAMESITE="Lax",
    )


def _rate_limit_settings() -> dict:
    return dict(
        RATELIMIT_STORAGE_URI=os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Starts every key in the shared storage, so several services (or test runs) can share one Redis.
        RATELIMIT_KEY_PREFIX=os.environ.get("RATELIMIT_KEY_PREFIX", "samverkan"),
        # Should Redis stop answering, each process counts on its own until it is back, rather than failing logins.
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        RATELIMIT_HEADERS_ENABLED=True,
    )


def _limits_from_environment() -> dict:
    """The whole-number settings of `load_config`'s table, each with its default."""
    return dict(
        TRUSTED_PROXIES=_int_env("TRUSTED_PROXIES", 0),
        LOGIN_IDLE_MINUTES=_int_env("LOGIN_IDLE_MINUTES", 60),
        LOGIN_MAX_HOURS=_int_env("LOGIN_MAX_HOURS", 12),
        PASSWORD_LINK_HOURS=_int_env("PASSWORD_LINK_HOURS", 72),
        CONTACT_RETENTION_DAYS=_int_env("CONTACT_RETENTION_DAYS", 730),
        **{name: _int_env(name, default) for name, default in IMPORT_LIMITS.items()},
    )


def _int_env(name: str, default: int) -> int:
    """A whole number from the environment; a wrong value stops the start with one clear line."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None


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
