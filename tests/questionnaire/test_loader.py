"""The questionnaire file loader: the shipped file is valid, and every kind of mistake is named with its place."""

import copy

import pytest
import yaml

from questionnaire.loader import VERSIONS_DIR, QuestionnaireError, available_versions, load_file, load_text
from questionnaire.model import SCORED_DIMENSIONS


@pytest.fixture(scope="module")
def v1_data() -> dict:
    return yaml.safe_load((VERSIONS_DIR / "v1.yaml").read_text(encoding="utf-8"))


def load(data: dict):
    return load_text(yaml.safe_dump(data, allow_unicode=True))


def test_v1_has_every_construct_of_the_spec():
    questionnaire = load_file(VERSIONS_DIR / "v1.yaml")
    assert questionnaire.version == "v1"
    assert [s.id for s in questionnaire.sections] == [*SCORED_DIMENSIONS, "barriers", "priorities", "share"]
    assert [s.code for s in questionnaire.sections] == [f"D{n}" for n in range(1, 9)]
    staircase = questionnaire.section("staircase")
    # Every partner is asked twice, today and target, and only today is scored.
    assert len(staircase.questions) == 2 * len(staircase.partners)
    for partner in staircase.partners:
        assert partner.today.scored and not partner.target.scored
        assert partner.today.id == f"{partner.id}_today" and partner.target.id == f"{partner.id}_target"
    # Each step of the staircase carries its description in both languages.
    for step in questionnaire.scales["staircase"].steps:
        assert step.description.get("sv") and step.description.get("en")
    assert questionnaire.question("d2_personal_dependence").reverse
    assert questionnaire.question("d7_topics").options_from_topics
    assert len(questionnaire.default_topics) >= 5
    for dimension in SCORED_DIMENSIONS:
        assert questionnaire.section(dimension).scored
    for dimension in ("barriers", "priorities", "share"):
        assert not questionnaire.section(dimension).scored


def test_partners_fit_the_organisation_type():
    staircase = load_file(VERSIONS_DIR / "v1.yaml").section("staircase")
    partners = {t: {p.id for p in staircase.partners_for(t)} for t in ("region", "lst", "kommun", "agency")}
    assert {"d1_municipalities", "d1_lst"} <= partners["region"] and "d1_region" not in partners["region"]
    assert {"d1_region", "d1_municipalities"} <= partners["lst"] and "d1_lst" not in partners["lst"]
    assert {"d1_region", "d1_lst", "d1_neighbour_municipalities"} <= partners["kommun"]
    assert {"d1_regions", "d1_county_boards", "d1_other_agencies"} <= partners["agency"]
    assert "d1_municipalities" not in partners["kommun"]


def test_every_shipped_version_loads():
    assert "v1" in available_versions()
    for version in available_versions():
        assert load_file(VERSIONS_DIR / f"{version}.yaml").version == version


def _section(data, section_id):
    return next(s for s in data["sections"] if s["id"] == section_id)


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        (
            lambda d: _section(d, "roles")["items"][0].update(type="slider"),
            "sections[1].items[0].type",
            "unknown type",
        ),
        (
            lambda d: _section(d, "roles")["items"][0]["title"].pop("en"),
            "sections[1].items[0].title.en",
            "missing translation",
        ),
        (
            lambda d: _section(d, "roles")["items"][1].update(id="d2_role_clarity"),
            "sections[1].items[1].id",
            "duplicate id",
        ),
        (
            lambda d: _section(d, "resources")["items"][1].update(options=[]),
            "sections[2].items[1].options",
            "non-empty list",
        ),
        (
            lambda d: _section(d, "resources")["items"][1]["options"].append(
                {"id": "project", "title": {"sv": "x", "en": "x"}}
            ),
            "sections[2].items[1].options[3].id",
            "duplicate option id",
        ),
        (
            lambda d: _section(d, "roles")["items"][0].update(aplies_to=["region"]),
            "sections[1].items[0]",
            "unknown key aplies_to",
        ),
        (
            lambda d: _section(d, "roles")["items"][0].update(applies_to=["county"]),
            "sections[1].items[0].applies_to[0]",
            "unknown organisation type",
        ),
        (
            lambda d: _section(d, "roles")["items"][0].update(scale="stars"),
            "sections[1].items[0].scale",
            "unknown scale",
        ),
        (lambda d: d["scales"]["agreement"]["steps"].pop(), "scales.agreement.steps", "exactly five steps"),
        (
            lambda d: _section(d, "resources")["items"][0].update(scored=True),
            "sections[2].items[0].scored",
            "only scale questions",
        ),
        (
            lambda d: _section(d, "resources")["items"][0].update(min=10, max=5),
            "sections[2].items[0].max",
            "greater than min",
        ),
        (lambda d: d.pop("sections"), "(top level)", "missing sections"),
        (
            lambda d: _section(d, "priorities")["items"][0].pop("options_from"),
            "sections[6].items[0]",
            "needs options",
        ),
    ],
)
def test_a_bad_file_names_the_place_and_the_reason(v1_data, change, path, reason):
    data = copy.deepcopy(v1_data)
    change(data)
    with pytest.raises(QuestionnaireError) as raised:
        load(data)
    assert raised.value.path == path
    assert reason in raised.value.reason


def test_invalid_yaml_names_the_line():
    with pytest.raises(QuestionnaireError) as raised:
        load_text("version: v1\ntitle: [unclosed\n", source="broken.yaml")
    assert "broken.yaml" in str(raised.value)
    assert raised.value.path.startswith("line ")


def test_an_unreadable_file_is_named(tmp_path):
    with pytest.raises(QuestionnaireError) as raised:
        load_file(tmp_path / "missing.yaml")
    assert "missing.yaml" in str(raised.value)
