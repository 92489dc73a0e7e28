"""The registry of question kinds: one module per question type (see `base.Kind` for what a kind owns).

`register` adds a kind; `kind_for(question)` is how everything else finds the behaviour of a question's type. The
six built-in kinds register themselves when this package is imported.
"""

from questionnaire.kinds.base import Kind
from questionnaire.model import Question

#: Every known kind by name, in the order a file's error message lists them.
KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Make `kind` known under its name (a kind registered again under the same name replaces the first)."""
    KINDS[kind.name] = kind
    return kind


def kind_for(question: Question) -> Kind:
    return KINDS[question.type]


def question_types() -> tuple[str, ...]:
    return tuple(KINDS)


def _register_built_in_kinds() -> None:
    # Imported here, not at the top: each module imports `Kind` from this package's `base`.
    from questionnaire.kinds import choice, multichoice, number, ranking, scale, text

    for module in (scale, number, choice, multichoice, ranking, text):
        register(module.KIND)


_register_built_in_kinds()
