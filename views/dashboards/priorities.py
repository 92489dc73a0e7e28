"""Forum priorities: the topics ranked by points, how far respondents agree, and the format they want.

The page a forum organiser prints to plan the agenda: its tables are open and it has print styles.
"""

from dataclasses import replace

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from models import Round
from reports.figures.bars import ranked_bars
from reports.figures.base import OKABE_ITO
from reports.figures.dumbbells import dumbbells
from reports.group_tables import option_shares, priority_by_group, priority_points
from services import dashboard_data
from services.forum_follow_up import previous_round
from views.dashboards.chart_parts import coded, option_share_bars, share_columns, share_heatmap_by_type, shares_by_type
from views.dashboards.charts import Column, make_chart
from views.dashboards.filters import Filters
from views.dashboards.page import Page, count_selection, guarded, question_cells, type_options
from vocabulary.localised import localised_column
from vocabulary.organisation_types import plural_name

TITLE = _l("Forum priorities")
INTRO = _l(
    "The topics respondents want at the next forum. Rank 1 gives 5 points, rank 2 gives 4 … rank 5 gives 1; "
    "a topic's points are the sum over all submitted answers."
)
PRINTABLE = True
RANKING = "d7_topics"
FORMATS = "d7_formats"


def build(session: Session, filters: Filters, page: Page) -> None:
    if not count_selection(session, page, filters):
        return
    questionnaire = dashboard_data.questionnaire(filters.round)
    topics = dashboard_data.round_topics(filters.round)
    titles = dict(zip(topics["topic"], topics[localised_column(topics, "title", filters.locale)], strict=True))
    tallied = dashboard_data.answer_tallies(
        session, [filters.round], [RANKING, FORMATS], type_=filters.type, county=filters.county, by="type"
    )
    rankings = tallied[tallied["question"] == RANKING]
    ranked = question_cells(session, filters, RANKING)
    by_type = priority_by_group(rankings, list(topics["topic"]), "type", filters.min_n)
    by_type = guarded(filters, by_type, ranked, by="type", n="responses")
    points = priority_points(rankings, list(topics["topic"]))
    responses = points.attrs["responses"]
    # The selection's own points are a group figure too (no column of them is its n).
    points = guarded(filters, points, ranked, n="")
    page.charts.append(_points_chart(points, by_type, titles, responses, filters))
    page.charts.append(_agreement_chart(by_type, points, titles, filters))
    if questionnaire.has_question(FORMATS):
        page.charts.append(_formats_chart(tallied, questionnaire.question(FORMATS), filters, session))
    before = previous_round(session, filters.round)
    if before is not None:
        page.charts.append(_follow_up_chart(session, filters, before, points, titles))


def _points_chart(points: pd.DataFrame, by_type: pd.DataFrame, titles: dict[str, str], responses: int, filters):
    spread = by_type.groupby("topic")["top3_share"].agg(lambda s: s.max() - s.min() if s.notna().sum() > 1 else None)
    table = points.assign(
        rank=range(1, len(points) + 1),
        topic_label=points["topic"].map(titles),
        spread=points["topic"].map(spread),
        **_coverage_columns(filters.round, points["topic"], ""),
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
        *coded("topic", _("Topic")),
        Column("points", _("Points"), "count"),
        Column("n", _("Answers ranking it"), "count"),
        Column("top3_share", _("Share with it in their top 3"), "share"),
        Column("spread", _("Spread of the top-3 share across types"), "share"),
        Column("covered", _("Covered at the forum")),
        Column("session", _("Forum session")),
    ]
    description = _(
        "Agreement: the share of answers that put the topic in their top three, and how far that share differs "
        "between organisation types (highest minus lowest; a small spread means the types agree)."
    )
    return make_chart("points", figure, table, columns, filters.locale, description=description, table_open=True)


def _agreement_chart(by_type: pd.DataFrame, points: pd.DataFrame, titles: dict[str, str], filters: Filters):
    title = _("How far the organisation types agree: share with the topic in their top 3")
    figure = share_heatmap_by_type(by_type, "topic", "top3_share", list(points["topic"]), titles, title)
    order = {topic: index for index, topic in enumerate(points["topic"])}
    data = by_type.assign(
        topic_label=by_type["topic"].map(titles),
        type_label=[plural_name(t) for t in by_type["type"]],
        order=by_type["topic"].map(order),
    ).sort_values(["order", "type"])
    columns = [
        *coded("topic", _("Topic")),
        *coded("type", _("Organisation type"), _("Type code")),
        Column("responses", _("Answers that ranked topics"), "count"),
        Column("points", _("Points"), "count"),
        Column("top3_share", _("Share with it in their top 3"), "share"),
    ]
    return make_chart("agreement", figure, data.drop(columns="order"), columns, filters.locale)


