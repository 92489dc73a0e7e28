"""Several app hosts behind one proxy: two gunicorn servers (each its own process group) on one database, with one
SECRET_KEY and the rate-limit counters in Redis (RATELIMIT_STORAGE_URI). Failures spread over both hosts count
together, and a login made on one host is the same login on the other, until a logout on either ends it.

Redis must answer on 127.0.0.1:6379 (`.ci/run` starts it). Without it the test fails when CI is set, and is skipped
with the reason otherwise. Every run uses its own key prefix, so parallel runs never share a counter.
"""

import os
import re
import uuid

import pytest
import redis
import requests

from app import create_app
from extensions import db
from tests.factories import csrf_token, invitation_link, user
from tests.server import Server

pytestmark = pytest.mark.slow

REDIS_URL = "redis://127.0.0.1:6379/1"
PASSWORD = "Tre-ord-som-ingen-gissar-2025"
EMAIL = "analys@myndighet.example"


def _redis() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        client.close()
        reason = f"Redis does not answer on 127.0.0.1:6379 ({exc.__class__.__name__}); .ci/run starts it"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return client


@pytest.fixture
def hosts(app, open_round):
    """Two hosts of the same service, started after the test's data is in the database."""
    store = _redis()
    prefix = f"pytest-{uuid.uuid4().hex}"
    user(app, EMAIL, "reviewer", password=PASSWORD)
    with app.app_context():
        database_url = db.engine.url.render_as_string(hide_password=False)
    servers = [Server(database_url, workers=1) for _ in range(2)]
    for server in servers:
        server.env.update(RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()
        keys = list(store.scan_iter(match=f"{prefix}*"))
        if keys:
            store.delete(*keys)
        store.close()


def _log_in(host: Server, browser: requests.Session, password: str) -> requests.Response:
    page = browser.get(f"{host.url}/login", timeout=10)
    return browser.post(
        f"{host.url}/login",
        data={"csrf_token": csrf_token(page.text), "email": EMAIL, "password": password},
        allow_redirects=False,
        timeout=10,
    )


def test_failed_logins_on_both_hosts_count_together(hosts):
    for attempt in range(10):
        host = hosts[attempt % 2]
        failed = _log_in(host, requests.Session(), "fel-lösenord-igen")
        assert failed.status_code == 422, f"attempt {attempt + 1} on host {attempt % 2 + 1}: {failed.status_code}"
    # Five failures on each host: neither host alone has reached ten, together they have.
    for host in hosts:
        blocked = _log_in(host, requests.Session(), PASSWORD)  # even the right password waits now
        assert blocked.status_code == 429
        assert 'lang="sv"' in blocked.text and "För många misslyckade inloggningar" in blocked.text
        assert int(blocked.headers["Retry-After"]) <= 60


def test_wrong_invitation_links_on_both_hosts_count_together(app, hosts):
    good = invitation_link(app, "2025", "kommun-0180")
    for attempt in range(10):
        wrong = requests.get(f"{hosts[attempt % 2].url}/i/gissning-{attempt}", allow_redirects=False, timeout=10)
        assert wrong.status_code == 404
    for host in hosts:
        blocked = requests.get(f"{host.url}{good}", allow_redirects=False, timeout=10)
        assert blocked.status_code == 429
        assert 'lang="sv"' in blocked.text and "För många länkar som inte fungerar" in blocked.text


def test_a_login_on_one_host_is_the_same_login_on_the_other(hosts):
    first, second = hosts
    on_first = requests.Session()
    assert _log_in(first, on_first, PASSWORD).status_code == 302
    # The browser's next request reaches the other host, with the same cookie.
    on_second = requests.Session()
    on_second.cookies.update(on_first.cookies)
    account = on_second.get(f"{second.url}/account/", allow_redirects=False, timeout=10)
    assert account.status_code == 200 and EMAIL in account.text
    assert on_first.get(f"{first.url}/account/", allow_redirects=False, timeout=10).status_code == 200
    # Logging out on the second host ends the login everywhere: the first host refuses the same cookie at once.
    token = csrf_token(account.text)
    assert on_second.post(f"{second.url}/logout", data={"csrf_token": token}, timeout=10).status_code == 200
    refused = on_first.get(f"{first.url}/account/", allow_redirects=False, timeout=10)
    assert refused.status_code == 302 and re.search(r"/login\b", refused.headers["Location"])


def test_without_redis_each_process_still_limits_and_nothing_fails(_schema):
    """Should Redis stop answering, logins go on working and are counted per process until it is back."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": _schema,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:9/0",  # the discard port: nothing listens there
        }
    )
    client = app.test_client()
    statuses = []
    for _ in range(11):
        page = client.get("/login")
        statuses.append(
            client.post(
                "/login", data={"csrf_token": csrf_token(page.text), "email": EMAIL, "password": "fel-lösenord"}
            ).status_code
        )
    assert statuses == [422] * 10 + [429]
    with app.app_context():
        db.engine.dispose()
