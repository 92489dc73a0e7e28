"""User accounts: creating them and checking a login."""

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import ROLES, Organisation, Role, User, utcnow
from services import audit
from services.errors import Conflict, NotFound, ServiceError
from services.passwords import hash_password, needs_rehash, verify_password

MIN_PASSWORD_LENGTH = 12


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_problem(password: str) -> str | None:
    """Why a password is not good enough, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("The password must be at least %(n)d characters long.", n=MIN_PASSWORD_LENGTH)
    return None


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
        problem = password_problem(password)
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


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None; unknown users cost the same time as wrong ones."""
    user = find_user(session, email)
    valid = verify_password(user.password_hash if user else None, password)
    if not valid or user is None or not user.active:
        return None
    if needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user
