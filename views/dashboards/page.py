"""What a dashboard page builder returns, and the helpers the builders share."""

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from reports.figures.heatmaps import value_heatmap
from reports.labels import TYPE_LABELS, label
from services import dashboard_data
from views.dashboards.charts import Chart
from views.dashboards.filters import Filters

#: A select lists at most this many organisations; a larger selection gets a field for an organisation's code.
LIST_LIMIT = 400


@dataclass
class Page:
    name: str
    title: str
    intro: str
    charts: list[Chart] = field(default_factory=list)
    #: Plain messages about the data (an anonymous round, nothing to show); errors come from the filters.
    notices: list[str] = field(default_factory=list)
    #: How many organisations the page is about (submitted responses in the selection).
    responses: int | None = None
    printable: bool = False

    def chart(self, chart_id: str) -> Chart | None:
        return next((chart for chart in self.charts if chart.id == chart_id), None)


def show_selection(session: Session, page: Page, filters: Filters) -> bool:
    """Put the selection's number of submitted responses on the page with the notices that go with it; False when
    nothing may be drawn (no answers yet, or too few for an anonymous round)."""
    responses = dashboard_data.selection_size(session, filters.round, type_=filters.type, county=filters.county)
    page.responses = responses
    hidden = too_few(filters, responses)
    page.notices += [n for n in (anonymous_notice(filters), no_answers(responses), hidden) if n]
    return not hidden and responses > 0


def shares_by_type(
    table: pd.DataFrame, row: str, share: str, rows: list[str], row_labels: dict[str, str], title: str
) -> go.Figure:
    """A heatmap of the shares (0–1) in column `share`: one row per `row` value in the order of `rows`, one column
    per organisation type present in `table`, in the register's order."""
    types = type_options(set(table["type"]))
    wide = table.pivot_table(index=row, columns="type", values=share, aggfunc="first", dropna=False)
    wide = wide.reindex(index=rows, columns=[t for t, _ in types])
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


def organisation_names(frame: pd.DataFrame, locale: str) -> dict[str, str]:
    """organisation code → name in the page's language."""
    column = "name_en" if locale == "en" else "name_sv"
    return dict(zip(frame["organisation"], frame[column], strict=True))


def type_options(present: set[str]) -> list[tuple[str, str]]:
    """(type, plural label) of the organisation types in `present`, in the register's order."""
    return [(t, label(TYPE_LABELS, t)) for t in TYPE_LABELS if t in present]


def group_rows(filters: Filters, by: str, present: set[str]) -> list[tuple[str, str]]:
    """(code, name) of the counties (`by="county"`, by code) or organisation types (in the register's order) in
    `present`."""
    if by == "county":
        names = filters.county_names()
        return [(code, names[code]) for code in sorted(present) if code in names]
    return type_options(present)


def too_few(filters: Filters, n: int) -> str | None:
    """The notice for a selection too small to show in an anonymous round, or None when it may be shown."""
    if filters.min_n is not None and n < filters.min_n:
        return _(
            "This round is anonymous and the selection has fewer than %(min)d organisations with submitted "
            "answers, so nothing is shown. Choose a wider selection.",
            min=filters.min_n,
        )
    return None


def no_answers(n: int) -> str | None:
    if n == 0:
        return _("No organisation in the selection has submitted answers in this round yet.")
    return None


def anonymous_notice(filters: Filters) -> str | None:
    if filters.anonymous:
        return _(
            "This round is anonymous: organisations are not named, and groups of fewer than %(min)d "
            "organisations are not shown.",
            min=filters.min_n,
        )
    return None
