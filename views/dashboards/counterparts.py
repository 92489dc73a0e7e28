"""Counterparts: region and länsstyrelse of the same county side by side, and a region against its municipalities.

Every chart here names single organisations, so none is shown in an anonymous round.
"""

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy.orm import Session

from reports.figures.base import DIVERGING, HIGHLIGHT, OKABE_ITO
from reports.figures.boxes import Marker
from reports.figures.dumbbells import dumbbells
from reports.figures.heatmaps import value_heatmap
from reports.labels import DIMENSION_LABELS, label
from reports.single_organisations import counterpart_pairs
from services import dashboard_data
from views.dashboards.chart_parts import MEASURES, coded, score_axis, score_boxes, statistic_columns, step_labels
from views.dashboards.charts import Column, make_chart
from views.dashboards.filters import Filters, Option, choose
from views.dashboards.page import Page, no_answers, organisation_names
from vocabulary.localised import localised_column
from vocabulary.organisation_types import organisation_type

TITLE = _l("Counterparts")
INTRO = _l(
    "Where the region and the county administrative board of the same county see their work differently, "
    "and how a region compares with the municipalities of its county."
)
#: The dumbbell chart shows this many of the largest differences.
LARGEST = 15


def build(session: Session, filters: Filters, page: Page) -> None:
    if filters.anonymous:
        page.notices.append(
            _("This round is anonymous. These comparisons name single organisations, so they are not shown.")
        )
        return
    if filters.type:
        page.notices.append(_("This page compares organisation types with each other; the type filter does not apply."))
    responses = dashboard_data.selection_size(session, filters.round, county=filters.county)
    page.responses = responses
    page.notices += [n for n in (no_answers(responses),) if n]
    if responses == 0:
        return
    # Only regions and boards are compared one by one: one of each per county, however many municipalities answer.
    scores = dashboard_data.round_scores(session, filters.round, types=["region", "lst"], county=filters.county)
    names = filters.county_names()
    pairs = counterpart_pairs(scores, MEASURES)
    if pairs.empty:
        page.notices.append(_("No county in the selection has submitted answers from both its region and its board."))
    else:
        pairs = pairs.assign(
            county_name=pairs["county"].map(names), measure_label=[label(DIMENSION_LABELS, m) for m in pairs["measure"]]
        )
        page.charts.append(_difference_chart(pairs, filters))
        page.charts.append(_largest_chart(pairs, filters))
    mutual = _mutual_chart(session, filters, scores, names) if not pairs.empty else None
    if mutual is not None:
        page.charts.append(mutual)
    page.charts += _municipalities_chart(session, scores, filters)


def _pair_columns() -> list[Column]:
    return [
        *coded("county", _("County"), _("County code"), label_key="county_name"),
        *coded("measure", _("Dimension")),
        Column("region", _("Region"), "score"),
        Column("lst", _("County administrative board"), "score"),
        Column("difference", _("Difference (region − board)"), "score"),
    ]


def _difference_chart(pairs: pd.DataFrame, filters: Filters):
    order = pairs.groupby("county")["difference"].apply(lambda d: d.abs().mean()).sort_values(ascending=False)
    wide = pairs.pivot_table(index="county", columns="measure", values="difference", aggfunc="first")
    wide = wide.reindex(index=list(order.index), columns=[m for m in MEASURES if m in wide.columns])
    limit = max(10.0, float(pairs["difference"].abs().max()))
    figure = value_heatmap(
        wide,
        row_labels=filters.county_names(),
        column_labels={m: label(DIMENSION_LABELS, m) for m in MEASURES},
        title=_("Region minus county administrative board, per county and dimension (score points)"),
        colorbar_title=_("Difference"),
        colorscale=DIVERGING,
        zmid=0,
        zmin=-limit,
        zmax=limit,
    )
    description = _(
        "Blue: the region scores higher than the board; orange: the board scores higher. Counties with the "
        "largest differences on average come first; the table is sorted by the size of the difference."
    )
    return make_chart("differences", figure, pairs, _pair_columns(), filters.locale, description=description)


def _largest_chart(pairs: pd.DataFrame, filters: Filters):
    largest = pairs.head(LARGEST).assign(row=lambda t: t["county_name"] + " · " + t["measure_label"])
    figure = _region_against_board(
        largest,
        "row",
        (_("Region"), _("County administrative board")),
        _("The %(count)d largest differences between region and board, side by side", count=len(largest)),
        **score_axis(),
    )
    return make_chart("largest", figure, largest, _pair_columns(), filters.locale)


