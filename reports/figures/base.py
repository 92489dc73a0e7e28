"""What every figure shares: the colour-blind-safe palettes, fonts, margins and the score axis."""

import json
from functools import lru_cache

import plotly.graph_objects as go

FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
INK = "#1b1b1b"
GRID = "#d9dcde"
#: Shown where there is no value (not asked, too few organisations).
NO_DATA = "#d0d3d4"

#: Okabe & Ito's eight colours, distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
STATUS_COLOURS = {"submitted": "#0072B2", "draft": "#E69F00", "not_started": "#BBBBBB"}
#: Steps 1–5 of the staircase: one hue from light to dark, so the order reads without telling colours apart.
STEP_COLOURS = ["#d6e6f4", "#94c1e2", "#4f94cd", "#1f61a3", "#0b2f66"]
#: Continuous scales. One hue from light to dark reads the same with every colour-vision deficiency; the
#: diverging scale runs from the länsstyrelse's vermillion through white to the region's blue, never red to green.
SEQUENTIAL = [[0.0, "#e3eef9"], [0.25, "#b6d2ee"], [0.5, "#6aa6d8"], [0.75, "#2b6fb3"], [1.0, "#0b2f66"]]
DIVERGING = [[0.0, "#b34700"], [0.25, "#e69a5c"], [0.5, "#f7f7f7"], [0.75, "#5aa0d6"], [1.0, "#004f80"]]
#: The selected organisation against a group: black diamonds on blue boxes.
HIGHLIGHT = "#000000"
GROUP = "#56B4E9"
PEERS = "#E69F00"

SCORE_RANGE = [0, 100]


def new_figure(title: str, height: int = 420) -> go.Figure:
    """An empty figure in the house style, with `title` saying what it shows."""
    layout = json.loads(_house_layout())
    layout["title"]["text"] = title
    layout["height"] = height
    # One figure from one dict: Plotly checks it once, where a call per setting would check it again each time.
    return go.Figure(layout=layout)


@lru_cache(maxsize=1)
def _house_layout() -> str:
    """The house style's layout as JSON, made once."""
    # No Plotly template: the house style below is all there is, and 7 KB of template stay out of every figure.
    figure = go.Figure(layout={"template": "none"})
    figure.update_layout(
        title={"text": "", "x": 0, "xanchor": "left", "font": {"size": 17}},
        height=420,
        font={"family": FONT_FAMILY, "size": 14, "color": INK},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        margin={"l": 10, "r": 20, "t": 50, "b": 50},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 14}},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0, "traceorder": "normal"},
    )
    figure.update_xaxes(gridcolor=GRID, zerolinecolor=GRID, automargin=True, ticks="")
    figure.update_yaxes(gridcolor=GRID, zerolinecolor=GRID, automargin=True, ticks="")
    return json.dumps(figure.layout.to_plotly_json())


def bar_height(categories: int, per_category: int = 34, minimum: int = 260) -> int:
    return max(minimum, 130 + per_category * categories)


def wrap(text: str, width: int = 16) -> str:
    """A label broken into lines of about `width` characters with <br> (Plotly's line break), for column heads."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def none_if_nan(values) -> list:
    """Values for JSON: NaN becomes None (null), which Plotly draws as a gap."""
    return [None if value != value else value for value in values]  # NaN is the one value unequal to itself
