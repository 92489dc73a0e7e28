"""Realistic, deterministic demo data, so a new user sees full dashboards at once.

The numbers are invented but follow what the 2024 forum report describes: metropolitan counties further up the
staircase, the north with fewer GIS specialists, resources the commonest barrier, slow improvement over the years,
Norrbotten's co-planning map and Gävleborg's accessibility strategy. The same seed always gives the same data,
at either scale: every organisation's traits come from a generator seeded by the seed and its own code.
"""

import random
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from models import Organisation, Response, Round, RoundStatus
from services.answer_store import AnswerWrite, apply_changes, create_drafts, submit_drafts
from services.demo_answers import METROPOLITAN, NORTH, Profile, answers_for
from services.questionnaires import questionnaire_of
from services.reference import load_reference
from services.rounds import create_round, set_state
from services.users import create_user
from vocabulary.organisation_types import organisation_type

ACTOR = "seed"
#: Each county's seat: the demo scale takes these and one more municipality per county.
COUNTY_SEATS = {
    "0180", "0380", "0480", "0580", "0680", "0780", "0880", "0980", "1080", "1280", "1380",
    "1480", "1780", "1880", "1980", "2080", "2180", "2281", "2380", "2480", "2580",
}  # fmt: skip
DEMO_AGENCIES = {
    "agency-tillvaxtverket",
    "agency-boverket",
    "agency-trafikverket",
    "agency-lantmateriet",
    "other-skr",
}

DEMO_USERS = (
    ("admin@samverkan.example", "admin", None, "Demo-Admin-2025!"),
    ("analytiker@samverkan.example", "reviewer", None, "Demo-Analys-2025!"),
    ("planerare@norrbotten.example", "respondent", "region-25", "Demo-Planerare-2025!"),
)


class DemoScale(StrEnum):
    DEMO = "demo"
    NATIONAL = "national"


def seed_demo(session: Session, *, seed: int, scale: DemoScale, only_if_empty: bool = False) -> str:
    if session.scalar(select(Round.id).limit(1)) is not None:
        if only_if_empty:
            return "Demo data already present; nothing changed."
        raise ValueError("The database already has rounds; seed-demo needs a database without rounds.")
    load_reference(session)
    organisations = _organisations(session, seed, scale)
    slugs = [str(year) for year in (range(2016, 2026) if scale == DemoScale.NATIONAL else range(2023, 2026))]
    answers = 0
    for index, slug in enumerate(slugs):
        year = int(slug)
        found = create_round(
            session,
            slug,
            actor=ACTOR,
            visibility="named",
            opens_at=datetime(year, 9, 1, 6, tzinfo=UTC),
            # The open round has no closing date, so the demo stays open whenever it is run.
            closes_at=datetime(year, 10, 31, 22, tzinfo=UTC) if slug != slugs[-1] else None,
        )
        set_state(session, found, RoundStatus.CLOSED if slug != slugs[-1] else RoundStatus.OPEN, actor=ACTOR)
        answers += _seed_round(session, found, organisations, seed, years_in=index, last=slug == slugs[-1])
    for email, role, organisation, password in DEMO_USERS:
        create_user(session, email, role, actor=ACTOR, organisation_code=organisation, password=password)
    return (
        f"Demo data ({scale.value}, seed {seed}): {len(organisations)} organisations, "
        f"{len(slugs)} rounds ({slugs[0]}–{slugs[-1]}), {answers} answers."
    )


def _organisations(session: Session, seed: int, scale: DemoScale) -> list[Organisation]:
    everyone = list(session.scalars(select(Organisation).order_by(Organisation.code)))
    if scale == DemoScale.NATIONAL:
        return everyone
    chooser = random.Random(f"{seed}-municipalities")  # noqa: S311 - demo data, not security
    chosen = []
    by_county: dict[str, list[Organisation]] = {}
    for organisation in everyone:
        if organisation.type == "kommun":
            by_county.setdefault(organisation.county_code or "", []).append(organisation)
    for county in sorted(by_county):
        municipalities = by_county[county]
        seats = [m for m in municipalities if m.kommun_code in COUNTY_SEATS]
        others = [m for m in municipalities if m.kommun_code not in COUNTY_SEATS]
        chosen += seats + chooser.sample(others, k=min(1, len(others)))
    keep = {o.id for o in chosen}
    return [o for o in everyone if o.type in ("region", "lst") or o.id in keep or o.code in DEMO_AGENCIES]


