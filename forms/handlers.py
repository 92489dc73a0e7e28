"""One handler per question type: it makes the WTForms field and converts between the field and the stored value.

The check of a value is not here: every field gets the `CanonicalValue` validator, which runs the questionnaire's
own `normalise`, so the web form, the importer and the services accept exactly the same values.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from wtforms import Field, RadioField, StringField, TextAreaField, ValidationError
from wtforms.fields.choices import SelectChoice

from forms.fields import MultiCheckboxField, RankingField
from questionnaire.model import Question
from questionnaire.values import SCALE_VALUES, InvalidValue, normalise, split_multi, split_ranking


class CanonicalValue:
    """Validates a field by turning it into its stored form; the error message is the questionnaire's own."""

    def __init__(self, question: Question, to_raw: Callable[[Field], str], topic_ids: Collection[str]):
        self.question = question
        self.to_raw = to_raw
        self.topic_ids = topic_ids

    def __call__(self, form, field: Field) -> None:
        try:
            field.canonical = normalise(self.question, self.to_raw(field), self.topic_ids)
        except InvalidValue as exc:
            field.canonical = None
            raise ValidationError(str(exc)) from None


@dataclass(frozen=True)
class FieldHandler:
    #: Builds the unbound field for a question.
    make: Callable[[Question], Any]
    #: Stored value → field data, for showing saved answers.
    to_data: Callable[[str | None], Any]
    #: Field → the raw text that `normalise` checks and stores.
    to_raw: Callable[[Field], str]


def _choices(values: Collection[str]) -> list[SelectChoice]:
    return [SelectChoice(value) for value in values]


def _scale(question: Question):
    return RadioField(choices=_choices(SCALE_VALUES), validate_choice=False)


def _choice(question: Question):
    return RadioField(choices=_choices(question.option_ids()), validate_choice=False)


def _multichoice(question: Question):
    return MultiCheckboxField(choices=_choices(question.option_ids()), validate_choice=False)


FIELD_HANDLERS: dict[str, FieldHandler] = {
    "scale": FieldHandler(_scale, lambda value: value, lambda field: field.data or ""),
    "number": FieldHandler(lambda q: StringField(), lambda value: value, lambda field: field.data or ""),
    "choice": FieldHandler(_choice, lambda value: value, lambda field: field.data or ""),
    "multichoice": FieldHandler(_multichoice, split_multi, lambda field: "|".join(field.data or [])),
    "ranking": FieldHandler(
        lambda q: RankingField(),
        split_ranking,
        # Empty places are skipped, so ranks 1, 2 and 4 filled in means a ranking of three.
        lambda field: ">".join(topic for topic in (field.data or []) if topic),
    ),
    "text": FieldHandler(lambda q: TextAreaField(), lambda value: value, lambda field: field.data or ""),
}
