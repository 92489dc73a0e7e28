"""Finding organisations for the admin pages: by text, type and county, and choosing whom to invite."""

from collections.abc import Collection
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models import County, Invitation, Organisation, Response, Round, User
from services.errors import NotFound, ServiceError
from vocabulary.organisation_types import type_codes


def get_organisation(session: Session, code: str) -> Organisation:
    found = session.scalar(select(Organisation).where(Organisation.code == code))
    if found is None:
        raise NotFound(_("There is no organisation with the code “%(code)s”.", code=code))
    return found


def find_by_code(session: Session, code: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.code == code))


def organisation_codes(session: Session) -> list[tuple[str, str]]:
    """(code, Swedish name) of every organisation, by code: the choices where an organisation is typed in."""
    return [tuple(row) for row in session.execute(select(Organisation.code, Organisation.name_sv).order_by("code"))]


def codes_by_id(session: Session, organisation_ids: Collection[int]) -> dict[int, str]:
    found = select(Organisation.id, Organisation.code).where(Organisation.id.in_(set(organisation_ids)))
    return dict(session.execute(found).all())


@dataclass(frozen=True)
class OrganisationRecord:
    """What the admin's page of one organisation shows: its responses and links (newest round first), its users."""

    responses: list[Response]
    invitations: list[Invitation]
    users: list[User]


def record_of(session: Session, organisation: Organisation) -> OrganisationRecord:
    responses = (
        select(Response).join(Round).where(Response.organisation_id == organisation.id).order_by(Round.slug.desc())
    )
    invitations = (
        select(Invitation)
        .join(Round)
        .where(Invitation.organisation_id == organisation.id)
        .order_by(Round.slug.desc(), Invitation.id.desc())
    )
    users = select(User).where(User.organisation_id == organisation.id).order_by(User.email)
    return OrganisationRecord(
        list(session.scalars(responses)), list(session.scalars(invitations)), list(session.scalars(users))
    )


def counties(session: Session) -> list[County]:
    return list(session.scalars(select(County).order_by(County.code)))


def find_organisations(
    session: Session, *, text: str | None = None, organisation_type: str | None = None, county: str | None = None
) -> list[Organisation]:
    """Organisations matching all the filters given, ordered by type and name. `text` matches code or name."""
    query = select(Organisation)
    if text and text.strip():
        like = f"%{text.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Organisation.code).like(like),
                func.lower(Organisation.name_sv).like(like),
                func.lower(Organisation.name_en).like(like),
            )
        )
    if organisation_type in type_codes():
        query = query.where(Organisation.type == organisation_type)
    if county:
        query = query.where(Organisation.county_code == county)
    order = type_codes()
    return sorted(session.scalars(query), key=lambda o: (order.index(o.type), o.county_code or "", o.name_sv))


def choose_for_invitation(
    session: Session,
    found_round: Round,
    *,
    types: Collection[str] = (),
    counties: Collection[str] = (),
    codes: Collection[str] = (),
    skip_invited: bool = True,
) -> list[Organisation]:
    """The organisations to invite: those of the codes, plus those matching both the types and the counties.

    `skip_invited` leaves out organisations that already hold a working link to the round, so pressing the button
    twice does not hand out a second set of links.
    """
    if not (types or counties or codes):
        raise ServiceError(_("Choose organisations by type, by county or by code."))
    chosen: dict[int, Organisation] = {}
    if codes:
        by_code = {o.code: o for o in session.scalars(select(Organisation).where(Organisation.code.in_(codes)))}
        unknown = [code for code in codes if code not in by_code]
        if unknown:
            raise NotFound(_("There is no organisation with the code “%(code)s”.", code=unknown[0]))
        chosen |= {o.id: o for o in by_code.values()}
    if types or counties:
        query = select(Organisation)
        if types:
            query = query.where(Organisation.type.in_(types))
        if counties:
            query = query.where(Organisation.county_code.in_(counties))
        chosen |= {o.id: o for o in session.scalars(query)}
    if skip_invited:
        links = session.scalars(select(Invitation).where(Invitation.round_id == found_round.id))
        invited = {link.organisation_id for link in links if link.is_usable()}
        chosen = {key: o for key, o in chosen.items() if key not in invited}
    return sorted(chosen.values(), key=lambda o: o.code)
