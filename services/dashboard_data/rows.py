"""Per-organisation reads of the dashboards: rounds, counties, and organisations' scores and answers (for single
organisations and small selections), and participation."""

import json
from collections.abc import Collection

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import County, Invitation, Organisation, Response, ResponseScore, ResponseStatus, Round
from models.response import Answer
from questionnaire.model import SCORED_DIMENSIONS, Questionnaire
from services import stored_tables
from services.questionnaires import questionnaire_of

ORGANISATION_COLUMNS = ["organisation", "name_sv", "name_en", "type", "county"]
SCORE_COLUMNS = [*ORGANISATION_COLUMNS, *SCORED_DIMENSIONS, "maturity_index"]
ANSWER_COLUMNS = ["organisation", "question", "value"]
PARTICIPATION_COLUMNS = [*ORGANISATION_COLUMNS, "status"]
NOT_STARTED = "not_started"
STATUSES = (ResponseStatus.SUBMITTED.value, ResponseStatus.DRAFT.value, NOT_STARTED)


def _frame(result, columns: list[str]) -> pd.DataFrame:
    """A DataFrame from query rows (plain tuples first: pandas is slow at inspecting SQLAlchemy rows)."""
    return pd.DataFrame([tuple(row) for row in result], columns=columns)


def rounds(session: Session) -> list[Round]:
    """Every round, oldest first (slugs are years, so their order is the order of the rounds)."""
    return list(session.scalars(select(Round).order_by(Round.slug)))


def find_round(session: Session, slug: str) -> Round | None:
    return session.scalar(select(Round).where(Round.slug == slug))


def default_round(session: Session) -> Round | None:
    """The latest round that has a submitted response, else the latest round (None when there is none)."""
    submitted = select(Response.id).where(
        Response.round_id == Round.id, Response.status == ResponseStatus.SUBMITTED.value
    )
    # Rounds from the latest down, each asked whether it has one submitted response (an index lookup).
    with_answers = session.scalar(select(Round).where(submitted.exists()).order_by(Round.slug.desc()).limit(1))
    return with_answers or session.scalar(select(Round).order_by(Round.slug.desc()).limit(1))


def questionnaire(found_round: Round) -> Questionnaire:
    return questionnaire_of(found_round.questionnaire_version)


def organisations(session: Session) -> pd.DataFrame:
    """Every organisation in the register: organisation (code), name_sv, name_en, type, county."""
    rows = session.execute(
        select(
            Organisation.code, Organisation.name_sv, Organisation.name_en, Organisation.type, Organisation.county_code
        )
    )
    return _frame(rows, ORGANISATION_COLUMNS)


def counties(session: Session) -> pd.DataFrame:
    """The 21 counties: county (two-digit code), name_sv, name_en, sorted by code."""
    rows = session.execute(select(County.code, County.name_sv, County.name_en).order_by(County.code))
    return _frame(rows, ["county", "name_sv", "name_en"])


#: Decimals kept of the boundary coordinates: 0.001° is about 100 m, finer than the simplified boundaries.
COORDINATE_DECIMALS = 3


def _rounded(coordinates):
    if isinstance(coordinates[0], int | float):
        return [round(value, COORDINATE_DECIMALS) for value in coordinates]
    return [_rounded(part) for part in coordinates]


