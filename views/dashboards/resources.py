"""Resources and GIS: staff and GIS specialists, how the work is funded, and access to GIS competence and tools."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from reports.figures.base import OKABE_ITO
from reports.figures.boxes import distribution_boxes
from reports.group_tables import option_shares
from services import dashboard_data
from views.dashboards.chart_parts import (
    coded,
    option_share_bars,
    share_columns,
    share_heatmap_by_type,
    shares_by_type,
    statistic_columns,
)
from views.dashboards.charts import make_chart
from views.dashboards.filters import Filters
from views.dashboards.page import Page, count_selection, guarded, question_cells, type_options

TITLE = _l("Resources and GIS")
INTRO = _l("The staff for strategic spatial planning, GIS specialists, how the work is funded, and GIS competence.")
QUESTIONS = ["d3_staff_fte", "d4_gis_fte", "d3_funding_horizon", "d4_gis_access", "d4_tools"]


def build(session: Session, filters: Filters, page: Page) -> None:
    if not count_selection(session, page, filters):
        return
    questionnaire = dashboard_data.questionnaire(filters.round)
    present = [q for q in QUESTIONS if questionnaire.has_question(q)]
    if "d3_staff_fte" in present:
        title = _("Staff on strategic spatial planning (FTE), by organisation type")
        page.charts.append(_fte_chart(session, "d3_staff_fte", "type", filters, title))
    if "d4_gis_fte" in present:
        title = _("GIS specialists (FTE), by county")
        page.charts.append(_fte_chart(session, "d4_gis_fte", "county", filters, title))
    tallied = dashboard_data.answer_tallies(
        session, [filters.round], present, type_=filters.type, county=filters.county, by="type"
    )
    choices = (
        (
            "d3_funding_horizon",
            "funding",
            _("How the work on strategic planning is mainly funded, by organisation type"),
        ),
        ("d4_gis_access", "gis_access", _("Main access to GIS competence, by organisation type")),
    )
    for question_id, chart_id, title in choices:
        if question_id in present:
            question = questionnaire.question(question_id)
            page.charts.append(_choice_chart(session, tallied, question, chart_id, title, filters))
    if "d4_tools" in present:
        page.charts.append(_tools_chart(session, tallied, questionnaire.question("d4_tools"), filters))


def _fte_chart(session: Session, question_id: str, by: str, filters: Filters, title: str):
    stats = dashboard_data.group_statistics(
        session, filters.round, [question_id], type_=filters.type, county=filters.county, by=by,
        min_n=filters.min_n, guarded=filters.anonymous,
    )  # fmt: skip
    if by == "county":
        names = filters.county_names()
        categories = [(code, names[code]) for code in sorted(set(stats["county"]))]
    else:
        categories = type_options(set(stats["type"]))
    figure = distribution_boxes(
        stats,
        category=by,
        categories=categories,
        title=title,
        axis_title=_("Full-time equivalents"),
        group_name=_("Organisations"),
    )
    stats = stats.assign(group_label=stats[by].map(dict(categories)))
    columns = [
        *coded(by, _("County") if by == "county" else _("Organisation type"), label_key="group_label"),
        *statistic_columns(["n", "min", "q1", "median", "q3", "max", "mean"], "number"),
    ]
    description = _("Full-time equivalents as each organisation reported them; national agencies have no county.")
    return make_chart(question_id, figure, stats, columns, filters.locale, description=description)


def _choice_chart(session: Session, tallied, question, chart_id: str, title: str, filters: Filters):
    options = list(question.option_ids())
    table = option_shares(tallied, question.id, options, "type", filters.min_n)
    table = guarded(filters, table, question_cells(session, filters, question.id), by="type")
    titles = {o.id: o.title.get(filters.locale) for o in question.options}
    colours = dict(zip(options, OKABE_ITO, strict=False))
    types = type_options(set(table["type"]))
    figure = option_share_bars(table, types, [(o, titles[o], colours[o]) for o in options], title)
    columns = share_columns(options, titles, _("Organisations (n)"))
    return make_chart(chart_id, figure, shares_by_type(table, options, types), columns, filters.locale)


def _tools_chart(session: Session, tallied, question, filters: Filters):
    options = [o for o in question.option_ids() if o != "none"]
    table = option_shares(tallied, question.id, options, "type", filters.min_n)
    table = guarded(filters, table, question_cells(session, filters, question.id), by="type")
    titles = {o.id: o.title.get(filters.locale) for o in question.options}
    title = _("Digital planning tools in use: share of organisations, by type")
    figure = share_heatmap_by_type(table, "option", "share", options, titles, title)
    wide = shares_by_type(table, options, type_options(set(table["type"])))
    return make_chart("tools", figure, wide, share_columns(options, titles, _("Organisations (n)")), filters.locale)
