"""Migration 1000: API tokens get a required `expires_at`, a year after each existing token was created.

Both directions run on a database of their own with tokens in it (SQLite in batch mode, or PostgreSQL).
"""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.command import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from app import create_app
from extensions import db
from models.base import UTCDateTime
from tests.conftest import CHECKOUT, PROJECT

CREATED = (datetime(2026, 11, 27, 9, 30, tzinfo=UTC), datetime(2026, 12, 1, 23, 59, 59, tzinfo=UTC))


def _fresh_database(database_url: str) -> str:
    """An empty database of this test's own: a new SQLite file, or a new PostgreSQL schema for this worker."""
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///")).with_name("migration_1000.sqlite")
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    schema = f"pytest_{CHECKOUT}_1000_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    server = database_url.split("?")[0]
    engine = create_engine(server)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return f"{server}?options=-csearch_path%3D{schema}"


def _stamp(engine, moment: datetime):
    """`moment` as the application's column type writes it on this database."""
    return UTCDateTime().process_bind_param(moment, engine.dialect)


def _insert_tokens(engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, email, role, active, created_at) "
                "VALUES (1, 'analys@example.se', 'reviewer', :yes, :now)"
            ),
            {"yes": True, "now": _stamp(engine, CREATED[0])},
        )
        for number, created in enumerate(CREATED, start=1):
            connection.execute(
                text(
                    "INSERT INTO api_tokens (id, user_id, token_hash, created_at, created_by) "
                    "VALUES (:id, 1, :hash, :created, 'cli')"
                ),
                {"id": number, "hash": f"{number:064d}", "created": _stamp(engine, created)},
            )


def _expiries(engine) -> list[datetime]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT expires_at FROM api_tokens ORDER BY id")).scalars().all()
    return [UTCDateTime().process_result_value(_as_datetime(value), engine.dialect) for value in rows]


def _as_datetime(value):
    return datetime.fromisoformat(value) if isinstance(value, str) else value


@pytest.fixture
def at_0600(_schema, monkeypatch):
    """A database of its own at revision 0600 with two tokens, and the Alembic config to move it."""
    monkeypatch.chdir(PROJECT)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _fresh_database(_schema), "SECRET_KEY": "x"})
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(str(PROJECT / "migrations"))
        upgrade(config, "0600")
        _insert_tokens(db.engine)
        yield config, db.engine
        db.engine.dispose()


def test_upgrade_gives_each_token_a_year_from_its_creation_and_requires_an_expiry(at_0600):
    config, engine = at_0600
    upgrade(config, "1000")
    assert _expiries(engine) == [created + timedelta(days=365) for created in CREATED]
    columns = {column["name"]: column for column in inspect(engine).get_columns("api_tokens")}
    assert columns["expires_at"]["nullable"] is False
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO api_tokens (id, user_id, token_hash, created_at, created_by) "
                "VALUES (3, 1, :hash, :created, 'cli')"
            ),
            {"hash": "3" * 64, "created": _stamp(engine, CREATED[1])},
        )


def test_downgrade_drops_the_expiry_and_keeps_the_tokens(at_0600):
    config, engine = at_0600
    upgrade(config, "1000")
    downgrade(config, "0600")
    assert "expires_at" not in {column["name"] for column in inspect(engine).get_columns("api_tokens")}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT id FROM api_tokens ORDER BY id")).scalars().all() == [1, 2]
    upgrade(config, "head")
