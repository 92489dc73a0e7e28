"""Saving answers: history of every change, colleagues' work never undone, submit once."""

import pytest
from sqlalchemy import select

from extensions import db
from models import AnswerChange, AuditEvent, Response, Round
from questionnaire.values import InvalidValue
from services.questionnaires import questionnaire_of
from services.responses import (
    ResponseLocked,
    SaveConflict,
    answers_of,
    get_or_create_response,
    reopen,
    save_answers,
    submit,
)
from tests.factories import organisation


@pytest.fixture
def draft(app, open_round):
    with app.app_context():
        round_ = db.session.scalar(select(Round))
        response = get_or_create_response(db.session, organisation("region-25"), round_)
        db.session.commit()
        return response.id


def _save(response_id, values, base_version=None, actor="invitation:1"):
    response = db.session.get(Response, response_id)
    result = save_answers(
        db.session,
        response,
        values,
        questionnaire_of(response.round.questionnaire_version),
        actor=actor,
        source="web",
        topic_ids=[t.topic_id for t in response.round.topics],
        base_version=base_version,
    )
    db.session.commit()
    return result


def _answers(response_id):
    return answers_of(db.session, db.session.get(Response, response_id))


def test_every_change_is_kept_with_who_and_the_old_value(app, draft):
    with app.app_context():
        _save(draft, {"d2_role_clarity": "2"}, actor="invitation:1")
        _save(draft, {"d2_role_clarity": "4"}, actor="invitation:2")
        _save(draft, {"d2_role_clarity": None}, actor="invitation:1")
        changes = db.session.scalars(select(AnswerChange).order_by(AnswerChange.id)).all()
        assert [(c.old_value, c.new_value, c.changed_by) for c in changes] == [
            (None, "2", "invitation:1"),
            ("2", "4", "invitation:2"),
            ("4", None, "invitation:1"),
        ]
        assert _answers(draft) == {}


def test_saving_the_same_values_again_changes_nothing(app, draft):
    with app.app_context():
        first = _save(draft, {"d2_role_clarity": "3", "d3_staff_fte": "2,5"})
        again = _save(draft, {"d2_role_clarity": "3", "d3_staff_fte": "2.50"}, base_version=first.version)
        assert not again.changed and again.version == first.version
        assert db.session.query(AnswerChange).count() == 2


def test_a_stale_page_does_not_undo_a_colleagues_answers(app, draft):
    with app.app_context():
        loaded = _save(draft, {"d2_role_clarity": "3", "d2_mandate_clarity": "3"}).version
        # A colleague changes one answer; I, on a page loaded before, change a different one.
        _save(
            draft,
            {"d2_role_clarity": "5", "d2_mandate_clarity": "3"},
            base_version=loaded,
            actor="invitation:2",
        )
        _save(
            draft,
            {"d2_role_clarity": "3", "d2_mandate_clarity": "1"},
            base_version=loaded,
            actor="invitation:1",
        )
        answers = _answers(draft)
        assert answers["d2_role_clarity"] == "5" and answers["d2_mandate_clarity"] == "1"


def test_the_same_answer_changed_by_two_people_is_a_conflict_and_nothing_is_saved(app, draft):
    with app.app_context():
        loaded = _save(draft, {"d2_role_clarity": "3"}).version
        after_colleague = _save(draft, {"d2_role_clarity": "5"}, base_version=loaded, actor="invitation:2").version
        with pytest.raises(SaveConflict) as raised:
            _save(
                draft,
                {"d2_role_clarity": "1", "d2_agreed_goals": "2"},
                base_version=loaded,
                actor="invitation:1",
            )
        db.session.rollback()
        conflict = raised.value.conflicts["d2_role_clarity"]
        assert (conflict.theirs, conflict.yours, conflict.changed_by) == ("5", "1", "invitation:2")
        assert raised.value.current_version == after_colleague
        assert _answers(draft) == {"d2_role_clarity": "5"}
        # Having seen the colleague's answer, saving from the current version keeps mine.
        _save(draft, {"d2_role_clarity": "1", "d2_agreed_goals": "2"}, base_version=after_colleague)
        assert _answers(draft)["d2_role_clarity"] == "1"


def test_invalid_values_and_unknown_questions_are_refused_whole(app, draft):
    with app.app_context():
        with pytest.raises(InvalidValue):
            _save(draft, {"d2_role_clarity": "3", "d3_staff_fte": "lots"})
        db.session.rollback()
        with pytest.raises(InvalidValue):
            _save(draft, {"d1_region_today": "3"})  # a region does not rate "the region"
        db.session.rollback()
        assert db.session.query(AnswerChange).count() == 0


def test_submit_is_idempotent_and_locks_the_response(app, draft):
    with app.app_context():
        _save(draft, {"d2_role_clarity": "3"})
        response = db.session.get(Response, draft)
        assert submit(db.session, response, actor="invitation:1") is True
        assert submit(db.session, response, actor="invitation:2") is False
        db.session.commit()
        assert response.submitted_by == "invitation:1"
        assert db.session.query(AuditEvent).filter_by(action="response.submit").count() == 1
        with pytest.raises(ResponseLocked):
            _save(draft, {"d2_role_clarity": "4"})
        db.session.rollback()
        assert reopen(db.session, response, actor="user:1") is True
        db.session.commit()
        assert not response.is_submitted and response.reopened_at is not None
