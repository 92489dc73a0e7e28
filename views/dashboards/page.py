"""What a dashboard page builder returns, and the helpers the builders share."""

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from reports import disclosure
from reports.tallies import RESPONSES
from services import dashboard_data
from views.dashboards.charts import Chart
from views.dashboards.filters import Filters
from vocabulary.localised import localised_column
from vocabulary.organisation_types import plural_name, type_codes

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


def organisation_names(frame: pd.DataFrame, locale: str) -> dict[str, str]:
    """organisation code → name in the page's language."""
    column = localised_column(frame, "name", locale)
    return dict(zip(frame["organisation"], frame[column], strict=True))


def type_options(present: set[str]) -> list[tuple[str, str]]:
    """(type, plural label) of the organisation types in `present`, in the register's order."""
    return [(t, plural_name(t)) for t in type_codes() if t in present]


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
            "This round is anonymous: organisations are not named, no group of fewer than %(min)d organisations "
            "is shown, nor one that set against another group shown would give away fewer than %(min)d, and no "
            "lowest or highest value is shown.",
            min=filters.min_n,
        )
    return None


def given_away(session: Session, filters: Filters, n: int) -> str | None:
    """The notice for a selection of an anonymous round that has enough organisations but whose figures, set
    against a wider selection's, would give away fewer than three (`reports.disclosure`), or None."""
    if not filters.anonymous or n < (filters.min_n or 0):
        return None
    cells = dashboard_data.statistic_cells(session, filters.round)
    if disclosure.is_shown(cells, filters.type, filters.county, key=RESPONSES):
        return None
    return _(
        "This round is anonymous, and comparing this selection with a wider one (the same county without the type "
        "filter, the same type in every county, or all organisations) would give away fewer than %(min)d "
        "organisations, so nothing is shown. Choose a wider selection.",
        min=filters.min_n,
    )


def guarded(filters: Filters, table: pd.DataFrame, cells: Callable[[], pd.DataFrame], **where) -> pd.DataFrame:
    """`table` with the disclosure rule of an anonymous round applied (`reports.disclosure.guard`, the filters'
    type and county, `where` as there); unchanged in a named round. `cells` reads the cell counts when needed."""
    if not filters.anonymous:
        return table
    return disclosure.guard(table, cells(), type_=filters.type, county=filters.county, **where)


def question_cells(session: Session, filters: Filters, question_id: str) -> Callable[[], pd.DataFrame]:
    """For `guarded`: the organisations in each cell of the round that answered the question (key "")."""
    return lambda: dashboard_data.tally_cells(session, filters.round, [question_id]).assign(key="")


def count_selection(session: Session, page: Page, filters: Filters) -> bool:
    """Counts the organisations of the selection into `page` and adds the notices about them; True when the
    selection may be shown: it has submitted answers, and in an anonymous round enough of them, and no figure of it
    would give away a smaller group."""
    responses = dashboard_data.selection_size(session, filters.round, type_=filters.type, county=filters.county)
    page.responses = responses
    page.notices += [n for n in (anonymous_notice(filters), no_answers(responses)) if n]
    hidden = too_few(filters, responses) or given_away(session, filters, responses)
    page.notices += [hidden] if hidden else []
    return not (hidden or responses == 0)
