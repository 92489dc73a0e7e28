"""What a question kind is: one object that knows everything about one question type.

The loader, the value gate, the forms, the templates, the answer display, the codebook, the tallies and the demo
data all ask the question's kind (`questionnaire.kinds.kind_for`) instead of testing `question.type` themselves, so
a new type is one new module that subclasses `Kind` and registers an instance.
"""

import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from wtforms import Field, StringField

from questionnaire.model import Option, Question, Scale


class InvalidValue(ValueError):
    """A value that does not fit its question; the message is for the user, in their language."""


class FileContext(Protocol):
    """What the loader lends a kind while it reads a question's own keys."""

    def options(self, data: Any, path: str) -> tuple[Option, ...]:
        """A non-empty list of options, checked (ids unique and well-formed, titles in both languages)."""

    def scale(self, value: Any, path: str) -> Scale:
        """A scale named by id, one of those defined at the top of the file."""


@dataclass(frozen=True)
class Leaning:
    """Where a made-up organisation of the demo data stands, so that the answer a kind draws for it is plausible."""

    #: The organisation's level on the staircase (1–5, a fraction).
    level: float = 3.0
    #: Where it stands on this one item: its level moved by the item's partner and dimension.
    item_level: float = 3.0
    #: A typical amount for a number question.
    amount: float = 1.0
    #: Topics in the order the organisation cares about them (may repeat one: a kind uses each once).
    preferred: tuple[str, ...] = ()
    #: The round's topics.
    topic_ids: Collection[str] = ()


class Kind:
    """The behaviour of one question type. Subclasses override what differs from these defaults: an open answer
    typed into a single-line box, shown as typed, not tallied, not cached and not drawn in demo data."""

    #: The `type` a questionnaire file gives, and the key of the registry.
    name: str = ""
    #: The keys a question of this kind may have in the file beyond the ones every question may have.
    keys: frozenset[str] = frozenset()
    #: Whether a question of this kind may be scored (`scored: true` in the file).
    scorable: bool = False
    #: Whether its answers are counted in the answer tallies that the dashboards read.
    tallied: bool = False
    #: Whether its HTML can be cached per answer: true for closed answers, whose few values repeat.
    cacheable: bool = False
    #: How a value is written in the long format, as the codebook says it (SPEC §5).
    value_format: str = "free text"

    @property
    def template(self) -> str:
        """The template whose `question` macro renders a question of this kind."""
        return f"macros/kinds/{self.name}.html"

    # The questionnaire file.
    def parse(self, mapping: Mapping[str, Any], path: str, context: FileContext) -> dict[str, Any]:
        """The Question fields this kind reads from its own keys in `mapping` (already known to be allowed)."""
        return {}

    # The value gate.
    def clean(self, text: str) -> str:
        """Tidies raw text before it is stripped and checked (free text drops invisible control characters)."""
        return text

    def normalise(self, question: Question, text: str, topic_ids: Collection[str]) -> str:
        """The canonical form of a non-empty, stripped `text`, or raise InvalidValue."""
        return text

    # Showing and describing values.
    def display(self, question: Question, value: str, topics: Mapping[str, Any], locale: str) -> str:
        """A stored (non-empty) value as a person reads it; `topics` maps topic ids to the round's topics."""
        return value

    def codebook_values(self, question: Question, topics: list[tuple[str, str, str]]) -> tuple[list[str], ...]:
        """The values a question takes and their labels in Swedish and English, for the codebook."""
        options = question.options
        return [o.id for o in options], [o.title.get("sv") for o in options], [o.title.get("en") for o in options]

    def tally_parts(self, value: str) -> list[str] | None:
        """The tally values one answer counts under besides "answered", or None if it does not count at all."""
        return [value]

    # The web form.
    def field(self, question: Question) -> Any:
        """The unbound WTForms field of a question (the value gate validates it, not WTForms)."""
        return StringField()

    def to_data(self, value: str | None) -> Any:
        """A stored value as the field's data, for showing a saved answer."""
        return value

    def to_raw(self, field: Field) -> str:
        """The field's data as the raw text that the value gate checks and stores."""
        return field.data or ""

    # Demo data.
    def draw(self, question: Question, rng: random.Random, leaning: Leaning) -> str | None:
        """A made-up answer that the value gate accepts, or None to leave the question unanswered."""
        return None
