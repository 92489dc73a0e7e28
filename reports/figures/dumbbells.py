"""Dumbbell charts: two values per row (before and after, one party and the other) joined by a line."""

import pandas as pd
import plotly.graph_objects as go

from reports.figures.base import GRID, OKABE_ITO, bar_height, new_figure


def dumbbells(
    table: pd.DataFrame,
    *,
    row: str,
    left: str,
    right: str,
    left_name: str,
    right_name: str,
    left_colour: str,
    right_colour: str,
    title: str,
    axis_title: str,
    value_range: list[float] | None = None,
    tick_labels: dict[float, str] | None = None,
) -> go.Figure:
    """One row per table row, top to bottom: a marker for `left`, one for `right`, a grey line between them.

    `row` is the column with the row labels; a row with a missing value shows only the marker it has.
    """
    figure = new_figure(title, bar_height(len(table), per_category=34))
    labels = table[row].tolist()
    figure.add_trace(_joining_lines(labels, table[left], table[right]))
    figure.add_trace(_ends(table[left], labels, left_name, left_colour, "circle"))
    figure.add_trace(_ends(table[right], labels, right_name, right_colour, "diamond"))
    figure.update_yaxes(type="category", autorange="reversed", categoryorder="array", categoryarray=labels)
    figure.update_xaxes(title={"text": axis_title})
    if value_range:
        figure.update_xaxes(range=value_range)
    if tick_labels:
        figure.update_xaxes(tickvals=list(tick_labels), ticktext=list(tick_labels.values()))
    return figure


def _joining_lines(labels: list[str], lefts: pd.Series, rights: pd.Series) -> go.Scatter:
    """One grey line per row that has both values, as a single trace broken by None between the rows."""
    line_x, line_y = [], []
    for label, a, b in zip(labels, lefts, rights, strict=True):
        if pd.notna(a) and pd.notna(b):
            line_x += [a, b, None]
            line_y += [label, label, None]
    return go.Scatter(
        x=line_x, y=line_y, mode="lines", line={"color": GRID, "width": 5}, hoverinfo="skip", showlegend=False
    )


def _ends(values: pd.Series, labels: list[str], name: str, colour: str, symbol: str) -> go.Scatter:
    """The markers of one end of every row."""
    return go.Scatter(
        name=name,
        x=[None if pd.isna(v) else float(v) for v in values],
        y=labels,
        mode="markers",
        marker={"color": colour, "size": 13, "symbol": symbol, "line": {"color": "#ffffff", "width": 1}},
        hovertemplate=f"%{{y}}<br>{name}: %{{x:.1f}}<extra></extra>",
    )


def ambition_gaps(
    table: pd.DataFrame, step_names: list[str], *, today_name: str, target_name: str, title: str, axis_title: str
) -> go.Figure:
    """Today and in three years per staircase partner (`partner_label`, `today`, `target`), on an axis of the five
    steps named by `step_names`: the same look on the staircase dashboard and in an organisation's own results."""
    return dumbbells(
        table,
        row="partner_label",
        left="today",
        right="target",
        left_name=today_name,
        right_name=target_name,
        left_colour=OKABE_ITO[0],
        right_colour=OKABE_ITO[5],
        title=title,
        axis_title=axis_title,
        value_range=[0.8, 5.2],
        tick_labels={float(i): f"{i} {name}" for i, name in enumerate(step_names, start=1)},
    )
