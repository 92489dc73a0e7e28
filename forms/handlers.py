"""The check every questionnaire field gets. Each kind (`questionnaire/kinds/`) makes its own field and converts
between the field and the stored value; the check of a value is not there but here: `CanonicalValue` runs the
questionnaire's own `normalise`, so the web form, the importer and the services accept exactly the same values.
"""

from collections.abc import Callable, Collection

from wtforms import Field, ValidationError

from questionnaire.model import Question
from questionnaire.values import InvalidValue, normalise


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