def _profile(seed: int, organisation: Organisation) -> Profile:
    rng = random.Random(f"{seed}-{organisation.code}")  # noqa: S311 - demo data, not security
    county = organisation.county_code or ""
    level = organisation_type(organisation.type).demo_level + rng.gauss(0, 0.45)
    level += 0.5 if county in METROPOLITAN else 0.0
    level -= 0.15 if county in NORTH else 0.0
    if organisation.type == "region":
        staff = rng.uniform(8, 16) if county in METROPOLITAN else rng.uniform(2, 7)
        gis = rng.uniform(0.3, 1.5) if county in NORTH else rng.uniform(1.5, 6 if county in METROPOLITAN else 3)
    elif organisation.type == "kommun":
        staff = rng.uniform(2, 8) if organisation.kommun_code in COUNTY_SEATS else rng.uniform(0.2, 2)
        gis = rng.uniform(0, 0.5) if county in NORTH else rng.uniform(0.2, 2)
    else:
        staff = rng.uniform(2, 9)
        gis = rng.uniform(0.5, 1.5) if county in NORTH else rng.uniform(1, 4)
    popular = [
        "digital-planning",
        "long-term-funding",
        "functional-geographies",
        "accessibility",
        "gis-competence",
    ]
    others = [
        "national-level", "regional-collaboration", "rural-development", "cross-border", "europe",
        "project-bank", "common-vocabulary",
    ]  # fmt: skip
    if county in NORTH:
        # Rural development and GIS competence come first in the north. A topic moved up must leave the others: a
        # ranking names each topic once, and the value gate refuses one that repeats it.
        popular = ["rural-development", "gis-competence", *(t for t in popular if t != "gis-competence")]
        others = [topic for topic in others if topic not in popular]
    taste = rng.sample(popular, k=3) + rng.sample(others, k=3)
    return Profile(level=level, staff=staff, gis=gis, topic_taste=tuple(taste))


def _seed_round(
    session: Session, found: Round, organisations: list[Organisation], seed: int, years_in: int, last: bool
) -> int:
    """Draw the round's responses and write them as respondents would have: a draft, its answers through the answer
    store, then the submit; finally the timestamps are moved back to the weeks the round was open."""
    questionnaire = questionnaire_of(found.questionnaire_version)
    topics = [topic.topic_id for topic in found.topics]
    year = int(found.slug)
    rng = random.Random(f"{seed}-round-{found.slug}")  # noqa: S311 - demo data, not security
    drawn: list[tuple[Organisation, str, dict[str, str], datetime, datetime]] = []
    for organisation in organisations:
        participation = min(0.97, organisation_type(organisation.type).demo_participation + 0.03 * years_in)
        draw = rng.random()
        if last:
            # The open round: half have submitted, a fifth are drafting, the rest have not started.
            status = "submitted" if draw < 0.5 else "draft" if draw < 0.7 else None
        else:
            status = "submitted" if draw < participation else None
        if organisation.code == "region-25" and last:
            status = "draft"  # the demo respondent finds a draft to continue
        if status is None:
            continue
        profile = _profile(seed, organisation)
        values = answers_for(questionnaire, organisation, profile, topics, rng, years_in, partial=status == "draft")
        answered_at = datetime(year, 9, 1, 8, tzinfo=UTC) + timedelta(hours=rng.uniform(2, 24 * 55))
        started_at = answered_at - timedelta(days=rng.uniform(1, 10))
        drawn.append((organisation, status, values, started_at, answered_at))
    if not drawn:
        return 0
    response_of = create_drafts(session, found, [organisation.id for organisation, *_rest in drawn])
    writes = [
        AnswerWrite(response_of[organisation.id], organisation.type, 1, {}, values, at=answered_at)
        for organisation, _status, values, _started, answered_at in drawn
    ]
    written = apply_changes(session, writes, questionnaire, topics, actor=ACTOR, source="seed")
    submitted = [response_of[organisation.id] for organisation, status, *_rest in drawn if status == "submitted"]
    submit_drafts(session, found, submitted, actor=ACTOR, source="seed")
    _backdate(session, [(response_of[o.id], status, started, answered) for o, status, _v, started, answered in drawn])
    return sum(len(changes) for changes in written.values())


def _backdate(session: Session, timings: list[tuple[int, str, datetime, datetime]]) -> None:
    """Started, last saved and submitted on the drawn days rather than the moment the demo was seeded."""
    responses = Response.__table__
    session.execute(
        responses.update()
        .where(responses.c.id == bindparam("rid"))
        .values(created_at=bindparam("started"), updated_at=bindparam("answered"), submitted_at=bindparam("submitted")),
        [
            {
                "rid": response_id,
                "started": started,
                "answered": answered,
                "submitted": answered if status == "submitted" else None,
            }
            for response_id, status, started, answered in timings
        ],
    )
