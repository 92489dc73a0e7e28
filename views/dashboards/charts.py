"""A chart as the page shows it: the figure as JSON, its title as text, its data as a table and as CSV.

Shared by the dashboards and by `/results`. The data is kept unrounded for the CSV; the table shows it with one
decimal in the page's language (SPEC §4).
"""

import csv
import io
import json
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from flask import Response
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from services.csv_format import escape_cell

#: Decimal and thousands separators per language, for the numbers Plotly writes.
SEPARATORS = {"sv": ", ", "en": ".,"}


@dataclass(frozen=True)
class Column:
    """A column of a chart's data: `key` in the CSV, `label` in the table, `kind` says how to show its values."""

    key: str
    label: str
    #: text, score (one decimal), number (one decimal), share (percent), count (integer)
    kind: str = "text"
    #: False for columns only the CSV needs (codes beside the names the table shows).
    in_table: bool = True


@dataclass
class Chart:
    id: str
    title: str
    figure: dict
    data: pd.DataFrame
    columns: list[Column]
    description: str | None = None
    #: Print-first pages show the table open; elsewhere it sits behind a disclosure.
    table_open: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def table_columns(self) -> list[Column]:
        return [column for column in self.columns if column.in_table]

    def table_rows(self) -> list[list[str]]:
        columns = self.table_columns
        return [
            [show_value(record.get(column.key), column.kind) for column in columns]
            for record in self.data.to_dict("records")
        ]

    @property
    def is_empty(self) -> bool:
        return self.data.empty


def show_value(value, kind: str) -> str:
    """A value as the table shows it: one decimal, a percentage, or "–" where there is none."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if kind == "score" or kind == "number":
        return format_decimal(float(value), format="#,##0.0")
    if kind == "share":
        return format_percent(float(value), format="#,##0.0 %")
    if kind == "count":
        return format_decimal(int(value), format="#,##0")
    return str(value)


def figure_json(figure: go.Figure, locale: str) -> tuple[str, dict]:
    """The figure's title and the figure as plain JSON data without it (the page shows the title as a heading)."""
    data = json.loads(pio.to_json(figure, validate=False))
    layout = data.setdefault("layout", {})
    title = (layout.pop("title", None) or {}).get("text", "")
    layout["margin"] = {**layout.get("margin", {}), "t": max(20, layout.get("margin", {}).get("t", 20) - 30)}
    layout["separators"] = SEPARATORS.get(locale, SEPARATORS["en"])
    return title, data


def make_chart(
    chart_id: str,
    figure: go.Figure,
    data: pd.DataFrame,
    columns: list[Column],
    locale: str,
    *,
    description: str | None = None,
    table_open: bool = False,
) -> Chart:
    title, plain = figure_json(figure, locale)
    notes = []
    if "suppressed" in data.columns and data["suppressed"].astype(bool).any():
        notes.append(
            _(
                "– : fewer than 3 organisations, or a group that set against another group shown would give away "
                "fewer than 3; an anonymous round does not show such groups."
            )
        )
    return Chart(chart_id, title, plain, data.reset_index(drop=True), columns, description, table_open, notes)


def csv_response(chart: Chart, filename: str) -> Response:
    """The chart's data as CSV: the column keys as header, values unrounded, text cells safe for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.key for column in chart.columns])
    for record in chart.data.to_dict("records"):
        writer.writerow([_csv_cell(record.get(column.key), column.kind) for column in chart.columns])
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_cell(value, kind: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if kind == "count":
        return str(int(value))
    if kind in ("score", "number", "share"):
        return repr(float(value))
    return escape_cell(str(value))
