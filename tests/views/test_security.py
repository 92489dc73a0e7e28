"""Hardening: rate limits with a clear 429 page, headers, cookie flags, and secrets kept out of every log line."""

import http.cookiejar
import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from werkzeug.serving import make_server

from app import create_app
from extensions import db
from log_redaction import GunicornLogger, redact
from models import RoundStatus, User
from services import password_links
from services.rounds import create_round, set_state
from tests.factories import csrf_token, invitation_link, user

PASSWORD = "Tre-ord-som-ingen-gissar-2025"


def _login(client, email, password, address="127.0.0.1"):
    page = client.get("/login", environ_base={"REMOTE_ADDR": address})
    return client.post(
        "/login",
        data={"csrf_token": csrf_token(page.text), "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_ten_failed_logins_a_minute_then_a_clear_429_page(app, client, reference):
    user(app, "analys@myndighet.example", "reviewer", password=PASSWORD)
    for _ in range(10):
        assert _login(client, "analys@myndighet.example", "fel-lösenord-igen").status_code == 422
    blocked = _login(client, "analys@myndighet.example", PASSWORD)  # even the right password waits now
    assert blocked.status_code == 429
    assert "För många misslyckade inloggningar" in blocked.text
    assert int(blocked.headers["Retry-After"]) <= 60
    assert 'lang="sv"' in blocked.text and "Traceback" not in blocked.text
    token = csrf_token(client.get("/login").text)
    english = client.post("/login?lang=en", data={"csrf_token": token, "email": "x", "password": "y"})
    assert english.status_code == 429 and "Too many failed log-in attempts" in english.text
    # Another connection is not affected.
    assert _login(app.test_client(), "analys@myndighet.example", PASSWORD, "10.0.0.2").status_code == 302


def test_successful_logins_do_not_count_against_the_limit(app, reference):
    user(app, "analys@myndighet.example", "reviewer", password=PASSWORD)
    for _ in range(12):
        assert _login(app.test_client(), "analys@myndighet.example", PASSWORD).status_code == 302


def test_wrong_invitation_links_are_limited_but_good_ones_never(app, client, open_round):
    good = invitation_link(app, "2025", "kommun-0180")
    for _ in range(15):
        assert app.test_client().get(good).status_code == 302
    for n in range(10):
        assert client.get(f"/i/gissning-{n}").status_code == 404
    blocked = client.get(good)
    assert blocked.status_code == 429
    assert "För många länkar som inte fungerar" in blocked.text
    assert "gissning" not in blocked.text


def test_security_headers_and_no_store_on_pages(app, client, reference):
    response = client.get("/login")
    headers = response.headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_over_https_the_cookie_is_secure_and_host_bound(monkeypatch, _schema):
    monkeypatch.setenv("BASE_URL", "https://samverkanstrappan.example")
    secure = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _schema, "SECRET_KEY": "x"})
    assert secure.config["SESSION_COOKIE_SECURE"] is True
    assert secure.config["SESSION_COOKIE_NAME"] == "__Host-samverkan_session"
    response = secure.test_client().get("/login", base_url="https://samverkanstrappan.example")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-samverkan_session=") and "Secure" in cookie and "Domain" not in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    with secure.app_context():
        db.engine.dispose()


def test_generic_error_pages_say_nothing_about_the_inside(client):
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "Sidan finns inte" in missing.text
    assert "Traceback" not in missing.text and "werkzeug" not in missing.text.lower()
    not_allowed = client.get("/logout")
    assert not_allowed.status_code == 405 and "Traceback" not in not_allowed.text


