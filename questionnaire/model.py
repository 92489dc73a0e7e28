"""The questionnaire as plain, immutable data: what the loader returns and everything else reads."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from vocabulary.localised import Localised

#: The dimensions that are scored, in the order of SPEC §3 (D1–D5); D6–D8 are asked but never scored.
SCORED_DIMENSIONS: tuple[str, ...] = ("staircase", "roles", "resources", "gis", "accessibility")

#: The value a scale item takes for "don't know / not applicable"; it counts as missing in every score.
NOT_APPLICABLE = "na"

#: A ranking holds at most this many topics (rank 1 gives 5 points … rank 5 gives 1).
MAX_RANKED = 5


#: A questionnaire text: in Swedish and English at least, in any further language where the file gives one.
Text = Localised


@dataclass(frozen=True)
class Option:
    id: str
    title: Text


@dataclass(frozen=True)
class Step:
    """One step of a five-step scale: its value, its name and what it means."""

    value: int
    label: Text
    description: Text | None = None


@dataclass(frozen=True)
class Scale:
    id: str
    steps: tuple[Step, ...]
    na_label: Text


@dataclass(frozen=True, eq=False)
class Question:
    """One question. Compared and hashed by identity (each questionnaire is parsed once), which keeps it cheap as a
    cache key."""

    id: str
    #: The name of the question's kind; `questionnaire.kinds.kind_for` gives its behaviour.
    type: str
    title: Text
    section_id: str
    help: Text | None = None
    scored: bool = False
    reverse: bool = False
    #: Organisation types the question is asked of; empty means every type.
    applies_to: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    scale: Scale | None = None
    #: Optional questions are not listed as missing on the review page and do not count in progress.
    optional: bool = False
    minimum: float | None = None
    maximum: float | None = None
    unit: Text | None = None
    max_length: int | None = None
    #: Rankings whose options are the round's topic list rather than a fixed list in the file.
    options_from_topics: bool = False
    #: For staircase items: the partner this rates, and whether it is the `today` or the `target` value.
    partner_id: str | None = None
    staircase_role: Literal["today", "target"] | None = None
    #: What the question's kind read from keys of its own that no field above holds (`Kind.parse`).
    settings: Mapping[str, Any] = field(default_factory=dict)

    def applies(self, organisation_type: str) -> bool:
        return not self.applies_to or organisation_type in self.applies_to

    def option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)


@dataclass(frozen=True, eq=False)
class Partner:
    """A staircase partner, rated twice: where the collaboration stands today and where it should stand."""

    id: str
    title: Text
    applies_to: tuple[str, ...]
    today: Question
    target: Question

    def applies(self, organisation_type: str) -> bool:
        return not self.applies_to or organisation_type in self.applies_to


@dataclass(frozen=True, eq=False)
class Section:
    id: str
    code: str
    title: Text
    intro: Text | None
    questions: tuple[Question, ...]
    partners: tuple[Partner, ...] = ()

    @property
    def scored(self) -> bool:
        return any(question.scored for question in self.questions)

    def questions_for(self, organisation_type: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.applies(organisation_type))

    def partners_for(self, organisation_type: str) -> tuple[Partner, ...]:
        return tuple(p for p in self.partners if p.applies(organisation_type))


@dataclass(frozen=True, eq=False)
class Questionnaire:
    """A whole questionnaire. Compared and hashed by identity: each stored version is parsed once and cached."""

    version: str
    title: Text
    sections: tuple[Section, ...]
    scales: dict[str, Scale]
    #: The default topic list for D7, copied into each new round where admins may edit it.
    default_topics: tuple[Option, ...]
    _by_id: dict[str, Question] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({q.id: q for q in self.questions()})

    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions

    def question(self, question_id: str) -> Question:
        return self._by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._by_id

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def section_index(self, section_id: str) -> int:
        return [s.id for s in self.sections].index(section_id)

    def questions_for(self, organisation_type: str) -> list[Question]:
        return [q for q in self.questions() if q.applies(organisation_type)]
