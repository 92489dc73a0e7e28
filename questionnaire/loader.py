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
    check_string,
    check_text,
    parse_scale,
)
from questionnaire.kinds import KINDS, Kind
from questionnaire.kinds.scale import KIND as SCALE
from questionnaire.model import (
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
#: The keys every question may have; each kind adds its own (`Kind.keys`).
_COMMON_KEYS = frozenset({"id", "type", "title", "help", "scored", "reverse", "applies_to", "optional"})
_STAIRCASE_KEYS = {"id", "type", "title", "help", "applies_to", "scale"}
#: Besides the kinds, a file may use `staircase`: a partner that expands into two scale questions.
STAIRCASE = "staircase"


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
            if isinstance(item, dict) and item.get("type") == STAIRCASE:
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
                type=SCALE.name,
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
        mapping = check_mapping(data, path, None, required={"id", "type", "title"})
        question_id = self._new_id(mapping["id"], f"{path}.id", QUESTION_ID)
        kind = _kind_named(mapping["type"], f"{path}.type")
        _check_keys(mapping, path, kind)
        scored = check_bool(mapping.get("scored", False), f"{path}.scored")
        reverse = check_bool(mapping.get("reverse", False), f"{path}.reverse")
        if scored and not kind.scorable:
            scorable = ", ".join(name for name, other in KINDS.items() if other.scorable)
            raise QuestionnaireError(f"{path}.scored", f"only {scorable} questions can be scored")
        if reverse and not scored:
            raise QuestionnaireError(f"{path}.reverse", "only a scored question can be reversed")
        return Question(
            id=question_id,
            type=kind.name,
            title=check_text(mapping["title"], f"{path}.title"),
            help=check_text(mapping["help"], f"{path}.help") if "help" in mapping else None,
            section_id=section_id,
            scored=scored,
            reverse=reverse,
            applies_to=check_applies_to(mapping.get("applies_to"), f"{path}.applies_to"),
            optional=check_bool(mapping.get("optional", False), f"{path}.optional"),
            **kind.parse(mapping, path, self),
        )

    def options(self, data: Any, path: str) -> tuple[Option, ...]:
        return tuple(self._options(data, path, allow_empty=False))

    def scale(self, value: Any, path: str) -> Scale:
        return self._scale_ref(value, path)

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


def _kind_named(name: Any, path: str) -> Kind:
    if not isinstance(name, str) or name not in KINDS:
        expected = ", ".join((*KINDS, STAIRCASE))
        raise QuestionnaireError(path, f"unknown type {name!r}; expected one of {expected}")
    return KINDS[name]


def _check_keys(mapping: dict, path: str, kind: Kind) -> None:
    """Refuses a key the question's kind does not take, naming the kind when another kind takes that key."""
    unknown = sorted(str(key) for key in mapping.keys() - _COMMON_KEYS - kind.keys)
    if not unknown:
        return
    of_other_kinds = [key for key in unknown if any(key in other.keys for other in KINDS.values())]
    if of_other_kinds:
        raise QuestionnaireError(f"{path}.{of_other_kinds[0]}", f"a {kind.name} question takes no {of_other_kinds[0]}")
    allowed = ", ".join(sorted(_COMMON_KEYS | kind.keys))
    raise QuestionnaireError(path, f"unknown key {', '.join(unknown)}; allowed: {allowed}")
