"""The registry of question kinds: the file, the value gate and the codebook all follow a kind registered at run
time, and a key of one kind on a question of another is refused with both named."""

import pytest

from questionnaire.checks import QuestionnaireError
from questionnaire.kinds import KINDS, kind_for, question_types, register
from questionnaire.kinds.base import InvalidValue, Kind
from questionnaire.loader import load_text
from questionnaire.values import normalise
from services.codebook import CODEBOOK_HEADER, questionnaire_codebook

FILE = """
version: kinds-test
title: {sv: Test, en: Test}
scales: {}
sections:
  - id: only
    code: D1
    title: {sv: Enda, en: Only}
    items:
      - {id: q_agrees, type: yesno, title: {sv: Håller med, en: Agrees}, %s}
"""


class YesNo(Kind):
    name = "yesno"
    keys = frozenset({"yes_means"})
    value_format = "yes or no"

    def parse(self, mapping, path, context):
        return {"options": context.options(mapping["yes_means"], f"{path}.yes_means")}

    def normalise(self, question, text, topic_ids):
        if text.lower() not in ("yes", "no"):
            raise InvalidValue("yes or no")
        return text.lower()


@pytest.fixture
def yes_no():
    register(YesNo())
    yield
    del KINDS["yesno"]


def test_the_six_built_in_kinds_are_registered_in_order():
    assert question_types() == ("scale", "number", "choice", "multichoice", "ranking", "text")


def test_a_registered_kind_is_read_checked_and_described(app, yes_no):
    questionnaire = load_text(FILE % "yes_means: [{id: agree, title: {sv: Instämmer, en: Agree}}]")
    question = questionnaire.question("q_agrees")
    assert kind_for(question).name == "yesno"
    assert question.option_ids() == ("agree",)
    with app.test_request_context():
        assert normalise(question, " YES ") == "yes"
        assert normalise(question, "  ") is None
        with pytest.raises(InvalidValue):
            normalise(question, "maybe")
    row = dict(zip(CODEBOOK_HEADER, next(questionnaire_codebook(questionnaire, [])), strict=True))
    assert (row["type"], row["value_format"], row["values"], row["labels_en"]) == (
        "yesno",
        "yes or no",
        "agree",
        "Agree",
    )


def test_an_unregistered_type_is_refused_with_the_types_known():
    with pytest.raises(QuestionnaireError) as raised:
        load_text(FILE % "optional: true")
    assert raised.value.path == "sections[0].items[0].type"
    assert "expected one of scale, number, choice, multichoice, ranking, text, staircase" in raised.value.reason


def test_a_key_of_another_kind_names_the_kind_that_refuses_it(yes_no):
    with pytest.raises(QuestionnaireError) as raised:
        load_text(FILE % "yes_means: [{id: agree, title: {sv: Instämmer, en: Agree}}], max_length: 3")
    assert raised.value.path == "sections[0].items[0].max_length"
    assert raised.value.reason == "a yesno question takes no max_length"
