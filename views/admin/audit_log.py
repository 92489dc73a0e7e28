"""The audit log, newest first, filtered by what happened, who, which organisation and when."""

from datetime import timedelta

from flask import render_template, request
from flask_babel import gettext as _

from extensions import db
from forms.admin import AuditFilterForm, choices
from services.audit import AuditFilter, actions, search
from services.organisations import codes_by_id, find_by_code
from services.users import emails_by_id
from views.admin import bp, start_of_day

PAGE_SIZE = 100


@bp.get("/audit/")
def audit_log():
    form = AuditFilterForm(request.args)
    known = actions(db.session)
    families = sorted({action.split(".")[0] + "." for action in known})
    form.action.choices = choices(
        [("", _("Anything"))]
        + [(family, _("All of “%(family)s”", family=family.rstrip("."))) for family in families]
        + [(action, action) for action in known]
    )
    form.validate()
    organisation = None
    if form.organisation.data and not form.organisation.errors:
        organisation = find_by_code(db.session, form.organisation.data.strip())
        if organisation is None:
            form.organisation.errors = [
                _("There is no organisation with the code “%(code)s”.", code=form.organisation.data)
            ]
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    wanted = AuditFilter(
        action=form.action.data if form.action.data in set(known) | set(families) else None,
        actor=(form.actor.data or "").strip() or None,
        organisation_id=organisation.id if organisation else None,
        since=start_of_day(form.since.data) if not form.since.errors else None,
        until=start_of_day(form.until.data + timedelta(days=1)) if form.until.data and not form.until.errors else None,
    )
    if form.organisation.errors:
        events, total = [], 0
    else:
        events, total = search(db.session, wanted, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    organisations = codes_by_id(db.session, {e.organisation_id for e in events if e.organisation_id})
    user_ids = {int(e.actor[5:]) for e in events if e.actor.startswith("user:") and e.actor[5:].isdigit()}
    emails = emails_by_id(db.session, user_ids)
    query = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "admin/audit_log.html",
        form=form,
        events=events,
        total=total,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        query=query,
        organisations=organisations,
        emails=emails,
    ), (422 if form.errors else 200)
