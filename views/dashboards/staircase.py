"""The collaboration staircase: the steps per partner, each organisation's steps, and the ambition gaps."""

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from questionnaire.model import Questionnaire
from reports import scoring
from reports.aggregates import STEPS, gap_summary, partner_steps, step_distribution
from reports.figures.bars import stacked_bars
from reports.figures.base import NO_DATA, OKABE_ITO, STEP_COLOURS
from reports.figures.dumbbells import dumbbells
from reports.figures.heatmaps import step_heatmap
from reports.labels import TYPE_LABELS
from services import dashboard_data
from views.dashboards.charts import Column, make_chart
from views.dashboards.filters import Filters
from views.dashboards.page import Page, anonymous_notice, no_answers, organisation_names, too_few

TITLE = _l("The collaboration staircase")
#: More rows than this make the organisation × partner grid unreadable: the page asks for a narrower selection.
MAX_HEATMAP_ROWS = 150


def build(session: Session, filters: Filters) -> Page:
    page = Page(
        "staircase",
        str(TITLE),
        _(
            "Where collaboration with each partner stands today (1 Information … 5 Co-creation), and where the "
            "organisations think it should stand in three years."
        ),
    )
    scores = filters.select(dashboard_data.round_scores(session, filters.round))
    page.responses = len(scores)
    page.notices += [n for n in (anonymous_notice(filters), no_answers(len(scores))) if n]
    hidden = too_few(filters, len(scores))
    if hidden or scores.empty:
        page.notices += [hidden] if hidden else []
        return page
    questionnaire = dashboard_data.questionnaire(filters.round)
    partners = [p for s in questionnaire.sections for p in s.partners]
    ids = [q.id for p in partners for q in (p.today, p.target)]
    answers = dashboard_data.round_answers(session, filters.round, ids)
    answers = answers[answers["organisation"].isin(scores["organisation"])]
    partner_labels = {p.id: p.title.get(filters.locale) for p in partners}
    steps = _step_labels(questionnaire, filters.locale)
    page.charts.append(_distribution_chart(answers, questionnaire, partner_labels, steps, filters))
    if filters.anonymous:
        page.notices.append(_("Each organisation's steps are not shown in an anonymous round."))
    elif len(scores) > MAX_HEATMAP_ROWS:
        page.notices.append(
            _(
                "The grid of each organisation's steps is shown for at most %(max)d organisations; choose an "
                "organisation type or a county to see it.",
                max=MAX_HEATMAP_ROWS,
            )
        )
    else:
        page.charts.append(_heatmap_chart(answers, questionnaire, scores, partner_labels, steps, filters))
    page.charts.append(_gap_chart(answers, questionnaire, partners, partner_labels, steps, filters))
    return page


def _step_labels(questionnaire: Questionnaire, locale: str) -> list[str]:
    scale = questionnaire.scales["staircase"]
    return [step.label.get(locale) for step in scale.steps]


def _distribution_chart(answers, questionnaire, partner_labels, steps, filters: Filters):
    table = step_distribution(answers, questionnaire, filters.min_n)
    partners = [p for p in partner_labels if p in set(table["partner"])]
    na_label = questionnaire.scales["staircase"].na_label.get(filters.locale)
    parts = [(str(i), f"{i} {name}", STEP_COLOURS[i - 1]) for i, name in enumerate(steps, start=1)]
    parts.append(("na", na_label, NO_DATA))
    figure = stacked_bars(
        table,
        category="partner",
        part="step",
        value="share",
        count="count",
        categories=[(p, partner_labels[p]) for p in partners],
        parts=parts,
        title=_("Where collaboration stands today, per partner (share of organisations)"),
        axis_title=_("Share of the organisations that rated the partner"),
    )
    wide = table.pivot_table(index="partner", columns="step", values="share", aggfunc="first", dropna=False)
    wide = wide.reindex(index=partners, columns=STEPS)
    wide.columns = [f"share_{step}" for step in STEPS]
    counts = table.groupby("partner")["n"].first().reindex(partners)
    wide = wide.assign(n=counts, partner_label=[partner_labels[p] for p in partners]).reset_index()
    columns = [
        Column("partner", _("Code"), in_table=False),
        Column("partner_label", _("Partner")),
        Column("n", _("Organisations (n)"), "count"),
        *(Column(f"share_{key}", name, "share") for key, name, _colour in parts),
    ]
    return make_chart("steps", figure, wide, columns, filters.locale)


def _heatmap_chart(answers, questionnaire, scores: pd.DataFrame, partner_labels, steps, filters: Filters):
    wide = partner_steps(answers, questionnaire)
    order = list(TYPE_LABELS)
    members = scores.assign(type_order=scores["type"].map(order.index))
    name_column = "name_en" if filters.locale == "en" else "name_sv"
    members = members.sort_values(["type_order", name_column])
    wide = wide.reindex(index=[o for o in members["organisation"] if o in wide.index])
    names = organisation_names(scores, filters.locale)
    figure = step_heatmap(
        wide,
        row_labels=names,
        column_labels=partner_labels,
        step_labels=steps,
        title=_("Step today for each organisation and partner"),
        colorbar_title=_("Step"),
    )
    table = wide.reset_index()
    table.insert(1, "name", table["organisation"].map(names))
    columns = [
        Column("organisation", _("Code"), in_table=False),
        Column("name", _("Organisation")),
        *(Column(p, partner_labels[p], "count") for p in wide.columns),
    ]
    return make_chart(
        "organisations",
        figure,
        table,
        columns,
        filters.locale,
        description=_("Grey: the partner is not asked of the organisation's type, or was answered “not applicable”."),
    )


def _gap_chart(answers, questionnaire, partners, partner_labels, steps, filters: Filters):
    gaps = scoring.ambition_gaps(answers, questionnaire)
    table = gap_summary(gaps, [p.id for p in partners], filters.min_n)
    table = table.assign(partner_label=table["partner"].map(partner_labels))
    figure = dumbbells(
        table,
        row="partner_label",
        left="today",
        right="target",
        left_name=_("Today (mean step)"),
        right_name=_("In three years (mean step)"),
        left_colour=OKABE_ITO[0],
        right_colour=OKABE_ITO[5],
        title=_("Ambition gap: mean step today and in three years, per partner"),
        axis_title=_("Step on the collaboration staircase"),
        value_range=[0.8, 5.2],
        tick_labels={float(i): f"{i} {name}" for i, name in enumerate(steps, start=1)},
    )
    columns = [
        Column("partner", _("Code"), in_table=False),
        Column("partner_label", _("Partner")),
        Column("n", _("Organisations (n)"), "count"),
        Column("today", _("Mean step today"), "number"),
        Column("target", _("Mean step in three years"), "number"),
        Column("gap", _("Mean gap (steps)"), "number"),
        Column("share_higher", _("Share aiming higher"), "share"),
    ]
    return make_chart(
        "gaps",
        figure,
        table,
        columns,
        filters.locale,
        description=_(
            "The ambition gap is the target minus today, in steps, for the organisations that gave both values."
        ),
    )
