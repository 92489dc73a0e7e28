"""PostgreSQL stopped for 30 seconds under light load: a clear 503 page meanwhile, then recovery without restarting
the app (pool_pre_ping replaces the dead connections). Uses a PostgreSQL server of its own, never the shared one;
runs in the PostgreSQL pass of the suite (DATABASE_URL set to PostgreSQL)."""

import os
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests

from app import create_app
from extensions import db
from models import Base, RoundStatus
from services.invitations import create_invitations
from services.reference import load_reference
from services.rounds import create_round, set_state
from tests.factories import organisation
from tests.private_postgres import PrivatePostgres, postgres_bin
from tests.server import Server

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres") or postgres_bin() is None,
        reason="the outage drill runs in the PostgreSQL pass, on a PostgreSQL server of its own",
    ),
]

OUTAGE_SECONDS = 30


@pytest.fixture
def private_postgres():
    server = PrivatePostgres().create()
    yield server
    server.destroy()


def _prepare(url: str) -> str:
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://"),
            "SECRET_KEY": "x",
        }
    )
    with app.app_context():
        Base.metadata.create_all(db.engine)
        load_reference(db.session)
        found = create_round(db.session, "2025", actor="test")
        set_state(db.session, found, RoundStatus.OPEN, actor="test")
        issued = create_invitations(db.session, found, [organisation("region-25")], actor="test", base_url="")
        db.session.commit()
        db.engine.dispose()
    # The link is absolute (services/links.py); the test server listens elsewhere, so only its path counts.
    return urlsplit(issued[0].url).path


def test_a_database_outage_gives_503_then_recovers_by_itself(private_postgres):
    link = _prepare(private_postgres.url)
    log: list[tuple[float, int, str]] = []
    stop = threading.Event()
    with Server(private_postgres.url, workers=2) as server:
        browser = requests.Session()
        assert browser.get(server.url + link, timeout=10).status_code == 200

        def light_load():
            while not stop.is_set():
                try:
                    answer = browser.get(f"{server.url}/respond/2025/section/roles", timeout=10)
                    log.append((time.monotonic(), answer.status_code, answer.text))
                except requests.RequestException as exc:
                    log.append((time.monotonic(), 0, str(exc)))
                time.sleep(0.25)

        worker = threading.Thread(target=light_load)
        worker.start()
        time.sleep(2)
        private_postgres.stop()  # returns once the server has stopped (pg_ctl -w)
        down_at = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
        private_postgres.start()
        private_postgres.wait_ready()
        up_at = time.monotonic()
        time.sleep(5)
        stop.set()
        worker.join()
        health = requests.get(f"{server.url}/healthz", timeout=5)

    # Requests that began once the server was down (each log entry is stamped when its answer came back).
    during = [(status, text) for at, status, text in log if down_at + 1 < at < up_at - 1]
    after = [status for at, status, _ in log if at > up_at + 3]
    assert during and all(status == 503 for status, _ in during), {status for status, _ in during}
    assert all("Tjänsten är tillfälligt otillgänglig" in text for _, text in during)
    assert all("Traceback" not in text and "psycopg" not in text for _, text in during)
    assert after and set(after) == {200}
    assert {status for _, status, _ in log} <= {200, 503}
    assert health.status_code == 200
