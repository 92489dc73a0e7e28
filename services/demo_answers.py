"""How seed-demo's answers are drawn: the questions that tell the demo's story here, every other one by its kind
(`questionnaire/kinds/`), leaning on the organisation's lasting profile."""

import random
from dataclasses import dataclass

from models import Organisation
from questionnaire.kinds import kind_for
from questionnaire.kinds.base import Leaning
from questionnaire.kinds.multichoice import split_multi
from questionnaire.model import Question, Questionnaire

METROPOLITAN = {"01", "12", "14"}
NORTH = {"22", "23", "24", "25"}

GOOD_EXAMPLES = {
    "region-25": "Digital samplaneringskarta för Norrbotten: länstransportplan och kommunernas översiktsplaner i en "
    "gemensam karta, med data från Finland och Norge på väg.",
    "region-10": "Sydosttriangeln – en territoriell strategi tillsammans med Region Kalmar län och Region Kronoberg.",
    "region-21": "Regional tillgänglighetsstrategi: från infrastrukturprogram till tillgänglighet i hela länet.",
    "region-14": "Gemensamma kunskapsunderlag med Länsstyrelsen och kommunalförbunden om elektrifiering.",
}
GENERIC_EXAMPLES = [
    "Gemensamt planeringsunderlag om pendling som alla kommuner i länet använder i översiktsplaneringen.",
    "Ett länsövergripande nätverk för översiktsplanerare som träffas fyra gånger om året.",
    "En webbaserad planeringsatlas med öppna geodata för hela länet.",
    "Strukturbild framtagen tillsammans med kommunerna och Trafikverket.",
]
SUPPORT_WANTED = [
    "Metodstöd för analyser av funktionella geografier, särskilt i glesbygd.",
    "Nationella standarder för digitala planeringsunderlag, gärna med Lantmäteriet.",
    "Långsiktig finansiering i stället för korta projektmedel.",
    "En projektbank med goda exempel från andra regioner.",
    "Tydligare vägledning om roller och mandat mellan region och länsstyrelse.",
    "Bättre data om fritids- och turistresor.",
]


@dataclass(frozen=True)
class Profile:
    """An organisation's lasting traits: its level on the scales, its resources and its priorities."""

    level: float
    staff: float
    gis: float
    topic_taste: tuple[str, ...]


def answers_for(
    questionnaire: Questionnaire,
    organisation: Organisation,
    profile: Profile,
    topics: list[str],
    rng: random.Random,
    years_in: int,
    partial: bool,
) -> dict[str, str]:
    level = profile.level + 0.08 * years_in
    county = organisation.county_code or ""
    values: dict[str, str] = {}
    for question in questionnaire.questions_for(organisation.type):
        if partial and question.section_id not in ("staircase", "roles"):
            continue
        if question.staircase_role == "target":
            values[question.id] = _target(values.get(f"{question.partner_id}_today"), rng)
            continue
        value = _answer(question, organisation, profile, level, county, topics, rng)
        if value is not None:
            values[question.id] = value
    return values


#: How far collaboration with each partner typically stands from an organisation's own level.
PARTNER_OFFSET = {
    "d1_municipalities": 0.3, "d1_lst": 0.2, "d1_region": 0.3, "d1_trafikverket": 0.1, "d1_other_agencies": -0.3,
    "d1_neighbour_regions": -0.2, "d1_cross_border": -0.9, "d1_business": -0.4, "d1_academia": -0.5,
}  # fmt: skip


def _target(today: str | None, rng: random.Random) -> str:
    """Where the collaboration should stand: mostly a step above today, sometimes the same, rarely two up."""
    if today is None or today == "na":
        return "na" if rng.random() < 0.7 else str(rng.choice([2, 3]))
    return str(min(5, int(today) + rng.choices([0, 1, 2], weights=[3, 6, 1])[0]))


@dataclass(frozen=True)
class _Respondent:
    """The made-up organisation a demo answer is drawn for."""

    organisation: Organisation
    profile: Profile
    level: float
    county: str
    topics: list[str]


