"""Who may answer for which organisation: an invitation held in the session, or a logged-in respondent.

An invitation gives access to one organisation's response in one round and nothing else; a respondent account
gives access to its own organisation's responses. Everything else is refused with 403.
"""

from dataclasses import dataclass

from flask import abort, session
from flask_login import current_user

from extensions import db
from models import Invitation, Organisation, Role, Round
from services.errors import NotFound
from services.invitations import find_by_id
from services.rounds import get_round

INVITATION_KEY = "invitation_id"


@dataclass(frozen=True)
class RespondentAccess:
    organisation: Organisation
    round: Round
    #: Actor label for the change history and the audit log.
    actor: str
    #: The logged-in respondent's address (a receipt goes to it too); None for a link holder.
    submitter_email: str | None = None


def current_invitation() -> Invitation | None:
    """The invitation held in the session while it is not revoked. After its round closes it still reads (the
    organisation's results and receipt); the questionnaire pages refuse every edit of a round that is not open."""
    invitation_id = session.get(INVITATION_KEY)
    if invitation_id is None:
        return None
    invitation = find_by_id(db.session, invitation_id)
    if invitation is None or not invitation.is_readable():
        session.pop(INVITATION_KEY, None)
        return None
    return invitation


def respondent_access(slug: str) -> RespondentAccess:
    """The organisation the current visitor answers for in round `slug`, or a 403/404."""
    invitation = current_invitation()
    if invitation is not None and invitation.round.slug == slug:
        return RespondentAccess(invitation.organisation, invitation.round, invitation.actor)
    if current_user.is_authenticated and current_user.role == Role.RESPONDENT and current_user.organisation:
        try:
            found = get_round(db.session, slug)
        except NotFound:
            abort(404)
        return RespondentAccess(current_user.organisation, found, f"user:{current_user.id}", current_user.email)
    abort(403)
