"""A number question: a decimal with `.`, no exponent and no trailing zeros (`1.5`), between its min and max."""

import random
from collections.abc import Collection, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import format_decimal as format_for_reader
from flask_babel import gettext as _

from questionnaire.checks import QuestionnaireError, check_number, check_text
from questionnaire.kinds.base import FileContext, InvalidValue, Kind, Leaning
from questionnaire.model import Question

DEFAULT_MINIMUM = 0
DEFAULT_MAXIMUM = 1_000_000


def parse_decimal(text: str) -> Decimal:
    """A decimal number as a Swede or a spreadsheet writes it: `1,5` and `1.5` both mean one and a half."""
    candidate = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(candidate)
    except InvalidOperation:
        raise InvalidValue(_("“%(value)s” is not a number.", value=text)) from None
    if not number.is_finite():
        raise InvalidValue(_("“%(value)s” is not a number.", value=text))
    return number


def format_decimal(number: Decimal) -> str:
    formatted = format(number.normalize(), "f")
    return "0" if formatted in ("-0", "") else formatted


class NumberKind(Kind):
    name = "number"
    keys = frozenset({"min", "max", "unit"})
    value_format = "decimal number with . (minimum–maximum)"

    def parse(self, mapping: Mapping[str, Any], path: str, context: FileContext) -> dict[str, Any]:
        minimum = check_number(mapping.get("min", DEFAULT_MINIMUM), f"{path}.min")
        maximum = check_number(mapping.get("max", DEFAULT_MAXIMUM), f"{path}.max")
        if minimum >= maximum:
            raise QuestionnaireError(f"{path}.max", "must be greater than min")
        unit = check_text(mapping["unit"], f"{path}.unit") if "unit" in mapping else None
        return {"minimum": minimum, "maximum": maximum, "unit": unit}

    def normalise(self, question: Question, text: str, topic_ids: Collection[str]) -> str:
        number = parse_decimal(text)
        minimum = Decimal(str(question.minimum if question.minimum is not None else DEFAULT_MINIMUM))
        maximum = Decimal(str(question.maximum if question.maximum is not None else DEFAULT_MAXIMUM))
        if not minimum <= number <= maximum:
            raise InvalidValue(
                _("Give a number from %(min)s to %(max)s.", min=format_decimal(minimum), max=format_decimal(maximum))
            )
        if number != number.quantize(Decimal("0.01")):
            raise InvalidValue(_("Give the number with at most two decimals."))
        return format_decimal(number)

    def display(self, question: Question, value: str, topics: Mapping[str, Any], locale: str) -> str:
        unit = f" {question.unit.get(locale)}" if question.unit else ""
        return f"{format_for_reader(float(value))}{unit}"

    def draw(self, question: Question, rng: random.Random, leaning: Leaning) -> str | None:
        maximum = question.maximum if question.maximum is not None else DEFAULT_MAXIMUM
        minimum = question.minimum if question.minimum is not None else DEFAULT_MINIMUM
        amount = min(maximum, max(minimum, 0.0, leaning.amount + rng.gauss(0, 0.2)))
        return format_decimal(Decimal(f"{amount:.1f}"))


KIND = NumberKind()
