"""Exporting submitted responses in the long format."""

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Answer, Organisation, Response, ResponseStatus, Round


def submitted_answer_rows(session: Session, found_round: Round) -> Iterator[tuple[str, str, str]]:
    """(organisation code, question id, value) of every submitted response, sorted; drafts never leave."""
    query = (
        select(Organisation.code, Answer.question_id, Answer.value)
        .join(Response, Response.id == Answer.response_id)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(Response.round_id == found_round.id, Response.status == ResponseStatus.SUBMITTED.value)
        .order_by(Organisation.code, Answer.question_id)
    )
    yield from session.execute(query)
