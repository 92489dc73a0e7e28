"""Bar charts: parts of a whole per category (stacked), and ranked lists (one bar per item)."""

import pandas as pd
import plotly.graph_objects as go

from reports.figures.base import OKABE_ITO, bar_height, new_figure, none_if_nan


def stacked_bars(
    table: pd.DataFrame,
    *,
    category: str,
    part: str,
    value: str,
    categories: list[tuple[str, str]],
    parts: list[tuple[str, str, str]],
    title: str,
    axis_title: str,
    share: bool = True,
    count: str | None = None,
) -> go.Figure:
    """One horizontal bar per category, split into parts (a trace per part, in the order given).

    `table` is long: one row per (category, part) with `value` (a share 0–1 when `share`, else a number) and,
    optionally, `count` for the hover text. `categories` is [(key, label)], top to bottom; `parts` is
    [(key, label, colour)]. A category missing from `table`, or with null values, is drawn empty.
    """
    figure = new_figure(title, bar_height(len(categories)))
    labels = [label for _, label in categories]
    for key, name, colour in parts:
        rows = table[table[part] == key].set_index(category).reindex([k for k, _ in categories])
        counts = rows[count].tolist() if count else [None] * len(rows)
        number = "%{x:.1%}" if share else "%{x}"
        extra = " (%{customdata})" if count else ""
        figure.add_trace(
            go.Bar(
                name=name,
                orientation="h",
                y=labels,
                x=none_if_nan(rows[value].tolist()),
                customdata=counts,
                marker={"color": colour, "line": {"color": "#ffffff", "width": 1}},
                hovertemplate=f"%{{y}}<br>{name}: {number}{extra}<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack", bargap=0.35)
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(title={"text": axis_title})
    if share:
        figure.update_xaxes(range=[0, 1], tickformat=".0%")
    return figure


def ranked_bars(
    table: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    axis_title: str,
    share: bool = False,
    colour: str = OKABE_ITO[0],
    show_values: bool = False,
) -> go.Figure:
    """One horizontal bar per row, in the table's order from the top; `show_values` writes each value beside its bar."""
    figure = new_figure(title, bar_height(len(table), per_category=30))
    number = "%{x:.1%}" if share else "%{x:.4~f}"
    figure.add_trace(
        go.Bar(
            orientation="h",
            y=table[label].tolist(),
            x=none_if_nan(table[value].tolist()),
            marker={"color": colour},
            texttemplate=number if show_values else None,
            textposition="outside" if show_values else None,
            cliponaxis=False,
            hovertemplate=f"%{{y}}: {number}<extra></extra>",
            showlegend=False,
        )
    )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(title={"text": axis_title}, rangemode="tozero")
    if share:
        figure.update_xaxes(range=[0, 1], tickformat=".0%")
    return figure
