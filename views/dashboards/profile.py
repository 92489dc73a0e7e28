"""Maturity profile: one organisation against the national distribution and its peers (the same type).

The comparison builder is shared with `/results`, where an organisation sees its own profile.
"""

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from questionnaire.model import SCORED_DIMENSIONS
from reports.figures.base import HIGHLIGHT, OKABE_ITO, PEERS
from reports.figures.boxes import Marker
from reports.figures.radars import Profile, profile_radar
from reports.labels import DIMENSION_LABELS, label
from services import dashboard_data
from views.dashboards.chart_parts import MEASURES, coded, score_boxes, statistic_columns
from views.dashboards.charts import Chart, Column, make_chart
from views.dashboards.filters import Filters, Option, choose, choose_code
from views.dashboards.page import LIST_LIMIT, Page, anonymous_notice, no_answers, organisation_names, too_few
from vocabulary.localised import localised_column
from vocabulary.organisation_types import plural_name

TITLE = _l("Maturity profile")
INTRO = _l(
    "One organisation's scores (0–100) on each dimension, against all organisations in the round and "
    "against its peers of the same type."
)


def build(session: Session, filters: Filters, page: Page) -> None:
    responses = dashboard_data.selection_size(session, filters.round, type_=filters.type, county=filters.county)
    everyone = dashboard_data.selection_size(session, filters.round)
    page.responses = responses
    page.notices += [n for n in (anonymous_notice(filters), no_answers(responses)) if n]
    hidden = too_few(filters, everyone)
    if hidden or everyone == 0:
        page.notices += [hidden] if hidden else []
        return
    national = dashboard_data.group_statistics(
        session, filters.round, MEASURES, min_n=filters.min_n, guarded=filters.anonymous
    )
    if filters.anonymous:
        page.notices.append(_("Single organisations are not shown in an anonymous round; this is the distribution."))
        page.charts.append(distribution_chart(national, None, filters.locale))
        return
    if responses == 0:
        return
    chosen = _chosen(session, filters, responses)
    if not chosen:
        page.notices.append(
            _(
                "The selection has %(count)d organisations, too many to list: type an organisation's code, or "
                "choose an organisation type and a county. Meanwhile, this is the distribution.",
                count=responses,
            )
        )
        page.charts.append(distribution_chart(national, None, filters.locale))
        return
    own = dashboard_data.round_scores(session, filters.round, organisations=[chosen]).iloc[0]
    name = own[localised_column(own, "name", filters.locale)]
    peers = dashboard_data.group_statistics(
        session, filters.round, MEASURES, type_=own["type"], min_n=filters.min_n, guarded=filters.anonymous
    )
    page.charts += comparison_charts(national, peers, own, name, filters.locale)


def _chosen(session: Session, filters: Filters, responses: int) -> str:
    """The organisation to show: picked from a list of the selection, or by its code when the selection (of
    `responses` organisations) is too large to list ("" when none is typed yet)."""
    if responses > LIST_LIMIT:
        return choose_code(
            filters,
            "organisation",
            _("Organisation (code)"),
            _("Too many organisations to list: type the code of one, such as kommun-0180."),
            lambda code: _in_selection(session, filters, code),
            _("“%(value)s” has no submitted answers in this selection."),
        )
    candidates = dashboard_data.round_scores(
        session, filters.round, types=[filters.type] if filters.type else None, county=filters.county
    )
    names = organisation_names(candidates, filters.locale)
    candidates = candidates.assign(name=candidates["organisation"].map(names)).sort_values("name")
    return choose(
        filters,
        "organisation",
        _("Organisation"),
        [Option(code, name) for code, name in zip(candidates["organisation"], candidates["name"], strict=True)],
        candidates["organisation"].iloc[0],
        _("“%(value)s” has no submitted answers in this selection. Showing the first organisation instead."),
    )


def _in_selection(session: Session, filters: Filters, code: str) -> bool:
    found = dashboard_data.round_scores(session, filters.round, organisations=[code])
    return not filters.select(found).empty


