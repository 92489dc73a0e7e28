"""Checks of single values in a questionnaire file: each returns the value or raises QuestionnaireError with the
place in the file and the reason."""

from typing import Any

from questionnaire.model import Scale, Step, Text
from vocabulary.languages import BASE_LANGUAGES, is_language_code
from vocabulary.organisation_types import type_codes


class QuestionnaireError(ValueError):
    """A questionnaire file is invalid; `path` says where, `reason` says why."""

    def __init__(self, path: str, reason: str, source: str | None = None):
        self.path = path
        self.reason = reason
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{path}: {reason}")


def parse_scale(scale_id: str, data: Any, path: str) -> Scale:
    mapping = check_mapping(data, path, {"steps", "na_label"}, required={"steps", "na_label"})
    steps_data = mapping["steps"]
    if not isinstance(steps_data, list) or len(steps_data) != 5:
        raise QuestionnaireError(f"{path}.steps", "a scale has exactly five steps")
    steps = []
    for i, step in enumerate(steps_data):
        step_path = f"{path}.steps[{i}]"
        step_map = check_mapping(step, step_path, {"value", "label", "description"}, required={"value", "label"})
        if step_map["value"] != i + 1:
            raise QuestionnaireError(f"{step_path}.value", f"must be {i + 1} (steps go 1 to 5 in order)")
        description = step_map.get("description")
        steps.append(
            Step(
                value=i + 1,
                label=check_text(step_map["label"], f"{step_path}.label"),
                description=check_text(description, f"{step_path}.description") if description else None,
            )
        )
    return Scale(id=scale_id, steps=tuple(steps), na_label=check_text(mapping["na_label"], f"{path}.na_label"))


def check_mapping(data: Any, path: str, allowed: set[str] | None, required: set[str]) -> dict:
    if not isinstance(data, dict):
        raise QuestionnaireError(path, "must be a mapping")
    missing = sorted(required - data.keys())
    if missing:
        raise QuestionnaireError(path, f"missing {', '.join(missing)}")
    if allowed is not None:
        unknown = sorted(str(key) for key in data.keys() - allowed)
        if unknown:
            raise QuestionnaireError(path, f"unknown key {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
    return data


def check_string(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise QuestionnaireError(path, "must be a non-empty text")
    return value.strip()


def check_bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise QuestionnaireError(path, "must be true or false")
    return value


def check_number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise QuestionnaireError(path, "must be a number")
    return float(value)


def check_text(value: Any, path: str) -> Text:
    """A text in the base languages (sv and en) and in any further language the file adds (fi: …)."""
    if not isinstance(value, dict):
        raise QuestionnaireError(path, "must give the text in both languages (sv and en)")
    unknown = sorted(str(key) for key in value if not (isinstance(key, str) and is_language_code(key)))
    if unknown:
        raise QuestionnaireError(path, f"unknown language {', '.join(unknown)}; expected sv and en")
    for language in (*BASE_LANGUAGES, *(key for key in value if key not in BASE_LANGUAGES)):
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            raise QuestionnaireError(f"{path}.{language}", f"missing translation ({language})")
    return Text.of({language: text.strip() for language, text in value.items()})


def check_applies_to(value: Any, path: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        raise QuestionnaireError(path, "must be a non-empty list of organisation types")
    for i, item in enumerate(value):
        if item not in type_codes():
            raise QuestionnaireError(
                f"{path}[{i}]",
                f"unknown organisation type {item!r}; expected one of {', '.join(type_codes())}",
            )
    return tuple(value)
