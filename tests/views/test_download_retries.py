"""A download's audit event is written after the read, in a short transaction of its own that is tried again when
another writer holds the database (views/transactions.py::write_after_reading): a write lock held a little longer
than SQLite's busy timeout delays the download but never fails it."""

import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

import services.database
from extensions import db
from models import AuditEvent
from tests.api_helpers import bearer, token_for
from tests.factories import answer, log_in, user

BUSY_TIMEOUT = 0.5


@pytest.fixture
def short_busy_timeout(app, open_round, monkeypatch):
    """SQLite waits only half a second for the lock; connections opened from now on have that timeout."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("holds SQLite's write lock from another process; PostgreSQL locks rows and waits")
        answer(app, "2025", "kommun-0114", {"d2_role_clarity": "3"})
        path = db.engine.url.database
        monkeypatch.setattr(services.database, "BUSY_TIMEOUT_SECONDS", BUSY_TIMEOUT)
        db.engine.dispose()
    return path


def _hold_write_lock(path: str, seconds: float) -> subprocess.Popen:
    """Another process takes SQLite's write lock and keeps it for `seconds`, as a long save would."""
    script = (
        "import sqlite3, time\n"
        f"connection = sqlite3.connect({path!r}, isolation_level=None)\n"
        "connection.execute('BEGIN IMMEDIATE')\n"
        "print('held', flush=True)\n"
        f"time.sleep({seconds})\n"
        "connection.execute('COMMIT')\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def _events(app, action: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def test_a_dashboard_download_waits_out_a_writer_that_holds_the_lock_past_the_busy_timeout(
    app, client, short_busy_timeout
):
    log_in(app, client, user(app, "admin@example.se", "admin"))
    holder = _hold_write_lock(short_busy_timeout, BUSY_TIMEOUT * 3)
    try:
        started = time.monotonic()
        download = client.get("/dashboard/overview?round=2025&download=status")
        waited = time.monotonic() - started
    finally:
        holder.communicate(timeout=10)
    assert download.status_code == 200, download.text[:300]
    assert waited >= BUSY_TIMEOUT  # it did meet the held lock, and tried again
    assert _events(app, "dashboard.download") == 1


def test_an_api_export_waits_out_a_writer_that_holds_the_lock_past_the_busy_timeout(app, client, short_busy_timeout):
    token = token_for(app, "api@example.se", "admin")
    client.get("/api/v1/rounds", headers=bearer(token))  # the token's last use is recorded now, not below
    holder = _hold_write_lock(short_busy_timeout, BUSY_TIMEOUT * 3)
    try:
        download = client.get("/api/v1/rounds/2025/responses.csv", headers=bearer(token))
    finally:
        holder.communicate(timeout=10)
    assert download.status_code == 200, download.text[:300]
    assert _events(app, "responses.export") == 1
