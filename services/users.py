"""User accounts: creating them and checking a login."""

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from models import ROLES, ApiToken, Organisation, Role, User, utcnow
from services import audit, login_sessions
from services.errors import Conflict, NotFound, ServiceError
from services.password_policy import password_problem
from services.passwords import hash_password, needs_rehash, verify_password


class WrongPassword(ServiceError):
    """The current password given to change it was wrong."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(
    session: Session,
    email: str,
    role: str,
    *,
    actor: str,
    organisation_code: str | None = None,
    password: str | None = None,
) -> User:
    email = normalise_email(email)
    if "@" not in email or len(email) > 254 or email.startswith("@") or email.endswith("@"):
        raise ServiceError(_("“%(email)s” is not an e-mail address.", email=email))
    if role not in ROLES:
        raise ServiceError(_("Unknown role “%(role)s”; use admin, reviewer or respondent.", role=role))
    organisation = None
    if organisation_code:
        organisation = session.scalar(select(Organisation).where(Organisation.code == organisation_code))
        if organisation is None:
            raise NotFound(_("There is no organisation with the code “%(code)s”.", code=organisation_code))
    if role == Role.RESPONDENT and organisation is None:
        raise ServiceError(_("A respondent must belong to an organisation (--organisation CODE)."))
    if password is not None:
        problem = password_problem(password, email=email)
        if problem:
            raise ServiceError(problem)
    if find_user(session, email) is not None:
        raise Conflict(_("A user with the e-mail address %(email)s already exists.", email=email))
    user = User(
        email=email,
        role=role,
        organisation=organisation,
        password_hash=hash_password(password) if password else None,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        "user.create",
        actor,
        object_type="user",
        object_id=user.id,
        organisation_id=organisation.id if organisation else None,
        role=role,
    )
    return user


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.email)))


def emails_by_id(session: Session, user_ids: set[int]) -> dict[int, str]:
    return dict(session.execute(select(User.id, User.email).where(User.id.in_(user_ids))).all())


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None; unknown users cost the same time as wrong ones.
    Either outcome is written to the audit log (a failure with the address's domain only)."""
    user = find_user(session, email)
    valid = verify_password(user.password_hash if user else None, password)
    if not valid or user is None or not user.active:
        domain = email.rsplit("@", 1)[-1][:100] if "@" in email else ""
        audit.record(session, "login.failure", "anonymous", detail_email_domain=domain)
        return None
    if needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    audit.record(session, "login.success", f"user:{user.id}", object_type="user", object_id=user.id)
    return user


def record_logout(session: Session, user_id: int) -> None:
    audit.record(session, "logout", f"user:{user_id}", object_type="user", object_id=user_id)


def set_password(session: Session, user: User, password: str, *, actor: str, reason: str = "password") -> None:
    """Give `user` a new password and end all their sessions: a copied cookie stops working with the old password.

    Raises ServiceError when the password is not good enough.
    """
    problem = password_problem(password, email=user.email)
    if problem:
        raise ServiceError(problem)
    user.password_hash = hash_password(password)
    login_sessions.end_all(session, user, reason)
    session.flush()
    audit.record(session, "user.password_set", actor, object_type="user", object_id=user.id)


def change_password(session: Session, user: User, current: str, new: str, *, keep_token: str | None) -> None:
    """The user changes their own password; the current one must be right. Other sessions end, this one stays."""
    if not verify_password(user.password_hash, current):
        raise WrongPassword(_("The current password is wrong."))
    problem = password_problem(new, email=user.email)
    if problem:
        raise ServiceError(problem)
    user.password_hash = hash_password(new)
    login_sessions.end_all(session, user, "password", keep_token=keep_token)
    session.flush()
    audit.record(session, "user.password_change", f"user:{user.id}", object_type="user", object_id=user.id)


def revoke_tokens_of(session: Session, user: User, *, actor: str, reason: str) -> int:
    """Revoke every live API token of `user` for good (a disable or a role change): what the token could read was
    granted to the account as it was, so bringing the account or the role back must not bring the token back."""
    revoked = session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if revoked:
        audit.record(
            session, "token.revoke_all", actor, object_type="user", object_id=user.id, reason=reason, count=revoked
        )
    return revoked


def _other_active_admins(session: Session, user: User) -> int:
    return len(
        session.scalars(select(User.id).where(User.role == Role.ADMIN, User.active.is_(True), User.id != user.id)).all()
    )


def change_role(session: Session, user: User, role: str, *, actor: str, organisation_code: str | None = None) -> None:
    """Set a user's role (and organisation, for respondents). The last active admin keeps the admin role."""
    if role not in ROLES:
        raise ServiceError(_("Unknown role “%(role)s”; use admin, reviewer or respondent.", role=role))
    organisation = None
    if role == Role.RESPONDENT:
        if not organisation_code:
            raise ServiceError(_("A respondent must belong to an organisation."))
        organisation = session.scalar(select(Organisation).where(Organisation.code == organisation_code))
        if organisation is None:
            raise NotFound(_("There is no organisation with the code “%(code)s”.", code=organisation_code))
    if user.role == Role.ADMIN and role != Role.ADMIN and user.active and not _other_active_admins(session, user):
        raise ServiceError(_("This is the only active admin. Make someone else admin first."))
    old_role, old_organisation = user.role, user.organisation.code if user.organisation else None
    user.role = role
    user.organisation = organisation
    if role != old_role:
        revoke_tokens_of(session, user, actor=actor, reason="role")
    session.flush()
    audit.record(
        session,
        "user.role",
        actor,
        object_type="user",
        object_id=user.id,
        organisation_id=organisation.id if organisation else None,
        old_role=old_role,
        role=role,
        old_organisation=old_organisation,
        organisation=organisation.code if organisation else None,
    )


def set_active(session: Session, user: User, active: bool, *, actor: str) -> None:
    """Disable (every session of the user ends at once) or enable an account."""
    if user.active == active:
        return
    if user.erased_at is not None and active:
        raise ServiceError(_("An erased account cannot be enabled again; create a new one."))
    if not active and user.role == Role.ADMIN and not _other_active_admins(session, user):
        raise ServiceError(_("This is the only active admin. Make someone else admin first."))
    user.active = active
    user.disabled_at = None if active else utcnow()
    if not active:
        login_sessions.end_all(session, user, "disabled")
        revoke_tokens_of(session, user, actor=actor, reason="disabled")
    session.flush()
    audit.record(
        session,
        "user.enable" if active else "user.disable",
        actor,
        object_type="user",
        object_id=user.id,
        organisation_id=user.organisation_id,
    )


def end_sessions(session: Session, user: User, *, actor: str) -> int:
    """Log the user out everywhere."""
    ended = login_sessions.end_all(session, user, "admin")
    audit.record(
        session, "user.sessions_end", actor, object_type="user", object_id=user.id, organisation_id=user.organisation_id
    )
    return ended
