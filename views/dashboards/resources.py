"""Resources and GIS: staff and GIS specialists, how the work is funded, and access to GIS competence and tools."""

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from reports.figures.bars import stacked_bars
from reports.figures.base import OKABE_ITO
from reports.figures.boxes import distribution_boxes
from reports.figures.heatmaps import value_heatmap
from reports.group_tables import option_shares
from services import dashboard_data
from views.dashboards.charts import Column, make_chart
from views.dashboards.filters import Filters
from views.dashboards.page import Page, anonymous_notice, no_answers, too_few, type_options
from vocabulary.organisation_types import plural_name, type_codes

TITLE = _l("Resources and GIS")
QUESTIONS = ["d3_staff_fte", "d4_gis_fte", "d3_funding_horizon", "d4_gis_access", "d4_tools"]


def build(session: Session, filters: Filters) -> Page:
    page = Page(
        "resources",
        str(TITLE),
        _("The staff for strategic spatial planning, GIS specialists, how the work is funded, and GIS competence."),
    )
    responses = dashboard_data.selection_size(session, filters.round, type_=filters.type, county=filters.county)
    page.responses = responses
    page.notices += [n for n in (anonymous_notice(filters), no_answers(responses)) if n]
    hidden = too_few(filters, responses)
    if hidden or responses == 0:
        page.notices += [hidden] if hidden else []
        return page
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
            page.charts.append(_choice_chart(tallied, question, chart_id, title, filters))
    if "d4_tools" in present:
        page.charts.append(_tools_chart(tallied, questionnaire.question("d4_tools"), filters))
    return page


def _fte_chart(session: Session, question_id: str, by: str, filters: Filters, title: str):
    stats = dashboard_data.group_statistics(
        session, filters.round, [question_id], type_=filters.type, county=filters.county, by=by, min_n=filters.min_n
    )
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
        Column(by, _("Code"), in_table=False),
        Column("group_label", _("County") if by == "county" else _("Organisation type")),
        Column("n", _("Organisations (n)"), "count"),
        Column("min", _("Lowest"), "number"),
        Column("q1", _("Lower quartile"), "number"),
        Column("median", _("Median"), "number"),
        Column("q3", _("Upper quartile"), "number"),
        Column("max", _("Highest"), "number"),
        Column("mean", _("Mean"), "number"),
    ]
    description = _("Full-time equivalents as each organisation reported them; national agencies have no county.")
    return make_chart(question_id, figure, stats, columns, filters.locale, description=description)


def _choice_chart(tallied, question, chart_id: str, title: str, filters: Filters):
    options = list(question.option_ids())
    table = option_shares(tallied, question.id, options, "type", filters.min_n)
    titles = {o.id: o.title.get(filters.locale) for o in question.options}
    colours = dict(zip(options, OKABE_ITO, strict=False))
    types = type_options(set(table["type"]))
    figure = stacked_bars(
        table,
        category="type",
        part="option",
        value="share",
        count="count",
        categories=types,
        parts=[(o, titles[o], colours[o]) for o in options],
        title=title,
        axis_title=_("Share of the organisations that answered"),
    )
    return make_chart(
        chart_id, figure, _wide_shares(table, options, titles), _share_columns(options, titles), filters.locale
    )


def _tools_chart(tallied, question, filters: Filters):
    options = [o for o in question.option_ids() if o != "none"]
    table = option_shares(tallied, question.id, options, "type", filters.min_n)
    titles = {o.id: o.title.get(filters.locale) for o in question.options}
    types = type_options(set(table["type"]))
    wide = table.pivot_table(index="option", columns="type", values="share", aggfunc="first", dropna=False)
    wide = wide.reindex(index=options, columns=[t for t, _ in types])
    figure = value_heatmap(
        wide,
        row_labels=titles,
        column_labels=dict(types),
        title=_("Digital planning tools in use: share of organisations, by type"),
        colorbar_title=_("Share"),
        zmin=0,
        zmax=1,
        share=True,
    )
    return make_chart(
        "tools", figure, _wide_shares(table, options, titles), _share_columns(options, titles), filters.locale
    )


def _wide_shares(table: pd.DataFrame, options: list[str], titles: dict[str, str]) -> pd.DataFrame:
    wide = table.pivot_table(index="type", columns="option", values="share", aggfunc="first", dropna=False)
    wide = wide.reindex(index=[t for t in type_codes() if t in set(table["type"])], columns=options)
    counts = table.groupby("type")["n"].first()
    suppressed = table.groupby("type")["suppressed"].first()
    wide = wide.assign(n=counts, suppressed=suppressed).reset_index()
    return wide.assign(type_label=[plural_name(t) for t in wide["type"]])


def _share_columns(options: list[str], titles: dict[str, str]) -> list[Column]:
    return [
        Column("type", _("Code"), in_table=False),
        Column("type_label", _("Organisation type")),
        Column("n", _("Organisations (n)"), "count"),
        *(Column(option, titles[option], "share") for option in options),
    ]
