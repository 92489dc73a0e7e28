"""Lines over the rounds: a group's median with its spread, and single organisations or series followed."""

import json
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from reports.figures.base import FONT_FAMILY, GRID, HIGHLIGHT, INK, OKABE_ITO, SCORE_RANGE, new_figure


def median_bands(
    stats: pd.DataFrame,
    *,
    measures: list[tuple[str, str]],
    rounds: list[str],
    title: str,
    median_name: str,
    band_name: str,
    follow: pd.DataFrame | None = None,
    follow_name: str = "",
    columns: int = 3,
) -> go.Figure:
    """Small multiples, one per measure: the median over the rounds and the band from q1 to q3 around it.

    `stats` is long (round, measure, median, q1, q3); `follow` (round, measure, value) adds one organisation's line.
    A round without statistics (too few organisations) leaves a gap.
    """
    layout, axes = _bands_layout(title, tuple(label for _, label in measures), columns)
    traces = []
    for index, (key, _) in enumerate(measures):
        rows_of = stats[stats["measure"] == key].set_index("round").reindex(rounds)
        first = index == 0
        subplot = _band_and_median(rows_of, rounds, band_name, median_name, first)
        if follow is not None and not follow.empty:
            own = follow[follow["measure"] == key].set_index("round").reindex(rounds)
            subplot.append(_followed(own["value"], rounds, follow_name, first))
        traces += [{**trace, "type": "scatter", **axes[index]} for trace in subplot]
    # The figure in one go from plain data: Plotly checks it once, where a call per trace and per axis would check
    # the whole figure again each time.
    return go.Figure(data=traces, layout=json.loads(layout))


def _values(series: pd.Series) -> list[float | None]:
    """Plain floats for the page, None for a round without a value (a gap in the line)."""
    return [None if pd.isna(v) else float(v) for v in series]


def _band_and_median(rows_of: pd.DataFrame, rounds: list[str], band_name: str, median_name: str, first: bool):
    """The q1–q3 band (an invisible q1 line, then q3 filled down to it) and the median line of one measure; only the
    first subplot's traces are in the legend."""
    return [
        {
            "x": rounds,
            "y": _values(rows_of["q1"]),
            "mode": "lines",
            "line": {"width": 0},
            "hoverinfo": "skip",
            "showlegend": False,
        },
        {
            "name": band_name,
            "x": rounds,
            "y": _values(rows_of["q3"]),
            "mode": "lines",
            "line": {"width": 0},
            "fill": "tonexty",
            "fillcolor": "rgba(86, 180, 233, 0.35)",
            "legendgroup": "band",
            "showlegend": first,
            "hovertemplate": f"{band_name}: %{{y:.1f}}<extra></extra>",
        },
        {
            "name": median_name,
            "x": rounds,
            "y": _values(rows_of["median"]),
            "mode": "lines+markers",
            "line": {"color": OKABE_ITO[0], "width": 3},
            "legendgroup": "median",
            "showlegend": first,
            "hovertemplate": f"{median_name} %{{x}}: %{{y:.1f}}<extra></extra>",
        },
    ]


def _followed(values: pd.Series, rounds: list[str], follow_name: str, first: bool) -> dict:
    """The dotted line of the organisation (or series) followed."""
    return {
        "name": follow_name,
        "x": rounds,
        "y": _values(values),
        "mode": "lines+markers",
        "line": {"color": HIGHLIGHT, "width": 2, "dash": "dot"},
        "marker": {"symbol": "diamond", "size": 9},
        "legendgroup": "follow",
        "showlegend": first,
        "hovertemplate": f"{follow_name} %{{x}}: %{{y:.1f}}<extra></extra>",
    }


@lru_cache(maxsize=64)
def _bands_layout(title: str, labels: tuple[str, ...], columns: int) -> tuple[str, list[dict[str, str]]]:
    """The small multiples' layout (as JSON) and each subplot's axes, made once per title and labels."""
    rows = -(-len(labels) // columns)
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=list(labels),
        shared_xaxes=True,
        vertical_spacing=0.14,
        horizontal_spacing=0.06,
    )
    base = new_figure(title, 300 * rows + 80)
    figure.layout.template = "none"
    figure.update_layout(base.layout)
    figure.update_yaxes(range=[SCORE_RANGE[0] - 2, SCORE_RANGE[1] + 2], gridcolor=GRID, tickvals=[0, 25, 50, 75, 100])
    figure.update_xaxes(type="category", gridcolor=GRID, showticklabels=True, ticks="")
    figure.update_annotations(font={"family": FONT_FAMILY, "size": 14, "color": INK})
    figure.update_layout(legend={"y": 1.06}, margin={"t": 110})
    axes = []
    for index in range(len(labels)):
        subplot = figure.get_subplot(index // columns + 1, index % columns + 1)
        axes.append({name: getattr(subplot, name).plotly_name.replace("axis", "") for name in ("xaxis", "yaxis")})
    return json.dumps(figure.layout.to_plotly_json()), axes


def series_lines(
    table: pd.DataFrame,
    *,
    series: list[tuple[str, str, str]],
    key: str,
    rounds: list[str],
    title: str,
    axis_title: str,
    value_range: list[float] | None = None,
    share: bool = False,
) -> go.Figure:
    """One line per series over the rounds; `table` is long (round, `key`, value), `series` [(key, label, colour)]."""
    figure = new_figure(title, 440)
    number = "%{y:.0%}" if share else "%{y:.2~f}"
    for series_key, label, colour in series:
        own = table[table[key] == series_key].set_index("round").reindex(rounds)
        figure.add_trace(
            go.Scatter(
                name=label,
                x=rounds,
                y=_values(own["value"]),
                mode="lines+markers",
                line={"color": colour, "width": 2},
                hovertemplate=f"{label} %{{x}}: {number}<extra></extra>",
            )
        )
    figure.update_xaxes(type="category")
    figure.update_yaxes(title={"text": axis_title})
    if value_range:
        figure.update_yaxes(range=value_range)
    if share:
        figure.update_yaxes(tickformat=".0%")
    return figure