def _formats_chart(tallied: pd.DataFrame, question, filters: Filters, session: Session):
    options = list(question.option_ids())
    titles = {o.id: o.title.get(filters.locale) for o in question.options}
    everyone = option_shares(tallied.assign(type="all"), question.id, options, "type", filters.min_n)
    table = pd.concat([everyone, option_shares(tallied, question.id, options, "type", filters.min_n)])
    table = guarded(filters, table, question_cells(session, filters, question.id), by="type")
    types = [("all", _("All organisations")), *type_options(set(table["type"]))]
    colours = dict(zip(options, [OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2]], strict=False))
    parts = [(o, titles[o], colours.get(o, OKABE_ITO[3])) for o in options]
    figure = option_share_bars(table, types, parts, _("Preferred format for the forum"))
    wide = shares_by_type(table, options, types)
    columns = share_columns(options, titles, _("Organisations that answered"))
    return make_chart("formats", figure, wide, columns, filters.locale, table_open=True)


def _coverage_columns(found: Round, topic_ids: pd.Series, suffix: str) -> dict[str, list[str]]:
    """Whether the forum after `found` covered each topic, and in which session, as the table shows them."""
    topics = {topic.topic_id: topic for topic in found.topics}
    records = [topics.get(topic_id) for topic_id in topic_ids]
    states = {True: _("Yes"), False: _("No"), None: _("Not recorded")}
    return {
        f"covered{suffix}": [states[r.covered_at_forum if r is not None else None] for r in records],
        f"session{suffix}": [(r.forum_session or "") if r is not None else "" for r in records],
    }


def _previous_points(session: Session, filters: Filters, before: Round) -> pd.DataFrame:
    """The previous round's points of the same selection, with that round's disclosure rule."""
    earlier = replace(filters, round=before)
    tallied = dashboard_data.answer_tallies(
        session, [before], [RANKING], type_=filters.type, county=filters.county, by="type"
    )
    topics = dashboard_data.round_topics(before)
    points = priority_points(tallied[tallied["question"] == RANKING], list(topics["topic"]))
    points = guarded(earlier, points, question_cells(session, earlier, RANKING), n="")
    return points.assign(responses=points.attrs.get("responses", 0))


def _follow_up_chart(session: Session, filters: Filters, before: Round, points: pd.DataFrame, titles: dict[str, str]):
    """Each topic of this round: its points in the previous round, whether that round's forum covered it, and its
    points now; topics are the same topic when their ids are (SPEC §9)."""
    earlier = _previous_points(session, filters, before)
    then = earlier.set_index("topic")
    hidden = bool(then["suppressed"].any()) if "suppressed" in then.columns else False
    table = (
        points[["topic", "points"]]
        .rename(columns={"points": "points_now"})
        .assign(
            topic_label=points["topic"].map(titles),
            points_before=pd.Series(
                [None if hidden or t not in then.index else float(then.at[t, "points"]) for t in points["topic"]],
                index=points.index,
                dtype=float,
            ),
            suppressed=hidden,
            **_coverage_columns(before, points["topic"], "_before"),
        )
    )
    table["change"] = table["points_now"] - table["points_before"]
    marked = [
        f"{label} ✓" if covered == _("Yes") else label
        for label, covered in zip(table["topic_label"], table["covered_before"], strict=True)
    ]
    figure = dumbbells(
        table.assign(row_label=marked),
        row="row_label",
        left="points_before",
        right="points_now",
        left_name=before.slug,
        right_name=filters.round.slug,
        left_colour=OKABE_ITO[0],
        right_colour=OKABE_ITO[1],
        title=_(
            "Points in %(before)s and %(now)s (✓: covered at the forum after %(before)s)",
            before=before.slug,
            now=filters.round.slug,
        ),
        axis_title=_("Points"),
    )
    columns = [
        *coded("topic", _("Topic")),
        Column("points_before", _("Points in %(slug)s", slug=before.slug), "count"),
        Column("covered_before", _("Covered at the forum after %(slug)s", slug=before.slug)),
        Column("session_before", _("Forum session")),
        Column("points_now", _("Points in %(slug)s", slug=filters.round.slug), "count"),
        Column("change", _("Change in points"), "count"),
    ]
    description = _(
        "Whether a topic the forum took up is asked for less: each topic's points in the previous round, whether the "
        "forum after it covered the topic, and its points now. Points depend on how many answered; %(then)d answers "
        "ranked topics in %(before)s, %(now)d in %(slug)s.",
        then=int(earlier["responses"].iloc[0]) if not earlier.empty else 0,
        before=before.slug,
        now=points.attrs.get("responses", 0),
        slug=filters.round.slug,
    )
    return make_chart("follow_up", figure, table, columns, filters.locale, description=description, table_open=True)
