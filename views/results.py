"""Our results: a respondent organisation's own scores against the national distribution and its peers, the
change since its previous round, and its ambition gaps. Printable and downloadable.

Who may see them: the holder of an invitation (the results of that invitation's round) and a respondent user (every
round its organisation has submitted). Other organisations appear only as a distribution — medians, quartiles and
ranges of groups of at least three — whatever the round's visibility; a respondent never sees another name.
"""

from dataclasses import dataclass

import pandas as pd
from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from extensions import db, login_manager
from models import Organisation, Role, Round, RoundStatus, Visibility
from reports import scoring
from reports.figures.base import HIGHLIGHT, OKABE_ITO
from reports.figures.dumbbells import ambition_gaps, dumbbells
from reports.groups import MIN_GROUP_SIZE
from reports.labels import DIMENSION_LABELS, label
from services import dashboard_data
from views.dashboards.chart_parts import MEASURES, coded, score_axis, step_labels
from views.dashboards.charts import Chart, Column, csv_response, make_chart
from views.dashboards.profile import comparison_charts
from views.respondent_access import current_invitation
from vocabulary.languages import current_language

bp = Blueprint("results", __name__)


@dataclass(frozen=True)
class ResultsAccess:
    organisation: Organisation
    #: The rounds whose results this visitor may open, oldest first.
    rounds: list[Round]


def results_access() -> ResultsAccess:
    """The organisation whose results the visitor may see, or a redirect to log in / 403."""
    invitation = current_invitation()
    if invitation is not None:
        submitted = dashboard_data.submitted_rounds(db.session, invitation.organisation.code)
        return ResultsAccess(invitation.organisation, [r for r in submitted if r.id == invitation.round_id])
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if current_user.role != Role.RESPONDENT or current_user.organisation is None:
        abort(403)
    organisation = current_user.organisation
    return ResultsAccess(organisation, dashboard_data.submitted_rounds(db.session, organisation.code))


@bp.get("/results")
def show():
    access = results_access()
    locale = current_language()
    error = None
    chosen = access.rounds[-1] if access.rounds else None
    wanted = request.args.get("round", "").strip()
    if wanted and access.rounds:
        match = next((r for r in access.rounds if r.slug == wanted), None)
        if match is None:
            error = _("Your organisation has no results for “%(slug)s” to show. Showing the latest round.", slug=wanted)
        chosen = match or chosen
    charts, notices = _results(access.organisation, chosen, locale) if chosen else ([], [])
    download = request.args.get("download")
    if download:
        chart = next((c for c in charts if c.id == download), None)
        if chart is None:
            abort(404)
        return csv_response(chart, f"samverkanstrappan-{chosen.slug}-{access.organisation.code}-{chart.id}.csv")
    return render_template(
        "results/page.html",
        access=access,
        organisation=access.organisation,
        chosen=chosen,
        charts=charts,
        notices=notices,
        error=error,
        round_open=chosen is not None and chosen.status() == RoundStatus.OPEN,
    )


def _results(organisation: Organisation, found: Round, locale: str) -> tuple[list[Chart], list[str]]:
    own = dashboard_data.round_scores(db.session, found, organisations=[organisation.code])
    if own.empty:
        return [], [_("There are no results for your organisation in this round.")]
    own = own.iloc[0]
    notices = []
    # Others only as groups of at least three, whatever the round's visibility; in an anonymous round under the
    # disclosure rule of the dashboards too (`reports.disclosure`), so no two figures give away a smaller group.
    guarded = found.visibility == Visibility.ANONYMOUS
    national = dashboard_data.group_statistics(db.session, found, MEASURES, min_n=MIN_GROUP_SIZE, guarded=guarded)
    peers = dashboard_data.group_statistics(
        db.session, found, MEASURES, type_=own["type"], min_n=MIN_GROUP_SIZE, guarded=guarded
    )
    charts = comparison_charts(national, peers, own, organisation.name(locale), locale)
    earlier = [r for r in dashboard_data.submitted_rounds(db.session, organisation.code) if r.slug < found.slug]
    if earlier:
        previous = dashboard_data.round_scores(db.session, earlier[-1], organisations=[organisation.code])
        charts.append(_change_chart(own, previous, organisation, earlier[-1], found, locale))
    else:
        notices.append(_("This is your organisation's first round; next time you will see the change here."))
    gaps = _gap_chart(organisation, found, locale)
    if gaps is not None:
        charts.append(gaps)
    return charts, notices


def _change_chart(
    own: pd.Series, previous: pd.DataFrame, organisation: Organisation, before: Round, found: Round, locale
):
    then = previous[previous["organisation"] == organisation.code]
    table = pd.DataFrame(
        {
            "measure": MEASURES,
            "measure_label": [label(DIMENSION_LABELS, m) for m in MEASURES],
            "previous": [then.iloc[0][m] if not then.empty else None for m in MEASURES],
            "current": [own[m] for m in MEASURES],
        }
    ).astype({"previous": float, "current": float})
    table["change"] = table["current"] - table["previous"]
    figure = dumbbells(
        table,
        row="measure_label",
        left="previous",
        right="current",
        left_name=before.title(locale),
        right_name=found.title(locale),
        left_colour=OKABE_ITO[4],
        right_colour=HIGHLIGHT,
        title=_("Change since %(round)s, per dimension", round=before.title(locale)),
        **score_axis(),
    )
    columns = [
        *coded("measure", _("Dimension")),
        Column("previous", before.title(locale), "score"),
        Column("current", found.title(locale), "score"),
        Column("change", _("Change (score points)"), "score"),
    ]
    return make_chart("change", figure, table, columns, locale)


def _gap_chart(organisation: Organisation, found: Round, locale: str) -> Chart | None:
    questionnaire = dashboard_data.questionnaire(found)
    partners = [p for s in questionnaire.sections for p in s.partners]
    ids = [q.id for p in partners for q in (p.today, p.target)]
    answers = dashboard_data.round_answers(db.session, found, ids, organisations=[organisation.code])
    gaps = scoring.ambition_gaps(answers, questionnaire)
    if gaps.empty:
        return None
    titles = {p.id: p.title.get(locale) for p in partners}
    order = {p.id: index for index, p in enumerate(partners)}
    gaps = gaps.assign(partner_label=gaps["partner"].map(titles), order=gaps["partner"].map(order))
    gaps = gaps.sort_values("order").drop(columns="order")
    steps = step_labels(questionnaire, locale)
    figure = ambition_gaps(
        gaps,
        steps,
        today_name=_("Today"),
        target_name=_("In three years"),
        title=_("Your ambition gaps: where collaboration stands today and where you want it in three years"),
        axis_title=_("Step on the collaboration staircase"),
    )
    columns = [
        *coded("partner", _("Partner")),
        Column("today", _("Step today"), "count"),
        Column("target", _("Step in three years"), "count"),
        Column("gap", _("Gap (steps)"), "count"),
    ]
    return make_chart("gaps", figure, gaps, columns, locale)
