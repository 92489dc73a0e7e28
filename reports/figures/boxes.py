"""Distributions as boxes drawn from group statistics, with single values marked on top of them.

The boxes are built from the statistics (min, q1, median, q3, max, mean), never from the organisations' values,
so a distribution can be shown in an anonymous round without sending any single organisation's value to the page.
"""

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from reports.figures.base import GROUP, bar_height, new_figure


@dataclass(frozen=True)
class Marker:
    """Values drawn on the boxes: one organisation, or a group's median. `values` maps category → value."""

    name: str
    values: dict[str, float]
    colour: str
    symbol: str = "diamond"


def distribution_boxes(
    stats: pd.DataFrame,
    *,
    category: str,
    categories: list[tuple[str, str]],
    title: str,
    axis_title: str,
    group_name: str,
    markers: list[Marker] = (),
    value_range: list[float] | None = None,
) -> go.Figure:
    """One horizontal box per category from `stats` (`category`, min, q1, median, q3, max, mean, suppressed).

    Categories without statistics (none, or suppressed) keep their place on the axis and stay empty.
    """
    figure = new_figure(title, bar_height(len(categories), per_category=48, minimum=300))
    labels = dict(categories)
    shown = stats[~stats["suppressed"].astype(bool)].dropna(subset=["median"])
    shown = shown[shown[category].isin(labels.keys())]
    figure.add_trace(_boxes(shown, [labels[key] for key in shown[category]], group_name))
    for marker in markers:
        figure.add_trace(_marks(marker, categories))
    figure.update_yaxes(
        type="category", categoryorder="array", categoryarray=[label for _, label in categories], autorange="reversed"
    )
    figure.update_xaxes(title={"text": axis_title})
    if value_range:
        figure.update_xaxes(range=value_range)
    return figure


def _boxes(shown: pd.DataFrame, labels: list[str], group_name: str) -> go.Box:
    """The boxes of the categories shown, drawn from their statistics alone. Without a lowest and highest value (an
    anonymous round never shows them) the whiskers end at the quartiles."""
    return go.Box(
        name=group_name,
        orientation="h",
        y=labels,
        q1=shown["q1"].tolist(),
        median=shown["median"].tolist(),
        q3=shown["q3"].tolist(),
        lowerfence=shown["min"].fillna(shown["q1"]).tolist(),
        upperfence=shown["max"].fillna(shown["q3"]).tolist(),
        mean=shown["mean"].tolist(),
        boxpoints=False,
        fillcolor="rgba(86, 180, 233, 0.35)",
        line={"color": "#0072B2"},
        marker={"color": GROUP},
        hoverinfo="x",
    )


def _marks(marker: Marker, categories: list[tuple[str, str]]) -> go.Scatter:
    """The marker's values on the categories it has one for (a NaN, which is not equal to itself, has none)."""
    labels = dict(categories)
    keys = [
        key for key, _ in categories if marker.values.get(key) is not None and marker.values[key] == marker.values[key]
    ]
    return go.Scatter(
        name=marker.name,
        mode="markers",
        y=[labels[key] for key in keys],
        x=[marker.values[key] for key in keys],
        marker={"color": marker.colour, "symbol": marker.symbol, "size": 13, "line": {"color": "#ffffff", "width": 1}},
        hovertemplate=f"{marker.name}<br>%{{y}}: %{{x:.1f}}<extra></extra>",
    )
