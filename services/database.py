"""Database engine settings that make both SQLite and PostgreSQL safe for concurrent respondents."""

import fcntl
import os
import signal
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import Enum

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

#: How long a statement waits for a lock on SQLite before "database is locked"; a writer waits as long again at most
#: in the writers' queue before it tries without queueing.
BUSY_TIMEOUT_SECONDS = 15


class TransactionMode(Enum):
    """How the work in progress (a request, a command) writes; the views declare it for each request."""

    #: Every transaction may write and takes SQLite's write lock from its start (commands, posts that write).
    WRITE = "write"
    #: Nothing is written: a statement that writes raises `WriteInReadTransaction`.
    READ = "read"
    #: Reads first, then writes only inside `writing()`, in a short transaction of its own.
    READ_THEN_WRITE = "read then write"


#: PostgreSQL's answers that mean "another transaction is in the way, try again": serialization failure, deadlock,
#: lock not available.
_PG_TRY_AGAIN = {"40001", "40P01", "55P03"}


def is_busy(error: BaseException) -> bool:
    """Whether a database error means only that another writer was in the way (SQLite "database is locked" or
    "busy", PostgreSQL's serialization failure, deadlock or lock timeout), so the same short write may succeed
    if tried again; any other error (the database down, a broken statement) is not."""
    original = getattr(error, "orig", error)
    if getattr(original, "sqlstate", None) in _PG_TRY_AGAIN:
        return True
    message = str(original).lower()
    return type(original).__module__ == "sqlite3" and ("locked" in message or "busy" in message)


class WriteInReadTransaction(RuntimeError):
    """A statement that writes, sent where the work in progress declared that it only reads."""


_mode: ContextVar[TransactionMode] = ContextVar("transaction_mode", default=TransactionMode.WRITE)
#: Set inside `writing()`: the transaction begun there writes although the work in progress reads first.
_writing: ContextVar[bool] = ContextVar("writing", default=False)
_WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def configure_engine(engine: Engine) -> None:
    """On SQLite: WAL, a busy timeout, enforced foreign keys, and `BEGIN IMMEDIATE` for every transaction that writes.

    WAL lets readers go on while one connection writes. A transaction that writes takes the write lock when it
    begins (`BEGIN IMMEDIATE`), waiting up to the busy timeout for its turn; a deferred transaction would read first
    and then fail at once with "database is locked" when it tries to write after another writer. pysqlite's own
    transaction handling is switched off so that SQLAlchemy's BEGIN (and SAVEPOINT) is the one that counts.
    """
    _forget_connections_after_fork(engine)
    event.listen(engine, "before_cursor_execute", _refuse_writes_while_reading)
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    queue = _WriterQueue(engine.url.database)

    @event.listens_for(engine, "begin")
    def _begin(connection):
        if not _will_write():
            connection.exec_driver_sql("BEGIN")
            return
        queue.enter()
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            queue.leave()
            raise

    # The queue is left once the transaction has ended, however it ends (SQLAlchemy's commit event comes before the
    # COMMIT, too early); a connection returned to the pool never holds it.
    for name in ("do_commit", "do_rollback"):
        setattr(engine.dialect, name, _then_leave(getattr(engine.dialect, name), queue))
    event.listen(engine.pool, "checkin", lambda dbapi_connection, record: queue.leave())


def _then_leave(ending, queue):
    def wrapped(dbapi_connection):
        try:
            ending(dbapi_connection)
        finally:
            queue.leave()

    return wrapped


class _WriterQueue:
    """Writers of one SQLite file queue for the write lock on an operating-system file lock (flock) beside it.

    SQLite's own busy handler sleeps ever longer between attempts (1, 2, 5, 10 … 100 ms), so under steady writing a
    waiter that was unlucky a few times sleeps through many free moments (measured: the slowest 1 % of draft saves
    took 600 ms at a median of 85 ms). A flock waiter is woken the moment the holder lets go. Correctness never rests
    on it: `BEGIN IMMEDIATE` and the busy timeout still guard the database, so a process that holds the queue while
    dying (the kernel frees its flock) or a writer that does not queue (another program) only costs time.
    """

    def __init__(self, database: str | None):
        self.path = f"{database}-writers.lock" if database and database != ":memory:" else None
        self.held_by: int | None = None  # the process that holds it

    def enter(self) -> None:
        if self.path is not None and _lock_within(_lock_file(self.path), BUSY_TIMEOUT_SECONDS):
            self.held_by = os.getpid()

    def leave(self) -> None:
        if self.held_by is not None and self.held_by == os.getpid():
            self.held_by = None
            fcntl.flock(_lock_file(self.path), fcntl.LOCK_UN)


#: One open lock file per path and process (a forked child must not share its parent's, whose lock is the parent's).
_lock_files: dict[tuple[int, str], int] = {}


def _lock_file(path: str) -> int:
    key = (os.getpid(), path)
    if key not in _lock_files:
        _lock_files[key] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    return _lock_files[key]


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


def database_answers(session) -> bool:
    """Whether the database answers a trivial query now (the readiness check); a failed attempt is rolled back."""
    try:
        session.execute(text("SELECT 1"))
    except Exception:
        session.rollback()
        return False
    return True


def declare_mode(mode: TransactionMode):
    """Declare how the work in progress writes, until `end_mode(token)` with the token this returns."""
    return _mode.set(mode)


def end_mode(token) -> None:
    _mode.reset(token)


def _will_write() -> bool:
    return _mode.get() is TransactionMode.WRITE or _writing.get()


def _refuse_writes_while_reading(connection, cursor, statement, parameters, context, executemany) -> None:
    """A write in a transaction that began as a read would, on SQLite, have to upgrade its lock late and may fail
    with "database is locked" under load; it is a mistake in the declaration, so it fails at once, everywhere."""
    if not _will_write() and statement.lstrip()[:7].upper().startswith(_WRITE_STATEMENTS):
        raise WriteInReadTransaction(f"a write where only reads were declared ({_mode.get().value})")


def end_read_transaction(session) -> None:
    """End a transaction that has only read, keeping what it loaded: a rollback (or a plain commit) would expire
    every loaded object and reload each on first touch, inside the write lock that is to follow. For a session
    with nothing to write only; whatever must be current is read again under the lock."""
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire_on_commit


@contextmanager
def writing() -> Iterator[None]:
    """Where reads were declared first, the transaction begun inside this block writes (and on SQLite takes the
    write lock as it begins). End the read transaction before entering, so a fresh one begins."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


class _QueueTimeout(Exception):
    pass


def _lock_within(handle: int, seconds: float) -> bool:
    """Take the flock, waiting at most `seconds`; False if it could not be had (the caller then goes on without it).

    A blocking flock has no timeout of its own, so a timer signal interrupts it; signals reach only the main thread,
    so elsewhere (the development server's threads) a writer queues only when the lock is free at once."""
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        if threading.current_thread() is not threading.main_thread():
            return False

    def _give_up(signum, frame):
        raise _QueueTimeout

    previous = signal.signal(signal.SIGALRM, _give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return True
    except _QueueTimeout:
        return False
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
