"""Answer values in their canonical text form, the one stored in the database and used in the CSV format.

| type        | canonical value                                             |
|-------------|-------------------------------------------------------------|
| scale       | `1`–`5`, or `na` (don't know / not applicable)              |
| number      | a decimal with `.`, no exponent, no trailing zeros (`1.5`)  |
| choice      | one option id                                               |
| multichoice | option ids in questionnaire order, joined by `|`            |
| ranking     | topic ids in rank order, joined by `>` (at most five)       |
| text        | the text, stripped, with `\n` line ends, no control characters |

`normalise` is the single gate: the forms, the importer and the services all pass values through it, so a value
that is stored is always valid for its question.
"""

import re
from collections.abc import Collection
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from questionnaire.model import MAX_RANKED, NOT_APPLICABLE, Question

SCALE_VALUES = ("1", "2", "3", "4", "5", NOT_APPLICABLE)
MULTI_SEPARATOR = "|"
RANK_SEPARATOR = ">"
#: An option with this id means "none of these" and cannot be combined with any other option.
EXCLUSIVE_OPTION = "none"
#: Control characters no spreadsheet (XML 1.0) can hold. Vertical tab and form feed, which Word puts in pasted text
#: as line and page breaks, become line breaks; the others are invisible and are dropped.
_PAGE_BREAKS = re.compile("[\x0b\x0c]")
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


class InvalidValue(ValueError):
    """A value that does not fit its question; the message is for the user, in their language."""


def normalise(question: Question, raw: str, topic_ids: Collection[str] = ()) -> str | None:
    """Return the canonical form of `raw` for `question`, None for an empty answer, or raise InvalidValue."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if question.type == "text":
        text = _CONTROL_CHARACTERS.sub("", _PAGE_BREAKS.sub("\n", text))
    text = text.strip()
    if text == "":
        return None
    return _NORMALISERS[question.type](question, text, topic_ids)


def _scale(question: Question, text: str, topic_ids: Collection[str]) -> str:
    value = text.lower()
    if value not in SCALE_VALUES:
        raise InvalidValue(_("Choose a value from 1 to 5, or “%(na)s”.", na=NOT_APPLICABLE))
    return value


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


def _number(question: Question, text: str, topic_ids: Collection[str]) -> str:
    number = parse_decimal(text)
    minimum = Decimal(str(question.minimum if question.minimum is not None else 0))
    maximum = Decimal(str(question.maximum if question.maximum is not None else 1_000_000))
    if not minimum <= number <= maximum:
        raise InvalidValue(
            _(
                "Give a number from %(min)s to %(max)s.",
                min=format_decimal(minimum),
                max=format_decimal(maximum),
            )
        )
    if number != number.quantize(Decimal("0.01")):
        raise InvalidValue(_("Give the number with at most two decimals."))
    return format_decimal(number)


def _choice(question: Question, text: str, topic_ids: Collection[str]) -> str:
    if text not in question.option_ids():
        raise InvalidValue(_("“%(value)s” is not one of the options.", value=text))
    return text


def _multichoice(question: Question, text: str, topic_ids: Collection[str]) -> str:
    chosen = [part.strip() for part in text.split(MULTI_SEPARATOR) if part.strip()]
    known = question.option_ids()
    unknown = [option for option in chosen if option not in known]
    if unknown:
        raise InvalidValue(_("“%(value)s” is not one of the options.", value=unknown[0]))
    if len(set(chosen)) != len(chosen):
        raise InvalidValue(_("An option is chosen more than once."))
    if EXCLUSIVE_OPTION in chosen and len(chosen) > 1:
        raise InvalidValue(_("“None of these” cannot be combined with other options."))
    return MULTI_SEPARATOR.join(option for option in known if option in chosen)


def _ranking(question: Question, text: str, topic_ids: Collection[str]) -> str:
    allowed = topic_ids if question.options_from_topics else question.option_ids()
    ranked = [part.strip() for part in text.split(RANK_SEPARATOR)]
    if any(part == "" for part in ranked):
        raise InvalidValue(_("A ranking has an empty place."))
    unknown = [topic for topic in ranked if topic not in allowed]
    if unknown:
        raise InvalidValue(_("“%(value)s” is not a topic of this round.", value=unknown[0]))
    if len(set(ranked)) != len(ranked):
        raise InvalidValue(_("Each topic can be ranked only once."))
    if len(ranked) > MAX_RANKED:
        raise InvalidValue(_("Rank at most %(max)d topics.", max=MAX_RANKED))
    return RANK_SEPARATOR.join(ranked)


def _text(question: Question, text: str, topic_ids: Collection[str]) -> str:
    limit = question.max_length or 4000
    if len(text) > limit:
        raise InvalidValue(_("Write at most %(max)d characters (now %(n)d).", max=limit, n=len(text)))
    return text


_NORMALISERS = {
    "scale": _scale,
    "number": _number,
    "choice": _choice,
    "multichoice": _multichoice,
    "ranking": _ranking,
    "text": _text,
}


def split_multi(value: str | None) -> list[str]:
    return value.split(MULTI_SEPARATOR) if value else []


def split_ranking(value: str | None) -> list[str]:
    return value.split(RANK_SEPARATOR) if value else []
