"""The audit log, newest first, filtered by what happened, who, which organisation and when."""

from datetime import timedelta

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from forms.admin import AuditFilterForm, choices
from models import Organisation, User
from services.audit import AuditFilter, actions, search
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
        organisation = db.session.scalar(
            select(Organisation).where(Organisation.code == form.organisation.data.strip())
        )
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
    organisations = dict(
        db.session.execute(
            select(Organisation.id, Organisation.code).where(
                Organisation.id.in_({e.organisation_id for e in events if e.organisation_id})
            )
        ).all()
    )
    user_ids = {int(e.actor[5:]) for e in events if e.actor.startswith("user:") and e.actor[5:].isdigit()}
    emails = dict(db.session.execute(select(User.id, User.email).where(User.id.in_(user_ids))).all())
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