def _answer(
    question: Question,
    organisation: Organisation,
    profile: Profile,
    level: float,
    county: str,
    topics: list[str],
    rng: random.Random,
) -> str | None:
    """A plausible answer: the questions that tell the demo's story are drawn here, every other one by its kind,
    leaning on the organisation's profile."""
    respondent = _Respondent(organisation, profile, level, county, topics)
    story = _STORY.get(question.id)
    if story is not None:
        return story(question, respondent, rng)
    return kind_for(question).draw(question, rng, _leaning(question, respondent))


def _leaning(question: Question, respondent: _Respondent) -> Leaning:
    profile, item_level = respondent.profile, respondent.level + PARTNER_OFFSET.get(question.partner_id or "", 0.0)
    if question.section_id == "gis":
        item_level += (profile.gis - 1.5) * 0.35
    if question.section_id == "resources":
        item_level += (profile.staff - 4) * 0.08 - 0.3
    if question.section_id == "accessibility" and respondent.organisation.code == "region-21":
        item_level += 1.2
    if question.reverse:
        item_level = 6 - item_level
    return Leaning(
        level=respondent.level,
        item_level=item_level,
        amount=profile.staff if question.id == "d3_staff_fte" else profile.gis,
        preferred=profile.topic_taste,
        topic_ids=respondent.topics,
    )


def _funding_horizon(question: Question, respondent: _Respondent, rng: random.Random) -> str:
    return "permanent" if respondent.level + rng.gauss(0, 0.7) > 3.2 else rng.choice(["project", "multi-year"])


def _gis_access(question: Question, respondent: _Respondent, rng: random.Random) -> str:
    gis = respondent.profile.gis
    if gis >= 1.5:
        return "own-staff"
    return rng.choice(["shared-pool", "consultants", "own-staff", "none" if gis < 0.3 else "consultants"])


def _formats(question: Question, respondent: _Respondent, rng: random.Random) -> str:
    return rng.choices(["both", "physical", "digital"], weights=[5, 3, 2])[0]


def _barriers(question: Question, respondent: _Respondent, rng: random.Random) -> str | None:
    organisation, level = respondent.organisation, respondent.level
    weights = {
        "short-term-funding": 0.6, "individual-dependence": 0.5, "staff-turnover": 0.35,
        "unclear-roles": 0.45 - 0.05 * level, "differing-expectations": 0.35, "weak-political-anchoring": 0.25,
        "lack-gis-competence": 0.6 if respondent.county in NORTH or organisation.type == "kommun" else 0.25,
        "sector-silos": 0.4, "limited-influence": 0.45 if organisation.type == "region" else 0.15,
    }  # fmt: skip
    options = [option for option in question.option_ids() if option not in ("none", "other")]
    chosen = [option for option in options if rng.random() < weights.get(option, 0.2)]
    return "|".join(chosen) if chosen else None


def _tools(question: Question, respondent: _Respondent, rng: random.Random) -> str | None:
    drawn = kind_for(question).draw(question, rng, _leaning(question, respondent))
    if respondent.organisation.code != "region-25":
        return drawn
    # Västerbotten's co-planning map is the good example of D4 in the demo's story.
    chosen = {option for option in split_multi(drawn) if option != "none"} | {"co-planning-map"}
    return "|".join(option for option in question.option_ids() if option in chosen)


def _good_example(question: Question, respondent: _Respondent, rng: random.Random) -> str | None:
    if respondent.organisation.code in GOOD_EXAMPLES:
        return GOOD_EXAMPLES[respondent.organisation.code]
    return rng.choice(GENERIC_EXAMPLES) if rng.random() < 0.3 else None


def _support_wanted(question: Question, respondent: _Respondent, rng: random.Random) -> str | None:
    return rng.choice(SUPPORT_WANTED) if rng.random() < 0.6 else None


#: The questions whose demo answers follow the demo's story rather than their kind's general draw.
_STORY = {
    "d3_funding_horizon": _funding_horizon,
    "d4_gis_access": _gis_access,
    "d7_formats": _formats,
    "d6_barriers": _barriers,
    "d4_tools": _tools,
    "d8_good_example": _good_example,
    "d8_support_wanted": _support_wanted,
}
