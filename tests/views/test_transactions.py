"""The transaction rule (views/transactions.py): each request's transaction is begun as its view declares, committed
on success and rolled back on an error response or an exception; a write where only reads were declared fails."""

import pytest
from flask import abort
from sqlalchemy import event, func, select

from extensions import csrf, db
from models import AuditEvent
from services import audit
from services.database import TransactionMode, WriteInReadTransaction, declare_mode, end_mode
from views.transactions import READ, READ_THEN_WRITE, WRITE, keep, transaction, write_step


def _write(action: str) -> None:
    audit.record(db.session, action, "test")
    db.session.flush()


def _stored(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.fixture
def routes(app):
    """A few views that write and answer as the test asks, declared as each test needs."""

    def add(path, view, methods=("GET",)):
        app.add_url_rule(path, view.__name__, csrf.exempt(view), methods=list(methods))

    @transaction(READ)
    def read_only():
        _write("read_only")
        return "written"

    @transaction()
    def by_method():
        _write("by_method")
        return "written"

    @transaction(WRITE)
    def answer(status: int):
        _write(f"answer {status}")
        return "answered", status

    @transaction(WRITE)
    def fails():
        _write("fails")
        abort(409)

    @transaction(WRITE)
    def refused_but_kept():
        _write("refused_but_kept")
        keep()
        return "refused", 422

    @transaction(READ_THEN_WRITE)
    def reads_then_writes(where: str):
        db.session.scalar(select(func.count()).select_from(AuditEvent))
        if where == "outside":
            _write("outside")
        else:
            with write_step():
                _write("inside")
        return "forbidden", 403

    add("/t/read-only", read_only)
    add("/t/by-method", by_method, methods=("GET", "POST"))
    add("/t/answer/<int:status>", answer, methods=("POST",))
    add("/t/fails", fails, methods=("POST",))
    add("/t/refused-but-kept", refused_but_kept, methods=("POST",))
    add("/t/reads-then-writes/<where>", reads_then_writes)
    return app


def test_a_view_that_writes_where_it_declared_reads_fails_and_writes_nothing(routes, client):
    assert client.get("/t/read-only").status_code == 500
    assert client.get("/t/reads-then-writes/outside").status_code == 500
    assert _stored(routes) == []


def test_without_a_declaration_a_get_reads_and_a_post_writes(routes, client):
    assert client.get("/t/by-method").status_code == 500
    assert client.post("/t/by-method").status_code == 200
    assert _stored(routes) == ["by_method"]


def test_a_success_or_a_redirect_is_committed_and_an_error_response_rolled_back(routes, client):
    for status in (200, 302, 422, 409):
        assert client.post(f"/t/answer/{status}").status_code == status
    assert client.post("/t/fails").status_code == 409
    assert _stored(routes) == ["answer 200", "answer 302"]


def test_what_is_kept_or_written_in_a_write_step_stays_whatever_the_answer(routes, client):
    assert client.post("/t/refused-but-kept").status_code == 422
    assert client.get("/t/reads-then-writes/inside").status_code == 403
    assert _stored(routes) == ["refused_but_kept", "inside"]


def test_on_sqlite_only_a_declared_write_takes_the_write_lock_as_it_begins(routes, client):
    with routes.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL has no lock to take at BEGIN")
        begins: list[str] = []

        def listener(connection, cursor, statement, *args):
            if statement.strip().upper().startswith("BEGIN"):
                begins.append(statement.strip().upper())

        event.listen(db.engine, "before_cursor_execute", listener)
    client.get("/t/reads-then-writes/inside")
    client.post("/t/answer/200")
    with routes.app_context():
        event.remove(db.engine, "before_cursor_execute", listener)
    assert begins == ["BEGIN", "BEGIN IMMEDIATE", "BEGIN IMMEDIATE"]


def test_outside_a_request_everything_may_write_and_a_declared_read_refuses_at_once(app):
    with app.app_context():
        _write("command")
        db.session.commit()
        token = declare_mode(TransactionMode.READ)
        try:
            with pytest.raises(WriteInReadTransaction):
                _write("refused")
        finally:
            end_mode(token)
            db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 1
