"""Scores computed once: `response_scores` follows every submit, reopening, import and seeding, and reading a
round's scores is one query. Drafts never count."""

import math

import pandas as pd
import pytest
from sqlalchemy import delete, func, select

from extensions import db
from models import Response, ResponseScore, Round
from reports.scoring import dimension_scores
from services import dashboard_data
from services.questionnaires import questionnaire_of
from services.responses import get_or_create_response, reopen, save_answers, submit
from services.rounds import get_round
from services.stored_tables import (
    refresh_round_scores,
    refresh_stale_rounds,
    round_priorities,
    round_scores,
)
from tests.factories import csrf_token, invitation_link, organisation

ROUND_SCORE_COLUMNS = [
    "organisation", "name_sv", "name_en", "type", "county",
    "staircase", "roles", "resources", "gis", "accessibility", "maturity_index",
]  # fmt: skip
#: Resources (3 items, need 2): 4, 2 → 75, 25 → 50. GIS: 5, 5 → 100. Accessibility: 3, 3 → 50. Index: 66.67.
ANSWERS = {
    "d3_staff_sufficient": "4",
    "d3_long_term_financing": "2",
    "d4_data_sharing": "5",
    "d4_functional_geographies": "5",
    "d5_proximity": "3",
    "d5_mobility": "3",
    "d8_good_example": "Ett exempel",
}


def answer(code: str, values: dict[str, str], *, submitted: bool) -> Response:
    found = get_round(db.session, "2025")
    response = get_or_create_response(db.session, organisation(code), found)
    topics = [topic.topic_id for topic in found.topics]
    save_answers(
        db.session, response, values, questionnaire_of(found.questionnaire_version), actor="t", source="web",
        topic_ids=topics,
    )  # fmt: skip
    if submitted:
        submit(db.session, response, actor="t")
    db.session.commit()
    return response


def stored(response_id: int) -> ResponseScore | None:
    return db.session.get(ResponseScore, response_id)


def test_submit_scores_the_response_and_reopen_removes_it(app, open_round):
    """Rule: only submitted responses count; their scores are stored when submitted and leave when reopened."""
    with app.app_context():
        response = answer("region-25", ANSWERS, submitted=True)
        row = stored(response.id)
        assert (row.resources, row.gis, row.accessibility) == (50.0, 100.0, 50.0)
        assert row.staircase is None and row.roles is None
        assert row.maturity_index == pytest.approx(200 / 3)
        assert (row.organisation_type, row.county_code) == ("region", "25")
        assert reopen(db.session, response, actor="admin")
        db.session.commit()
        assert stored(response.id) is None
        assert round_scores(db.session, get_round(db.session, "2025")).empty


def test_drafts_are_never_scored_nor_exported(app, open_round):
    """Rule: only submitted responses count in any result; a draft has no score row and no answers in the
    long format."""
    with app.app_context():
        answer("region-25", ANSWERS, submitted=True)
        answer("region-01", ANSWERS, submitted=False)
        found = get_round(db.session, "2025")
        scores = round_scores(db.session, found)
        assert list(scores["organisation"]) == ["region-25"]
        assert set(dashboard_data.round_answers(db.session, found)["organisation"]) == {"region-25"}
        assert db.session.scalar(select(func.count()).select_from(ResponseScore)) == 1


def test_round_scores_and_round_answers_have_the_promised_columns(app, open_round):
    with app.app_context():
        answer("region-25", ANSWERS, submitted=True)
        answer("agency-boverket", {"d2_role_clarity": "3"}, submitted=True)
        found = get_round(db.session, "2025")
        scores = round_scores(db.session, found)
        assert list(scores.columns) == ROUND_SCORE_COLUMNS
        assert list(scores["organisation"]) == ["agency-boverket", "region-25"]
        boverket = scores.iloc[0]
        assert boverket["county"] is None and boverket["type"] == "agency"
        assert all(math.isnan(boverket[column]) for column in ROUND_SCORE_COLUMNS[5:])
        assert scores["maturity_index"].dtype == float
        long = dashboard_data.round_answers(db.session, found)
        assert list(long.columns) == ["organisation", "question", "value"]
        assert len(long) == len(ANSWERS) + 1
        only = dashboard_data.round_answers(db.session, found, ["d8_good_example"])
        assert only.to_dict("records") == [
            {"organisation": "region-25", "question": "d8_good_example", "value": "Ett exempel"}
        ]


