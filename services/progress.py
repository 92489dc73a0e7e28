"""How far a response has come: answered questions per section, and what is still missing.

Plain functions on plain data. Optional questions (free text) neither count nor show as missing.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from questionnaire.model import Question, Questionnaire, Section


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    answered: int
    total: int
    unanswered: tuple[Question, ...]

    @property
    def complete(self) -> bool:
        return self.answered == self.total


@dataclass(frozen=True)
class Progress:
    sections: tuple[SectionProgress, ...]

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def share(self) -> float:
        """Answered share of the questions that count, 0.0–1.0."""
        return self.answered / self.total if self.total else 1.0

    @property
    def unanswered(self) -> int:
        return self.total - self.answered

    def first_incomplete(self) -> Section | None:
        return next((s.section for s in self.sections if not s.complete), None)


def sections_for(questionnaire: Questionnaire, organisation_type: str) -> list[Section]:
    """The sections that ask this type of organisation anything, in order."""
    return [s for s in questionnaire.sections if s.questions_for(organisation_type)]


def progress(questionnaire: Questionnaire, organisation_type: str, answers: Mapping[str, str]) -> Progress:
    result = []
    for section in sections_for(questionnaire, organisation_type):
        counted = [q for q in section.questions_for(organisation_type) if not q.optional]
        missing = tuple(q for q in counted if not answers.get(q.id))
        result.append(SectionProgress(section, len(counted) - len(missing), len(counted), missing))
    return Progress(tuple(result))
