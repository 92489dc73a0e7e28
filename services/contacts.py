"""An organisation's names and its contact persons: add, change, remove, each written to the audit log.

Addresses are stored lower-cased and stripped (as users' are), so one address is one contact per organisation
whatever case it was typed in. Functions flush, never commit; the caller commits once.
"""

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import CONTACT_LANGUAGES, Contact, Organisation, utcnow
from services import audit
from services.errors import Conflict, NotFound, ServiceError
from services.users import normalise_email


@dataclass(frozen=True)
class ContactDetails:
    """What an admin or a file gives for one contact person."""

    name: str
    email: str
    role: str = ""
    language: str = "sv"


def checked_email(email: str) -> str:
    """The address normalised, or ServiceError saying it is not one (no DNS lookup: the check must be offline)."""
    email = normalise_email(email)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise ServiceError(_("“%(email)s” is not an e-mail address.", email=email)) from None
    return email


def contacts_of(session: Session, organisation: Organisation) -> list[Contact]:
    query = select(Contact).where(Contact.organisation_id == organisation.id).order_by(Contact.name, Contact.email)
    return list(session.scalars(query))


def get_contact(session: Session, organisation: Organisation, contact_id: int) -> Contact:
    """The organisation's contact with this id; another organisation's contact is not found here."""
    found = session.get(Contact, contact_id)
    if found is None or found.organisation_id != organisation.id:
        raise NotFound(_("There is no such contact person."))
    return found


def _taken(session: Session, organisation: Organisation, email: str, except_id: int | None = None) -> bool:
    query = select(Contact.id).where(Contact.organisation_id == organisation.id, Contact.email == email)
    if except_id is not None:
        query = query.where(Contact.id != except_id)
    return session.scalar(query) is not None


#: The columns' lengths (models/contact.py): PostgreSQL refuses a longer value, so it is refused here first.
NAME_LENGTH, EMAIL_LENGTH = 200, 254


def checked_details(details: ContactDetails) -> ContactDetails:
    """The details trimmed and checked (the importer checks every line with this before writing any)."""
    if not details.name.strip():
        raise ServiceError(_("Enter the contact person's name."))
    if len(details.name.strip()) > NAME_LENGTH or len(details.role.strip()) > NAME_LENGTH:
        raise ServiceError(_("A name or role may be at most %(n)d characters long.", n=NAME_LENGTH))
    if len(details.email.strip()) > EMAIL_LENGTH:
        raise ServiceError(_("“%(email)s” is not an e-mail address.", email=details.email.strip()[:40] + "…"))
    language = details.language if details.language in CONTACT_LANGUAGES else "sv"
    return ContactDetails(details.name.strip(), checked_email(details.email), details.role.strip(), language)


def add_contact(session: Session, organisation: Organisation, details: ContactDetails, *, actor: str) -> Contact:
    details = checked_details(details)
    if _taken(session, organisation, details.email):
        raise Conflict(_("%(email)s is already a contact person of this organisation.", email=details.email))
    contact = Contact(organisation_id=organisation.id, **details.__dict__)
    try:
        # Another admin may add the same address at the same moment: the unique constraint decides, and the
        # loser gets the same refusal as above instead of an error page.
        with session.begin_nested():
            session.add(contact)
    except IntegrityError:
        raise Conflict(_("%(email)s is already a contact person of this organisation.", email=details.email)) from None
    _record(session, "contact.add", actor, contact)
    return contact


def update_contact(session: Session, contact: Contact, details: ContactDetails, *, actor: str) -> bool:
    """Change the contact to `details`; False (and nothing recorded) when nothing changes."""
    details = checked_details(details)
    if _taken(session, contact.organisation, details.email, except_id=contact.id):
        raise Conflict(_("%(email)s is already a contact person of this organisation.", email=details.email))
    changed = [key for key, value in details.__dict__.items() if getattr(contact, key) != value]
    if not changed:
        return False
    for key in changed:
        setattr(contact, key, getattr(details, key))
    contact.updated_at = utcnow()
    session.flush()
    _record(session, "contact.update", actor, contact, fields=changed)
    return True


def remove_contact(session: Session, contact: Contact, *, actor: str) -> None:
    _record(session, "contact.remove", actor, contact)
    session.delete(contact)
    session.flush()


def _record(session: Session, action: str, actor: str, contact: Contact, **detail) -> None:
    # The log names the contact by id only: an address in the log would outlive an erasure.
    audit.record(
        session,
        action,
        actor,
        object_type="contact",
        object_id=contact.id,
        organisation_id=contact.organisation_id,
        **detail,
    )


def rename_organisation(
    session: Session, organisation: Organisation, name_sv: str, name_en: str, *, actor: str
) -> bool:
    """Give the organisation new names; False when they are the ones it has."""
    name_sv, name_en = name_sv.strip(), name_en.strip()
    if not name_sv or not name_en:
        raise ServiceError(_("Give the organisation a name in Swedish and in English."))
    if (organisation.name_sv, organisation.name_en) == (name_sv, name_en):
        return False
    before = {"name_sv": organisation.name_sv, "name_en": organisation.name_en}
    organisation.name_sv, organisation.name_en = name_sv, name_en
    session.flush()
    audit.record(
        session,
        "organisation.rename",
        actor,
        object_type="organisation",
        object_id=organisation.code,
        organisation_id=organisation.id,
        before=before,
        after={"name_sv": name_sv, "name_en": name_en},
    )
    return True
