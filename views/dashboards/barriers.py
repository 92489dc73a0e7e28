"""Barriers: what holds collaboration back, overall and by organisation type (D6, not scored)."""

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from reports.figures.bars import ranked_bars
from reports.figures.base import OKABE_ITO
from reports.group_tables import option_shares
from services import dashboard_data
from views.dashboards.chart_parts import coded, share_heatmap_by_type
from views.dashboards.charts import Column, make_chart
from views.dashboards.filters import Filters
from views.dashboards.page import Page, count_selection, guarded, question_cells
from vocabulary.organisation_types import plural_name

TITLE = _l("Barriers")
INTRO = _l("The barriers to collaboration that organisations named; each could name as many as applied.")
QUESTION = "d6_barriers"


def build(session: Session, filters: Filters, page: Page) -> None:
    if not count_selection(session, page, filters):
        return
    questionnaire = dashboard_data.questionnaire(filters.round)
    if not questionnaire.has_question(QUESTION):
        return
    question = questionnaire.question(QUESTION)
    options = list(question.option_ids())
    titles = {o.id: o.title.get(filters.locale) for o in question.options}
    tallied = dashboard_data.answer_tallies(
        session, [filters.round], [QUESTION], type_=filters.type, county=filters.county, by="type"
    )
    cells = question_cells(session, filters, QUESTION)
    everyone = option_shares(tallied.assign(all="all"), QUESTION, options, "all", filters.min_n)
    everyone = guarded(filters, everyone, cells, by="all")
    everyone = everyone.sort_values(["share", "option"], ascending=[False, True]).assign(
        option_label=lambda t: t["option"].map(titles)
    )
    figure = ranked_bars(
        everyone,
        label="option_label",
        value="share",
        title=_("Share of organisations that name each barrier"),
        axis_title=_("Share of the organisations that answered the question"),
        share=True,
        colour=OKABE_ITO[5],
    )
    columns = [*coded("option", _("Barrier")), *_count_columns()]
    page.charts.append(make_chart("overall", figure, everyone, columns, filters.locale))
    page.charts.append(_by_type_chart(tallied, options, titles, list(everyone["option"]), filters, cells))


def _by_type_chart(tallied, options, titles, order, filters: Filters, cells):
    table = guarded(filters, option_shares(tallied, QUESTION, options, "type", filters.min_n), cells, by="type")
    title = _("Barriers by organisation type: share of each type that names the barrier")
    figure = share_heatmap_by_type(table, "option", "share", order, titles, title)
    data = table.assign(type_label=[plural_name(t) for t in table["type"]], option_label=table["option"].map(titles))
    data = data.assign(order=data["option"].map(order.index)).sort_values(["order", "type"]).drop(columns="order")
    columns = [
        *coded("option", _("Barrier")),
        *coded("type", _("Organisation type"), _("Type code")),
        *_count_columns(),
    ]
    return make_chart("by_type", figure, pd.DataFrame(data), columns, filters.locale)


def _count_columns() -> list[Column]:
    return [
        Column("count", _("Organisations naming it"), "count"),
        Column("n", _("Organisations that answered"), "count"),
        Column("share", _("Share"), "share"),
    ]
