"""Fixtures: an app on a fresh database per test (SQLite by default, PostgreSQL when DATABASE_URL is set),
a test client, a CLI runner, and small factories for the objects most tests need.

On PostgreSQL each pytest-xdist worker gets its own schema, so workers never see each other's rows.
"""

import hashlib
import os
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app import create_app
from extensions import db
from models import Base

PROJECT = Path(__file__).resolve().parent.parent
#: Distinguishes checkouts sharing one PostgreSQL server (several work trees, CI), so their schemas never collide.
CHECKOUT = hashlib.sha256(str(PROJECT).encode()).hexdigest()[:8]


def _postgres_url(worker: str) -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
        return None
    url = re.sub(r"^postgres(ql)?(\+psycopg)?://", "postgresql+psycopg://", url)
    schema = f"pytest_{CHECKOUT}_{worker}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return _postgres_url(worker) or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def _schema(database_url):
    """Create the tables once per worker; each test then starts from empty tables."""
    engine = create_engine(database_url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    engine.dispose()
    return database_url


def _empty_tables() -> None:
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def app(_schema, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": _schema,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "BASE_URL": "http://localhost",
        }
    )
    with app.app_context():
        _empty_tables()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def reference(app):
    """Counties and organisations loaded, as `load-reference` does."""
    from services.reference import load_reference

    with app.app_context():
        load_reference(db.session)
        db.session.commit()


@pytest.fixture
def open_round(app, reference):
    """Round 2025, open, on questionnaire v1."""
    from models import RoundStatus
    from services.rounds import create_round, set_state

    with app.app_context():
        created = create_round(db.session, "2025", actor="test")
        set_state(db.session, created, RoundStatus.OPEN, actor="test")
        db.session.commit()
        return created.slug
