"""A free-text question: the text, stripped, with `\\n` line ends and no control characters, up to a length."""

import re
from collections.abc import Collection, Mapping
from typing import Any

from flask_babel import gettext as _
from wtforms import TextAreaField

from questionnaire.checks import QuestionnaireError
from questionnaire.kinds.base import FileContext, InvalidValue, Kind
from questionnaire.model import Question

DEFAULT_MAX_LENGTH = 4000
#: Control characters no spreadsheet (XML 1.0) can hold. Vertical tab and form feed, which Word puts in pasted text
#: as line and page breaks, become line breaks; the others are invisible and are dropped.
_PAGE_BREAKS = re.compile("[\x0b\x0c]")
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


class TextKind(Kind):
    name = "text"
    keys = frozenset({"max_length"})
    value_format = "free text"

    def parse(self, mapping: Mapping[str, Any], path: str, context: FileContext) -> dict[str, Any]:
        max_length = mapping.get("max_length", DEFAULT_MAX_LENGTH)
        if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < 1:
            raise QuestionnaireError(f"{path}.max_length", "must be a positive whole number")
        return {"max_length": max_length}

    def clean(self, text: str) -> str:
        return _CONTROL_CHARACTERS.sub("", _PAGE_BREAKS.sub("\n", text))

    def normalise(self, question: Question, text: str, topic_ids: Collection[str]) -> str:
        limit = question.max_length or DEFAULT_MAX_LENGTH
        if len(text) > limit:
            raise InvalidValue(_("Write at most %(max)d characters (now %(n)d).", max=limit, n=len(text)))
        return text

    def field(self, question: Question) -> Any:
        return TextAreaField()


KIND = TextKind()
