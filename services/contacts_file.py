"""The contacts file of SPEC §8: CSV with the header `organisation,name,email,role`, UTF-8, one contact per line.

`import_contacts` checks every line first and raises `ImportRefused` listing every problem with its line number,
or writes them all: a line whose (organisation, e-mail) exists updates the name and role, a new one is added,
contacts the file does not mention stay. Importing the same file again changes nothing (no update, no audit event).
`write_contacts` writes every contact in the same format, so an export imported again changes nothing either.
Cells are escaped against spreadsheet formulas as in services/csv_format.py.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Contact, Organisation
from services import audit
from services.contacts import ContactDetails, add_contact, checked_details, update_contact
from services.csv_format import write_table
from services.errors import ServiceError
from services.import_files import Problem, Table
from services.importing import ImportRefused

HEADER = ("organisation", "name", "email", "role")
HEADER_TEXT = ",".join(HEADER)


@dataclass(frozen=True)
class PlannedContact:
    line: int
    organisation: Organisation
    details: ContactDetails


@dataclass(frozen=True)
class ContactsSummary:
    rows: int
    added: int
    updated: int
    unchanged: int


def plan_contacts(session: Session, table: Table) -> list[PlannedContact]:
    """Every line checked; ImportRefused with every problem, or the contacts to write."""
    problems = list(table.problems)
    rows = [(line, cells) for line, cells in table.rows if any(cell.strip() for cell in cells)]
    if not rows:
        if not problems:
            problems.append(Problem(1, _("The file is empty. It needs the header “%(header)s”.", header=HEADER_TEXT)))
        raise ImportRefused(problems)
    header_line, header = rows[0]
    if [cell.strip().lower() for cell in header] != list(HEADER):
        problems.append(Problem(header_line, _("The first line must be the header “%(header)s”.", header=HEADER_TEXT)))
        raise ImportRefused(problems)
    organisations = {o.code: o for o in session.scalars(select(Organisation))}
    planned: list[PlannedContact] = []
    seen: dict[tuple[str, str], int] = {}
    for line, cells in rows[1:]:
        try:
            planned.append(_check_line(line, cells, organisations, seen))
        except ServiceError as exc:
            problems.append(Problem(line, exc.message))
    if problems:
        raise ImportRefused(problems)
    return planned


def _check_line(
    line: int, cells: list[str], organisations: dict[str, Organisation], seen: dict[tuple[str, str], int]
) -> PlannedContact:
    if len(cells) != len(HEADER):
        raise ServiceError(_("Expected 4 columns (organisation, name, email, role), found %(n)d.", n=len(cells)))
    code, name, email, role = (cell.strip() for cell in cells)
    organisation = organisations.get(code)
    if organisation is None:
        raise ServiceError(_("There is no organisation with the code “%(code)s”.", code=code))
    if not name:
        raise ServiceError(_("The name is missing."))
    details = checked_details(ContactDetails(name, email, role))
    first = seen.setdefault((code, details.email), line)
    if first != line:
        raise ServiceError(_("Repeats line %(line)d (the same organisation and e-mail).", line=first))
    return PlannedContact(line, organisation, details)


def import_contacts(session: Session, table: Table, *, actor: str) -> ContactsSummary:
    """Check, then write every line; flushes, never commits."""
    planned = plan_contacts(session, table)
    existing = {(c.organisation_id, c.email): c for c in session.scalars(select(Contact))}
    added = updated = 0
    for item in planned:
        contact = existing.get((item.organisation.id, item.details.email))
        if contact is None:
            add_contact(session, item.organisation, item.details, actor=actor)
            added += 1
            continue
        # The file has no language column: a contact's language, set on the admin page, is kept.
        details = ContactDetails(item.details.name, item.details.email, item.details.role, contact.language)
        updated += update_contact(session, contact, details, actor=actor)
    summary = ContactsSummary(len(planned), added, updated, len(planned) - added - updated)
    if added or updated:
        audit.record(session, "contacts.import", actor, rows=summary.rows, added=added, updated=updated)
    return summary


def contact_rows(session: Session) -> Iterable[tuple[str, str, str, str]]:
    query = select(Organisation.code, Contact.name, Contact.email, Contact.role).join(Organisation)
    for row in session.execute(query.order_by(Organisation.code, Contact.email)):
        yield tuple(row)


def write_contacts(session: Session, stream: TextIO) -> int:
    """Every contact in the import format; returns the number of contacts written."""
    return write_table(HEADER, contact_rows(session), stream)
