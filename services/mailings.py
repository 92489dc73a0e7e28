"""Invitations and reminders by e-mail (SPEC §8): whom to write, a link per contact, one queued message each.

Both return one `MailingLine` per contact (or per organisation without contacts), which `send-invitations`,
`send-reminders` and the admin console show as CODE, EMAIL, STATUS. The statuses are the fixed set `STATUSES`.
Nothing is sent here: messages are queued in the outbox (in the caller's transaction) and the worker sends them.

- An invitation makes one link per contact (`Invitation.contact_email`); a contact who already holds a working
  link of the round is skipped, so running it twice mails nobody twice.
- A reminder goes to every contact of an invited organisation that has not submitted (not started or a draft,
  with how far it has come), at most once per organisation and day (the day in Sweden). It carries a fresh link
  for the contact: links are stored hashed, so the earlier one cannot be repeated, and it is not revoked, so no one
  answering through it is cut off.
"""

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Contact, Invitation, Organisation, OutboxMessage, Round, RoundStatus, utcnow
from services.contacts import contacts_of
from services.errors import NotFound, ServiceError
from services.invitations import create_invitations
from services.mail.outbox import queue_message
from services.mail_texts import closes_text, progress_text, render, text_of
from services.round_progress import AnswerStatus, OrganisationProgress, status_board
from vocabulary.organisation_types import type_codes

QUEUED, DRY_RUN, SKIPPED_HAS_LINK, SKIPPED_TODAY, NO_CONTACTS = (
    "queued",
    "dry-run",
    "skipped-has-link",
    "skipped-today",
    "no-contacts",
)
STATUSES = (QUEUED, DRY_RUN, SKIPPED_HAS_LINK, SKIPPED_TODAY, NO_CONTACTS)
#: Whose day "today" is for the once-a-day rule.
LOCAL_ZONE = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class MailingLine:
    code: str
    email: str
    status: str

    def __str__(self) -> str:
        return f"{self.code}\t{self.email}\t{self.status}"


def check_open(found_round: Round) -> None:
    if found_round.status() != RoundStatus.OPEN:
        raise ServiceError(_("The round “%(slug)s” is not open; open it before mailing.", slug=found_round.slug))


def choose_organisations(
    session: Session, *, organisation_type: str | None = None, codes: tuple[str, ...] = ()
) -> list[Organisation]:
    """The organisations of the codes and of the type; every organisation when neither is given."""
    if organisation_type and organisation_type not in type_codes():
        raise NotFound(_("There is no organisation type “%(type)s”.", type=organisation_type))
    chosen: dict[int, Organisation] = {}
    if codes:
        by_code = {o.code: o for o in session.scalars(select(Organisation).where(Organisation.code.in_(codes)))}
        unknown = [code for code in codes if code not in by_code]
        if unknown:
            raise NotFound(_("There is no organisation with the code “%(code)s”.", code=unknown[0]))
        chosen |= {o.id: o for o in by_code.values()}
    if organisation_type or not codes:
        query = select(Organisation)
        if organisation_type:
            query = query.where(Organisation.type == organisation_type)
        chosen |= {o.id: o for o in session.scalars(query)}
    return sorted(chosen.values(), key=lambda o: o.code)


def send_invitations(
    session: Session, found_round: Round, organisations: list[Organisation], *, actor: str, dry_run: bool = False
) -> list[MailingLine]:
    """Queue an invitation with a new link to each contact without a working link. Flushes, no commit."""
    check_open(found_round)
    linked = _contacts_with_working_links(session, found_round)
    lines = []
    for organisation in organisations:
        contacts = contacts_of(session, organisation)
        if not contacts:
            lines.append(MailingLine(organisation.code, "", NO_CONTACTS))
        for contact in contacts:
            if (organisation.id, contact.email) in linked:
                status = SKIPPED_HAS_LINK
            elif dry_run:
                status = DRY_RUN
            else:
                _mail_with_link(session, found_round, contact, "invitation", actor=actor)
                status = QUEUED
            lines.append(MailingLine(organisation.code, contact.email, status))
    return lines


def send_reminders(session: Session, found_round: Round, *, actor: str, dry_run: bool = False) -> list[MailingLine]:
    """Queue a reminder to each contact of every invited organisation that has not submitted. Flushes, no commit."""
    check_open(found_round)
    reminded_today = _reminded_since(session, found_round, start_of_today())
    rows = [row for row in status_board(session, found_round) if row.status != AnswerStatus.SUBMITTED]
    lines = []
    for row in sorted(rows, key=lambda r: r.organisation.code):
        organisation = row.organisation
        contacts = contacts_of(session, organisation)
        if not contacts:
            lines.append(MailingLine(organisation.code, "", NO_CONTACTS))
        for contact in contacts:
            if organisation.id in reminded_today:
                status = SKIPPED_TODAY
            elif dry_run:
                status = DRY_RUN
            else:
                _mail_with_link(session, found_round, contact, "reminder", actor=actor, row=row)
                status = QUEUED
            lines.append(MailingLine(organisation.code, contact.email, status))
    return lines


def start_of_today(now: datetime | None = None) -> datetime:
    local = (now or utcnow()).astimezone(LOCAL_ZONE)
    return datetime.combine(local.date(), time(0), tzinfo=LOCAL_ZONE)


def mail_values(found_round: Round, organisation: Organisation, language: str, link: str, row=None) -> dict:
    """The placeholders' values for one contact; `row` (the status board's) gives a reminder's progress."""
    values = {"organisation": organisation.name(language), "link": link, "closes": closes_text(found_round, language)}
    if row is not None:
        started = row.status == AnswerStatus.DRAFT
        values["progress"] = progress_text(row.answered, row.total, started, language)
    return values


def _mail_with_link(
    session: Session,
    found_round: Round,
    contact: Contact,
    kind: str,
    *,
    actor: str,
    row: OrganisationProgress | None = None,
) -> OutboxMessage:
    organisation = contact.organisation
    issued = create_invitations(
        session, found_round, [organisation], actor=actor, contact_email=contact.email, contact_name=contact.name
    )[0]
    values = mail_values(found_round, organisation, contact.language, issued.url, row)
    mail = render(text_of(session, found_round, kind, contact.language), values)
    return queue_message(
        session,
        to=contact.email,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        kind=kind,
        organisation_id=organisation.id,
        round_id=found_round.id,
        contact_id=contact.id,
    )


def _contacts_with_working_links(session: Session, found_round: Round) -> set[tuple[int, str]]:
    links = session.scalars(select(Invitation).where(Invitation.round_id == found_round.id))
    return {(link.organisation_id, link.contact_email) for link in links if link.contact_email and link.is_usable()}


def _reminded_since(session: Session, found_round: Round, since: datetime) -> set[int]:
    query = select(OutboxMessage.organisation_id).where(
        OutboxMessage.round_id == found_round.id,
        OutboxMessage.kind == "reminder",
        OutboxMessage.created_at >= since,
    )
    return set(session.scalars(query))
