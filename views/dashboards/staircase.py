"""The collaboration staircase: the steps per partner, each organisation's steps, and the ambition gaps."""

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from reports.figures.bars import stacked_bars
from reports.figures.base import NO_DATA, SEQUENTIAL, STEP_COLOURS
from reports.figures.dumbbells import ambition_gaps
from reports.figures.heatmaps import step_heatmap, value_heatmap
from reports.group_tables import STEPS, gap_summary, mean_steps, step_distribution
from reports.single_organisations import partner_steps
from services import dashboard_data
from views.dashboards.chart_parts import coded, statistic_columns, step_labels
from views.dashboards.charts import Column, make_chart
from views.dashboards.filters import Filters
from views.dashboards.page import Page, count_selection, guarded, organisation_names, type_options
from vocabulary.localised import localised_column
from vocabulary.organisation_types import type_codes

TITLE = _l("The collaboration staircase")
INTRO = _l(
    "Where collaboration with each partner stands today (1 Information … 5 Co-creation), and where the "
    "organisations think it should stand in three years."
)
#: More rows than this make the organisation × partner grid unreadable: a larger selection gets one row per county
#: (or per type, when a county is chosen) instead.
MAX_HEATMAP_ROWS = 150


def build(session: Session, filters: Filters, page: Page) -> None:
    if not count_selection(session, page, filters):
        return
    questionnaire = dashboard_data.questionnaire(filters.round)
    partners = [p for s in questionnaire.sections for p in s.partners]
    today_ids = [p.today.id for p in partners]
    tallied = dashboard_data.answer_tallies(
        session, [filters.round], today_ids, type_=filters.type, county=filters.county
    )
    partner_labels = {p.id: p.title.get(filters.locale) for p in partners}
    steps = step_labels(questionnaire, filters.locale)
    table = step_distribution(tallied, questionnaire, filters.min_n)
    table = guarded(filters, table, lambda: _step_cells(session, filters, partners), key="partner")
    page.charts.append(_distribution_chart(table, questionnaire, partner_labels, steps, filters))
    if filters.anonymous:
        page.notices.append(_("Each organisation's steps are not shown in an anonymous round."))
    elif page.responses > MAX_HEATMAP_ROWS:
        page.charts.append(_group_heatmap_chart(session, filters, questionnaire, partner_labels, steps))
    else:
        scores = dashboard_data.round_scores(
            session, filters.round, types=[filters.type] if filters.type else None, county=filters.county
        )
        ids = [q.id for p in partners for q in (p.today, p.target)]
        answers = dashboard_data.round_answers(session, filters.round, ids, organisations=list(scores["organisation"]))
        page.charts.append(_heatmap_chart(answers, questionnaire, scores, partner_labels, steps, filters))
    gaps = dashboard_data.gap_tallies(session, filters.round, type_=filters.type, county=filters.county)
    table = gap_summary(gaps, [p.id for p in partners], filters.min_n)
    table = guarded(filters, table, lambda: dashboard_data.gap_cells(session, filters.round), key="partner")
    page.charts.append(_gap_chart(table, partner_labels, steps, filters))


def _step_cells(session: Session, filters: Filters, partners) -> pd.DataFrame:
    """Per partner, the organisations in each cell of the round that answered its today item (a step or `na`)."""
    partner_of = {p.today.id: p.id for p in partners}
    cells = dashboard_data.tally_cells(session, filters.round, list(partner_of), values=STEPS)
    cells = cells.assign(key=cells["key"].map(partner_of))
    return cells.groupby(["key", "type", "county"], as_index=False)["n"].sum()


def _distribution_chart(table, questionnaire, partner_labels, steps, filters: Filters):
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
    hidden = table.groupby("partner")["suppressed"].first().reindex(partners).astype(bool)
    wide = wide.assign(n=counts, suppressed=hidden, partner_label=[partner_labels[p] for p in partners]).reset_index()
    columns = [
        *coded("partner", _("Partner")),
        *statistic_columns(["n"], "count"),
        *(Column(f"share_{key}", name, "share") for key, name, _colour in parts),
    ]
    return make_chart("steps", figure, wide, columns, filters.locale)


