"""The dashboards' data access: the column contract, submitted responses only, and the scoring's numbers."""

import pandas as pd
import pytest

from extensions import db
from reports import scoring
from services import dashboard_data
from services.export import submitted_answer_rows
from services.questionnaires import questionnaire_of
from services.rounds import get_round
from tests.dashboard_setup import ROUNDS, build_rounds
from tests.factories import invitation_link


@pytest.fixture
def rounds(app, open_round):
    build_rounds(app)


def test_round_scores_are_the_scoring_of_the_submitted_answers(app, rounds):
    with app.app_context():
        found = get_round(db.session, "2025")
        scores = dashboard_data.round_scores(db.session, found)
        exported = pd.DataFrame(list(submitted_answer_rows(db.session, found)), columns=scoring.ANSWER_COLUMNS)
        organisations = pd.DataFrame(
            {"organisation": list(ROUNDS["2025"]), "type": [c.split("-")[0] for c in ROUNDS["2025"]]}
        )
        expected = scoring.dimension_scores(exported, organisations, questionnaire_of(found.questionnaire_version))
    assert list(scores.columns) == dashboard_data.SCORE_COLUMNS
    assert sorted(scores["organisation"]) == sorted(ROUNDS["2025"]), "the draft of region-12 never counts"
    indexed = scores.set_index("organisation")
    for code in ROUNDS["2025"]:
        for column in scoring.SCORE_COLUMNS:
            assert indexed.loc[code, column] == pytest.approx(expected.loc[code, column], nan_ok=True)
    assert indexed.loc["region-25", "county"] == "25"
    assert indexed.loc["region-25", "name_sv"] == "Region Norrbotten"


def test_round_answers_filters_questions_and_leaves_drafts_out(app, rounds):
    with app.app_context():
        found = get_round(db.session, "2025")
        answers = dashboard_data.round_answers(db.session, found, ["d7_topics", "d3_staff_fte"])
    assert list(answers.columns) == ["organisation", "question", "value"]
    assert set(answers["question"]) == {"d7_topics", "d3_staff_fte"}
    assert "region-12" not in set(answers["organisation"])
    assert len(answers) == 2 * len(ROUNDS["2025"])


def test_participation_counts_everyone_without_invitations_and_the_invited_with(app, rounds):
    with app.app_context():
        found = get_round(db.session, "2025")
        everyone = dashboard_data.round_participation(db.session, found)
    assert list(everyone.columns) == dashboard_data.PARTICIPATION_COLUMNS
    statuses = everyone.set_index("organisation")["status"]
    assert statuses["region-25"] == "submitted"
    assert statuses["region-12"] == "draft"
    assert statuses["kommun-0114"] == "not_started"
    assert len(everyone) > 300, "a round without invitations asks every organisation"
    invitation_link(app, "2025", "kommun-0114")
    with app.app_context():
        invited = dashboard_data.round_participation(db.session, get_round(db.session, "2025"))
    assert set(invited["organisation"]) == {*ROUNDS["2025"], "region-12", "kommun-0114"}


def test_trends_and_submitted_rounds(app, rounds):
    with app.app_context():
        every = dashboard_data.rounds(db.session)
        trend = dashboard_data.trend_scores(db.session, every)
        assert [r.slug for r in every] == ["2024", "2025", "2026"]
        assert [r.slug for r in dashboard_data.submitted_rounds(db.session, "lst-25")] == ["2024", "2025"]
        assert dashboard_data.default_round(db.session).slug == "2026"
        partners = dashboard_data.trend_answers(db.session, every, ["d1_lst_today"])
    assert trend.groupby("round").size().to_dict() == {slug: len(levels) for slug, levels in ROUNDS.items()}
    assert set(partners["round"]) == {"2024", "2025", "2026"}


def test_the_county_map_has_21_counties_with_rounded_coordinates(app, reference):
    with app.app_context():
        geojson = dashboard_data.county_geojson(db.session)
    assert len(geojson["features"]) == 21
    assert geojson["features"][0]["id"] == "01"
    ring = geojson["features"][0]["geometry"]["coordinates"][0]
    point = ring[0] if isinstance(ring[0][0], float) else ring[0][0]
    assert all(round(value, 3) == value for value in point)
