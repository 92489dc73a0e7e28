"""Migrations: one head, and `init-db` on an empty database gives exactly the models' schema."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text

from app import create_app
from extensions import db
from models import Base
from tests.conftest import CHECKOUT, PROJECT


def test_there_is_exactly_one_migration_head(app):
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(str(PROJECT / "migrations"))
        heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}; merge them"


def _empty_database(database_url: str) -> str:
    """A separate, empty database (SQLite file, or PostgreSQL schema) for the migration run."""
    if database_url.startswith("sqlite"):
        return database_url.replace("test.sqlite", "migrations.sqlite")
    schema = f"pytest_{CHECKOUT}_migrations"
    engine = create_engine(database_url.split("?")[0])
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return database_url.split("?")[0] + f"?options=-csearch_path%3D{schema}"


def test_init_db_on_an_empty_database_gives_the_models_schema(_schema, monkeypatch):
    monkeypatch.chdir(PROJECT)
    url = _empty_database(_schema)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
            )
            tables = set(inspect(connection).get_table_names())
        db.engine.dispose()
    assert differences == []
    assert {table.name for table in Base.metadata.sorted_tables} <= tables
