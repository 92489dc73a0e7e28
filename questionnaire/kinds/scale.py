"""A five-step scale question: `1`–`5`, or `na` for "don't know / not applicable", which counts as missing."""

import random
from collections.abc import Collection, Mapping
from typing import Any

from flask_babel import gettext as _
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from questionnaire.checks import QuestionnaireError
from questionnaire.kinds.base import FileContext, InvalidValue, Kind, Leaning
from questionnaire.model import NOT_APPLICABLE, Question

SCALE_VALUES = ("1", "2", "3", "4", "5", NOT_APPLICABLE)
#: How often a demo organisation answers "don't know / not applicable".
DEMO_NOT_APPLICABLE = 0.04


class ScaleKind(Kind):
    name = "scale"
    keys = frozenset({"scale"})
    scorable = True
    tallied = True
    cacheable = True
    value_format = "one of values (na = don't know / not applicable, counts as missing)"

    def parse(self, mapping: Mapping[str, Any], path: str, context: FileContext) -> dict[str, Any]:
        if "scale" not in mapping:
            raise QuestionnaireError(f"{path}.scale", "a scale question must name its scale")
        return {"scale": context.scale(mapping["scale"], f"{path}.scale")}

    def normalise(self, question: Question, text: str, topic_ids: Collection[str]) -> str:
        value = text.lower()
        if value not in SCALE_VALUES:
            raise InvalidValue(_("Choose a value from 1 to 5, or “%(na)s”.", na=NOT_APPLICABLE))
        return value

    def display(self, question: Question, value: str, topics: Mapping[str, Any], locale: str) -> str:
        if question.scale is None:
            return value
        if value == NOT_APPLICABLE:
            return question.scale.na_label.get(locale)
        step = question.scale.steps[int(value) - 1]
        return f"{step.value} {step.label.get(locale)}"

    def codebook_values(self, question: Question, topics: list[tuple[str, str, str]]) -> tuple[list[str], ...]:
        if question.scale is None:
            return [], [], []
        steps, na_label = question.scale.steps, question.scale.na_label
        return (
            [str(step.value) for step in steps] + [NOT_APPLICABLE],
            [step.label.get("sv") for step in steps] + [na_label.get("sv")],
            [step.label.get("en") for step in steps] + [na_label.get("en")],
        )

    def draw(self, question: Question, rng: random.Random, leaning: Leaning) -> str | None:
        if rng.random() < DEMO_NOT_APPLICABLE:
            return NOT_APPLICABLE
        return str(max(1, min(5, round(leaning.item_level + rng.gauss(0, 0.6)))))

    def field(self, question: Question) -> Any:
        return RadioField(choices=[SelectChoice(value) for value in SCALE_VALUES], validate_choice=False)


KIND = ScaleKind()
