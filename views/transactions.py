"""One rule for a request's transaction: the view declares how it writes, and this module begins, commits and
rolls back.

- `READ`: the request only reads; a statement that writes raises `WriteInReadTransaction`.
- `WRITE`: one transaction that may write; on SQLite it takes the write lock as it begins (`BEGIN IMMEDIATE`).
- `READ_THEN_WRITE`: the request reads (access, the page, the form's checks) in a plain transaction and writes only
  inside `write_step()`, a short transaction of its own. On SQLite the write lock is then held for the write alone,
  not the whole request: with several workers on few cores, a worker that is paused while holding the lock makes
  every other writer wait.

A view without a declaration reads on GET, HEAD and OPTIONS and writes otherwise (`register` applies that to every
view). The transaction is committed when the view returns a success or a redirect, and rolled back when it returns
an error response or raises, so a refused request never leaves half of its changes behind.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps

from flask import Flask, current_app, g, make_response, request

from extensions import db
from services.database import TransactionMode, declare_mode, end_mode, end_read_transaction, writing

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
    transaction of its own and commits it at the end of the block, or rolls it back if the block raises."""
    end_read_transaction(db.session())
    with writing():
        try:
            yield
        except BaseException:
            db.session.rollback()
            raise
        db.session.commit()


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
