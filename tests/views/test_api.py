"""The JSON API v1 (SPEC §5) through the real HTTP stack: tokens, errors, and what each role sees."""

import csv
import io

import pytest
from sqlalchemy import select

from extensions import db
from models import ApiToken, AuditEvent, RoundStatus, User, utcnow
from questionnaire.loader import VERSIONS_DIR, load_file
from services.api_tokens import hash_api_token
from services.questionnaires import questionnaire_of
from services.responses import get_or_create_response, save_answers, submit
from services.rounds import create_round, get_round, set_state
from tests.api_helpers import bearer, token_for
from tests.factories import organisation


@pytest.fixture
def reviewer(app, reference):
    return token_for(app, "analys@example.se", "reviewer")


@pytest.fixture
def admin(app, reference):
    return token_for(app, "admin@example.se", "admin")


def answer_round(app, slug: str, codes: list[str], ranking: str = "europe>digital-planning") -> None:
    with app.app_context():
        found = get_round(db.session, slug)
        questionnaire = questionnaire_of(found.questionnaire_version)
        topics = [t.topic_id for t in found.topics]
        for code in codes:
            response = get_or_create_response(db.session, organisation(code), found)
            values = {"d3_staff_sufficient": "4", "d3_long_term_financing": "2", "d7_topics": ranking}
            save_answers(db.session, response, values, questionnaire, actor="t", source="web", topic_ids=topics)
            submit(db.session, response, actor="t")
        db.session.commit()


def anonymous_round(app, slug: str = "2026") -> None:
    with app.app_context():
        created = create_round(db.session, slug, actor="t", visibility="anonymous")
        set_state(db.session, created, RoundStatus.OPEN, actor="t")
        db.session.commit()


