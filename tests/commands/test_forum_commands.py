"""`forum record` (SPEC §9): what it stores and audits, and a one-line reason with a non-zero exit on bad arguments."""

import pytest
from sqlalchemy import select

from extensions import db
from models import AuditEvent, RoundTopic


def topic_record(app, topic_id: str) -> tuple[bool | None, str | None]:
    with app.app_context():
        topic = db.session.scalar(select(RoundTopic).where(RoundTopic.topic_id == topic_id))
        return topic.covered_at_forum, topic.forum_session


def test_record_that_the_forum_covered_a_topic_and_then_that_it_did_not(app, runner, open_round):
    first = runner.invoke(
        args=["forum", "record", "--round", "2025", "--topic", "europe", "--covered", "yes", "--session", "Pass 2"]
    )
    assert first.exit_code == 0, first.output
    assert "europe" in first.output
    assert topic_record(app, "europe") == (True, "Pass 2")
    assert topic_record(app, "national-level") == (None, None)
    again = runner.invoke(
        args=["forum", "record", "--round", "2025", "--topic", "europe", "--covered", "yes", "--session", "Pass 2"]
    )
    assert again.exit_code == 0 and "Inget ändrades" in again.output
    second = runner.invoke(args=["forum", "record", "--round", "2025", "--topic", "europe", "--covered", "NO"])
    assert second.exit_code == 0, second.output
    assert topic_record(app, "europe") == (False, None)
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "forum.record")).all()
    assert [e.detail["topics"] for e in events] == [{"europe": "covered: Pass 2"}, {"europe": "not covered"}]
    assert {(e.actor, e.object_id) for e in events} == {("cli", "2025")}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--round", "1999", "--topic", "europe", "--covered", "yes"), "Det finns ingen omgång ”1999”."),
        (("--round", "2025", "--topic", "no-such-topic", "--covered", "yes"), "inget ämne ”no-such-topic”"),
        (("--round", "2025", "--topic", "europe", "--covered", "maybe"), "--covered ska vara yes eller no"),
        (("--round", "2025", "--topic", "europe", "--covered", "no", "--session", "Pass 1"), "inte markerat"),
        (("--round", "2025", "--topic", "europe", "--covered", "yes", "--session", "x" * 201), "200 tecken"),
    ],
)
def test_bad_arguments_exit_non_zero_with_one_line_and_change_nothing(app, runner, open_round, args, message):
    result = runner.invoke(args=["forum", "record", *args])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.output
    assert topic_record(app, "europe") == (None, None)
