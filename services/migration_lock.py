"""One migration at a time per database: hosts that start together (each running `init-db`) take turns, and the
ones after the first find the schema at its head and do nothing.

PostgreSQL: a session-level advisory lock, held on a connection of its own while the upgrade runs on another, and
freed by the server if the process dies. SQLite: an operating-system file lock (flock) on a file beside the
database, freed by the kernel if the process dies; `BEGIN IMMEDIATE` cannot serve, as Alembic's DDL runs in
transactions of its own.
"""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Engine

#: The advisory lock's key: any fixed 64-bit number that nothing else in the database uses ("samverka" in ASCII).
ADVISORY_LOCK_KEY = 0x73616D7665726B61


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Hold the database's migration lock for the block, waiting for another holder to finish first."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
                connection.commit()
        return
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield  # a database of one process only (or another kind of server): nobody to wait for
        return
    handle = os.open(f"{database}-migrate.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing frees the lock
