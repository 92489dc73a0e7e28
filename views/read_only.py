"""A link holder after the round has closed (SPEC §8): the link still opens the organisation's receipt and results
for that round, read-only. The questionnaire pages themselves refuse edits of a round that is not open
(views/respond.py answers them with respond/closed.html and 409), so nothing here writes answers."""

from flask import url_for

from extensions import db
from models import Invitation, RoundStatus
from services.responses import find_response


def after_opening(invitation: Invitation) -> str:
    """Where an opened link goes: the questionnaire's start while the round runs; once it has closed, the receipt
    when the organisation submitted (it links to the results), else the start page, which says it is closed."""
    slug = invitation.round.slug
    if invitation.round.status() == RoundStatus.CLOSED:
        response = find_response(db.session, invitation.organisation, invitation.round)
        if response is not None and response.is_submitted:
            return url_for("respond.receipt", slug=slug)
    return url_for("respond.landing", slug=slug)
