"""The answer store: many responses in one bulk write, every value through the gate, history, versions, submits
with their audit events."""

import pytest
from sqlalchemy import func, select

from extensions import db
from models import Answer, AnswerChange, AuditEvent, Response, ResponseScore, Round
from questionnaire.values import InvalidValue
from services.answer_store import AnswerWrite, apply_changes, create_drafts, submit_drafts
from services.questionnaires import questionnaire_of
from services.rounds import topic_ids
from tests.factories import organisation

CODES = ("region-25", "region-01", "kommun-2380")


@pytest.fixture
def drafts(app, open_round):
    """Three fresh drafts of round 2025: organisation code → response id."""
    with app.app_context():
        found = db.session.scalar(select(Round))
        created = create_drafts(db.session, found, [organisation(code).id for code in CODES])
        db.session.commit()
        return {code: created[organisation(code).id] for code in CODES}


def write(response_id: int, wanted: dict, current: dict | None = None) -> AnswerWrite:
    response = db.session.get(Response, response_id)
    return AnswerWrite(response_id, response.organisation.type, response.version, current or {}, wanted)


def apply(writes: list[AnswerWrite], actor: str = "test"):
    found = db.session.scalar(select(Round))
    questionnaire = questionnaire_of(found.questionnaire_version)
    written = apply_changes(db.session, writes, questionnaire, topic_ids(found), actor=actor, source="web")
    db.session.commit()
    return written


def stored(response_id: int) -> dict[str, str]:
    rows = db.session.execute(select(Answer.question_id, Answer.value).where(Answer.response_id == response_id))
    return dict(rows.all())


def test_one_call_writes_canonical_answers_history_and_one_version_per_response(app, drafts):
    with app.app_context():
        first, second, third = drafts["region-25"], drafts["region-01"], drafts["kommun-2380"]
        written = apply(
            [
                write(first, {"d2_role_clarity": " 4 ", "d3_staff_fte": "1,50"}),
                write(second, {"d7_topics": "europe > accessibility"}),
                write(third, {"d2_role_clarity": ""}),  # blank on a missing answer: nothing to do
            ]
        )
        assert written == {
            first: {"d2_role_clarity": (None, "4"), "d3_staff_fte": (None, "1.5")},
            second: {"d7_topics": (None, "europe>accessibility")},
        }
        assert stored(first) == {"d2_role_clarity": "4", "d3_staff_fte": "1.5"}
        assert stored(second) == {"d7_topics": "europe>accessibility"}
        versions = dict(db.session.execute(select(Response.id, Response.version)).all())
        assert versions == {first: 2, second: 2, third: 1}
        history = db.session.execute(
            select(AnswerChange.response_id, AnswerChange.question_id, AnswerChange.response_version)
        ).all()
        assert sorted(history) == sorted(
            [(first, "d2_role_clarity", 2), (first, "d3_staff_fte", 2), (second, "d7_topics", 2)]
        )
        again = apply([write(first, {"d2_role_clarity": "2", "d3_staff_fte": None}, stored(first))], actor="other")
        assert again == {first: {"d2_role_clarity": ("4", "2"), "d3_staff_fte": ("1.5", None)}}
        assert stored(first) == {"d2_role_clarity": "2"}
        last = db.session.scalars(select(AnswerChange).where(AnswerChange.changed_by == "other")).all()
        assert {(c.old_value, c.new_value, c.response_version) for c in last} == {("4", "2", 3), ("1.5", None, 3)}


@pytest.mark.parametrize(
    "wanted",
    [
        {"d7_topics": "europe>europe"},  # a topic ranked twice
        {"d2_role_clarity": "6"},
        {"no_such_question": "1"},
        {"d1_region_today": "3"},  # a region is not asked about collaboration with the region
    ],
)
def test_a_value_the_gate_refuses_stops_the_whole_write_before_anything_is_written(app, drafts, wanted):
    with app.app_context():
        good = write(drafts["region-01"], {"d2_role_clarity": "3"})
        with pytest.raises(InvalidValue):
            apply([good, write(drafts["region-25"], wanted)])
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
        assert db.session.scalar(select(func.count()).select_from(AnswerChange)) == 0


def test_submit_drafts_submits_each_draft_once_with_an_audit_event_and_scores(app, drafts):
    with app.app_context():
        found = db.session.scalar(select(Round))
        apply([write(response_id, {"d2_role_clarity": "4"}) for response_id in drafts.values()])
        some = [drafts["region-25"], drafts["kommun-2380"]]
        assert submit_drafts(db.session, found, some, actor="user:1", source="import") == sorted(some)
        assert submit_drafts(db.session, found, [*some, drafts["region-01"]], actor="user:1") == [drafts["region-01"]]
        db.session.commit()
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "response.submit").order_by(AuditEvent.id)
        ).all()
        assert [(e.action, e.actor, int(e.object_id), e.detail) for e in events] == [
            ("response.submit", "user:1", min(some), {"round": "2025", "source": "import"}),
            ("response.submit", "user:1", max(some), {"round": "2025", "source": "import"}),
            ("response.submit", "user:1", drafts["region-01"], {"round": "2025"}),
        ]
        assert [e.organisation_id for e in events[:2]] == [
            db.session.get(Response, response_id).organisation_id for response_id in sorted(some)
        ]
        submitted = db.session.scalars(select(Response).order_by(Response.id)).all()
        assert {(r.status, r.submitted_by, r.version) for r in submitted} == {("submitted", "user:1", 3)}
        scored = db.session.scalar(select(func.count()).select_from(ResponseScore))
        assert scored == len(drafts)
