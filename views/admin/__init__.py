"""The admin console at /admin/: rounds, organisations, invitations, who has answered, users, imports and exports,
the audit log and personal data. Only admins get in: the blueprint's `before_request` says so for every route it
has, so a route added here can never be open by accident. Every change an admin makes is written to the audit log
by its service.
"""

import csv
import io
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from models import Role
from services.csv_format import escape_cell
from views.access import require_role

bp = Blueprint("admin", __name__, url_prefix="/admin")

#: The admin menu, in order: (endpoint, label). One line here adds a page to the menu.
NAVIGATION = [
    ("admin.home", _l("Overview")),
    ("admin.rounds", _l("Rounds")),
    ("admin.organisations", _l("Organisations")),
    ("admin.users", _l("Users")),
    ("admin.api_tokens", _l("API tokens")),
    ("admin.import_form", _l("Import")),
    ("admin.export_form", _l("Export")),
    ("admin.audit_log", _l("Audit log")),
    ("admin.privacy", _l("Personal data")),
]
#: The tabs of one round's pages: (endpoint, label).
ROUND_TABS = [
    ("admin.round_detail", _l("Settings")),
    ("admin.round_topics", _l("Forum topics")),
    ("admin.round_forum", _l("Forum follow-up")),
    ("admin.invitations", _l("Invitations")),
    ("admin.status_board", _l("Who has answered")),
    ("admin.reminders", _l("Reminders")),
    ("admin.mail_texts", _l("E-mail texts")),
    ("admin.mailings_page", _l("E-mail")),
]


@bp.before_request
def _admins_only():
    return require_role(Role.ADMIN)


@bp.context_processor
def _navigation():
    return {"admin_navigation": NAVIGATION, "round_tabs": ROUND_TABS}


def actor() -> str:
    return f"user:{current_user.id}"


STOCKHOLM = ZoneInfo("Europe/Stockholm")


def start_of_day(day: date | None) -> datetime | None:
    """Midnight at the start of `day`, Swedish time, in UTC."""
    return datetime.combine(day, time.min, STOCKHOLM).astimezone(UTC) if day else None


def end_of_day(day: date | None) -> datetime | None:
    """Midnight at the end of `day` (the start of the next), Swedish time, in UTC."""
    return start_of_day(day + timedelta(days=1)) if day else None


def local_date(moment: datetime | None, *, end: bool = False) -> date | None:
    """The Swedish date of `moment`; for an end-of-day time, the day that just ended."""
    if moment is None:
        return None
    local = moment.astimezone(STOCKHOLM)
    return (local - timedelta(seconds=1)).date() if end else local.date()


def csv_response(filename: str, header: Iterable[str], rows: Iterable[Iterable]) -> Response:
    """A CSV download that Excel opens with å, ä and ö intact (UTF-8 with a BOM); formula-like cells neutralised."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([escape_cell("" if cell is None else str(cell)) for cell in row])
    response = current_app.response_class(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


from views.admin import (  # noqa: E402, F401
    audit_log,
    contacts,
    exports,
    forum,
    fresh_links,
    home,
    imports,
    invitations,
    mail_texts,
    mailings,
    organisations,
    privacy,
    progress,
    response_record,
    rounds,
    tokens,
    users,
)