def _heatmap_chart(answers, questionnaire, scores: pd.DataFrame, partner_labels, steps, filters: Filters):
    wide = partner_steps(answers, questionnaire)
    order = list(type_codes())
    members = scores.assign(type_order=scores["type"].map(order.index))
    name_column = localised_column(members, "name", filters.locale)
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
        *coded("organisation", _("Organisation"), label_key="name"),
        *(Column(p, partner_labels[p], "count") for p in wide.columns),
    ]
    description = _("Grey: the partner is not asked of the organisation's type, or was answered “not applicable”.")
    return make_chart("organisations", figure, table, columns, filters.locale, description=description)


def _group_heatmap_chart(session: Session, filters: Filters, questionnaire, partner_labels, steps):
    """The organisation × partner grid of a large selection, one row per county (or per type when a county is
    chosen): the mean step today of the group's organisations, from the tallies."""
    by = "type" if filters.county else "county"
    today = {p.today.id: p.id for s in questionnaire.sections for p in s.partners}
    tallied = dashboard_data.answer_tallies(
        session, [filters.round], list(today), type_=filters.type, county=filters.county, by=by
    )
    table = mean_steps(tallied, [by, "question"])
    table = table.assign(partner=table["question"].map(today))
    if by == "county":
        names = filters.county_names()
        rows = [(code, names[code]) for code in sorted(set(table["county"])) if code in names]
    else:
        rows = type_options(set(table["type"]))
    wide = table.pivot_table(index=by, columns="partner", values="mean", aggfunc="first")
    wide = wide.reindex(index=[code for code, _name in rows], columns=[p for p in partner_labels if p in wide.columns])
    figure = value_heatmap(
        wide,
        row_labels=dict(rows),
        column_labels=partner_labels,
        title=_("Mean step today per partner, by county")
        if by == "county"
        else _("Mean step today per partner, by organisation type"),
        colorbar_title=_("Step"),
        colorscale=SEQUENTIAL,
        zmin=1,
        zmax=5,
        slanted_heads=True,
    )
    table = table.assign(
        group_label=table[by].map(dict(rows)), partner_label=table["partner"].map(partner_labels)
    ).sort_values([by, "partner"])
    columns = [
        *coded(by, _("County") if by == "county" else _("Organisation type"), label_key="group_label"),
        *coded("partner", _("Partner"), _("Partner code")),
        *statistic_columns(["n"], "count"),
        Column("mean", _("Mean step"), "number"),
    ]
    description = _(
        "The selection has more than %(max)d organisations, too many to show one row each: each row is a "
        "group of them, with the mean step today of those that rated the partner. Choose an organisation type "
        "and a county to see each organisation.",
        max=MAX_HEATMAP_ROWS,
    )
    table = table[["group_label", "partner_label", by, "partner", "n", "mean"]]
    return make_chart("organisations", figure, table, columns, filters.locale, description=description)


def _gap_chart(table, partner_labels, steps, filters: Filters):
    table = table.assign(partner_label=table["partner"].map(partner_labels))
    figure = ambition_gaps(
        table,
        steps,
        today_name=_("Today (mean step)"),
        target_name=_("In three years (mean step)"),
        title=_("Ambition gap: mean step today and in three years, per partner"),
        axis_title=_("Step on the collaboration staircase"),
    )
    columns = [
        *coded("partner", _("Partner")),
        *statistic_columns(["n"], "count"),
        Column("today", _("Mean step today"), "number"),
        Column("target", _("Mean step in three years"), "number"),
        Column("gap", _("Mean gap (steps)"), "number"),
        Column("share_higher", _("Share aiming higher"), "share"),
    ]
    description = _(
        "The ambition gap is the target minus today, in steps, for the organisations that gave both values."
    )
    return make_chart("gaps", figure, table, columns, filters.locale, description=description)
