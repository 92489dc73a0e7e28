"""Pieces that several dashboard charts (and `/results`) are built from: column sets, pivots and figures drawn the
same way on more than one page. A chart that differs keeps its own code; only the identical shapes live here."""

import pandas as pd
import plotly.graph_objects as go
from flask_babel import gettext as _

from questionnaire.model import SCORED_DIMENSIONS, Questionnaire
from reports.figures.bars import stacked_bars
from reports.figures.base import SCORE_RANGE
from reports.figures.boxes import Marker, distribution_boxes
from reports.figures.heatmaps import value_heatmap
from reports.labels import DIMENSION_LABELS, label
from views.dashboards.charts import Column
from views.dashboards.page import type_options

#: The scored dimensions and the index, in the order every page lists them.
MEASURES = [*SCORED_DIMENSIONS, "maturity_index"]


def coded(key: str, label_text: str, code_label: str | None = None, label_key: str | None = None) -> list[Column]:
    """A code column only the CSV has, and beside it the column the table shows its name in."""
    return [Column(key, code_label or _("Code"), in_table=False), Column(label_key or f"{key}_label", label_text)]


def statistic_columns(keys: list[str], kind: str, n_label: str | None = None) -> list[Column]:
    """Columns of a group's statistics (n, min, q1, median, q3, max, mean) in the order of `keys`; `kind` is how
    the values are shown (score or number), n is always a count."""
    labels = {
        "n": n_label or _("Organisations (n)"),
        "min": _("Lowest"),
        "q1": _("Lower quartile"),
        "median": _("Median"),
        "q3": _("Upper quartile"),
        "max": _("Highest"),
        "mean": _("Mean"),
    }
    return [Column(key, labels[key], "count" if key == "n" else kind) for key in keys]


def share_columns(options: list[str], titles: dict[str, str], n_label: str) -> list[Column]:
    """The columns of `shares_by_type`: the type, how many answered, and one share per option."""
    return [
        *coded("type", _("Organisation type")),
        Column("n", n_label, "count"),
        *(Column(option, titles[option], "share") for option in options),
    ]


def shares_by_type(table: pd.DataFrame, options: list[str], types: list[tuple[str, str]]) -> pd.DataFrame:
    """`option_shares` by type as one row per type (in the order and with the labels of `types`) and one column per
    option, with the type's n and whether it is suppressed."""
    wide = table.pivot_table(index="type", columns="option", values="share", aggfunc="first", dropna=False)
    wide = wide.reindex(index=[code for code, _name in types], columns=options)
    wide = wide.assign(n=table.groupby("type")["n"].first(), suppressed=table.groupby("type")["suppressed"].first())
    return wide.reset_index().assign(type_label=lambda t: t["type"].map(dict(types)))


def share_heatmap_by_type(
    table: pd.DataFrame, rows: str, share: str, order: list[str], row_labels: dict[str, str], title: str
) -> go.Figure:
    """A heatmap of shares (0–1): a row per value of `rows` in `order`, a column per organisation type present."""
    types = type_options(set(table["type"]))
    wide = table.pivot_table(index=rows, columns="type", values=share, aggfunc="first", dropna=False)
    wide = wide.reindex(index=order, columns=[code for code, _name in types])
    return value_heatmap(
        wide,
        row_labels=row_labels,
        column_labels=dict(types),
        title=title,
        colorbar_title=_("Share"),
        zmin=0,
        zmax=1,
        share=True,
    )


def step_labels(questionnaire: Questionnaire, locale: str) -> list[str]:
    """The names of the collaboration staircase's steps 1–5 in the page's language."""
    return [step.label.get(locale) for step in questionnaire.scales["staircase"].steps]


def score_axis() -> dict:
    """The value axis of a chart of scores: 0–100 with a little room for the markers at the ends."""
    return {"axis_title": _("Score (0–100)"), "value_range": [SCORE_RANGE[0] - 3, SCORE_RANGE[1] + 3]}


def score_boxes(stats: pd.DataFrame, title: str, group_name: str, markers: list[Marker]) -> go.Figure:
    """Boxes of the scores per measure (`stats`: group statistics over MEASURES), with single organisations marked."""
    return distribution_boxes(
        stats,
        category="measure",
        categories=[(m, label(DIMENSION_LABELS, m)) for m in MEASURES],
        title=title,
        group_name=group_name,
        markers=markers,
        **score_axis(),
    )


def option_share_bars(
    table: pd.DataFrame, types: list[tuple[str, str]], parts: list[tuple[str, str, str]], title: str
) -> go.Figure:
    """Stacked bars of `option_shares` by type: a bar per type in `types`, a part per (option, label, colour)."""
    return stacked_bars(
        table,
        category="type",
        part="option",
        value="share",
        count="count",
        categories=types,
        parts=parts,
        title=title,
        axis_title=_("Share of the organisations that answered"),
    )