def comparison_charts(
    national: pd.DataFrame, peers: pd.DataFrame, own: pd.Series, name: str, locale: str
) -> list[Chart]:
    """The radar and the distribution of one organisation (`own`: its row of `round_scores`) against everyone and
    against its type; `national` and `peers` are the groups' statistics (`dashboard_data.group_statistics` over
    MEASURES, min-n applied)."""
    table = comparison_table(national, peers, own)
    peers_name = _("Median of %(type)s", type=plural_name(own["type"]).lower())
    dimensions = [(m, label(DIMENSION_LABELS, m)) for m in SCORED_DIMENSIONS]
    radar = profile_radar(
        [
            Profile(name, {m: own[m] for m in SCORED_DIMENSIONS}, HIGHLIGHT, fill=True),
            Profile(
                _("National median"),
                dict(zip(table["measure"], table["national_median"], strict=True)),
                OKABE_ITO[0],
                "dash",
            ),
            Profile(peers_name, dict(zip(table["measure"], table["peers_median"], strict=True)), PEERS, "dot"),
        ],
        dimensions=dimensions,
        title=_("%(organisation)s: score per dimension against the national median and its peers", organisation=name),
    )
    columns = [
        *coded("measure", _("Dimension")),
        Column("organisation", name, "score"),
        Column("national_n", _("All organisations (n)"), "count"),
        Column("national_median", _("National median"), "score"),
        Column("peers_n", _("Peers (n)"), "count"),
        Column("peers_median", peers_name, "score"),
        Column("difference", _("Difference from the national median"), "score"),
    ]
    description = _("Peers are the organisations of the same type that have submitted answers in the round.")
    radar_chart = make_chart("radar", radar, table, columns, locale, description=description)
    return [radar_chart, distribution_chart(national, own, locale, peers_name=peers_name, peers=peers)]


def comparison_table(national: pd.DataFrame, peers: pd.DataFrame, own: pd.Series) -> pd.DataFrame:
    everyone = national.set_index("measure")
    group = peers.set_index("measure")
    table = pd.DataFrame(
        {
            "measure": MEASURES,
            "measure_label": [label(DIMENSION_LABELS, m) for m in MEASURES],
            "organisation": [own[m] for m in MEASURES],
            "national_n": everyone["n"].reindex(MEASURES).to_numpy(),
            "national_median": everyone["median"].reindex(MEASURES).to_numpy(),
            "peers_n": group["n"].reindex(MEASURES).to_numpy(),
            "peers_median": group["median"].reindex(MEASURES).to_numpy(),
        }
    )
    table["difference"] = table["organisation"] - table["national_median"]
    table["suppressed"] = (
        group["suppressed"].reindex(MEASURES).to_numpy() | everyone["suppressed"].reindex(MEASURES).to_numpy()
    )
    return table


def distribution_chart(
    national: pd.DataFrame,
    own: pd.Series | None,
    locale: str,
    *,
    peers_name: str = "",
    peers: pd.DataFrame | None = None,
) -> Chart:
    """Boxes of the national distribution per dimension (`national`: its group statistics), with the organisation
    and its peers' median marked."""
    stats = national
    markers = []
    if own is not None:
        markers.append(
            Marker(str(own[localised_column(own, "name", locale)]), {m: own[m] for m in MEASURES}, HIGHLIGHT)
        )
    if peers is not None:
        markers.append(Marker(peers_name, peers.set_index("measure")["median"].to_dict(), PEERS, "circle"))
    title = _("Distribution of the scores of all organisations in the round, per dimension")
    figure = score_boxes(stats, title, _("All organisations"), markers)
    stats = stats.assign(measure_label=[label(DIMENSION_LABELS, m) for m in stats["measure"]])
    columns = [
        *coded("measure", _("Dimension")),
        *statistic_columns(["n", "min", "q1", "median", "q3", "max", "mean"], "score"),
    ]
    description = _(
        "The box runs from the lower to the upper quartile, the line inside it is the median, and the whiskers "
        "reach the lowest and highest score."
    )
    return make_chart("distribution", figure, stats, columns, locale, description=description)
