"""Overview: who has answered, a map of the counties, and the dimension scores by organisation type."""

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from questionnaire.model import SCORED_DIMENSIONS
from reports.figures.bars import stacked_bars
from reports.figures.base import STATUS_COLOURS
from reports.figures.heatmaps import value_heatmap
from reports.figures.maps import county_map
from reports.group_tables import county_measure, county_response_rate
from reports.labels import DIMENSION_LABELS, MEASURE_LABELS, STATUS_LABELS, label
from services import dashboard_data
from services.dashboard_data import STATUSES
from views.dashboards.chart_parts import MEASURES, statistic_columns
from views.dashboards.charts import Column, make_chart
from views.dashboards.filters import Filters, Option, choose
from views.dashboards.page import Page, count_selection, guarded, type_options
from vocabulary.organisation_types import plural_name

TITLE = _l("Overview")
INTRO = _l("Who has answered, how the counties compare, and how the organisation types score on each dimension.")


def build(session: Session, filters: Filters, page: Page) -> None:
    measure = choose(
        filters,
        "measure",
        _("Colour the map by"),
        [Option(m, label(MEASURE_LABELS, m)) for m in ["maturity_index", *SCORED_DIMENSIONS, "response_rate"]],
        "maturity_index",
        _("“%(value)s” is not a measure the map can show. Showing the maturity index."),
    )
    participation = dashboard_data.participation_counts(
        session, filters.round, type_=filters.type, county=filters.county
    )
    shown = count_selection(session, page, filters)
    asked = _asked_cells(session, filters)
    page.charts.append(_status_chart(participation, filters, asked))
    # The response rate can be mapped before anyone has answered; scores only once someone has, in large enough groups.
    if measure == "response_rate" or shown:
        page.charts.append(_map_chart(session, filters, participation, measure, asked))
    if shown:
        page.charts.append(_types_chart(session, filters))


def _asked_cells(session: Session, filters: Filters):
    """The organisations asked in each cell of the whole round, read once when the round is anonymous."""
    found: list[pd.DataFrame] = []

    def cells() -> pd.DataFrame:
        if not found:
            whole_round = dashboard_data.participation_counts(session, filters.round)
            found.append(dashboard_data.participation_cells(whole_round))
        return found[0]

    return cells


def _status_table(participation: pd.DataFrame, types: list[tuple[str, str]], filters: Filters, asked) -> pd.DataFrame:
    """Per type: the organisations asked, how many are at each status, and the response rate (an anonymous
    round's disclosure rule applied, the organisations asked being the group)."""
    counts = participation.groupby(["type", "status"])["count"].sum().reset_index()
    wide = counts.pivot_table(index="type", columns="status", values="count", aggfunc="sum", fill_value=0)
    wide = wide.reindex(index=[t for t, _ in types], columns=list(STATUSES), fill_value=0)
    wide["asked"] = wide.sum(axis=1)
    wide["response_rate"] = wide["submitted"] / wide["asked"]
    wide = wide.reset_index()
    wide.columns.name = None
    return guarded(filters, wide, asked, by="type", n="asked")


def _status_chart(participation: pd.DataFrame, filters: Filters, asked):
    locale = filters.locale
    types = type_options(set(participation["type"]))
    wide = _status_table(participation, types, filters, asked)
    counts = wide[~wide.get("suppressed", pd.Series(False, index=wide.index)).astype(bool)]
    counts = counts.melt(id_vars="type", value_vars=list(STATUSES), var_name="status", value_name="count")
    counts["share"] = counts["count"] / counts.groupby("type")["count"].transform("sum")
    figure = stacked_bars(
        counts,
        category="type",
        part="status",
        value="share",
        count="count",
        categories=types,
        parts=[(s, label(STATUS_LABELS, s), STATUS_COLOURS[s]) for s in STATUSES],
        title=_("Response status by organisation type"),
        axis_title=_("Share of the organisations asked"),
    )
    wide["type_label"] = [plural_name(t) for t in wide["type"]]
    columns = [
        Column("type_label", _("Organisation type")),
        *(Column(s, label(STATUS_LABELS, s), "count") for s in STATUSES),
        Column("asked", _("Asked"), "count"),
        Column("response_rate", _("Response rate"), "share"),
    ]
    description = _(
        "Organisations asked are those invited to the round, or every organisation when the round has no invitations."
    )
    return make_chart("status", figure, wide, columns, locale, description=description)


def _map_chart(session: Session, filters: Filters, participation, measure: str, asked):
    if measure == "response_rate":
        table = guarded(filters, county_response_rate(participation, filters.min_n), asked, by="county")
    else:
        statistics = dashboard_data.group_statistics(
            session, filters.round, [measure], type_=filters.type, county=filters.county, by="county",
            min_n=filters.min_n, guarded=filters.anonymous,
        )  # fmt: skip
        table = county_measure(statistics, measure)
    names = filters.county_names()
    share = measure == "response_rate"
    measure_label = label(MEASURE_LABELS, measure)
    figure = county_map(
        table,
        dashboard_data.county_geojson(session),
        county_names=names,
        title=_("%(measure)s by county", measure=measure_label),
        measure_label=measure_label,
        no_value_text=_("no value"),
        share=share,
        value_range=[0, 1] if share else None,
    )
    table = table.assign(county_name=table["county"].map(names))
    if share:
        columns = [
            Column("county_name", _("County")),
            Column("n", _("Asked"), "count"),
            Column("value", _("Response rate"), "share"),
        ]
        description = _("The share of the organisations asked in each county that have submitted their answers.")
    else:
        columns = [
            Column("county_name", _("County")),
            *statistic_columns(["n"], "score"),
            Column("value", _("Median"), "score"),
            *statistic_columns(["mean", "min", "max"], "score"),
        ]
        description = _(
            "Each county is coloured by the median score (0–100) of its organisations in the selection; the colour "
            "scale spans the counties' values. National agencies have no county. Grey: no value."
        )
    return make_chart("map", figure, table, columns, filters.locale, description=description)


def _types_chart(session: Session, filters: Filters):
    stats = dashboard_data.group_statistics(
        session, filters.round, MEASURES, type_=filters.type, county=filters.county, by="type",
        min_n=filters.min_n, guarded=filters.anonymous,
    )  # fmt: skip
    types = type_options(set(stats["type"]))
    wide = stats.pivot_table(index="type", columns="measure", values="median", aggfunc="first", dropna=False)
    wide = wide.reindex(index=[t for t, _ in types], columns=MEASURES)
    figure = value_heatmap(
        wide,
        row_labels=dict(types),
        column_labels={m: label(DIMENSION_LABELS, m) for m in MEASURES},
        title=_("Median score by dimension and organisation type"),
        colorbar_title=_("Score"),
        zmin=0,
        zmax=100,
    )
    stats = stats.assign(
        type_label=[plural_name(t) for t in stats["type"]],
        measure_label=[label(DIMENSION_LABELS, m) for m in stats["measure"]],
    )
    columns = [
        Column("type_label", _("Organisation type")),
        Column("measure_label", _("Dimension")),
        *statistic_columns(["n", "median", "mean", "min", "max"], "score"),
    ]
    description = _("Scores run from 0 (the lowest step on every item) to 100 (the highest).")
    return make_chart("types", figure, stats, columns, filters.locale, description=description)
