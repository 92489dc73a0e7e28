"""Section forms built from the questionnaire: the right fields for each organisation type, the same checks as
the importer, and what the user typed kept when a check fails."""

import pytest
from werkzeug.datastructures import MultiDict

from forms.questionnaire import form_data, section_form_class
from questionnaire.loader import VERSIONS_DIR, load_file

TOPICS = ("digital-planning", "accessibility", "europe", "project-bank")


@pytest.fixture(scope="module")
def questionnaire():
    return load_file(VERSIONS_DIR / "v1.yaml")


def make_form(app, questionnaire, section_id, organisation_type, formdata=None, data=None):
    form_class = section_form_class(questionnaire, questionnaire.section(section_id), organisation_type, TOPICS)
    return form_class(formdata=MultiDict(formdata) if formdata is not None else None, data=data, meta={"csrf": False})


def test_items_that_do_not_apply_are_not_in_the_form(app, questionnaire):
    with app.test_request_context("/"):
        region = make_form(app, questionnaire, "staircase", "region")
        kommun = make_form(app, questionnaire, "staircase", "kommun")
        assert "d1_municipalities_today" in region._fields and "d1_region_today" not in region._fields
        assert "d1_region_today" in kommun._fields and "d1_municipalities_today" not in kommun._fields
        agency = make_form(app, questionnaire, "roles", "agency")
        assert "d2_goals_in_plans" not in agency._fields and "d2_role_clarity" in agency._fields


def test_a_valid_post_gives_canonical_values(app, questionnaire):
    with app.test_request_context("/"):
        form = make_form(
            app,
            questionnaire,
            "resources",
            "region",
            [("d3_staff_fte", "3,5"), ("d3_funding_horizon", "multi-year"), ("d3_staff_sufficient", "na")],
        )
        assert form.validate(), form.errors
        assert form.values() == {
            "d3_staff_fte": "3.5",
            "d3_funding_horizon": "multi-year",
            "d3_staff_sufficient": "na",
            "d3_capacity_beyond_core": None,
            "d3_long_term_financing": None,
        }


def test_errors_sit_on_their_field_and_keep_what_was_typed(app, questionnaire):
    with app.test_request_context("/?lang=en"):
        form = make_form(
            app,
            questionnaire,
            "resources",
            "region",
            [("d3_staff_fte", "three"), ("d3_staff_sufficient", "7")],
        )
        assert not form.validate()
        assert form.d3_staff_fte.errors == ["“three” is not a number."]
        assert "1 to 5" in form.d3_staff_sufficient.errors[0]
        assert form.d3_staff_fte.data == "three"
        assert "d3_funding_horizon" not in form.errors


def test_ranking_from_five_selects_rejects_a_topic_chosen_twice(app, questionnaire):
    with app.test_request_context("/"):
        places = [("d7_topics", t) for t in ("europe", "", "europe", "", "")]
        form = make_form(app, questionnaire, "priorities", "kommun", places)
        assert not form.validate()
        assert form.d7_topics.errors == ["Varje tema kan bara rangordnas en gång."]
        assert form.d7_topics.data == ["europe", "", "europe", "", ""]


def test_ranking_skips_empty_places(app, questionnaire):
    with app.test_request_context("/"):
        places = [("d7_topics", t) for t in ("accessibility", "", "europe", "", "")]
        form = make_form(app, questionnaire, "priorities", "kommun", places)
        assert form.validate(), form.errors
        assert form.values()["d7_topics"] == "accessibility>europe"


def test_multichoice_and_stored_values_round_trip(app, questionnaire):
    with app.test_request_context("/"):
        section = questionnaire.section("gis")
        stored = {"d4_tools": "web-gis|co-planning-map", "d4_gis_fte": "1.5", "d4_data_sharing": "4"}
        form_class = section_form_class(questionnaire, section, "region", TOPICS)
        form = make_form(app, questionnaire, "gis", "region", data=form_data(form_class.questions, stored))
        assert form.d4_tools.data == ["web-gis", "co-planning-map"]
        posted = make_form(
            app,
            questionnaire,
            "gis",
            "region",
            [
                ("d4_tools", "co-planning-map"),
                ("d4_tools", "web-gis"),
                ("d4_gis_fte", "1.5"),
                ("d4_data_sharing", "4"),
            ],
        )
        assert posted.validate()
        assert {k: v for k, v in posted.values().items() if v} == stored


def test_form_classes_are_built_once(app, questionnaire):
    section = questionnaire.section("roles")
    assert section_form_class(questionnaire, section, "lst", TOPICS) is section_form_class(
        questionnaire, section, "lst", TOPICS
    )