# --- No secret in any log line -------------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_no_password_token_or_cookie_reaches_a_log_line(_schema, caplog, reference, tmp_path):
    """A real server (Werkzeug's request log on), the app's log and SQLAlchemy's SQL log at DEBUG, while someone
    logs in, fails, opens an invitation, tries a wrong link, sets a password and logs out."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": _schema,
            "SECRET_KEY": "test-secret-key-for-logging",
            "BASE_URL": "http://localhost",
            "SQLALCHEMY_ECHO": True,
        }
    )
    caplog.set_level(logging.DEBUG)
    app.logger.setLevel(logging.DEBUG)
    user(app, "analys@myndighet.example", "reviewer", password=PASSWORD)
    newcomer_id = user(app, "ny@myndighet.example", "reviewer")
    with app.app_context():
        set_state(db.session, create_round(db.session, "2025", actor="test"), RoundStatus.OPEN, actor="test")
        newcomer = db.session.get(User, newcomer_id)
        setup = password_links.issue(
            db.session, newcomer, actor="test", base_url="http://localhost", valid_for=timedelta(hours=1)
        )
        db.session.commit()
    invitation = invitation_link(app, "2025", "kommun-0180")
    invitation_token = invitation.rsplit("/", 1)[1]

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirects())

    def get(path):
        try:
            with browser.open(base + path) as response:
                return response.read().decode()
        except urllib.error.HTTPError as error:
            return error.read().decode()

    def post(path, fields):
        data = urllib.parse.urlencode(fields).encode()
        try:
            with browser.open(base + path, data=data) as response:
                return response.read().decode()
        except urllib.error.HTTPError as error:
            return error.read().decode()

    secrets = {PASSWORD, "Fel-lösenord-som-loggas-inte", "Ett-nytt-bra-lösen-2025", invitation_token, setup.token}
    try:
        token = csrf_token(get("/login"))
        secrets.add(token)
        post(
            "/login",
            {"csrf_token": token, "email": "analys@myndighet.example", "password": "Fel-lösenord-som-loggas-inte"},
        )
        post("/login", {"csrf_token": token, "email": "analys@myndighet.example", "password": PASSWORD})
        secrets.update(cookie.value for cookie in jar)
        get("/account/")
        post("/logout", {"csrf_token": csrf_token(get("/account/"))})
        get(invitation)
        get(f"/i/{invitation_token}x")
        secrets.update(cookie.value for cookie in jar)
        get(f"/account/setup/{setup.token}")
        page = get("/account/setup")
        post(
            "/account/setup",
            {
                "csrf_token": csrf_token(page),
                "new_password": "Ett-nytt-bra-lösen-2025",
                "new_password_again": "Ett-nytt-bra-lösen-2025",
            },
        )
        get(f"/lang/en?password={PASSWORD}")
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()

    lines = [record.getMessage() for record in caplog.records]
    assert any("GET /i/[redacted]" in line for line in lines), "the request log was not captured"
    assert any(line.startswith("SELECT") or "SELECT" in line for line in lines), "the SQL log was not captured"
    leaks = [(secret, line) for line in lines for secret in secrets if secret and secret in line]
    assert not leaks, leaks[:3]


def test_the_gunicorn_access_log_is_redacted_too():
    logger = GunicornLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/i/hemlig-token-123456789?password=hemligt",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/i/hemlig-token-123456789",
        "QUERY_STRING": "password=hemligt",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://x.example/account/setup/ännu-en-hemlighet",
    }
    request = SimpleNamespace(headers=[("COOKIE", "samverkan_session=kaka"), ("AUTHORIZATION", "Bearer abc.def")])
    response = SimpleNamespace(status="302 FOUND", sent=0, headers=[("Location", "/respond/2025/")])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    line = logger.cfg.access_log_format % atoms + " " + " ".join(str(v) for v in atoms.values())
    for secret in ("hemlig-token", "hemligt", "ännu-en-hemlighet", "kaka", "abc.def"):
        assert secret not in line
    assert "/i/[redacted]" in line


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("GET /i/AbC_123-xyz HTTP/1.1", "GET /i/[redacted] HTTP/1.1"),
        ("password=abc&email=a%40b.se", "password=[redacted]&email=a%40b.se"),
        ("Authorization: Bearer eyJ.abc", "Authorization: [redacted]"),
        ("GET /respond/2025/ HTTP/1.1", "GET /respond/2025/ HTTP/1.1"),
    ],
)
def test_redaction_rules(text, kept):
    assert redact(text) == kept


def test_an_invitation_session_in_use_is_renewed_once_a_minute_not_on_every_request(app, client, open_round):
    client.get(invitation_link(app, "2025", "region-01"))
    first = client.get("/respond/2025/")
    assert first.status_code == 200
    again = client.get("/respond/2025/")
    assert "Set-Cookie" not in again.headers  # renewed a moment ago: nothing to sign or send
    with client.session_transaction() as stored:
        stored["renewed"] -= 61
    later = client.get("/respond/2025/")
    cookie = later.headers.get("Set-Cookie", "")
    assert "samverkan_session=" in cookie and "Expires=" in cookie  # a minute on: the 24-hour expiry moves on


def test_an_https_base_url_sends_hsts_behind_a_proxy_the_app_does_not_trust(monkeypatch, _schema):
    """TLS ends at the proxy and TRUSTED_PROXIES is unset: the app sees plain HTTP, yet the site is HTTPS."""
    monkeypatch.setenv("BASE_URL", "https://samverkanstrappan.example")
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    behind = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _schema, "SECRET_KEY": "x"})
    response = behind.test_client().get("/livez", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    monkeypatch.setenv("HSTS", "0")
    trial = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _schema, "SECRET_KEY": "x"})
    assert "Strict-Transport-Security" not in trial.test_client().get("/livez").headers
    for app in (behind, trial):
        with app.app_context():
            db.engine.dispose()


def test_plain_http_without_an_https_base_url_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/livez").headers