def test_create_token_prints_it_once_and_stores_only_its_hash(app, runner, reference):
    assert runner.invoke(args=["create-user", "analys@example.se", "--role", "reviewer"]).exit_code == 0
    result = runner.invoke(args=["create-token", "Analys@Example.se"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert len(result.stdout.strip().splitlines()) == 1 and token.startswith("svt_") and len(token) >= 40
    with app.app_context():
        stored = db.session.scalar(select(ApiToken))
        assert stored.token_hash == hash_api_token(token) and token not in stored.token_hash
        assert token not in str(db.session.scalars(select(AuditEvent.detail)).all())
    again = runner.invoke(args=["create-token", "analys@example.se"])
    assert again.stdout.strip() != token


@pytest.mark.parametrize(
    ("email", "message"),
    [("nobody@example.se", "Det finns ingen användare"), ("planerare@example.se", "granskare och administratörer")],
)
def test_create_token_refuses_unknown_users_and_respondents(runner, reference, email, message):
    runner.invoke(args=["create-user", "planerare@example.se", "--role", "respondent", "--organisation", "region-25"])
    result = runner.invoke(args=["create-token", email])
    assert result.exit_code != 0 and message in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Basic YTpi"}, {"Authorization": "Bearer"}, {"Authorization": "Bearer svt_not-a-token"}],
)
def test_without_a_valid_token_every_route_answers_401_in_json(client, reviewer, headers):
    for path in ("/api/v1/rounds", "/api/v1/rounds/2025/scores", "/api/v1/rounds/nope/responses.csv"):
        response = client.get(path, headers=headers)
        assert response.status_code == 401
        assert response.json["error"] == "unauthorized" and response.json["detail"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_or_a_deactivated_user_is_refused(app, client, reviewer):
    assert client.get("/api/v1/rounds", headers=bearer(reviewer)).status_code == 200
    with app.app_context():
        db.session.scalar(select(ApiToken)).revoked_at = utcnow()
        db.session.commit()
    assert client.get("/api/v1/rounds", headers=bearer(reviewer)).status_code == 401
    other = token_for(app, "other@example.se", "reviewer")
    with app.app_context():
        db.session.scalar(select(User).where(User.email == "other@example.se")).active = False
        db.session.commit()
    assert client.get("/api/v1/rounds", headers=bearer(other)).status_code == 401


def test_a_respondent_gets_403(client, app, reference):
    token = token_for(app, "planerare@example.se", "respondent", organisation="region-25")
    response = client.get("/api/v1/rounds", headers=bearer(token))
    assert response.status_code == 403 and response.json["error"] == "forbidden"


def test_unknown_rounds_paths_methods_and_languages_are_json_errors(client, reviewer, open_round):
    headers = bearer(reviewer)
    for path in (
        "/api/v1/rounds/1999/scores",
        "/api/v1/rounds/%C3%A5%00/questionnaire",
        "/api/v1/rounds/" + "x" * 500 + "/priorities",
    ):
        response = client.get(path, headers=headers)
        assert response.status_code == 404 and response.json["error"] == "not_found"
    missing = client.get("/api/v1/nothing-here", headers=headers)
    assert missing.status_code == 404 and missing.json["error"] == "not_found"
    posted = client.post("/api/v1/rounds", headers=headers)
    assert posted.status_code == 405 and posted.json["error"] == "method_not_allowed"
    assert "GET" in posted.headers["Allow"]
    language = client.get("/api/v1/rounds?lang=fi", headers=headers)
    assert language.status_code == 400 and language.json["error"] == "bad_request"


def test_rounds_lists_every_round(client, reviewer, open_round, app):
    anonymous_round(app)
    response = client.get("/api/v1/rounds", headers=bearer(reviewer))
    assert [(r["slug"], r["visibility"], r["status"]) for r in response.json] == [
        ("2025", "named", "open"),
        ("2026", "anonymous", "open"),
    ]
    assert response.json[0]["title"] == "Samverkanstrappan 2025"
    english = client.get("/api/v1/rounds?lang=en", headers=bearer(reviewer))
    assert english.json[0]["title"] == "The collaboration staircase 2025"


def test_the_questionnaire_puts_every_question_in_exactly_one_dimension(client, reviewer, open_round):
    document = client.get("/api/v1/rounds/2025/questionnaire", headers=bearer(reviewer)).json
    expected = load_file(VERSIONS_DIR / "v1.yaml")
    assert document["version"] == "v1"
    items = [item for dimension in document["dimensions"] for item in dimension["items"]]
    assert [item["id"] for item in items] == [q.id for q in expected.questions()]
    assert [d["id"] for d in document["dimensions"]] == [
        "staircase", "roles", "resources", "gis", "accessibility", "barriers", "priorities", "share",
    ]  # fmt: skip
    by_id = {item["id"]: item for item in items}
    assert by_id["d1_lst_today"] == {
        "id": "d1_lst_today", "type": "scale", "title": "Länsstyrelsen – i dag", "scored": True, "reverse": False,
        "applies_to": ["region", "kommun"], "options": [],
    }  # fmt: skip
    assert by_id["d1_lst_target"]["scored"] is False
    assert by_id["d2_personal_dependence"]["reverse"] is True and by_id["d2_role_clarity"]["applies_to"] == []
    assert {i["scored"] for d in document["dimensions"][5:] for i in d["items"]} == {False}
    assert by_id["d7_topics"]["type"] == "ranking" and by_id["d7_topics"]["options"][0]["id"] == "national-level"
    assert by_id["d3_funding_horizon"]["options"][0] == {"id": "project", "title": "Projektmedel, kortare än två år"}


def test_scores_priorities_and_responses_in_a_named_round(app, client, reviewer, open_round):
    answer_round(app, "2025", ["region-25", "agency-boverket"])
    headers = bearer(reviewer)
    scores = client.get("/api/v1/rounds/2025/scores", headers=headers).json
    assert [s["organisation"] for s in scores] == ["agency-boverket", "region-25"]
    assert scores[1] == {
        "organisation": "region-25",
        "name": "Region Norrbotten",
        "type": "region",
        "county": "25",
        "dimensions": {"staircase": None, "roles": None, "resources": 50.0, "gis": None, "accessibility": None},
        "maturity_index": None,
    }
    assert scores[0]["county"] is None
    priorities = client.get("/api/v1/rounds/2025/priorities", headers=headers).json
    assert priorities[0] == {
        "topic": "europe", "title": "Utblick Europa – regional planering i andra länder", "points": 10,
        "top3_share": 1.0, "n": 2, "covered_at_forum": None,
    }  # fmt: skip
    assert priorities[-1]["points"] == 0 and len(priorities) == 12
    exported = client.get("/api/v1/rounds/2025/responses.csv", headers=headers)
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    assert "attachment" in exported.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0] == ["organisation", "question", "value"] and len(rows) == 7
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "responses.export"))
        assert event.actor.startswith("user:") and event.object_id == "2025"