def _mutual_chart(session: Session, filters: Filters, scores: pd.DataFrame, names: dict[str, str]):
    """How the region rates its collaboration with the board, and the board its collaboration with the region."""
    questionnaire = dashboard_data.questionnaire(filters.round)
    partners = {p.id: p for s in questionnaire.sections for p in s.partners}
    if "d1_lst" not in partners or "d1_region" not in partners:
        return None
    region_item, board_item = partners["d1_lst"].today.id, partners["d1_region"].today.id
    answers = dashboard_data.round_answers(
        session, filters.round, [region_item, board_item], organisations=list(scores["organisation"])
    )
    answers = answers.merge(scores[["organisation", "type", "county"]], on="organisation")
    answers = answers.assign(step=pd.to_numeric(answers["value"], errors="coerce"))
    region = answers[(answers["type"] == "region") & (answers["question"] == region_item)].set_index("county")["step"]
    board = answers[(answers["type"] == "lst") & (answers["question"] == board_item)].set_index("county")["step"]
    table = pd.DataFrame({"region": region, "lst": board}).dropna().rename_axis("county").reset_index()
    if table.empty:
        return None
    table["difference"] = table["region"] - table["lst"]
    table = table.assign(county_name=table["county"].map(names), size=table["difference"].abs())
    table = table.sort_values(["size", "county"], ascending=[False, True], na_position="last").drop(columns="size")
    steps = step_labels(questionnaire, filters.locale)
    figure = _region_against_board(
        table,
        "county_name",
        (_("The region's rating"), _("The board's rating")),
        _("How region and board rate their collaboration with each other today (step)"),
        axis_title=_("Step on the collaboration staircase"),
        value_range=[0.8, 5.2],
        tick_labels={float(i): f"{i} {name}" for i, name in enumerate(steps, start=1)},
    )
    columns = [
        *coded("county", _("County"), _("County code"), label_key="county_name"),
        Column("region", _("The region's rating"), "count"),
        Column("lst", _("The board's rating"), "count"),
        Column("difference", _("Difference (steps)"), "count"),
    ]
    description = _("The same collaboration seen from both sides; sorted by how far apart the two ratings are.")
    return make_chart("mutual", figure, table, columns, filters.locale, description=description)


def _region_against_board(table: pd.DataFrame, row: str, names: tuple[str, str], title: str, **axis):
    """Dumbbells with the region's value (column `region`) on the left and the board's (`lst`) on the right."""
    return dumbbells(
        table,
        row=row,
        left="region",
        right="lst",
        left_name=names[0],
        right_name=names[1],
        left_colour=organisation_type("region").colour,
        right_colour=organisation_type("lst").colour,
        title=title,
        **axis,
    )


def _municipalities_chart(session: Session, scores: pd.DataFrame, filters: Filters):
    regions = scores[scores["type"] == "region"].sort_values("county")
    if regions.empty:
        return []
    names = organisation_names(regions, filters.locale)
    default = f"region-{filters.county}" if f"region-{filters.county}" in names else regions["organisation"].iloc[0]
    chosen = choose(
        filters,
        "region",
        _("Region against its municipalities"),
        [Option(code, names[code]) for code in regions["organisation"]],
        default,
        _("“%(value)s” is not a region with submitted answers in this selection. Showing the first one instead."),
    )
    region = regions[regions["organisation"] == chosen].iloc[0]
    stats = dashboard_data.group_statistics(session, filters.round, MEASURES, type_="kommun", county=region["county"])
    answered = dashboard_data.selection_size(session, filters.round, type_="kommun", county=region["county"])
    board = scores[(scores["type"] == "lst") & (scores["county"] == region["county"])]
    markers = [Marker(names[chosen], {m: region[m] for m in MEASURES}, HIGHLIGHT)]
    if not board.empty:
        board_name = board[localised_column(board, "name", filters.locale)].iloc[0]
        markers.append(Marker(board_name, {m: board.iloc[0][m] for m in MEASURES}, OKABE_ITO[5], "circle"))
    title = ngettext(
        "%(region)s against the %(num)d municipality of its county that has answered",
        "%(region)s against the %(num)d municipalities of its county that have answered",
        answered,
        region=names[chosen],
    )
    figure = score_boxes(stats, title, _("Municipalities"), markers)
    table = stats.assign(
        measure_label=[label(DIMENSION_LABELS, m) for m in stats["measure"]],
        region=[region[m] for m in stats["measure"]],
    )
    columns = [
        *coded("measure", _("Dimension")),
        Column("region", names[chosen], "score"),
        *statistic_columns(["n", "min", "median", "max"], "score", n_label=_("Municipalities (n)")),
    ]
    return [make_chart("municipalities", figure, table, columns, filters.locale)]
