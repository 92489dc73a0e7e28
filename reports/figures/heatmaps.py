"""Heatmaps: a grid of rows × columns coloured by a value, with the value written in each cell where it fits."""

import pandas as pd
import plotly.graph_objects as go

from reports.figures.base import NO_DATA, SEQUENTIAL, STEP_COLOURS, new_figure, wrap


def _grid(wide: pd.DataFrame) -> list[list[float | None]]:
    return [[None if pd.isna(value) else float(value) for value in row] for row in wide.to_numpy()]


def _height(rows: int, per_row: int) -> int:
    return max(320, 170 + per_row * rows)


def step_heatmap(
    wide: pd.DataFrame,
    *,
    row_labels: dict[str, str],
    column_labels: dict[str, str],
    step_labels: list[str],
    title: str,
    colorbar_title: str,
) -> go.Figure:
    """Rows × columns of staircase steps 1–5, one colour per step (light to dark); empty cells stay blank."""
    figure = new_figure(title, _height(len(wide), 22))
    scale = []
    for index, colour in enumerate(STEP_COLOURS):
        scale += [[index / 5, colour], [(index + 1) / 5, colour]]
    names = [[step_labels[int(v) - 1] if v is not None else "" for v in row] for row in _grid(wide)]
    figure.add_trace(
        go.Heatmap(
            z=_grid(wide),
            x=[column_labels.get(c, c) for c in wide.columns],
            y=[row_labels.get(r, r) for r in wide.index],
            zmin=0.5,
            zmax=5.5,
            colorscale=scale,
            customdata=names,
            xgap=2,
            ygap=2,
            hovertemplate="%{y}<br>%{x}:<br>%{z} %{customdata}<extra></extra>",
            colorbar={
                "title": {"text": colorbar_title},
                "tickvals": [1, 2, 3, 4, 5],
                "ticktext": [f"{i} {label}" for i, label in enumerate(step_labels, start=1)],
                "lenmode": "pixels",
                "len": 220,
                "yanchor": "top",
                "y": 1,
            },
        )
    )
    figure.update_layout(plot_bgcolor=NO_DATA)
    # Many columns: slanted heads fit where wrapped ones would run into each other.
    figure.update_xaxes(side="top", tickangle=-40, type="category", showgrid=False)
    figure.update_yaxes(autorange="reversed", type="category", showgrid=False)
    return figure


def value_heatmap(
    wide: pd.DataFrame,
    *,
    row_labels: dict[str, str],
    column_labels: dict[str, str],
    title: str,
    colorbar_title: str,
    colorscale: str = SEQUENTIAL,
    zmid: float | None = None,
    zmin: float | None = None,
    zmax: float | None = None,
    share: bool = False,
    slanted_heads: bool = False,
) -> go.Figure:
    """Rows × columns coloured by value, the value written in the cell (a share as a percentage). Many columns
    (`slanted_heads`) get their heads slanted, as the step grid's, instead of wrapped, and room above for them."""
    figure = new_figure(title, _height(len(wide), 34) + (140 if slanted_heads else 0))
    number = "%{z:.0%}" if share else "%{z:.1f}"
    figure.add_trace(
        go.Heatmap(
            z=_grid(wide),
            x=[column_labels.get(c, c) if slanted_heads else wrap(column_labels.get(c, c)) for c in wide.columns],
            y=[row_labels.get(r, r) for r in wide.index],
            colorscale=colorscale,
            zmid=zmid,
            zmin=zmin,
            zmax=zmax,
            xgap=2,
            ygap=2,
            texttemplate=number,
            hovertemplate=f"%{{y}}<br>%{{x}}:<br>{number}<extra></extra>",
            colorbar={"title": {"text": colorbar_title}, "tickformat": ".0%" if share else None},
        )
    )
    figure.update_layout(plot_bgcolor=NO_DATA)
    figure.update_xaxes(side="top", tickangle=-40 if slanted_heads else 0, type="category", showgrid=False)
    figure.update_yaxes(autorange="reversed", type="category", showgrid=False)
    return figure
