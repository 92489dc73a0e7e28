"""A round's invitation and reminder texts (SPEC §8): defaults, checking, storing and rendering.

A text is a subject and a body with placeholders in braces: `{organisation}`, `{link}`, `{closes}`, and in
reminders `{progress}`. Only those names are allowed, bare (no `{organisation.name}`, no `{link!r}`), so a typo
is caught when the admin saves, not when 347 messages go out; `{{` and `}}` stand for a literal brace.
The default texts are gettext strings rendered in the contact's language, so they read naturally in both.
"""

import string
from dataclasses import dataclass

from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import MAIL_TEXT_KINDS, Round, RoundMailText, utcnow
from services.errors import ServiceError

LANGUAGES = ("sv", "en")
PLACEHOLDERS = {
    "invitation": ("organisation", "link", "closes"),
    "reminder": ("organisation", "link", "closes", "progress"),
}
SUBJECT_LENGTH = 300


@dataclass(frozen=True)
class MailText:
    subject: str
    body: str


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


class TemplateError(ServiceError):
    """A text that cannot be rendered; `field` names the form field it belongs beside."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


def default_text(kind: str, language: str) -> MailText:
    with force_locale(language):
        if kind == "invitation":
            return MailText(
                _("Invitation: the collaboration survey for {organisation}"),
                _(
                    "Hello,\n\n{organisation} is invited to answer this year's survey on collaboration in "
                    "spatial planning. Colleagues share one joint answer; the answers are saved as you go.\n\n"
                    "Open the survey: {link}\n\nLast day to answer: {closes}.\n\nThank you for taking part!"
                ),
            )
        return MailText(
            _("Reminder: the collaboration survey for {organisation}"),
            _(
                "Hello,\n\nA reminder that {organisation} has not yet submitted its answer to the survey on "
                "collaboration in spatial planning. So far: {progress}.\n\nContinue here: {link}\n\n"
                "Last day to answer: {closes}.\n\nThank you!"
            ),
        )


def check_template(kind: str, value: str, field: str) -> str:
    """`value` if every placeholder is known and every brace matched; TemplateError naming the fault otherwise."""
    allowed = PLACEHOLDERS[kind]
    try:
        parsed = list(string.Formatter().parse(value))
    except ValueError:
        raise TemplateError(_("Unmatched brace: write {{ or }} for a brace of its own."), field) from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            known = ", ".join("{" + n + "}" for n in allowed)
            raise TemplateError(
                _("Unknown placeholder {%(name)s}; the known ones are %(known)s.", name=name, known=known), field
            )
    return value


def text_of(session: Session, found_round: Round, kind: str, language: str) -> MailText:
    """The round's own text for kind and language, else the default."""
    stored = _stored(session, found_round, kind, language)
    return MailText(stored.subject, stored.body) if stored else default_text(kind, language)


def save_texts(session: Session, found_round: Round, kind: str, texts: dict[str, MailText], *, actor: str) -> None:
    """Check every language's text first, then store them all (nothing half saved). Flushes, no commit."""
    if kind not in MAIL_TEXT_KINDS:
        raise ServiceError(_("There is no such kind of message."))
    for language, text in texts.items():
        if not text.subject.strip() or "\n" in text.subject.strip() or len(text.subject) > SUBJECT_LENGTH:
            raise TemplateError(_("Enter a subject on one line."), f"subject_{language}")
        check_template(kind, text.subject, f"subject_{language}")
        check_template(kind, text.body, f"body_{language}")
    for language, text in texts.items():
        stored = _stored(session, found_round, kind, language) or RoundMailText(
            round_id=found_round.id, kind=kind, language=language
        )
        stored.subject, stored.body = text.subject.strip(), text.body
        stored.updated_at, stored.updated_by = utcnow(), actor
        session.add(stored)
    session.flush()


def render(text: MailText, values: dict[str, str]) -> RenderedMail:
    """Subject, plain text and HTML; in the HTML every value and every letter of the text is escaped."""
    subject = text.subject.format(**values)
    body = text.body.format(**values)
    html_values = {name: escape(value) for name, value in values.items()}
    if "link" in values:
        html_values["link"] = Markup('<a href="{0}">{0}</a>').format(values["link"])
    paragraphs = [_html_paragraph(part, html_values) for part in text.body.split("\n\n")]
    return RenderedMail(subject, body, "\n".join(paragraphs))


def _html_paragraph(template: str, html_values: dict[str, Markup]) -> str:
    pieces = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        pieces.append(escape(literal).replace("\n", Markup("<br>\n")))
        if name is not None:
            pieces.append(html_values[name])
    return "<p>" + "".join(str(piece) for piece in pieces) + "</p>"


def closes_text(found_round: Round, language: str) -> str:
    if found_round.closes_at is None:
        with force_locale(language):
            return _("to be announced")
    return format_date(found_round.closes_at.date(), format="long", locale=language)


def progress_text(answered: int, total: int, started: bool, language: str) -> str:
    with force_locale(language):
        if not started:
            return _("not started")
        return _("%(answered)d of %(total)d questions answered", answered=answered, total=total)


def sample_values(found_round: Round, organisation_name: str, language: str) -> dict:
    """Values for a preview or a test message: a made-up link and a draft half way."""
    return {
        "organisation": organisation_name,
        "link": "https://example.invalid/svara/exempel",
        "closes": closes_text(found_round, language),
        "progress": progress_text(12, 40, True, language),
    }


def _stored(session: Session, found_round: Round, kind: str, language: str) -> RoundMailText | None:
    query = select(RoundMailText).where(
        RoundMailText.round_id == found_round.id, RoundMailText.kind == kind, RoundMailText.language == language
    )
    return session.scalar(query)
