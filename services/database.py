"""Database engine settings that make both SQLite and PostgreSQL safe for concurrent respondents."""

import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

_READ_METHODS = ("GET", "HEAD", "OPTIONS")
#: Set inside `immediate_transaction()`: the next transaction of a read-only request writes.
_writing: ContextVar[bool] = ContextVar("writing", default=False)


def configure_engine(engine: Engine) -> None:
    """On SQLite: WAL, a busy timeout, enforced foreign keys, and `BEGIN IMMEDIATE` for every transaction that writes.

    WAL lets readers go on while one connection writes. A transaction that writes takes the write lock when it
    begins (`BEGIN IMMEDIATE`), waiting up to the busy timeout for its turn; a deferred transaction would read first
    and then fail at once with "database is locked" when it tries to write after another writer. pysqlite's own
    transaction handling is switched off so that SQLAlchemy's BEGIN (and SAVEPOINT) is the one that counts.
    """
    _forget_connections_after_fork(engine)
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _will_write() else "BEGIN")


def _forget_connections_after_fork(engine: Engine) -> None:
    """A forked process (gunicorn's workers, with `preload_app`) must never use its parent's connections: two
    processes on one socket or SQLite handle corrupt each other's conversations. The child starts an empty pool;
    `close=False` leaves the parent's connections alone. A weak reference, so tests that build many apps keep none."""
    reference = weakref.ref(engine)

    def _in_child() -> None:
        inherited = reference()
        if inherited is not None:
            inherited.dispose(close=False)

    os.register_at_fork(after_in_child=_in_child)


def _will_write() -> bool:
    """Requests other than GET/HEAD/OPTIONS write, and so do commands; GET views opt in with `write_transaction`,
    and posts that read first and write in a short block of their own opt out with `reads_first`."""
    if not has_request_context() or _writing.get():
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    if request.method not in _READ_METHODS:
        return not getattr(view, "reads_first", False)
    return bool(getattr(view, "writes_on_get", False))


def write_transaction(view):
    """Mark a GET view that writes, so its SQLite transaction takes the write lock from the start."""
    view.writes_on_get = True
    return view


def reads_first(view):
    """Mark a view whose posts read (access, the page, the form's checks) before they write, and write only inside
    `immediate_transaction()`. On SQLite the write lock is then held for the write alone, not the whole request:
    with several workers on few cores, a worker that is paused while holding the lock makes every other writer wait,
    and SQLite's busy handler wakes waiters only every few milliseconds."""
    view.reads_first = True
    return view


@contextmanager
def immediate_transaction() -> Iterator[None]:
    """Within a read-only request, the transaction begun inside this block writes (a rare, small bookkeeping write:
    a token's last use). End the request's read transaction before entering, so a fresh one begins."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)
