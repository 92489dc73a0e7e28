"""Who has answered a round (the status board), whom to remind, and reopening a submitted response."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from extensions import db
from services.downloads import record_reminder_list, record_status_list
from services.mailing_log import contacts_by_organisation, days_left, last_messages, response_rate
from services.organisations import counties
from services.responses import reopen
from services.round_progress import AnswerStatus, reminder_list, response_by_id, status_board, summary
from views.admin import actor, bp, csv_response
from views.admin.labels import answer_status_label
from views.admin.rounds import find_round
from views.i18n import safe_next
from views.refusals import found_or_404
from views.transactions import READ_THEN_WRITE, transaction, write_after_reading
from vocabulary.languages import current_language
from vocabulary.organisation_types import type_codes


def _filters() -> dict[str, str | None]:
    wanted = {
        "organisation_type": request.args.get("type") or None,
        "county": request.args.get("county") or None,
        "status": request.args.get("status") or None,
    }
    if wanted["organisation_type"] not in (None, *type_codes()):
        wanted["organisation_type"] = None
    if wanted["status"] not in (None, *(s.value for s in AnswerStatus)):
        wanted["status"] = None
    return wanted


@bp.get("/rounds/<slug>/status", endpoint="status_board")
@transaction(READ_THEN_WRITE)
def status_board_page(slug: str):
    found = find_round(slug)
    wanted = _filters()
    rows = status_board(db.session, found, **wanted)
    if request.args.get("format") == "csv":
        who = actor()
        write_after_reading(lambda: record_status_list(db.session, slug, who))
        return csv_response(
            f"status-{slug}.csv",
            ("organisation", "name", "type", "county", "status", "answered", "counted", "submitted_at"),
            (
                (
                    r.organisation.code,
                    r.organisation.name_sv,
                    r.organisation.type,
                    r.organisation.county_code,
                    r.status.value,
                    r.answered,
                    r.total,
                    r.response.submitted_at.isoformat(timespec="minutes")
                    if r.response and r.response.submitted_at
                    else "",
                )
                for r in rows
            ),
        )
    totals = summary(db.session, found)
    return render_template(
        "admin/status_board.html",
        round=found,
        rows=rows,
        summary=totals,
        response_rate=response_rate(totals),
        days_left=days_left(found),
        last_messages=last_messages(db.session, found),
        contacts=contacts_by_organisation(db.session),
        wanted=wanted,
        filter_query={
            key: value
            for key, value in (
                ("type", wanted["organisation_type"]),
                ("county", wanted["county"]),
                ("status", wanted["status"]),
            )
            if value
        },
        counties=counties(db.session),
        types=type_codes(),
        statuses=[(s.value, answer_status_label(s.value)) for s in AnswerStatus],
    )


@bp.get("/rounds/<slug>/reminders")
@transaction(READ_THEN_WRITE)
def reminders(slug: str):
    found = find_round(slug)
    rows = reminder_list(db.session, found)
    addresses = sorted({contact.email for row in rows for contact in row.contacts})
    if request.args.get("format") == "csv":
        who = actor()
        write_after_reading(lambda: record_reminder_list(db.session, slug, who))
        return csv_response(
            f"reminders-{slug}.csv",
            ("organisation", "name", "status", "answered", "counted", "contact_name", "contact_email"),
            _reminder_rows(rows),
        )
    return render_template("admin/reminders.html", round=found, rows=rows, addresses=addresses)


@bp.post("/responses/<int:response_id>/reopen")
def reopen_response(response_id: int):
    response = found_or_404(response_by_id(db.session, response_id))
    if reopen(db.session, response, actor=actor()):
        flash(
            _(
                "The response of %(name)s is open for changes again. "
                "It counts in the results once it is submitted again.",
                name=response.organisation.name(current_language()),
            )
        )
    else:
        flash(_("That response was not submitted, so there was nothing to reopen."), "error")
    fallback = url_for("admin.status_board", slug=response.round.slug)
    return redirect(safe_next(request.form.get("back"), fallback))


def _reminder_rows(rows):
    """One line per contact; an organisation without any contact still gets a line, so nobody is forgotten."""
    for row in rows:
        first = (row.organisation.code, row.organisation.name_sv, row.status.value, row.answered, row.total)
        if not row.contacts:
            yield (*first, "", "")
        for contact in row.contacts:
            yield (*first, contact.name or "", contact.email)
