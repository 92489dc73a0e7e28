"""The codebook that goes with an export: what every question id in the long format means and which values it takes.

One row per question, in questionnaire order. Lists inside a cell (organisation types, values, labels) are joined
by `|`, the same separator a multichoice answer uses; labels are given in the order of `values`.
"""

from collections.abc import Iterator

from models import Round
from questionnaire.kinds import kind_for
from questionnaire.model import Questionnaire
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


def codebook_rows(found_round: Round) -> Iterator[list[str]]:
    """The codebook of the round's questionnaire, with the round's own topic list for the ranking."""
    questionnaire = questionnaire_of(found_round.questionnaire_version)
    topics = [(topic.topic_id, topic.title_sv, topic.title_en) for topic in found_round.topics]
    yield from questionnaire_codebook(questionnaire, topics)


def questionnaire_codebook(questionnaire: Questionnaire, topics: list[tuple[str, str, str]]) -> Iterator[list[str]]:
    for section in questionnaire.sections:
        for question in section.questions:
            kind = kind_for(question)
            values, labels_sv, labels_en = kind.codebook_values(question, topics)
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
                kind.value_format,
                LIST_SEPARATOR.join(values),
                LIST_SEPARATOR.join(labels_sv),
                LIST_SEPARATOR.join(labels_en),
                _number(question.minimum),
                _number(question.maximum),
                question.unit.get("sv") if question.unit else "",
                question.unit.get("en") if question.unit else "",
                _flag(question.optional),
            ]


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)
