"""Radar (spider) charts: one organisation's profile over the dimensions against group medians."""

from dataclasses import dataclass

import plotly.graph_objects as go

from reports.figures.base import SCORE_RANGE, new_figure


@dataclass(frozen=True)
class Profile:
    """One line of the radar: `values` maps dimension → score (None where there is none)."""

    name: str
    values: dict[str, float | None]
    colour: str
    dash: str = "solid"
    fill: bool = False


def profile_radar(profiles: list[Profile], *, dimensions: list[tuple[str, str]], title: str) -> go.Figure:
    """One closed line per profile over the `dimensions` [(key, label)], scores 0–100 from the centre out."""
    figure = new_figure(title, 560)
    labels = [label for _, label in dimensions]
    for profile in profiles:
        values = [profile.values.get(key) for key, _ in dimensions]
        values = [None if v is None or v != v else v for v in values]
        figure.add_trace(
            go.Scatterpolar(
                name=profile.name,
                r=[*values, values[0]],
                theta=[*labels, labels[0]],
                mode="lines+markers",
                line={"color": profile.colour, "dash": profile.dash, "width": 3 if profile.fill else 2},
                marker={"size": 7},
                fill="toself" if profile.fill else "none",
                fillcolor="rgba(0, 0, 0, 0.08)" if profile.fill else None,
                connectgaps=False,
                hovertemplate=f"{profile.name}<br>%{{theta}}: %{{r:.1f}}<extra></extra>",
            )
        )
    # The first dimension at the top, clockwise; the radial axis between the first two, clear of their labels.
    figure.update_layout(
        polar={
            "radialaxis": {"range": SCORE_RANGE, "tickvals": [0, 25, 50, 75, 100], "angle": 54, "tickangle": 54},
            "angularaxis": {"rotation": 90, "direction": "clockwise"},
            "bgcolor": "#ffffff",
        },
        margin={"l": 80, "r": 80, "t": 70, "b": 40},
        legend={"orientation": "h", "yanchor": "top", "y": -0.06, "xanchor": "center", "x": 0.5},
    )
    return figure
