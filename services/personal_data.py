"""A contact person's data: find it, export it, erase it, and prune it after the retention period.

Personal data here is a user's e-mail address (and their account's activity) and an invitation's contact name
and e-mail. The organisation's answers are official records (allmänna handlingar) and stay: erasing a person
replaces their address with a placeholder, so the change history still says `user:7` but no longer who that was.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from models import AuditEvent, Invitation, LoginSession, PasswordLink, Role, User, utcnow
from services import audit, login_sessions
from services.errors import ServiceError
from services.users import normalise_email

ERASED_DOMAIN = "erased.invalid"


@dataclass(frozen=True)
class PersonData:
    email: str
    users: list[User]
    invitations: list[Invitation]

    @property
    def found(self) -> bool:
        return bool(self.users or self.invitations)


@dataclass(frozen=True)
class Erased:
    accounts: int
    contacts: int


def find_person(session: Session, email: str) -> PersonData:
    """Every account and invitation contact with this e-mail address (case does not matter)."""
    email = normalise_email(email)
    users = list(session.scalars(select(User).where(func.lower(User.email) == email)))
    invitations = list(
        session.scalars(
            select(Invitation).where(func.lower(Invitation.contact_email) == email).order_by(Invitation.created_at)
        )
    )
    return PersonData(email, users, invitations)


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
    audit.record(session, "person.export", actor, accounts=len(accounts), contacts=len(contacts))
    return {
        "email": person.email,
        "exported_at": _time(utcnow()),
        "accounts": accounts,
        "invitation_contacts": contacts,
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
    session.flush()
    result = Erased(accounts=len(person.users), contacts=len(person.invitations))
    # The log says that someone was erased, never who: the address must not survive in the log either.
    audit.record(session, "person.erase", actor, accounts=result.accounts, contacts=result.contacts)
    return result


@dataclass(frozen=True)
class Pruned:
    contacts: int
    accounts: int
    sessions: int
    password_links: int


def prune(session: Session, *, retention: timedelta, actor: str, dry_run: bool = False) -> Pruned:
    """Erase contact data older than `retention`: invitation contacts made before then, accounts disabled before
    then, and login sessions and password links that began before then. Active accounts are in use and stay."""
    cutoff = utcnow() - retention
    now = utcnow()
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
    result = Pruned(
        contacts=len(invitations),
        accounts=len(users),
        sessions=len(session.scalars(old_sessions).all()),
        password_links=len(session.scalars(old_links).all()),
    )
    if dry_run:
        return result
    for invitation in invitations:
        _erase_contact(invitation)
    for user in users:
        _erase_user(session, user, now)
    session.execute(delete(LoginSession).where(LoginSession.created_at < cutoff))
    session.execute(delete(PasswordLink).where(PasswordLink.created_at < cutoff))
    session.flush()
    audit.record(
        session,
        "person.prune",
        actor,
        retention_days=retention.days,
        contacts=result.contacts,
        accounts=result.accounts,
        sessions=result.sessions,
        password_links=result.password_links,
    )
    return result