def county_geojson(session: Session) -> dict:
    """A GeoJSON FeatureCollection of the counties' simplified boundaries; each feature's id is the county code.

    Coordinates are rounded to `COORDINATE_DECIMALS`, which makes the map's JSON a third of the size.
    """
    features = []
    for code, text in session.execute(select(County.code, County.geometry).order_by(County.code)):
        geometry = json.loads(text)
        geometry["coordinates"] = _rounded(geometry["coordinates"])
        features.append({"type": "Feature", "id": code, "properties": {}, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def round_topics(found_round: Round) -> pd.DataFrame:
    """The round's forum topics in list order: topic, title_sv, title_en."""
    return pd.DataFrame(
        [(t.topic_id, t.title_sv, t.title_en) for t in found_round.topics], columns=["topic", "title_sv", "title_en"]
    )


def round_answers(
    session: Session,
    found_round: Round,
    question_ids: list[str] | None = None,
    organisations: Collection[str] | None = None,
) -> pd.DataFrame:
    """The answers of the round's submitted responses: organisation, question, value (drafts never count);
    optionally only some questions and only some organisations (codes)."""
    query = (
        select(Organisation.code, Answer.question_id, Answer.value)
        .join(Response, Response.id == Answer.response_id)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(Response.round_id == found_round.id, Response.status == ResponseStatus.SUBMITTED.value)
    )
    if question_ids is not None:
        query = query.where(Answer.question_id.in_(list(question_ids)))
    if organisations is not None:
        query = query.where(Organisation.code.in_(list(organisations)))
    return _frame(session.execute(query), ANSWER_COLUMNS)


def round_scores(
    session: Session,
    found_round: Round,
    *,
    types: Collection[str] | None = None,
    county: str | None = None,
    organisations: Collection[str] | None = None,
) -> pd.DataFrame:
    """One row per submitted response: who answered and its five dimension scores and maturity index (SPEC §4),
    read from the scores stored when responses are submitted (services/stored_tables/), never computed per view.
    Optionally only some organisation types, one county, some organisations (codes)."""
    return stored_tables.round_scores(session, found_round, types=types, county=county, organisations=organisations)[
        SCORE_COLUMNS
    ]


def followable_organisations(
    session: Session, found_rounds: list[Round], limit: int, *, type_: str | None = None, county: str | None = None
) -> pd.DataFrame | None:
    """The organisations of the selection with a submitted response in any of the rounds: organisation, name_sv,
    name_en; None when there are more than `limit`. Callers first check that no round alone has more (from
    `trend_sizes`), which bounds what the database has to look through."""
    query = (
        select(Organisation.code, Organisation.name_sv, Organisation.name_en)
        .join(ResponseScore, ResponseScore.organisation_id == Organisation.id)
        .where(ResponseScore.round_id.in_([found.id for found in found_rounds]))
        .distinct()
        .limit(limit + 1)
    )
    if type_:
        query = query.where(ResponseScore.organisation_type == type_)
    if county:
        query = query.where(ResponseScore.county_code == county)
    frame = _frame(session.execute(query), ["organisation", "name_sv", "name_en"])
    return None if len(frame) > limit else frame


def trend_scores(
    session: Session, found_rounds: list[Round], organisations: Collection[str] | None = None
) -> pd.DataFrame:
    """`round_scores` of several rounds stacked, with a first column `round` (the slug), read in one query;
    optionally only some organisations."""
    return stored_tables.rounds_scores(session, found_rounds, organisations=organisations)[["round", *SCORE_COLUMNS]]


def trend_answers(session: Session, found_rounds: list[Round], question_ids: list[str]) -> pd.DataFrame:
    """`round_answers` of several rounds for the given stable question ids, with a first column `round`."""
    frames = [round_answers(session, found, question_ids).assign(round=found.slug) for found in found_rounds]
    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return pd.DataFrame(columns=["round", *ANSWER_COLUMNS])
    return pd.concat(frames, ignore_index=True)[["round", *ANSWER_COLUMNS]]


def round_participation(session: Session, found_round: Round) -> pd.DataFrame:
    """Who was asked and how far they got: one row per organisation, `status` submitted, draft or not_started.

    The organisations asked are those invited to the round (unrevoked links) and those with a response in it; a
    round without any invitation (filled by import or demo data) asks every organisation in the register.
    """
    everyone = organisations(session)
    statuses = dict(
        session.execute(
            select(Organisation.code, Response.status)
            .join(Response, Response.organisation_id == Organisation.id)
            .where(Response.round_id == found_round.id)
        ).all()
    )
    invited = set(
        session.scalars(
            select(Organisation.code)
            .join(Invitation, Invitation.organisation_id == Organisation.id)
            .where(Invitation.round_id == found_round.id, Invitation.revoked_at.is_(None))
        )
    )
    if invited:
        everyone = everyone[everyone["organisation"].isin(invited | statuses.keys())]
    everyone = everyone.assign(status=everyone["organisation"].map(statuses).fillna(NOT_STARTED))
    return everyone.sort_values("organisation").reset_index(drop=True)[PARTICIPATION_COLUMNS]


def submitted_rounds(session: Session, organisation_code: str) -> list[Round]:
    """The rounds in which the organisation has a submitted response, oldest first."""
    return list(
        session.scalars(
            select(Round)
            .join(Response, Response.round_id == Round.id)
            .join(Organisation, Organisation.id == Response.organisation_id)
            .where(Organisation.code == organisation_code, Response.status == ResponseStatus.SUBMITTED.value)
            .order_by(Round.slug)
        )
    )
