"""The questions of a questionnaire page as HTML, rendered by the macro of each question's kind
(templates/macros/kinds/<kind>.html; a staircase partner by templates/macros/questions.html) and cached where that
is safe.

A question without an error or a conflict looks the same for everyone who has given the same answer, so its HTML
is cached per (question, answer, language, topic list). The staircase page then costs a few dozen dictionary
lookups instead of rendering some two hundred radio buttons on every request; pages with errors or conflicts are
rendered afresh. Kinds whose answers are open (free text, numbers) are never cached (`Kind.cacheable`).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from flask import current_app
from markupsafe import Markup

from questionnaire.kinds import kind_for
from questionnaire.model import Partner, Question
from vocabulary.languages import current_language
from vocabulary.localised import localised_attribute


@dataclass(frozen=True)
class FieldState:
    """What the macros need of a field: its id (also its name), its data and its errors."""

    id: str
    data: Any = None
    errors: tuple[str, ...] = ()
    places: int = 5

    @property
    def name(self) -> str:
        return self.id


@dataclass(frozen=True)
class TopicView:
    topic_id: str
    title_sv: str
    title_en: str

    def title(self, locale: str) -> str:
        return localised_attribute(self, "title", locale)


@dataclass
class PageState:
    """The data, errors and conflicts of every field on the page, whether it came from the database or a post."""

    data: Mapping[str, Any]
    errors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    conflicts: Mapping[str, Any] = field(default_factory=dict)
    topics: tuple[TopicView, ...] = ()

    def field(self, question: Question) -> FieldState:
        return FieldState(question.id, _frozen(self.data.get(question.id)), tuple(self.errors.get(question.id, ())))


def topic_views(topics) -> tuple[TopicView, ...]:
    return tuple(TopicView(t.topic_id, t.title_sv, t.title_en) for t in topics)


def render_question(question: Question, state: PageState) -> Markup:
    current = state.field(question)
    if kind_for(question).cacheable and not current.errors and question.id not in state.conflicts:
        return _cached_question(question, current.data, _locale(), state.topics)
    return _kind_macros(question).question(current, question, state.conflicts, _topic_map(state.topics))


def render_partner(partner: Partner, state: PageState) -> Markup:
    today, target = state.field(partner.today), state.field(partner.target)
    if not (
        today.errors or target.errors or partner.today.id in state.conflicts or partner.target.id in state.conflicts
    ):
        return _cached_partner(partner, today.data, target.data, _locale())
    return _partner_macros().staircase_partner(today, target, partner, state.conflicts, {})


@lru_cache(maxsize=20_000)
def _cached_question(question: Question, data: Any, locale: str, topics: tuple[TopicView, ...]) -> Markup:
    # The macro's output is already escaped Markup.
    return _kind_macros(question).question(FieldState(question.id, data), question, {}, _topic_map(topics))


@lru_cache(maxsize=20_000)
def _cached_partner(partner: Partner, today: Any, target: Any, locale: str) -> Markup:
    return _partner_macros().staircase_partner(
        FieldState(partner.today.id, today), FieldState(partner.target.id, target), partner, {}, {}
    )


def _kind_macros(question: Question):
    return current_app.jinja_env.get_template(kind_for(question).template).module


def _partner_macros():
    return current_app.jinja_env.get_template("macros/questions.html").module


def _topic_map(topics: tuple[TopicView, ...]) -> dict[str, TopicView]:
    return {topic.topic_id: topic for topic in topics}


def _locale() -> str:
    return current_language()


def _frozen(value: Any) -> Any:
    """Lists (multichoice, ranking) become tuples, so the value can be part of a cache key."""
    return tuple(value) if isinstance(value, list) else value


def topic_title(topic) -> str:
    return topic.title(_locale())


def register(app) -> None:
    app.jinja_env.globals.update(
        render_question=render_question, render_partner=render_partner, topic_title=topic_title
    )
