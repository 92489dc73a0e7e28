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
that is stored is always valid for its question. Each rule lives with its kind in `questionnaire/kinds/`.
"""

from collections.abc import Collection

from questionnaire.kinds import kind_for
from questionnaire.kinds.base import InvalidValue
from questionnaire.model import Question

__all__ = ["InvalidValue", "normalise"]


def normalise(question: Question, raw: str, topic_ids: Collection[str] = ()) -> str | None:
    """Return the canonical form of `raw` for `question`, None for an empty answer, or raise InvalidValue."""
    kind = kind_for(question)
    text = kind.clean(raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if text == "":
        return None
    return kind.normalise(question, text, topic_ids)
