"""Trends: each dimension over the rounds with its median and spread, one organisation followed, and more.

Rounds up to the chosen one are shown. Questions carry over between questionnaire versions by their stable ids, so
a partner or a dimension is the same series whatever version each round used. Each round keeps its own visibility:
in an anonymous round small groups are blanked and no organisation is followed.
"""

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from models import Visibility
from reports import disclosure
from reports.figures.base import SEQUENTIAL
from reports.figures.heatmaps import value_heatmap
from reports.figures.trends import median_bands, series_lines
from reports.group_tables import STEP_VALUES, mean_steps
from reports.groups import MIN_GROUP_SIZE, suppress
from reports.labels import DIMENSION_LABELS, label
from services import dashboard_data
from views.dashboards.chart_parts import MEASURES, coded, statistic_columns
from views.dashboards.charts import Column, make_chart
from views.dashboards.filters import Filters, Option, choose, choose_code
from views.dashboards.page import LIST_LIMIT, Page, organisation_names, type_options
from vocabulary.localised import localised_column
from vocabulary.organisation_types import organisation_type, plural_name

TITLE = _l("Trends")
INTRO = _l(
    "How the scores have moved over the rounds up to the chosen one: the median of the selection and the "
    "band where the middle half of the organisations lie."
)


def build(session: Session, filters: Filters, page: Page) -> None:
    rounds = [r for r in filters.rounds if r.slug <= filters.round.slug]
    slugs = [r.slug for r in rounds]
    min_n = {r.slug: MIN_GROUP_SIZE if r.visibility == Visibility.ANONYMOUS else None for r in rounds}
    sizes = dashboard_data.trend_sizes(session, rounds, type_=filters.type, county=filters.county)
    page.responses = int(sizes.loc[sizes["round"] == filters.round.slug, "value"].sum())
    if sizes.empty:
        page.notices.append(_("No organisation in the selection has submitted answers in these rounds."))
        return
    if any(min_n.values()):
        page.notices.append(
            _(
                "Some rounds are anonymous: in them, groups of fewer than %(min)d are blank and no organisation is "
                "followed.",
                min=MIN_GROUP_SIZE,
            )
        )
    answered = [r for r in rounds if r.slug in set(sizes["round"])]
    named = [r for r in answered if min_n[r.slug] is None]
    largest = sizes[sizes["round"].isin([r.slug for r in named])].groupby("round")["value"].sum().max()
    follow, follow_name = _followed(session, named, filters, listable=bool(named) and largest <= LIST_LIMIT)
    anonymous = frozenset(slug for slug, hides in min_n.items() if hides is not None)
    stats = dashboard_data.trend_statistics(
        session, answered, MEASURES, min_n, type_=filters.type, county=filters.county, guarded=anonymous
    )
    page.charts.append(_bands_chart(stats, follow, follow_name, slugs, filters))
    submitted = _each_round(
        sizes,
        rounds,
        min_n,
        filters,
        lambda found: dashboard_data.statistic_cells(session, found).assign(key=""),
        by="type",
        n="",
    )
    page.charts.append(_participation_chart(submitted, slugs, filters))
    staircase = _staircase_chart(session, rounds, min_n, filters)
    if staircase is not None:
        page.charts.append(staircase)


def _each_round(table: pd.DataFrame, rounds, min_n: dict, filters: Filters, cells, **where) -> pd.DataFrame:
    """`table` (with a column round) with `reports.disclosure.guard` applied to the rows of each anonymous round;
    `cells(round)` reads that round's cell counts, `where` is passed on."""
    found = {r.slug: r for r in rounds}
    if "suppressed" not in table.columns:
        table = table.assign(suppressed=False)
    parts = []
    for slug, part in table.groupby("round", sort=False):
        if min_n.get(slug) is not None:
            part = disclosure.guard(part, cells(found[slug]), type_=filters.type, county=filters.county, **where)
        parts.append(part)
    return pd.concat(parts, ignore_index=True) if parts else table


