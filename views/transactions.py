"""One rule for a request's transaction: the view declares how it writes, and this module begins, commits and
rolls back.

- `READ`: the request only reads; a statement that writes raises `WriteInReadTransaction`.
- `WRITE`: one transaction that may write; on SQLite it takes the write lock as it begins (`BEGIN IMMEDIATE`).
- `READ_THEN_WRITE`: the request reads (access, the page, the form's checks) in a plain transaction and writes only
  inside `write_step()`, a short transaction of its own. On SQLite the write lock is then held for the write alone,
  not the whole request: with several workers on few cores, a worker that is paused while holding the lock makes
  every other writer wait. A download's audit event is written so (`write_after_reading`), retried when another
  writer is in the way, so that a download never fails because someone saves.

A view without a declaration reads on GET, HEAD and OPTIONS and writes otherwise (`register` applies that to every
view). The transaction is committed when the view returns a success or a redirect, and rolled back when it returns
an error response or raises, so a refused request never leaves half of its changes behind.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps

from flask import Flask, current_app, g, make_response, request
from sqlalchemy.exc import OperationalError

from extensions import db
from services.database import TransactionMode, declare_mode, end_mode, end_read_transaction, is_busy, writing

READ = TransactionMode.READ
WRITE = TransactionMode.WRITE
READ_THEN_WRITE = TransactionMode.READ_THEN_WRITE
_READ_METHODS = ("GET", "HEAD", "OPTIONS")


def transaction(mode: TransactionMode | None = None) -> Callable[[Callable], Callable]:
    """Declare how a view writes (None: by its HTTP method) and run it in a transaction this module ends."""

    def decorate(view: Callable) -> Callable:
        if mode is not None:
            view.transaction_mode = mode
        return _ended_here(view)

    return decorate


def _ended_here(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args, **kwargs):
        try:
            response = make_response(view(*args, **kwargs))
        except BaseException:
            db.session.rollback()
            raise
        if response.status_code >= 400:
            db.session.rollback()
        else:
            db.session.commit()
        return response

    wrapped.transaction_owned = True
    return wrapped


@contextmanager
def write_step() -> Iterator[None]:
    """The write of a `READ_THEN_WRITE` request: ends the read transaction (keeping what it loaded), writes in a
    transaction of its own and commits it at the end of the block, or rolls it back if the block or the commit
    raises."""
    end_read_transaction(db.session())
    with writing():
        try:
            yield
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise


#: How often a short write is tried when another writer is in the way, and the first pause between tries (doubled
#: each time). Each try on SQLite already waits up to the busy timeout for the lock, so a few tries are plenty.
WRITE_ATTEMPTS = 3
FIRST_PAUSE_SECONDS = 0.05


def write_after_reading(write: Callable[[], object]) -> None:
    """Run `write` (which only adds to the session, such as the audit event of a download) as the `write_step` of
    a `READ_THEN_WRITE` request, trying again after a short pause when the database answers that another writer was
    in the way. The read is done by then and is not repeated; `write` is called afresh for each try, since a failed
    try rolls back what it added."""
    session = db.session()
    # What was read stays loaded after the commit: the download is still to be written from it.
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with write_step():
                    write()
                return
            except OperationalError as error:
                if attempt == WRITE_ATTEMPTS or not is_busy(error):
                    raise
                time.sleep(FIRST_PAUSE_SECONDS * 2 ** (attempt - 1))
    finally:
        session.expire_on_commit = expire_on_commit


def keep() -> None:
    """Commit now what has been written, for a request that answers with an error yet must keep a record of it
    (the audit event of a refused import or a failed login)."""
    db.session.commit()


def undo() -> None:
    """Roll back what the request has written so far (a service refused part of it); the view goes on reading."""
    db.session.rollback()


def declared_mode(view: Callable | None, method: str) -> TransactionMode:
    declared = getattr(view, "transaction_mode", None)
    if declared is not None:
        return declared
    return READ if method in _READ_METHODS else WRITE


def register(app: Flask) -> None:
    """Give every view its transaction, and declare the mode before anything of the request touches the database
    (the access checks in `before_request` read too), so the first transaction already begins the right way."""
    for endpoint, view in list(app.view_functions.items()):
        if not getattr(view, "transaction_owned", False):
            app.view_functions[endpoint] = _ended_here(view)

    def _declare() -> None:
        view = current_app.view_functions.get(request.endpoint or "")
        g.transaction_mode_token = declare_mode(declared_mode(view, request.method))

    def _end(_error) -> None:
        token = g.pop("transaction_mode_token", None)
        if token is not None:
            end_mode(token)

    app.before_request_funcs.setdefault(None, []).insert(0, _declare)
    app.teardown_request(_end)
