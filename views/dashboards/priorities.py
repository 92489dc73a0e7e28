"""Forum priorities: the topics ranked by points, how far respondents agree, and the format they want.

The page a forum organiser prints to plan the agenda: its tables are open and it has print styles.
"""

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from reports.figures.bars import ranked_bars, stacked_bars
from reports.figures.base import OKABE_ITO
from reports.figures.heatmaps import value_heatmap
from reports.group_tables import option_shares, priority_by_group, priority_points
from services import dashboard_data
from views.dashboards.charts import Column, make_chart
from views.dashboards.filters import Filters
from views.dashboards.page import Page, anonymous_notice, no_answers, too_few, type_options
from vocabulary.localised import localised_column
from vocabulary.organisation_types import plural_name

TITLE = _l("Forum priorities")
RANKING = "d7_topics"
FORMATS = "d7_formats"


def build(session: Session, filters: Filters) -> Page:
    page = Page(
        "priorities",
        str(TITLE),
        _(
            "The topics respondents want at the next forum. Rank 1 gives 5 points, rank 2 gives 4 … rank 5 gives 1; "
            "a topic's points are the sum over all submitted answers."
        ),
        printable=True,
    )
    responses = dashboard_data.selection_size(session, filters.round, type_=filters.type, county=filters.county)
    page.responses = responses
    page.notices += [n for n in (anonymous_notice(filters), no_answers(responses)) if n]
    hidden = too_few(filters, responses)
    if hidden or responses == 0:
        page.notices += [hidden] if hidden else []
        return page
    questionnaire = dashboard_data.questionnaire(filters.round)
    topics = dashboard_data.round_topics(filters.round)
    titles = dict(zip(topics["topic"], topics[localised_column(topics, "title", filters.locale)], strict=True))
    tallied = dashboard_data.answer_tallies(
        session, [filters.round], [RANKING, FORMATS], type_=filters.type, county=filters.county, by="type"
    )
    rankings = tallied[tallied["question"] == RANKING]
    by_type = priority_by_group(rankings, list(topics["topic"]), "type", filters.min_n)
    points = priority_points(rankings, list(topics["topic"]))
    page.charts.append(_points_chart(points, by_type, titles, points.attrs["responses"], filters))
    page.charts.append(_agreement_chart(by_type, points, titles, filters))
    if questionnaire.has_question(FORMATS):
        page.charts.append(_formats_chart(tallied, questionnaire.question(FORMATS), filters))
    return page


def _points_chart(points: pd.DataFrame, by_type: pd.DataFrame, titles: dict[str, str], responses: int, filters):
    spread = by_type.groupby("topic")["top3_share"].agg(lambda s: s.max() - s.min() if s.notna().sum() > 1 else None)
    table = points.assign(
        rank=range(1, len(points) + 1),
        topic_label=points["topic"].map(titles),
        spread=points["topic"].map(spread),
    )
    figure = ranked_bars(
        table,
        label="topic_label",
        value="points",
        show_values=True,
        title=_("Topics for the next forum, by points (%(count)d answers that ranked topics)", count=responses),
        axis_title=_("Points"),
    )
    columns = [
        Column("rank", _("Rank"), "count"),
        Column("topic", _("Code"), in_table=False),
        Column("topic_label", _("Topic")),
        Column("points", _("Points"), "count"),
        Column("n", _("Answers ranking it"), "count"),
        Column("top3_share", _("Share with it in their top 3"), "share"),
        Column("spread", _("Spread of the top-3 share across types"), "share"),
    ]
    description = _(
        "Agreement: the share of answers that put the topic in their top three, and how far that share differs "
        "between organisation types (highest minus lowest; a small spread means the types agree)."
    )
    return make_chart("points", figure, table, columns, filters.locale, description=description, table_open=True)


def _agreement_chart(by_type: pd.DataFrame, points: pd.DataFrame, titles: dict[str, str], filters: Filters):
    types = type_options(set(by_type["type"]))
    wide = by_type.pivot_table(index="topic", columns="type", values="top3_share", aggfunc="first", dropna=False)
    wide = wide.reindex(index=list(points["topic"]), columns=[t for t, _ in types])
    figure = value_heatmap(
        wide,
        row_labels=titles,
        column_labels=dict(types),
        title=_("How far the organisation types agree: share with the topic in their top 3"),
        colorbar_title=_("Share"),
        zmin=0,
        zmax=1,
        share=True,
    )
    order = {topic: index for index, topic in enumerate(points["topic"])}
    data = by_type.assign(
        topic_label=by_type["topic"].map(titles),
        type_label=[plural_name(t) for t in by_type["type"]],
        order=by_type["topic"].map(order),
    ).sort_values(["order", "type"])
    columns = [
        Column("topic", _("Code"), in_table=False),
        Column("topic_label", _("Topic")),
        Column("type", _("Type code"), in_table=False),
        Column("type_label", _("Organisation type")),
        Column("responses", _("Answers that ranked topics"), "count"),
        Column("points", _("Points"), "count"),
        Column("top3_share", _("Share with it in their top 3"), "share"),
    ]
    return make_chart("agreement", figure, data.drop(columns="order"), columns, filters.locale)


def _formats_chart(tallied: pd.DataFrame, question, filters: Filters):
    options = list(question.option_ids())
    titles = {o.id: o.title.get(filters.locale) for o in question.options}
    everyone = option_shares(tallied.assign(type="all"), question.id, options, "type", filters.min_n)
    table = pd.concat([everyone, option_shares(tallied, question.id, options, "type", filters.min_n)])
    types = [("all", _("All organisations")), *type_options(set(table["type"]))]
    colours = dict(zip(options, [OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2]], strict=False))
    figure = stacked_bars(
        table,
        category="type",
        part="option",
        value="share",
        count="count",
        categories=types,
        parts=[(o, titles[o], colours.get(o, OKABE_ITO[3])) for o in options],
        title=_("Preferred format for the forum"),
        axis_title=_("Share of the organisations that answered"),
    )
    wide = table.pivot_table(index="type", columns="option", values="share", aggfunc="first", dropna=False)
    wide = wide.reindex(index=[t for t, _ in types], columns=options)
    wide = wide.assign(n=table.groupby("type")["n"].first(), suppressed=table.groupby("type")["suppressed"].first())
    wide = wide.reset_index().assign(type_label=lambda t: t["type"].map(dict(types)))
    columns = [
        Column("type", _("Code"), in_table=False),
        Column("type_label", _("Organisation type")),
        Column("n", _("Organisations that answered"), "count"),
        *(Column(option, titles[option], "share") for option in options),
    ]
    return make_chart("formats", figure, wide, columns, filters.locale, table_open=True)
