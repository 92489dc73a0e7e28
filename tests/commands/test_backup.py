"""Backup and restore drill: back up, change and lose data, restore, and find exactly what was backed up."""

from sqlalchemy import select

from extensions import db
from models import Answer, AnswerChange, Organisation, Response, Round


def _snapshot(app) -> list[tuple]:
    with app.app_context():
        db.session.expire_all()
        return db.session.execute(
            select(Organisation.code, Round.slug, Response.status, Answer.question_id, Answer.value)
            .join(Response, Response.id == Answer.response_id)
            .join(Organisation, Organisation.id == Response.organisation_id)
            .join(Round, Round.id == Response.round_id)
            .order_by(Organisation.code, Round.slug, Answer.question_id)
        ).all()


def test_restore_drill(app, runner, tmp_path):
    assert runner.invoke(args=["seed-demo", "--seed", "3"]).exit_code == 0
    before = _snapshot(app)
    backup_file = tmp_path / "drill.backup"
    made = runner.invoke(args=["backup", "--output", str(backup_file)])
    assert made.exit_code == 0, made.output
    assert backup_file.stat().st_size > 10_000

    # Disaster: answers deleted and others changed after the backup.
    with app.app_context():
        db.session.execute(AnswerChange.__table__.delete())
        db.session.execute(Answer.__table__.delete().where(Answer.question_id.like("d2_%")))
        db.session.execute(Answer.__table__.update().values(value="1").where(Answer.question_id.like("d1_%")))
        db.session.commit()
    assert _snapshot(app) != before

    refused = runner.invoke(args=["restore", str(backup_file)])
    assert refused.exit_code != 0 and "--yes" in refused.output
    restored = runner.invoke(args=["restore", str(backup_file), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert _snapshot(app) == before
    with app.app_context():
        assert db.session.query(AnswerChange).count() > 0


def test_bad_backup_arguments_fail_with_one_line(app, runner, tmp_path):
    missing = runner.invoke(args=["restore", str(tmp_path / "nothing.backup"), "--yes"])
    assert missing.exit_code != 0 and len(missing.output.strip().splitlines()) == 1
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    wrong = runner.invoke(args=["restore", str(not_a_backup), "--yes"])
    assert wrong.exit_code != 0 and "Traceback" not in wrong.output
