"""Barriers: what holds collaboration back, overall and by organisation type (D6, not scored)."""

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from reports.figures.bars import ranked_bars
from reports.figures.base import OKABE_ITO
from reports.figures.heatmaps import value_heatmap
from reports.group_tables import option_shares
from services import dashboard_data
from views.dashboards.charts import Column, make_chart
from views.dashboards.filters import Filters
from views.dashboards.page import Page, anonymous_notice, no_answers, too_few, type_options
from vocabulary.organisation_types import plural_name

TITLE = _l("Barriers")
QUESTION = "d6_barriers"


def build(session: Session, filters: Filters) -> Page:
    page = Page(
        "barriers",
        str(TITLE),
        _("The barriers to collaboration that organisations named; each could name as many as applied."),
    )
    responses = dashboard_data.selection_size(session, filters.round, type_=filters.type, county=filters.county)
    page.responses = responses
    page.notices += [n for n in (anonymous_notice(filters), no_answers(responses)) if n]
    hidden = too_few(filters, responses)
    questionnaire = dashboard_data.questionnaire(filters.round)
    if hidden or responses == 0 or not questionnaire.has_question(QUESTION):
        page.notices += [hidden] if hidden else []
        return page
    question = questionnaire.question(QUESTION)
    options = list(question.option_ids())
    titles = {o.id: o.title.get(filters.locale) for o in question.options}
    tallied = dashboard_data.answer_tallies(
        session, [filters.round], [QUESTION], type_=filters.type, county=filters.county, by="type"
    )
    everyone = option_shares(tallied.assign(all="all"), QUESTION, options, "all", filters.min_n)
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
    columns = [
        Column("option", _("Code"), in_table=False),
        Column("option_label", _("Barrier")),
        Column("count", _("Organisations naming it"), "count"),
        Column("n", _("Organisations that answered"), "count"),
        Column("share", _("Share"), "share"),
    ]
    page.charts.append(make_chart("overall", figure, everyone, columns, filters.locale))
    page.charts.append(_by_type_chart(tallied, options, titles, list(everyone["option"]), filters))
    return page


def _by_type_chart(tallied, options, titles, order, filters: Filters):
    table = option_shares(tallied, QUESTION, options, "type", filters.min_n)
    types = type_options(set(table["type"]))
    wide = table.pivot_table(index="option", columns="type", values="share", aggfunc="first", dropna=False)
    wide = wide.reindex(index=order, columns=[t for t, _ in types])
    figure = value_heatmap(
        wide,
        row_labels=titles,
        column_labels=dict(types),
        title=_("Barriers by organisation type: share of each type that names the barrier"),
        colorbar_title=_("Share"),
        zmin=0,
        zmax=1,
        share=True,
    )
    data = table.assign(type_label=[plural_name(t) for t in table["type"]], option_label=table["option"].map(titles))
    data = data.assign(order=data["option"].map(order.index)).sort_values(["order", "type"]).drop(columns="order")
    columns = [
        Column("option", _("Code"), in_table=False),
        Column("option_label", _("Barrier")),
        Column("type", _("Type code"), in_table=False),
        Column("type_label", _("Organisation type")),
        Column("count", _("Organisations naming it"), "count"),
        Column("n", _("Organisations that answered"), "count"),
        Column("share", _("Share"), "share"),
    ]
    return make_chart("by_type", figure, pd.DataFrame(data), columns, filters.locale)
