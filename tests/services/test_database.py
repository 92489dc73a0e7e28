"""SQLite's writers queue on a file lock beside the database (services/database.py): a waiting writer goes on as
soon as the holder lets go, and a holder that never lets go delays writers but never stops them."""

import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

import services.database
from extensions import db
from models import County


@pytest.fixture
def sqlite_file(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the writers' queue belongs to SQLite; PostgreSQL locks rows")
        return db.engine.url.database


def _hold_queue(path: str, seconds: float) -> subprocess.Popen:
    """Another process takes the queue's lock and keeps it for `seconds` (forever if negative); when it lets go it
    prints the time it did so."""
    script = (
        "import fcntl, os, time\n"
        f"handle = os.open({path!r}, os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(handle, fcntl.LOCK_EX)\n"
        "print('held', flush=True)\n"
        f"time.sleep({seconds} if {seconds} >= 0 else 3600)\n"
        "released = time.time()\n"
        "fcntl.flock(handle, fcntl.LOCK_UN)\n"
        "print(released, flush=True)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def _write_a_county(app, code: str) -> None:
    with app.app_context():
        db.session.add(County(code=code, name_sv=f"Testlän {code}", name_en=f"Test county {code}", geometry="{}"))
        db.session.commit()


def _counties(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(County))


def test_a_writer_waits_in_the_queue_and_goes_on_when_the_holder_lets_go(app, sqlite_file):
    holder = _hold_queue(f"{sqlite_file}-writers.lock", 1.0)
    try:
        _write_a_county(app, "98")
        written = time.time()
        released = float(holder.stdout.readline())
        assert written >= released, "the write went ahead while another process held the queue"
    finally:
        holder.kill()
        holder.communicate()
    assert _counties(app) == 1


def test_a_holder_that_never_lets_go_only_delays_writers(app, sqlite_file, monkeypatch):
    monkeypatch.setattr(services.database, "BUSY_TIMEOUT_SECONDS", 1)
    holder = _hold_queue(f"{sqlite_file}-writers.lock", -1)
    try:
        started = time.monotonic()
        _write_a_county(app, "99")
        assert time.monotonic() - started >= 0.9  # it queued until the queue's timeout, then wrote without it
        assert holder.poll() is None
    finally:
        holder.kill()
        holder.communicate()
    assert _counties(app) == 1
