"""A single-choice question: one option id."""

import random
from collections.abc import Collection, Mapping
from typing import Any

from flask_babel import gettext as _
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from questionnaire.checks import QuestionnaireError
from questionnaire.kinds.base import FileContext, InvalidValue, Kind, Leaning
from questionnaire.model import Question


def parse_options(mapping: Mapping[str, Any], path: str, context: FileContext, kind: str) -> dict[str, Any]:
    """The `options` of a question that must list them (choice, multichoice)."""
    if "options" not in mapping:
        raise QuestionnaireError(f"{path}.options", f"a {kind} question needs options")
    return {"options": context.options(mapping["options"], f"{path}.options")}


def option_titles(question: Question, locale: str) -> dict[str, str]:
    return {option.id: option.title.get(locale) for option in question.options}


class ChoiceKind(Kind):
    name = "choice"
    keys = frozenset({"options"})
    tallied = True
    cacheable = True
    value_format = "one option id"

    def parse(self, mapping: Mapping[str, Any], path: str, context: FileContext) -> dict[str, Any]:
        parsed = parse_options(mapping, path, context, self.name)
        if len(parsed["options"]) < 2:
            raise QuestionnaireError(f"{path}.options", "a choice needs at least two options")
        return parsed

    def normalise(self, question: Question, text: str, topic_ids: Collection[str]) -> str:
        if text not in question.option_ids():
            raise InvalidValue(_("“%(value)s” is not one of the options.", value=text))
        return text

    def display(self, question: Question, value: str, topics: Mapping[str, Any], locale: str) -> str:
        return option_titles(question, locale).get(value, value)

    def draw(self, question: Question, rng: random.Random, leaning: Leaning) -> str | None:
        return rng.choice(question.option_ids())

    def field(self, question: Question) -> Any:
        return RadioField(choices=[SelectChoice(o) for o in question.option_ids()], validate_choice=False)


KIND = ChoiceKind()