def _followed(session: Session, named: list, filters: Filters, listable: bool) -> tuple[pd.DataFrame | None, str]:
    """The organisation followed across the named rounds: picked from a list, or by its code when the selection has
    too many organisations to list (already when one round has more than the limit: `listable` is False)."""
    if not named:
        return None, ""
    listed = None
    if listable:
        listed = dashboard_data.followable_organisations(
            session, named, LIST_LIMIT, type_=filters.type, county=filters.county
        )
    looked_up: dict[str, pd.DataFrame] = {}

    def trend_of(code: str) -> pd.DataFrame:
        if code not in looked_up:
            looked_up[code] = filters.select(dashboard_data.trend_scores(session, named, organisations=[code]))
        return looked_up[code]

    if listed is None:
        chosen = choose_code(
            filters,
            "organisation",
            _("Follow an organisation (code)"),
            _("Too many organisations to list: type the code of one to follow, such as kommun-0180."),
            lambda code: not trend_of(code).empty,
            _("“%(value)s” has no submitted answers in these rounds and this selection."),
        )
    else:
        names = organisation_names(listed, filters.locale)
        options = [Option("", _("No organisation"))] + [
            Option(code, name) for code, name in sorted(names.items(), key=lambda item: item[1])
        ]
        chosen = choose(
            filters,
            "organisation",
            _("Follow an organisation"),
            options,
            "",
            _("“%(value)s” has no submitted answers in these rounds and this selection."),
        )
    if not chosen:
        return None, ""
    own = trend_of(chosen)
    follow = own.melt(id_vars=["round"], value_vars=MEASURES, var_name="measure", value_name="value")
    return follow, own[localised_column(own, "name", filters.locale)].iloc[0]


def _bands_chart(stats, follow, follow_name: str, slugs: list[str], filters: Filters):
    figure = median_bands(
        stats,
        measures=[(m, label(DIMENSION_LABELS, m)) for m in MEASURES],
        rounds=slugs,
        title=_("Scores per dimension over the rounds: median and the middle half of the organisations"),
        median_name=_("Median"),
        band_name=_("Middle half (quartiles)"),
        follow=follow,
        follow_name=follow_name,
    )
    table = stats.assign(measure_label=[label(DIMENSION_LABELS, m) for m in stats["measure"]])
    columns = [
        Column("round", _("Round")),
        *coded("measure", _("Dimension")),
        *statistic_columns(["n", "q1", "median", "q3", "min", "max"], "score"),
    ]
    if follow is not None:
        table = table.merge(follow.rename(columns={"value": "followed"}), on=["round", "measure"], how="left")
        columns.append(Column("followed", follow_name, "score"))
    return make_chart("dimensions", figure, table, columns, filters.locale)


def _participation_chart(counts: pd.DataFrame, slugs: list[str], filters: Filters):
    types = type_options(set(counts["type"]))
    figure = series_lines(
        counts,
        series=[(t, name, organisation_type(t).colour) for t, name in types],
        key="type",
        rounds=slugs,
        title=_("Submitted answers per round, by organisation type"),
        axis_title=_("Organisations that submitted"),
    )
    counts = counts.assign(type_label=[plural_name(t) for t in counts["type"]])
    columns = [
        Column("round", _("Round")),
        *coded("type", _("Organisation type"), _("Type code")),
        Column("value", _("Organisations that submitted"), "count"),
    ]
    return make_chart("participation", figure, counts, columns, filters.locale)


def _staircase_chart(session: Session, rounds, min_n: dict, filters: Filters):
    """The mean step today per partner and round, the partners matched across versions by their question ids."""
    partners: dict[str, tuple[str, str]] = {}
    for found in rounds:
        for section in dashboard_data.questionnaire(found).sections:
            for partner in section.partners:
                partners.setdefault(partner.today.id, (partner.id, partner.title.get(filters.locale)))
    tallied = dashboard_data.answer_tallies(session, rounds, list(partners), type_=filters.type, county=filters.county)
    table = mean_steps(tallied, ["question", "round"])
    if table.empty:
        return None
    frames = [suppress(part, min_n.get(slug)) for slug, part in table.groupby("round")]
    steps = list(STEP_VALUES)

    def cells(found) -> pd.DataFrame:
        return dashboard_data.tally_cells(session, found, list(partners), values=steps)

    table = _each_round(pd.concat(frames, ignore_index=True), rounds, min_n, filters, cells, key="question")
    table = table.assign(partner=table["question"].map(lambda q: partners[q][0]))
    table = table.assign(partner_label=table["question"].map(lambda q: partners[q][1]))
    wide = table.pivot_table(index="partner", columns="round", values="mean", aggfunc="first", dropna=False)
    order = [pid for pid, _title in partners.values() if pid in wide.index]
    wide = wide.reindex(index=order, columns=[s for s in (r.slug for r in rounds) if s in wide.columns])
    figure = value_heatmap(
        wide,
        row_labels={pid: title for pid, title in partners.values()},
        column_labels={},
        title=_("Mean step today per partner over the rounds"),
        colorbar_title=_("Step"),
        colorscale=SEQUENTIAL,
        zmin=1,
        zmax=5,
    )
    columns = [
        Column("round", _("Round")),
        *coded("question", _("Partner"), _("Question id"), label_key="partner_label"),
        *statistic_columns(["n"], "count"),
        Column("mean", _("Mean step"), "number"),
    ]
    table = table.sort_values(["partner", "round"])
    return make_chart("staircase", figure, table, columns, filters.locale)
