"""Forum follow-up (SPEC §9) over real HTTP: the admin page with bad input, `covered_at_forum` in the priorities API,
and the priorities dashboard of the next round showing each topic's points then, whether it was covered, and now."""

import csv
import io

import pytest
from sqlalchemy import select

from extensions import db
from models import AuditEvent, RoundTopic
from reports import scoring
from services import dashboard_data
from services.forum_follow_up import Coverage, record_coverage
from services.rounds import get_round
from tests.api_helpers import bearer, token_for
from tests.dashboard_setup import build_rounds
from tests.factories import login, user_with_password
from tests.views.admin.test_rounds import Admin

PAGE = "/admin/rounds/2025/forum"


@pytest.fixture
def admin(app, open_round):
    return Admin(app)


def stored(app, slug: str = "2025") -> dict[str, tuple[bool | None, str | None]]:
    with app.app_context():
        found = get_round(db.session, slug)
        return {t.topic_id: (t.covered_at_forum, t.forum_session) for t in found.topics}


def form_of(app, slug: str = "2025", **rows: tuple[str, str]) -> dict[str, str]:
    """The posted form: every topic of the round in order, `rows` giving some a (covered, session)."""
    data = {}
    for i, topic_id in enumerate(stored(app, slug)):
        covered, session = rows.get(topic_id.replace("-", "_"), ("", ""))
        data |= {f"topics-{i}-topic_id": topic_id, f"topics-{i}-covered": covered, f"topics-{i}-session": session}
    return data


def test_the_admin_records_what_the_forum_covered(app, admin):
    page = admin.get(PAGE)
    assert page.status_code == 200 and "Uppföljning av forumet" in page.text
    saved = admin.post(PAGE, form_of(app, europe=("yes", "Pass 2: Europa"), national_level=("no", "")), page=PAGE)
    assert saved.status_code == 302
    records = stored(app)
    assert records["europe"] == (True, "Pass 2: Europa") and records["national-level"] == (False, None)
    assert {v for k, v in records.items() if k not in ("europe", "national-level")} == {(None, None)}
    shown = admin.get(PAGE).text
    assert 'value="Pass 2: Europa"' in shown and "Uppföljningen av forumet är sparad." in shown
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "forum.record"))
    assert event.detail["topics"] == {"europe": "covered: Pass 2: Europa", "national-level": "not covered"}


def test_a_session_without_covered_is_refused_beside_its_field_and_keeps_what_was_typed(app, admin):
    refused = admin.post(PAGE, form_of(app, europe=("yes", "Pass 1"), national_level=("", "Pass 3")), page=PAGE)
    assert refused.status_code == 422
    assert "markera det som behandlat eller töm passet" in refused.text
    assert 'value="Pass 3"' in refused.text and 'aria-invalid="true"' in refused.text
    row = list(stored(app)).index("national-level")
    assert f'href="#topics-{row}-session"' in refused.text
    assert set(stored(app).values()) == {(None, None)}  # nothing half-way: not even europe


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"topics-0-covered": "perhaps"}, 422),
        ({"topics-0-session": "x" * 201}, 422),
        ({"topics-0-topic_id": "no-such-topic"}, 409),
    ],
)
def test_bad_input_changes_nothing(app, admin, change, status):
    answered = admin.post(PAGE, form_of(app) | change, page=PAGE)
    assert answered.status_code == status
    assert set(stored(app).values()) == {(None, None)}


def test_a_post_without_csrf_token_is_refused(app, admin):
    answered = admin.client.post(PAGE, data=form_of(app, europe=("yes", "")))
    assert answered.status_code in (400, 422)
    assert stored(app)["europe"] == (None, None)


def test_the_priorities_api_says_covered_at_forum(app, client, open_round):
    headers = bearer(token_for(app, "analytiker@example.se", "reviewer"))
    from tests.views.test_api import answer_round

    answer_round(app, "2025", ["region-25", "agency-boverket"])
    with app.app_context():
        found = get_round(db.session, "2025")
        record_coverage(
            db.session, found, [Coverage("europe", True, "Pass 1"), Coverage("digital-planning", False)], actor="t"
        )
        db.session.commit()
    priorities = client.get("/api/v1/rounds/2025/priorities", headers=headers).json
    covered = {p["topic"]: p["covered_at_forum"] for p in priorities}
    assert covered["europe"] is True and covered["digital-planning"] is False
    assert {v for k, v in covered.items() if k not in ("europe", "digital-planning")} == {None}


def plain_rows(response) -> list[dict]:
    assert response.status_code == 200, response.status_code
    return list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))


def test_the_next_rounds_priorities_show_points_then_coverage_and_points_now(app, client, open_round):
    build_rounds(app)
    with app.app_context():
        before = get_round(db.session, "2024")
        record_coverage(db.session, before, [Coverage("digital-planning", True, "Pass 2")], actor="t")
        db.session.commit()
    login(client, user_with_password(app, "analytiker@example.se", "reviewer"))
    page = client.get("/dashboard/priorities?round=2025")
    assert page.status_code == 200 and "Poäng i 2024 och 2025" in page.text
    rows = plain_rows(client.get("/dashboard/priorities?round=2025&download=follow_up&format=csv-plain"))
    with app.app_context():
        expected = {}
        for slug in ("2024", "2025"):
            found = get_round(db.session, slug)
            rankings = dashboard_data.round_answers(db.session, found, ["d7_topics"])
            points = scoring.priority_points(rankings, [t.topic_id for t in found.topics])
            expected[slug] = dict(zip(points["topic"], points["points"], strict=True))
    by_topic = {row["topic"]: row for row in rows}
    assert list(by_topic) == sorted(expected["2025"], key=lambda t: (-expected["2025"][t], t))
    for topic, row in by_topic.items():
        assert float(row["points_now"].replace(",", ".")) == expected["2025"][topic]
        assert float(row["points_before"].replace(",", ".")) == expected["2024"][topic]
    assert by_topic["digital-planning"]["covered_before"] == "Ja"
    assert by_topic["digital-planning"]["session_before"] == "Pass 2"
    assert {row["covered_before"] for t, row in by_topic.items() if t != "digital-planning"} == {"Inte registrerat"}


def test_the_first_round_has_no_follow_up_chart(app, client, open_round):
    login(client, user_with_password(app, "analytiker@example.se", "reviewer"))
    from tests.views.test_api import answer_round

    answer_round(app, "2025", ["region-25", "agency-boverket", "region-01"])
    page = client.get("/dashboard/priorities?round=2025")
    assert page.status_code == 200 and "figure-follow_up" not in page.text


def test_the_round_topics_record_is_not_copied_into_a_cloned_round(app, open_round):
    with app.app_context():
        found = get_round(db.session, "2025")
        record_coverage(db.session, found, [Coverage("europe", True)], actor="t")
        from services.rounds import clone_round

        clone_round(db.session, found, "2026", actor="t")
        db.session.commit()
        clone = db.session.scalars(select(RoundTopic).join(RoundTopic.round).where(RoundTopic.topic_id == "europe"))
        assert sorted((t.round.slug, t.covered_at_forum) for t in clone) == [("2025", True), ("2026", None)]
