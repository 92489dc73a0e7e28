"""Load and validate a questionnaire file.

Every problem names its place in the file (`sections[1].items[3].title`) and the reason, so whoever edits the
YAML can fix it without reading this code. The first problem found stops the load: a questionnaire is either
wholly valid or not loaded at all.
"""

import re
from pathlib import Path
from typing import Any

import yaml

from questionnaire.checks import (
    QuestionnaireError,
    check_applies_to,
    check_bool,
    check_mapping,
    check_number,
    check_string,
    check_text,
    parse_scale,
)
from questionnaire.model import (
    QUESTION_TYPES,
    Option,
    Partner,
    Question,
    Questionnaire,
    Scale,
    Section,
)

VERSIONS_DIR = Path(__file__).parent / "versions"
QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]{1,62}$")
OPTION_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
VERSION_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")

_TOP_KEYS = {"version", "title", "scales", "topics", "sections"}
_SECTION_KEYS = {"id", "code", "title", "intro", "items"}
_ITEM_KEYS = {
    "id", "type", "title", "help", "scored", "reverse", "applies_to", "options", "scale", "optional",
    "min", "max", "unit", "max_length", "options_from",
}  # fmt: skip
_STAIRCASE_KEYS = {"id", "type", "title", "help", "applies_to", "scale"}
#: The question types a file may use; `staircase` is a partner that expands into two scale questions.
_FILE_TYPES = (*QUESTION_TYPES, "staircase")


def available_versions() -> list[str]:
    """The version names of the questionnaire files shipped with the project, oldest first."""
    return sorted(path.stem for path in VERSIONS_DIR.glob("*.yaml"))


def version_path(version: str) -> Path:
    if not VERSION_NAME.match(version):
        raise QuestionnaireError("version", f"not a valid version name: {version!r}")
    return VERSIONS_DIR / f"{version}.yaml"


def load_file(path: Path) -> Questionnaire:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QuestionnaireError("(file)", f"cannot read: {exc.strerror}", source=str(path)) from exc
    return load_text(text, source=str(path))


def load_text(text: str, source: str | None = None) -> Questionnaire:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise QuestionnaireError(where, f"not valid YAML: {getattr(exc, 'problem', exc)}", source) from exc
    try:
        return _Parser().questionnaire(data)
    except QuestionnaireError as exc:
        raise QuestionnaireError(exc.path, exc.reason, source) from None


