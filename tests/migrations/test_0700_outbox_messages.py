"""Migration 0700: the outbox table comes, takes a message with its checks, and goes again on downgrade."""

import pytest
from alembic.command import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from app import create_app
from extensions import db
from tests.conftest import PROJECT
from tests.migrations.test_0600_organisation_types import _fresh_database

INSERT = text(
    "INSERT INTO outbox_messages (message_id, kind, recipient, subject, body_text, state, attempts, next_attempt_at,"
    " created_at) VALUES (:message_id, 'test', 'a@kommun.example', 'Ämne', 'Text', :state, 0, :now, :now)"
)


@pytest.fixture
def at_0600(_schema, monkeypatch):
    monkeypatch.chdir(PROJECT)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _fresh_database(_schema), "SECRET_KEY": "x"})
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(str(PROJECT / "migrations"))
        upgrade(config, "0600")
        yield config, db.engine
        db.engine.dispose()


def _insert(engine, message_id: str, state: str = "queued") -> None:
    with engine.begin() as connection:
        connection.execute(INSERT, {"message_id": message_id, "state": state, "now": "2026-12-02 01:00:00+00:00"})


def test_upgrade_makes_the_outbox_with_a_unique_message_id_and_known_states(at_0600):
    config, engine = at_0600
    upgrade(config, "0700")
    _insert(engine, "<1@samverkan.example>")
    with pytest.raises(IntegrityError):
        _insert(engine, "<1@samverkan.example>")
    with pytest.raises(IntegrityError):
        _insert(engine, "<2@samverkan.example>", state="lost")
    indexes = {index["name"] for index in inspect(engine).get_indexes("outbox_messages")}
    assert "ix_outbox_messages_state_next_attempt_at" in indexes


def test_downgrade_removes_the_outbox_and_upgrade_brings_it_back(at_0600):
    config, engine = at_0600
    upgrade(config, "0700")
    _insert(engine, "<1@samverkan.example>")
    downgrade(config, "0600")
    assert "outbox_messages" not in inspect(engine).get_table_names()
    upgrade(config, "head")
    assert "outbox_messages" in inspect(engine).get_table_names()
