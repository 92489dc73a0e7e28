"""What the start page offers a respondent account: its organisation's questionnaire in every open round."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Organisation, Response, Round, RoundStatus


@dataclass(frozen=True)
class OpenRound:
    round: Round
    #: `not_started`, `draft` or `submitted`: the organisation's response in that round.
    status: str


def open_rounds_for(session: Session, organisation: Organisation) -> list[OpenRound]:
    """The open rounds, newest first, each with where the organisation's response stands."""
    rounds = [r for r in session.scalars(select(Round).order_by(Round.slug.desc())) if r.status() == RoundStatus.OPEN]
    if not rounds:
        return []
    statuses = dict(
        session.execute(
            select(Response.round_id, Response.status).where(
                Response.organisation_id == organisation.id, Response.round_id.in_([r.id for r in rounds])
            )
        ).all()
    )
    return [OpenRound(r, statuses.get(r.id, "not_started")) for r in rounds]
