"""One organisation's response to a round as an admin reads it: its answers, and every change with who made it.

The history comes from `answer_changes`, oldest first. Actor labels are resolved for people to read: `user:3`
becomes the user's address (an erased user's placeholder, once erased), `invitation:12` the link and the round it
belongs to; `import`, `prefill`, `seed` and `cli` are named as what they are.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AnswerChange, Invitation, Response, User


@dataclass(frozen=True)
class HistoryRow:
    question_id: str
    old_value: str | None
    new_value: str | None
    changed_at: datetime
    actor: str
    who: str
    source: str
    how: str


def _system_actors() -> dict[str, str]:
    return {
        "import": _("An import of a file"),
        "prefill": _("Filled in from the previous round"),
        "seed": _("Demo data"),
        "cli": _("A command on the server"),
        "test": _("A test"),
    }


def _sources() -> dict[str, str]:
    return {
        "web": _("Saved on the questionnaire page"),
        "autosave": _("Saved automatically while typing"),
        "import": _("Imported from a file"),
        "prefill": _("Filled in from the previous round"),
        "seed": _("Demo data"),
    }


def _ids(actors: set[str], prefix: str) -> set[int]:
    found = set()
    for label in actors:
        kind, _sep, number = label.partition(":")
        if kind == prefix and number.isdigit():
            found.add(int(number))
    return found


def describe_actors(session: Session, actors: set[str]) -> dict[str, str]:
    """A readable name for each actor label; an unknown label is shown as it is."""
    users = dict(session.execute(select(User.id, User.email).where(User.id.in_(_ids(actors, "user")))).all())
    links = set(session.scalars(select(Invitation.id).where(Invitation.id.in_(_ids(actors, "invitation")))))
    system = _system_actors()
    named = {}
    for label in actors:
        kind, _sep, number = label.partition(":")
        if kind == "user" and number.isdigit() and int(number) in users:
            named[label] = users[int(number)]
        elif kind == "invitation" and number.isdigit() and int(number) in links:
            named[label] = _("Invitation link no. %(id)s", id=number)
        else:
            named[label] = system.get(label, label)
    return named


def history_of(session: Session, response: Response | None) -> list[HistoryRow]:
    if response is None:
        return []
    changes = list(
        session.scalars(
            select(AnswerChange)
            .where(AnswerChange.response_id == response.id)
            .order_by(AnswerChange.changed_at, AnswerChange.id)
        )
    )
    names = describe_actors(session, {change.changed_by for change in changes})
    sources = _sources()
    return [
        HistoryRow(
            change.question_id,
            change.old_value,
            change.new_value,
            change.changed_at,
            change.changed_by,
            names[change.changed_by],
            change.source,
            sources.get(change.source, change.source),
        )
        for change in changes
    ]