class _Parser:
    def __init__(self) -> None:
        self.seen_ids: dict[str, str] = {}
        self.scales: dict[str, Scale] = {}

    def questionnaire(self, data: Any) -> Questionnaire:
        mapping = check_mapping(data, "(top level)", _TOP_KEYS, required={"version", "title", "scales", "sections"})
        version = check_string(mapping["version"], "version")
        if not VERSION_NAME.match(version):
            raise QuestionnaireError("version", f"not a valid version name: {version!r}")
        title = check_text(mapping["title"], "title")
        scales = check_mapping(mapping["scales"], "scales", None, required=set())
        for scale_id, scale_data in scales.items():
            self.scales[scale_id] = parse_scale(scale_id, scale_data, f"scales.{scale_id}")
        topics = tuple(self._options(mapping.get("topics", []), "topics", allow_empty=True))
        sections_data = mapping["sections"]
        if not isinstance(sections_data, list) or not sections_data:
            raise QuestionnaireError("sections", "must be a non-empty list")
        sections = tuple(self.section(item, f"sections[{i}]") for i, item in enumerate(sections_data))
        return Questionnaire(version=version, title=title, sections=sections, scales=self.scales, default_topics=topics)

    def section(self, data: Any, path: str) -> Section:
        mapping = check_mapping(data, path, _SECTION_KEYS, required={"id", "code", "title", "items"})
        section_id = self._new_id(mapping["id"], f"{path}.id", QUESTION_ID)
        items = mapping["items"]
        if not isinstance(items, list) or not items:
            raise QuestionnaireError(f"{path}.items", "must be a non-empty list")
        questions: list[Question] = []
        partners: list[Partner] = []
        for i, item in enumerate(items):
            item_path = f"{path}.items[{i}]"
            if isinstance(item, dict) and item.get("type") == "staircase":
                partner = self.partner(item, item_path, section_id)
                partners.append(partner)
                questions += [partner.today, partner.target]
            else:
                questions.append(self.question(item, item_path, section_id))
        return Section(
            id=section_id,
            code=check_string(mapping["code"], f"{path}.code"),
            title=check_text(mapping["title"], f"{path}.title"),
            intro=check_text(mapping["intro"], f"{path}.intro") if "intro" in mapping else None,
            questions=tuple(questions),
            partners=tuple(partners),
        )

    def partner(self, data: dict, path: str, section_id: str) -> Partner:
        mapping = check_mapping(data, path, _STAIRCASE_KEYS, required={"id", "type", "title", "scale"})
        partner_id = check_string(mapping["id"], f"{path}.id")
        if not QUESTION_ID.match(partner_id):
            raise QuestionnaireError(f"{path}.id", f"not a valid id: {partner_id!r}")
        title = check_text(mapping["title"], f"{path}.title")
        help_text = check_text(mapping["help"], f"{path}.help") if "help" in mapping else None
        applies_to = check_applies_to(mapping.get("applies_to"), f"{path}.applies_to")
        scale = self._scale_ref(mapping["scale"], f"{path}.scale")
        today, target = (
            Question(
                id=self._new_id(f"{partner_id}_{role}", f"{path}.id", QUESTION_ID),
                type="scale",
                title=title,
                help=help_text,
                section_id=section_id,
                # Only where the collaboration stands today is scored; the target gives the ambition gap.
                scored=role == "today",
                applies_to=applies_to,
                scale=scale,
                partner_id=partner_id,
                staircase_role=role,
            )
            for role in ("today", "target")
        )
        return Partner(id=partner_id, title=title, applies_to=applies_to, today=today, target=target)

    def question(self, data: Any, path: str, section_id: str) -> Question:
        mapping = check_mapping(data, path, _ITEM_KEYS, required={"id", "type", "title"})
        question_id = self._new_id(mapping["id"], f"{path}.id", QUESTION_ID)
        question_type = mapping["type"]
        if question_type not in _FILE_TYPES:
            raise QuestionnaireError(
                f"{path}.type", f"unknown type {question_type!r}; expected one of {', '.join(_FILE_TYPES)}"
            )
        scored = check_bool(mapping.get("scored", False), f"{path}.scored")
        reverse = check_bool(mapping.get("reverse", False), f"{path}.reverse")
        if scored and question_type != "scale":
            raise QuestionnaireError(f"{path}.scored", "only scale questions can be scored")
        if reverse and not scored:
            raise QuestionnaireError(f"{path}.reverse", "only a scored question can be reversed")
        has_options = "options" in mapping
        takes_options = question_type in ("choice", "multichoice", "ranking")
        if has_options and not takes_options:
            raise QuestionnaireError(f"{path}.options", f"a {question_type} question takes no options")
        options: tuple[Option, ...] = ()
        options_from_topics = False
        if question_type == "ranking":
            options_from_topics = mapping.get("options_from") == "topics"
            if not options_from_topics and not has_options:
                raise QuestionnaireError(path, "a ranking needs options or `options_from: topics`")
        elif "options_from" in mapping:
            raise QuestionnaireError(f"{path}.options_from", "only a ranking takes its options from the topics")
        if takes_options and not options_from_topics:
            if not has_options:
                raise QuestionnaireError(f"{path}.options", f"a {question_type} question needs options")
            options = tuple(self._options(mapping["options"], f"{path}.options", allow_empty=False))
            if question_type == "choice" and len(options) < 2:
                raise QuestionnaireError(f"{path}.options", "a choice needs at least two options")
        scale = None
        if question_type == "scale":
            if "scale" not in mapping:
                raise QuestionnaireError(f"{path}.scale", "a scale question must name its scale")
            scale = self._scale_ref(mapping["scale"], f"{path}.scale")
        elif "scale" in mapping:
            raise QuestionnaireError(f"{path}.scale", f"a {question_type} question takes no scale")
        minimum = maximum = None
        if question_type == "number":
            minimum = check_number(mapping.get("min", 0), f"{path}.min")
            maximum = check_number(mapping.get("max", 1_000_000), f"{path}.max")
            if minimum >= maximum:
                raise QuestionnaireError(f"{path}.max", "must be greater than min")
        elif "min" in mapping or "max" in mapping or "unit" in mapping:
            raise QuestionnaireError(path, f"a {question_type} question takes no min, max or unit")
        max_length = None
        if question_type == "text":
            max_length = mapping.get("max_length", 4000)
            if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < 1:
                raise QuestionnaireError(f"{path}.max_length", "must be a positive whole number")
        elif "max_length" in mapping:
            raise QuestionnaireError(f"{path}.max_length", "only a text question takes max_length")
        return Question(
            id=question_id,
            type=question_type,
            title=check_text(mapping["title"], f"{path}.title"),
            help=check_text(mapping["help"], f"{path}.help") if "help" in mapping else None,
            section_id=section_id,
            scored=scored,
            reverse=reverse,
            applies_to=check_applies_to(mapping.get("applies_to"), f"{path}.applies_to"),
            options=options,
            scale=scale,
            optional=check_bool(mapping.get("optional", False), f"{path}.optional"),
            minimum=minimum,
            maximum=maximum,
            unit=check_text(mapping["unit"], f"{path}.unit") if "unit" in mapping else None,
            max_length=max_length,
            options_from_topics=options_from_topics,
        )

    def _options(self, data: Any, path: str, allow_empty: bool) -> list[Option]:
        if not isinstance(data, list) or (not data and not allow_empty):
            raise QuestionnaireError(path, "must be a non-empty list of options")
        seen: set[str] = set()
        options = []
        for i, item in enumerate(data):
            mapping = check_mapping(item, f"{path}[{i}]", {"id", "title"}, required={"id", "title"})
            option_id = check_string(mapping["id"], f"{path}[{i}].id")
            if not OPTION_ID.match(option_id):
                raise QuestionnaireError(f"{path}[{i}].id", f"not a valid option id: {option_id!r}")
            if option_id in seen:
                raise QuestionnaireError(f"{path}[{i}].id", f"duplicate option id {option_id!r}")
            seen.add(option_id)
            options.append(Option(id=option_id, title=check_text(mapping["title"], f"{path}[{i}].title")))
        return options

    def _scale_ref(self, value: Any, path: str) -> Scale:
        if not isinstance(value, str) or value not in self.scales:
            raise QuestionnaireError(path, f"unknown scale {value!r}; defined: {', '.join(self.scales)}")
        return self.scales[value]

    def _new_id(self, value: Any, path: str, pattern: re.Pattern) -> str:
        identifier = check_string(value, path)
        if not pattern.match(identifier):
            raise QuestionnaireError(path, f"not a valid id: {identifier!r} (lower-case letters, digits, _)")
        if identifier in self.seen_ids:
            raise QuestionnaireError(path, f"duplicate id {identifier!r}, first used at {self.seen_ids[identifier]}")
        self.seen_ids[identifier] = path
        return identifier
