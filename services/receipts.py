"""The receipt e-mail (SPEC §8): after a submit, every contact of the organisation gets one, in the contact's
language, with the round's title, when it was submitted, when the round closes and links to the organisation's
results and receipt.

Queued in the submit's own transaction (`services/responses.py::submit` calls `queue_receipts` only when its
conditional UPDATE submitted the response), so a submit never exists without its receipts, and a repeated submit
(a double click, a replayed post) submits nothing and queues nothing.

Who gets one: each contact of the organisation, and the logged-in user who submitted if that address is not a
contact's (in the language of the page they submitted from). Imports with `--submit` send none: an admin's bulk
action on answers that came by file, not an organisation pressing Submit (services/import_writer.py).
"""

from contextlib import contextmanager

from flask import g, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from models import Response
from services.contacts import contacts_of
from services.links import absolute_url
from services.mail.outbox import queue_message
from services.users import normalise_email
from vocabulary.languages import current_language


def receipt_recipients(session, response: Response, submitter_email: str | None) -> list[tuple[str, str, int | None]]:
    """(address, language, contact id) for everyone who gets the receipt, each address once."""
    recipients = [(c.email, c.language, c.id) for c in contacts_of(session, response.organisation)]
    known = {address for address, _language, _id in recipients}
    if submitter_email and normalise_email(submitter_email) not in known:
        recipients.append((normalise_email(submitter_email), current_language(), None))
    return recipients


def queue_receipts(session, response: Response, *, submitter_email: str | None = None) -> int:
    """Queue one receipt per recipient (flush, no commit); returns how many."""
    links = {
        "results_url": absolute_url("results.show", round=response.round.slug),
        "receipt_url": absolute_url("respond.receipt", slug=response.round.slug),
    }
    recipients = receipt_recipients(session, response, submitter_email)
    for address, language, contact_id in recipients:
        with in_language(language):
            subject, text, html = _render(response, language, links)
        queue_message(
            session,
            to=address,
            subject=subject,
            text=text,
            html=html,
            kind="receipt",
            organisation_id=response.organisation_id,
            round_id=response.round_id,
            contact_id=contact_id,
        )
    return len(recipients)


@contextmanager
def in_language(language: str):
    """Render in `language`, whatever the request's: templates keep the request's catalogue in `g`
    (views/i18n.py), so it is set aside while the mail is rendered and put back after."""
    kept = g.pop("_babel_catalogue", None)
    try:
        with force_locale(language):
            yield
    finally:
        g.pop("_babel_catalogue", None)
        if kept is not None:
            g._babel_catalogue = kept


def _render(response: Response, language: str, links: dict[str, str]) -> tuple[str, str, str]:
    context = {
        "response": response,
        "round_title": response.round.title(language),
        "organisation_name": response.organisation.name(language),
        "receipt_number": f"{response.round.slug}-{response.organisation.code}-{response.id}",
        "language": language,
        **links,
    }
    subject = _(
        "Receipt: %(organisation)s has submitted its answers to %(round)s",
        organisation=context["organisation_name"],
        round=context["round_title"],
    )
    return subject, render_template("mail/receipt.txt", **context), render_template("mail/receipt.html", **context)
