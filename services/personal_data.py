"""A contact person's data: find it, export it, erase it, and prune it after the retention period.

Personal data here is a user's e-mail address (and their account's activity), an invitation's contact name
and e-mail, and an organisation's contact persons (table `contacts`: name, e-mail, role, language). The
organisation's answers are official records (allmänna handlingar) and stay: erasing a person replaces
their address with a placeholder, so the change history still says `user:7` but no longer who that was. A contact
person's row is removed outright: it holds nothing but personal data.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from models import AuditEvent, Contact, Invitation, LoginSession, PasswordLink, Role, User, utcnow
from services import audit, login_sessions
from services.errors import ServiceError
from services.users import normalise_email

ERASED_DOMAIN = "erased.invalid"


@dataclass(frozen=True)
class PersonData:
    email: str
    users: list[User]
    invitations: list[Invitation]
    contacts: list[Contact] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.users or self.invitations or self.contacts)


@dataclass(frozen=True)
class Erased:
    accounts: int
    contacts: int
    contact_persons: int = 0


def find_person(session: Session, email: str) -> PersonData:
    """Every account, invitation contact and contact person with this e-mail address (case does not matter)."""
    email = normalise_email(email)
    users = list(session.scalars(select(User).where(func.lower(User.email) == email)))
    invitations = list(
        session.scalars(
            select(Invitation).where(func.lower(Invitation.contact_email) == email).order_by(Invitation.created_at)
        )
    )
    # Contact addresses are stored lower-cased (services/contacts.py).
    contacts = list(session.scalars(select(Contact).where(Contact.email == email).order_by(Contact.id)))
    return PersonData(email, users, invitations, contacts)


def _time(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def export_person(session: Session, person: PersonData, *, actor: str) -> dict[str, Any]:
    """All we hold about the person, as plain data for a JSON file (the register extract of GDPR art. 15)."""
    accounts = []
    for user in person.users:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.actor == f"user:{user.id}").order_by(AuditEvent.at)
        )
        accounts.append(
            {
                "email": user.email,
                "role": user.role,
                "organisation": user.organisation.code if user.organisation else None,
                "active": user.active,
                "created_at": _time(user.created_at),
                "last_login_at": _time(user.last_login_at),
                "disabled_at": _time(user.disabled_at),
                "activity": [
                    {"at": _time(e.at), "action": e.action, "object": f"{e.object_type}:{e.object_id}"} for e in events
                ],
            }
        )
    contacts = [
        {
            "organisation": invitation.organisation.code,
            "round": invitation.round.slug,
            "contact_name": invitation.contact_name,
            "contact_email": invitation.contact_email,
            "invited_at": _time(invitation.created_at),
            "last_used_at": _time(invitation.last_used_at),
        }
        for invitation in person.invitations
    ]
    persons = [_contact_person(contact) for contact in person.contacts]
    audit.record(
        session,
        "person.export",
        actor,
        accounts=len(accounts),
        contacts=len(contacts),
        contact_persons=len(persons),
    )
    return {
        "email": person.email,
        "exported_at": _time(utcnow()),
        "accounts": accounts,
        "invitation_contacts": contacts,
        "contact_persons": persons,
    }


def _contact_person(contact: Contact) -> dict[str, Any]:
    return {
        "organisation": contact.organisation.code,
        "name": contact.name,
        "email": contact.email,
        "role": contact.role,
        "language": contact.language,
        "created_at": _time(contact.created_at),
        "updated_at": _time(contact.updated_at),
    }


def _erase_user(session: Session, user: User, now: datetime) -> None:
    login_sessions.end_all(session, user, "erased")
    session.execute(delete(PasswordLink).where(PasswordLink.user_id == user.id))
    user.email = f"erased-{user.id}@{ERASED_DOMAIN}"
    user.password_hash = None
    user.active = False
    user.disabled_at = user.disabled_at or now
    user.erased_at = now


def _erase_contact(invitation: Invitation) -> None:
    invitation.contact_name = None
    invitation.contact_email = None


def erase_person(session: Session, person: PersonData, *, actor: str) -> Erased:
    """Erase the person's e-mail and name everywhere; accounts are disabled for good. Answers stay."""
    now = utcnow()
    admins = session.scalars(select(User.id).where(User.role == Role.ADMIN, User.active.is_(True))).all()
    if admins and set(admins) <= {user.id for user in person.users}:
        raise ServiceError(_("This is the only active admin. Make someone else admin first."))
    for user in person.users:
        _erase_user(session, user, now)
    for invitation in person.invitations:
        _erase_contact(invitation)
    # A contact person is nothing but personal data: the row goes (the organisation keeps no trace of who it was).
    for contact in person.contacts:
        session.delete(contact)
    session.flush()
    result = Erased(len(person.users), len(person.invitations), len(person.contacts))
    # The log says that someone was erased, never who: the address must not survive in the log either.
    audit.record(
        session,
        "person.erase",
        actor,
        accounts=result.accounts,
        contacts=result.contacts,
        contact_persons=result.contact_persons,
    )
    return result


@dataclass(frozen=True)
class Pruned:
    contacts: int
    accounts: int
    sessions: int
    password_links: int
    contact_persons: int = 0


def _stale_contact_persons(session: Session, cutoff: datetime) -> list[int]:
    """Contact persons not added or changed since `cutoff` whose organisation has had no invitation since then.

    Contacts are kept from round to round on purpose, so age alone does not prune them: an organisation still
    invited keeps its address book. One not invited for the whole retention period no longer needs it.
    """
    recent_invitation = select(Invitation.id).where(
        Invitation.organisation_id == Contact.organisation_id, Invitation.created_at >= cutoff
    )
    query = select(Contact.id).where(Contact.updated_at < cutoff, ~recent_invitation.exists())
    return list(session.scalars(query))


def prune(session: Session, *, retention: timedelta, actor: str, dry_run: bool = False) -> Pruned:
    """Erase contact data older than `retention`: invitation contacts made before then, accounts disabled before
    then, login sessions and password links that began before then, and contact persons of organisations not
    invited since then that nobody has changed since then. Active accounts are in use and stay."""
    cutoff = utcnow() - retention
    invitations = list(
        session.scalars(
            select(Invitation).where(
                Invitation.created_at < cutoff,
                or_(Invitation.contact_email.is_not(None), Invitation.contact_name.is_not(None)),
            )
        )
    )
    users = list(
        session.scalars(select(User).where(User.active.is_(False), User.erased_at.is_(None), User.disabled_at < cutoff))
    )
    old_sessions = select(LoginSession.id).where(LoginSession.created_at < cutoff)
    old_links = select(PasswordLink.id).where(PasswordLink.created_at < cutoff)
    stale_contacts = _stale_contact_persons(session, cutoff)
    result = Pruned(
        contacts=len(invitations),
        accounts=len(users),
        sessions=len(session.scalars(old_sessions).all()),
        password_links=len(session.scalars(old_links).all()),
        contact_persons=len(stale_contacts),
    )
    if dry_run:
        return result
    for invitation in invitations:
        _erase_contact(invitation)
    now = utcnow()
    for user in users:
        _erase_user(session, user, now)
    session.execute(delete(LoginSession).where(LoginSession.created_at < cutoff))
    session.execute(delete(PasswordLink).where(PasswordLink.created_at < cutoff))
    session.execute(delete(Contact).where(Contact.id.in_(stale_contacts)))
    session.flush()
    audit.record(session, "person.prune", actor, retention_days=retention.days, **result.__dict__)
    return result
