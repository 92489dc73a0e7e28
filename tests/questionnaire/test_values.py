"""Canonical answer values: what each question type accepts, and the form it is stored in."""

import pytest

from questionnaire.loader import VERSIONS_DIR, load_file
from questionnaire.values import InvalidValue, normalise

TOPICS = ("digital-planning", "accessibility", "europe", "project-bank", "gis-competence", "cross-border")


@pytest.fixture(scope="module")
def questionnaire():
    return load_file(VERSIONS_DIR / "v1.yaml")


@pytest.mark.parametrize(
    ("question_id", "raw", "stored"),
    [
        ("d2_role_clarity", "4", "4"),
        ("d2_role_clarity", " NA ", "na"),
        ("d1_region_today", "1", "1"),
        ("d3_staff_fte", "2,5", "2.5"),
        ("d3_staff_fte", "2.50", "2.5"),
        ("d3_staff_fte", "10", "10"),
        ("d3_staff_fte", "0", "0"),
        ("d3_funding_horizon", "permanent", "permanent"),
        ("d4_tools", "open-geodata|web-gis", "web-gis|open-geodata"),
        ("d7_topics", "europe>digital-planning", "europe>digital-planning"),
        ("d8_good_example", "  Ett exempel\r\nmed två rader ", "Ett exempel\nmed två rader"),
        ("d8_good_example", "", None),
        ("d2_role_clarity", "   ", None),
    ],
)
def test_accepted_values_are_stored_canonically(app, questionnaire, question_id, raw, stored):
    with app.app_context():
        assert normalise(questionnaire.question(question_id), raw, TOPICS) == stored


@pytest.mark.parametrize(
    ("question_id", "raw", "message"),
    [
        ("d2_role_clarity", "6", "1 to 5"),
        ("d2_role_clarity", "3.5", "1 to 5"),
        ("d3_staff_fte", "many", "not a number"),
        ("d3_staff_fte", "-1", "from 0 to 500"),
        ("d3_staff_fte", "1.234", "two decimals"),
        ("d3_staff_fte", "NaN", "not a number"),
        ("d3_staff_fte", "1e400", "from 0 to 500"),
        ("d3_funding_horizon", "forever", "not one of the options"),
        ("d4_tools", "web-gis|web-gis", "more than once"),
        ("d4_tools", "none|web-gis", "cannot be combined"),
        ("d7_topics", "europe>europe", "only once"),
        ("d7_topics", "europe>unknown-topic", "not a topic"),
        ("d7_topics", "europe>>accessibility", "empty place"),
        ("d7_topics", ">".join(TOPICS), "at most 5"),
        ("d6_barriers_other", "x" * 1001, "at most 1000"),
    ],
)
def test_bad_values_are_refused_with_a_reason(app, questionnaire, question_id, raw, message):
    with app.test_request_context("/?lang=en"), pytest.raises(InvalidValue) as raised:
        normalise(questionnaire.question(question_id), raw, TOPICS)
    assert message in str(raised.value)


def test_messages_are_in_swedish_by_default(app, questionnaire):
    with app.test_request_context("/"), pytest.raises(InvalidValue) as raised:
        normalise(questionnaire.question("d3_staff_fte"), "många", TOPICS)
    assert str(raised.value) == "”många” är inte ett tal."