def test_the_web_submit_refreshes_the_scores(app, client, open_round):
    client.get(invitation_link(app, "2025", "kommun-0180"))
    client.get("/respond/2025/")
    page = client.get("/respond/2025/section/resources")
    version = page.text.split('name="version" value="')[1].split('"')[0]
    client.post(
        "/respond/2025/section/resources",
        data={
            "csrf_token": csrf_token(page.text),
            "version": version,
            "action": "save",
            "d3_staff_sufficient": "5",
            "d3_long_term_financing": "5",
        },
    )
    review = client.get("/respond/2025/review")
    client.post("/respond/2025/submit", data={"csrf_token": csrf_token(review.text)})
    with app.app_context():
        scores = round_scores(db.session, get_round(db.session, "2025"))
        assert scores.set_index("organisation").loc["kommun-0180", "resources"] == 100.0


def test_stored_scores_equal_scores_computed_from_the_answers(app, runner):
    """Seeded rounds are scored at once, and the stored numbers are exactly what §4 gives from the answers."""
    assert runner.invoke(args=["seed-demo", "--seed", "3"]).exit_code == 0
    with app.app_context():
        for found in db.session.scalars(select(Round)):
            stored_scores = round_scores(db.session, found).set_index("organisation")
            organisations = stored_scores.reset_index()[["organisation", "type"]]
            answers = dashboard_data.round_answers(db.session, found)
            expected = dimension_scores(answers, organisations, questionnaire_of(found.questionnaire_version))
            assert len(stored_scores) > 20
            pd.testing.assert_frame_equal(
                stored_scores[expected.columns],
                expected,
                check_exact=False,
                rtol=1e-12,
                check_names=False,
                check_index_type=False,
            )


def test_rescore_and_init_db_restore_missing_scores(app, runner):
    assert runner.invoke(args=["seed-demo", "--seed", "3"]).exit_code == 0
    with app.app_context():
        found = get_round(db.session, "2024")
        before = round_scores(db.session, found)
        db.session.execute(delete(ResponseScore))
        db.session.commit()
        assert round_scores(db.session, found).empty
    result = runner.invoke(args=["rescore", "--round", "2024"])
    assert result.exit_code == 0 and "2024" in result.output
    with app.app_context():
        pd.testing.assert_frame_equal(round_scores(db.session, get_round(db.session, "2024")), before)
        assert refresh_stale_rounds(db.session) == ["2023", "2025"]
        db.session.commit()
        assert refresh_stale_rounds(db.session) == []
    assert runner.invoke(args=["rescore", "--round", "1999"]).exit_code != 0


def test_refresh_round_scores_counts_and_priorities_come_with_titles(app, open_round):
    with app.app_context():
        answer("region-25", {**ANSWERS, "d7_topics": "europe>digital-planning"}, submitted=True)
        answer("region-01", {"d7_topics": "digital-planning"}, submitted=True)
        answer("region-03", {"d7_topics": "europe"}, submitted=False)
        found = get_round(db.session, "2025")
        assert refresh_round_scores(db.session, found) == 2
        table = round_priorities(db.session, found)
        assert table.attrs["responses"] == 2
        top = table.iloc[0].to_dict()
        assert top["topic"] == "digital-planning" and top["points"] == 9 and top["n"] == 2
        assert top["title_sv"] == "Digitala planeringsunderlag och samplaneringskartor"
        assert table.set_index("topic").loc["europe", "points"] == 5
