"""The codebook that goes with an export: what every question id in the long format means and which values it takes.

One row per question, in questionnaire order. Lists inside a cell (organisation types, values, labels) are joined
by `|`, the same separator a multichoice answer uses; labels are given in the order of `values`.
"""

from collections.abc import Iterator

from models import Round
from questionnaire.model import NOT_APPLICABLE, Question, Questionnaire
from services.questionnaires import questionnaire_of

CODEBOOK_HEADER = (
    "question",
    "dimension",
    "dimension_code",
    "type",
    "scored",
    "reverse",
    "applies_to",
    "partner",
    "staircase_role",
    "title_sv",
    "title_en",
    "value_format",
    "values",
    "labels_sv",
    "labels_en",
    "minimum",
    "maximum",
    "unit_sv",
    "unit_en",
    "optional",
)
LIST_SEPARATOR = "|"
#: How a value of each type is written in the long format (SPEC §5).
VALUE_FORMATS = {
    "scale": "one of values (na = don't know / not applicable, counts as missing)",
    "number": "decimal number with . (minimum–maximum)",
    "choice": "one option id",
    "multichoice": "option ids joined by |",
    "ranking": "topic ids in rank order joined by > (at most five)",
    "text": "free text",
}


def codebook_rows(found_round: Round) -> Iterator[list[str]]:
    """The codebook of the round's questionnaire, with the round's own topic list for the ranking."""
    questionnaire = questionnaire_of(found_round.questionnaire_version)
    topics = [(topic.topic_id, topic.title_sv, topic.title_en) for topic in found_round.topics]
    yield from questionnaire_codebook(questionnaire, topics)


def questionnaire_codebook(questionnaire: Questionnaire, topics: list[tuple[str, str, str]]) -> Iterator[list[str]]:
    for section in questionnaire.sections:
        for question in section.questions:
            values, labels_sv, labels_en = _values(question, topics)
            yield [
                question.id,
                section.id,
                section.code,
                question.type,
                _flag(question.scored),
                _flag(question.reverse),
                LIST_SEPARATOR.join(question.applies_to),
                question.partner_id or "",
                question.staircase_role or "",
                question.title.get("sv"),
                question.title.get("en"),
                VALUE_FORMATS[question.type],
                LIST_SEPARATOR.join(values),
                LIST_SEPARATOR.join(labels_sv),
                LIST_SEPARATOR.join(labels_en),
                _number(question.minimum),
                _number(question.maximum),
                question.unit.get("sv") if question.unit else "",
                question.unit.get("en") if question.unit else "",
                _flag(question.optional),
            ]


def _values(question: Question, topics: list[tuple[str, str, str]]) -> tuple[list[str], list[str], list[str]]:
    if question.scale is not None:
        steps = question.scale.steps
        return (
            [str(step.value) for step in steps] + [NOT_APPLICABLE],
            [step.label.get("sv") for step in steps] + [question.scale.na_label.get("sv")],
            [step.label.get("en") for step in steps] + [question.scale.na_label.get("en")],
        )
    if question.options_from_topics:
        return [t[0] for t in topics], [t[1] for t in topics], [t[2] for t in topics]
    options = question.options
    return [o.id for o in options], [o.title.get("sv") for o in options], [o.title.get("en") for o in options]


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)
