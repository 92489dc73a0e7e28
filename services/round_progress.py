"""Who has answered a round: the admins' status board and the reminder list.

An organisation is on the board when it has been invited to the round or has a response in it. Its status is
`not_started` (invited, nothing saved), `draft` (with the share of counted questions answered) or `submitted`.
The reminder list is every organisation with a working link that has not submitted, with the people to write to.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Answer, Invitation, Organisation, Response, Role, Round, User
from services.progress import progress
from services.questionnaires import questionnaire_of


class AnswerStatus(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"


@dataclass(frozen=True)
class Contact:
    name: str | None
    email: str
    #: Where the address comes from: `invitation` or `account`.
    source: str


@dataclass
class OrganisationProgress:
    organisation: Organisation
    status: AnswerStatus
    answered: int = 0
    total: int = 0
    response: Response | None = None
    working_links: int = 0
    links: int = 0
    last_activity: datetime | None = None
    contacts: list[Contact] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.answered / self.total if self.total else 0.0


def status_board(
    session: Session,
    found_round: Round,
    *,
    organisation_type: str | None = None,
    county: str | None = None,
    status: str | None = None,
) -> list[OrganisationProgress]:
    """One row per invited or answering organisation, filtered, ordered by status (least far first), then name."""
    rows: dict[int, OrganisationProgress] = {}
    _add_invitations(session, found_round, rows)
    _add_responses(session, found_round, rows)
    _add_account_contacts(session, rows)
    order = list(AnswerStatus)
    selected = [
        row
        for row in rows.values()
        if (not organisation_type or row.organisation.type == organisation_type)
        and (not county or row.organisation.county_code == county)
        and (not status or row.status == status)
    ]
    return sorted(selected, key=lambda r: (order.index(r.status), r.share, r.organisation.name_sv))


def _add_invitations(session: Session, found_round: Round, rows: dict[int, OrganisationProgress]) -> None:
    """Count each organisation's links (working or not), their contacts and when a link was last used."""
    invitations = session.scalars(select(Invitation).where(Invitation.round_id == found_round.id))
    for invitation in invitations:
        row = rows.setdefault(
            invitation.organisation_id, OrganisationProgress(invitation.organisation, AnswerStatus.NOT_STARTED)
        )
        row.links += 1
        if invitation.is_usable():
            row.working_links += 1
            if invitation.contact_email:
                row.contacts.append(Contact(invitation.contact_name, invitation.contact_email, "invitation"))
        if invitation.last_used_at and (row.last_activity is None or invitation.last_used_at > row.last_activity):
            row.last_activity = invitation.last_used_at


def _add_responses(session: Session, found_round: Round, rows: dict[int, OrganisationProgress]) -> None:
    """Each response's status and how far it is, with all the round's answers read in one query."""
    questionnaire = questionnaire_of(found_round.questionnaire_version)
    responses = list(session.scalars(select(Response).where(Response.round_id == found_round.id)))
    answered: dict[int, dict[str, str]] = defaultdict(dict)
    query = (
        select(Answer.response_id, Answer.question_id, Answer.value)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.round_id == found_round.id)
    )
    for response_id, question_id, value in session.execute(query):
        answered[response_id][question_id] = value
    for response in responses:
        row = rows.setdefault(
            response.organisation_id, OrganisationProgress(response.organisation, AnswerStatus.NOT_STARTED)
        )
        counted = progress(questionnaire, response.organisation.type, answered[response.id])
        row.response, row.answered, row.total = response, counted.answered, counted.total
        row.status = AnswerStatus.SUBMITTED if response.is_submitted else AnswerStatus.DRAFT
        if row.last_activity is None or response.updated_at > row.last_activity:
            row.last_activity = response.updated_at


def _add_account_contacts(session: Session, rows: dict[int, OrganisationProgress]) -> None:
    if not rows:
        return
    users = session.scalars(
        select(User).where(User.organisation_id.in_(rows), User.role == Role.RESPONDENT, User.active.is_(True))
    )
    for user in users:
        rows[user.organisation_id].contacts.append(Contact(None, user.email, "account"))


def reminder_list(session: Session, found_round: Round) -> list[OrganisationProgress]:
    """Organisations with a working link that have not submitted: whom to remind, and at which addresses."""
    return [
        row for row in status_board(session, found_round) if row.working_links and row.status != AnswerStatus.SUBMITTED
    ]


def summary(session: Session, found_round: Round) -> dict[str, int]:
    """The board's three totals, counted by the database (cheap enough for the admin start page)."""
    by_status = dict(
        session.execute(
            select(Response.status, func.count()).where(Response.round_id == found_round.id).group_by(Response.status)
        ).all()
    )
    answering = select(Response.organisation_id).where(Response.round_id == found_round.id)
    not_started = session.scalar(
        select(func.count(func.distinct(Invitation.organisation_id))).where(
            Invitation.round_id == found_round.id, Invitation.organisation_id.not_in(answering)
        )
    )
    return {
        AnswerStatus.NOT_STARTED.value: not_started or 0,
        AnswerStatus.DRAFT.value: by_status.get("draft", 0),
        AnswerStatus.SUBMITTED.value: by_status.get("submitted", 0),
    }
