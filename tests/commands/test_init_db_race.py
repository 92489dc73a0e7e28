"""Hosts that start together each run `init-db` against one fresh database: they take turns on the migration lock
(services/migration_lock.py), so both succeed, the schema reaches its head once and nothing is inserted twice.
Runs on SQLite and, with DATABASE_URL, PostgreSQL."""

import os
import subprocess
import sys

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from tests.conftest import CHECKOUT, PROJECT

STARTING_TOGETHER = 3


def _fresh_database(database_url: str, tmp_path) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    schema = f"pytest_{CHECKOUT}_init_race"
    engine = create_engine(database_url.split("?")[0])
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return database_url.split("?")[0] + f"?options=-csearch_path%3D{schema}"


def _head(app) -> str:
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(str(PROJECT / "migrations"))
        return ScriptDirectory.from_config(config).get_current_head()


def test_init_db_started_on_several_hosts_at_once_migrates_once(app, _schema, tmp_path):
    url = _fresh_database(_schema, tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "test-secret-key-not-for-production", "LOG_JSON": "0"}
    command = [sys.executable, "-m", "flask", "--app", "app", "init-db"]
    hosts = [
        subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(STARTING_TOGETHER)
    ]
    outputs = [host.communicate(timeout=180)[0] for host in hosts]
    assert [host.returncode for host in hosts] == [0] * STARTING_TOGETHER, outputs
    engine = create_engine(url)
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        types, distinct = connection.execute(
            text("SELECT count(*), count(DISTINCT code) FROM organisation_types")
        ).one()
    engine.dispose()
    assert versions == [_head(app)]
    assert types == distinct > 0