def test_priorities_pinned_by_hand_with_an_empty_and_a_full_ranking(app, client, reviewer, open_round):
    """Hand-computed (SPEC §4): rank r gives 6 − r points; `top3_share` is of the responses that ranked anything,
    so the response that ranked nothing counts for no topic and in no denominator; a ranking of exactly five gives
    its fifth topic one point. Europe: 5 + 3 = 8, top 3 in both rankings; digital planning: 4 + 5 = 9."""
    answer_round(app, "2025", ["region-25"])
    five = "digital-planning>gis-competence>europe>long-term-funding>accessibility"
    answer_round(app, "2025", ["agency-boverket"], ranking=five)
    answer_round(app, "2025", ["region-01"], ranking="")
    priorities = client.get("/api/v1/rounds/2025/priorities", headers=bearer(reviewer)).json
    top = [(p["topic"], p["points"], p["top3_share"], p["n"]) for p in priorities[:5]]
    assert top == [
        ("digital-planning", 9, 1.0, 2),
        ("europe", 8, 1.0, 2),
        ("gis-competence", 4, 0.5, 1),
        ("long-term-funding", 2, 0.0, 1),
        ("accessibility", 1, 0.0, 1),
    ]
    assert {p["points"] for p in priorities[5:]} == {0} and {p["n"] for p in priorities[5:]} == {0}


def test_a_reviewer_sees_no_single_organisation_of_an_anonymous_round(app, client, reviewer, admin, open_round):
    """Decision (docs/api.md): in an anonymous round a reviewer gets the questionnaire and, once 3 organisations
    have ranked topics, the priorities; scores and responses.csv answer 403. Admins see everything."""
    anonymous_round(app)
    answer_round(app, "2026", ["region-25", "region-01"])
    for path in ("scores", "responses.csv", "priorities"):
        refused = client.get(f"/api/v1/rounds/2026/{path}", headers=bearer(reviewer))
        assert refused.status_code == 403 and refused.json["error"] == "forbidden", path
        assert client.get(f"/api/v1/rounds/2026/{path}", headers=bearer(admin)).status_code == 200
    assert client.get("/api/v1/rounds/2026/questionnaire", headers=bearer(reviewer)).status_code == 200
    answer_round(app, "2026", ["region-03"])
    priorities = client.get("/api/v1/rounds/2026/priorities", headers=bearer(reviewer))
    assert priorities.status_code == 200 and priorities.json[0]["n"] == 3
    assert client.get("/api/v1/rounds/2026/scores", headers=bearer(reviewer)).status_code == 403
    assert len(client.get("/api/v1/rounds/2026/scores", headers=bearer(admin)).json) == 3


def test_the_token_records_its_last_use(app, client, reviewer):
    client.get("/api/v1/rounds", headers=bearer(reviewer))
    with app.app_context():
        assert db.session.scalar(select(ApiToken.last_used_at)) is not None
