"""Migration 0600: the CHECK on organisations.type becomes a table of known types; downgrade brings the CHECK back.

Both directions run on a database of their own with organisations in it (SQLite in batch mode, or PostgreSQL).
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


def _fresh_database(database_url: str) -> str:
    """An empty database of this test's own: a new SQLite file, or a new PostgreSQL schema for this worker."""
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///")).with_name("migration_0600.sqlite")
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    schema = f"pytest_{CHECKOUT}_0600_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    server = database_url.split("?")[0]
    engine = create_engine(server)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return f"{server}?options=-csearch_path%3D{schema}"


def _insert(engine, code: str, organisation_type: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO organisations (code, name_sv, name_en, type) VALUES (:code, :code, :code, :type)"),
            {"code": code, "type": organisation_type},
        )


def _organisations(engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text("SELECT code, type FROM organisations ORDER BY code"))]


@pytest.fixture
def at_0500(_schema, monkeypatch):
    """A database of its own at revision 0500 with two organisations, and the Alembic config to move it."""
    monkeypatch.chdir(PROJECT)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _fresh_database(_schema), "SECRET_KEY": "x"})
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(str(PROJECT / "migrations"))
        upgrade(config, "0500")
        _insert(db.engine, "kommun-0180", "kommun")
        _insert(db.engine, "agency-boverket", "agency")
        yield config, db.engine
        db.engine.dispose()


def test_upgrade_keeps_the_organisations_and_the_table_refuses_an_unknown_type(at_0500):
    config, engine = at_0500
    upgrade(config, "0600")
    with engine.connect() as connection:
        codes = connection.execute(text("SELECT code FROM organisation_types ORDER BY code")).scalars().all()
    assert codes == ["agency", "kommun", "lst", "other", "region"]
    assert _organisations(engine) == [("agency-boverket", "agency"), ("kommun-0180", "kommun")]
    assert "organisation_types" in [fk["referred_table"] for fk in inspect(engine).get_foreign_keys("organisations")]
    with pytest.raises(IntegrityError):
        _insert(engine, "university-umu", "university")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO organisation_types (code) VALUES ('university')"))
    _insert(engine, "university-umu", "university")
    assert ("university-umu", "university") in _organisations(engine)


def test_downgrade_brings_the_check_back_and_keeps_the_organisations(at_0500):
    config, engine = at_0500
    upgrade(config, "0600")
    downgrade(config, "0500")
    assert "organisation_types" not in inspect(engine).get_table_names()
    assert _organisations(engine) == [("agency-boverket", "agency"), ("kommun-0180", "kommun")]
    with pytest.raises(IntegrityError):
        _insert(engine, "university-umu", "university")
    _insert(engine, "lst-01", "lst")
    upgrade(config, "head")
