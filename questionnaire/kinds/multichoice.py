"""A multiple-choice question: option ids in questionnaire order, joined by `|`."""

import random
from collections.abc import Collection, Mapping
from typing import Any

from flask_babel import gettext as _
from wtforms import Field
from wtforms.fields.choices import SelectChoice

from forms.fields import MultiCheckboxField
from questionnaire.kinds.base import FileContext, InvalidValue, Kind, Leaning
from questionnaire.kinds.choice import option_titles, parse_options
from questionnaire.model import Question

MULTI_SEPARATOR = "|"
#: An option with this id means "none of these" and cannot be combined with any other option.
EXCLUSIVE_OPTION = "none"
#: Options a demo organisation never ticks at random: "none of these" and "other" (which would want a text).
_NOT_DRAWN = (EXCLUSIVE_OPTION, "other")


def split_multi(value: str | None) -> list[str]:
    return value.split(MULTI_SEPARATOR) if value else []


class MultichoiceKind(Kind):
    name = "multichoice"
    keys = frozenset({"options"})
    tallied = True
    cacheable = True
    value_format = "option ids joined by |"

    def parse(self, mapping: Mapping[str, Any], path: str, context: FileContext) -> dict[str, Any]:
        return parse_options(mapping, path, context, self.name)

    def normalise(self, question: Question, text: str, topic_ids: Collection[str]) -> str:
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

    def display(self, question: Question, value: str, topics: Mapping[str, Any], locale: str) -> str:
        titles = option_titles(question, locale)
        return "; ".join(titles.get(option, option) for option in split_multi(value))

    def tally_parts(self, value: str) -> list[str] | None:
        return split_multi(value)

    def draw(self, question: Question, rng: random.Random, leaning: Leaning) -> str | None:
        """Each option is ticked with a chance that grows with the organisation's level; none ticked is "none"."""
        known = question.option_ids()
        chance = min(0.9, max(0.1, (leaning.level - 1.5) / 3))
        chosen = [option for option in known if option not in _NOT_DRAWN and rng.random() < chance]
        if not chosen:
            return EXCLUSIVE_OPTION if EXCLUSIVE_OPTION in known else None
        return MULTI_SEPARATOR.join(chosen)

    def field(self, question: Question) -> Any:
        return MultiCheckboxField(choices=[SelectChoice(o) for o in question.option_ids()], validate_choice=False)

    def to_data(self, value: str | None) -> Any:
        return split_multi(value)

    def to_raw(self, field: Field) -> str:
        return MULTI_SEPARATOR.join(field.data or [])


KIND = MultichoiceKind()
