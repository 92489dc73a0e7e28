"""Invitation links: created in bulk, looked up by their secret, revoked by admins.

The secret has 256 bits from `secrets`; only its SHA-256 is stored. A fast hash is right here (unlike for
passwords): the secret is random and long, so there is nothing to guess from the hash.
"""

import hashlib
import secrets
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Invitation, Organisation, Round, RoundStatus, utcnow
from services import audit
from services.errors import NotFound, ServiceError
from services.links import absolute_url

TOKEN_BYTES = 32


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str
    url: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str, base_url: str | None = None) -> str:
    """The link a respondent opens; its start follows services/links.py (BASE_URL, the request, PORT)."""
    return absolute_url("respond.open_invitation", token=token, base_url=base_url)


def create_invitations(
    session: Session,
    found_round: Round,
    organisations: list[Organisation],
    *,
    actor: str,
    base_url: str | None = None,
    contact_email: str | None = None,
    contact_name: str | None = None,
) -> list[IssuedInvitation]:
    """One new link per organisation. Each call makes new links; earlier ones keep working until revoked."""
    if found_round.status() == RoundStatus.CLOSED:
        raise ServiceError(_("The round “%(slug)s” is closed; its links would not work.", slug=found_round.slug))
    return [
        issue_link(
            session,
            found_round,
            organisation,
            actor=actor,
            base_url=base_url,
            contact_email=contact_email,
            contact_name=contact_name,
        )
        for organisation in organisations
    ]


def issue_link(
    session: Session,
    found_round: Round,
    organisation: Organisation,
    *,
    actor: str,
    base_url: str | None = None,
    contact_email: str | None = None,
    contact_name: str | None = None,
) -> IssuedInvitation:
    """One new link, audited. No check of the round's state: a fresh link of a closed round only reads (SPEC §8)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = Invitation(
        organisation=organisation,
        round=found_round,
        token_hash=hash_token(token),
        created_by=actor,
        contact_email=contact_email,
        contact_name=contact_name,
    )
    session.add(invitation)
    session.flush()
    audit.record(
        session,
        "invitation.create",
        actor,
        object_type="invitation",
        object_id=invitation.id,
        organisation_id=organisation.id,
        round=found_round.slug,
    )
    return IssuedInvitation(invitation, token, invitation_url(token, base_url))


def find_by_token(session: Session, token: str) -> Invitation | None:
    """The invitation whose secret is `token`, whether usable or not (the caller checks `is_usable`)."""
    if not token or len(token) > 128:
        return None
    return session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))


def find_by_id(session: Session, invitation_id: int) -> Invitation | None:
    return session.get(Invitation, invitation_id)


def record_opening(session: Session, invitation: Invitation) -> None:
    """The link was opened: counted on the invitation and written to the audit log."""
    invitation.last_used_at = utcnow()
    invitation.use_count = (invitation.use_count or 0) + 1
    audit.record(
        session,
        "invitation.open",
        invitation.actor,
        object_type="invitation",
        object_id=invitation.id,
        organisation_id=invitation.organisation_id,
    )


def revoke(session: Session, invitation: Invitation, *, actor: str) -> None:
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit.record(
            session,
            "invitation.revoke",
            actor,
            object_type="invitation",
            object_id=invitation.id,
            organisation_id=invitation.organisation_id,
        )


def invitations_of(session: Session, found_round: Round) -> list[Invitation]:
    """Every invitation of the round, by organisation code and then newest first."""
    found = session.scalars(select(Invitation).where(Invitation.round_id == found_round.id))
    return sorted(found, key=lambda i: (i.organisation.code, -i.id))


def get_invitation(session: Session, invitation_id: int) -> Invitation:
    found = session.get(Invitation, invitation_id)
    if found is None:
        raise NotFound(_("There is no such invitation."))
    return found


def issued_from_tokens(
    session: Session, found_round: Round, tokens: list[str], *, base_url: str | None = None
) -> list[IssuedInvitation]:
    """The invitations of `found_round` whose secrets are `tokens`, for downloading links just shown on a page.

    Unknown secrets, and those of other rounds, are skipped: the download only repeats links that work.
    """
    issued = []
    for token in dict.fromkeys(tokens):
        invitation = find_by_token(session, token)
        if invitation is not None and invitation.round_id == found_round.id and invitation.is_usable():
            issued.append(IssuedInvitation(invitation, token, invitation_url(token, base_url)))
    return sorted(issued, key=lambda item: item.invitation.organisation.code)
