"""Migration 0710: the contacts table; its unique (organisation, e-mail) and language check; downgrade drops it.

Both directions run on a database of their own with an organisation in it (SQLite in batch mode, or PostgreSQL).
"""

import os
from pathlib import Path

import pytest
from alembic.command import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from app import create_app
from extensions import db
from tests.conftest import CHECKOUT, PROJECT

INSERT = text(
    "INSERT INTO contacts (organisation_id, name, email, role, language, created_at, updated_at) "
    "VALUES (:org, 'Anna', :email, '', :language, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)

ORGANISATION = text(
    "INSERT INTO organisations (code, name_sv, name_en, type) VALUES ('kommun-0180', 'S', 'S', 'kommun')"
)


def _fresh_database(database_url: str) -> str:
    """An empty database of this test's own: a new SQLite file, or a new PostgreSQL schema for this worker."""
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///")).with_name("migration_0710.sqlite")
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    schema = f"pytest_{CHECKOUT}_0710_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    server = database_url.split("?")[0]
    engine = create_engine(server)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return f"{server}?options=-csearch_path%3D{schema}"


@pytest.fixture
def at_0600(_schema, monkeypatch):
    monkeypatch.chdir(PROJECT)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _fresh_database(_schema), "SECRET_KEY": "x"})
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(str(PROJECT / "migrations"))
        upgrade(config, "0600")
        with db.engine.begin() as connection:
            connection.execute(ORGANISATION)
        yield config, db.engine
        db.engine.dispose()


def _add(engine, email: str, language: str = "sv") -> None:
    with engine.begin() as connection:
        org = connection.execute(text("SELECT id FROM organisations")).scalar_one()
        connection.execute(INSERT, {"org": org, "email": email, "language": language})


def test_upgrade_makes_the_table_with_its_constraints_and_downgrade_drops_it(at_0600):
    config, engine = at_0600
    upgrade(config, "0710")
    assert "contacts" in inspect(engine).get_table_names()
    _add(engine, "anna@stockholm.example")
    with pytest.raises(IntegrityError):
        _add(engine, "anna@stockholm.example")
    with pytest.raises(IntegrityError):
        _add(engine, "bo@stockholm.example", language="fi")
    _add(engine, "bo@stockholm.example", language="en")
    downgrade(config, "0600")
    assert "contacts" not in inspect(engine).get_table_names()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT code FROM organisations")).scalars().all() == ["kommun-0180"]
    upgrade(config, "head")
