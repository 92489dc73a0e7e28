"""The eight dashboards for reviewers and admins, at /dashboard/<name>, filtered by round, type and county.

A view reads the filters, calls the page's builder (which reads through `services.dashboard_data` and draws with
`reports.figures`) and renders it, or, with `?download=<chart>`, sends that chart's data as CSV.
"""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from extensions import db
from services.downloads import record_chart_download
from views.access import roles_required
from views.dashboards import barriers, counterparts, overview, priorities, profile, resources, staircase, trends
from views.dashboards.charts import csv_response
from views.dashboards.filters import read_filters
from views.dashboards.page import Page
from views.transactions import READ_THEN_WRITE, transaction, write_after_reading
from vocabulary.languages import current_language

bp = Blueprint("dashboard", __name__)

#: name → module with TITLE, INTRO (PRINTABLE when the page is meant to be printed) and build(session, filters,
#: page), which fills the page; in the order of SPEC §6.
DASHBOARDS = {
    "overview": overview,
    "staircase": staircase,
    "profile": profile,
    "counterparts": counterparts,
    "resources": resources,
    "barriers": barriers,
    "priorities": priorities,
    "trends": trends,
}


def dashboard_links() -> list[tuple[str, str]]:
    return [(name, str(module.TITLE)) for name, module in DASHBOARDS.items()]


@bp.get("/dashboard/")
@roles_required("reviewer", "admin")
def index():
    return redirect(url_for("dashboard.show", name="overview", **request.args))


@bp.get("/dashboard/<name>")
@transaction(READ_THEN_WRITE)
@roles_required("reviewer", "admin")
def show(name: str):
    module = DASHBOARDS.get(name)
    if module is None:
        abort(404)
    filters = read_filters(db.session, request.args, current_language())
    if filters.round is None:
        page = Page(name, str(module.TITLE), "", notices=[_("There are no rounds yet.")])
    else:
        page = Page(name, str(module.TITLE), str(module.INTRO), printable=getattr(module, "PRINTABLE", False))
        module.build(db.session, filters, page)
    download = request.args.get("download")
    if download:
        chart = page.chart(download)
        if chart is None:
            abort(404)
        slug, user = filters.round.slug, f"user:{current_user.id}"
        write_after_reading(lambda: record_chart_download(db.session, slug, user, dashboard=name, chart=chart.id))
        return csv_response(chart, f"samverkanstrappan-{slug}-{name}-{chart.id}.csv")
    return render_template("dashboard/page.html", page=page, filters=filters, dashboards=dashboard_links())
