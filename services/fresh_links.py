"""A fresh link for one organisation in one round (SPEC §8): every link of the organisation that still works in
that round is revoked, and a new one is made per contact person and queued to them by e-mail in their language.
An organisation without contacts gets one link, which the admin is shown once (as on the invitations page).

Allowed in a closed round too: there a link only reads (the organisation's results and receipt), which is what
someone who lost theirs after the close needs. All in the caller's transaction: the old links stop working exactly
when the new ones exist and their messages are queued.
"""

from dataclasses import dataclass, field

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select

from models import Invitation, Organisation, Round
from services import audit
from services.contacts import contacts_of
from services.invitations import IssuedInvitation, issue_link, revoke
from services.mail.outbox import queue_message
from services.receipts import in_language


@dataclass
class FreshLinks:
    revoked: int = 0
    #: Addresses a new link was queued to.
    mailed: list[str] = field(default_factory=list)
    #: The one link to show when the organisation has no contacts.
    shown: IssuedInvitation | None = None


def send_fresh_links(session, found_round: Round, organisation: Organisation, *, actor: str) -> FreshLinks:
    result = FreshLinks()
    for invitation in organisation_links(session, found_round, organisation):
        if invitation.revoked_at is None:
            revoke(session, invitation, actor=actor)
            result.revoked += 1
    contacts = contacts_of(session, organisation)
    for contact in contacts:
        issued = issue_link(
            session, found_round, organisation, actor=actor, contact_name=contact.name, contact_email=contact.email
        )
        with in_language(contact.language):
            subject, text, html = _message(found_round, organisation, contact.language, issued.url)
        queue_message(
            session,
            to=contact.email,
            subject=subject,
            text=text,
            html=html,
            kind="invitation",
            organisation_id=organisation.id,
            round_id=found_round.id,
            contact_id=contact.id,
        )
        result.mailed.append(contact.email)
    if not contacts:
        result.shown = issue_link(session, found_round, organisation, actor=actor)
    audit.record(
        session,
        "invitation.fresh",
        actor,
        object_type="organisation",
        object_id=organisation.id,
        organisation_id=organisation.id,
        round=found_round.slug,
        revoked=str(result.revoked),
        mailed=str(len(result.mailed)),
    )
    return result


def organisation_links(session, found_round: Round, organisation: Organisation) -> list[Invitation]:
    found = select(Invitation).where(
        Invitation.round_id == found_round.id, Invitation.organisation_id == organisation.id
    )
    return list(session.scalars(found))


def _message(found_round: Round, organisation: Organisation, language: str, url: str) -> tuple[str, str, str]:
    context = {
        "round": found_round,
        "round_title": found_round.title(language),
        "organisation_name": organisation.name(language),
        "closed": found_round.status().value == "closed",
        "link": url,
        "language": language,
    }
    subject = _(
        "A new link to %(round)s for %(organisation)s",
        round=context["round_title"],
        organisation=context["organisation_name"],
    )
    return (
        subject,
        render_template("mail/fresh_link.txt", **context),
        render_template("mail/fresh_link.html", **context),
    )
