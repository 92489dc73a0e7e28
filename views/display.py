"""Showing stored answers and times to people, in their language. Registered as template globals and filters."""

from datetime import datetime

from flask import Flask
from flask_babel import format_datetime
from flask_babel import gettext as _

from models import RoundTopic
from questionnaire.kinds import kind_for
from questionnaire.model import NOT_APPLICABLE, Question, Scale
from vocabulary.languages import current_language


def _locale() -> str:
    return current_language()


def step_options(scale: Scale, with_descriptions: bool) -> list[tuple[str, str, str | None]]:
    """(value, label, description) for each step and the "don't know / not applicable" choice."""
    locale = _locale()
    options = [
        (
            str(step.value),
            f"{step.value} {step.label.get(locale)}",
            step.description.get(locale) if with_descriptions and step.description else None,
        )
        for step in scale.steps
    ]
    options.append((NOT_APPLICABLE, scale.na_label.get(locale), None))
    return options


def option_list(question: Question) -> list[tuple[str, str, None]]:
    locale = _locale()
    return [(option.id, option.title.get(locale), None) for option in question.options]


def answer_text(question: Question, value: str | None, topics: dict[str, RoundTopic]) -> str:
    """A stored value as a person reads it: '3 Samordning', '1,5 årsarbetskrafter', '1. Topic; 2. Topic'."""
    if not value:
        return ""
    return kind_for(question).display(question, value, topics, _locale())


def question_label(question: Question) -> str:
    """A question's title, with "today" or "target" for the two halves of a staircase partner."""
    locale = _locale()
    title = question.title.get(locale)
    if question.staircase_role == "today":
        return _("%(partner)s – today", partner=title)
    if question.staircase_role == "target":
        return _("%(partner)s – in three years", partner=title)
    return title


def localtime(value: datetime | None) -> str:
    return format_datetime(value, "short") if value else ""


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        step_options=step_options,
        option_list=option_list,
        answer_text=answer_text,
        question_label=question_label,
    )
    app.jinja_env.filters["localtime"] = localtime
