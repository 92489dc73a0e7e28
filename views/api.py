"""JSON API v1 (SPEC §5): read-only, for reviewers and admins with a bearer token from `flask create-token`.

The document at /api/v1/openapi.json (`views/api_schema.py`) describes exactly these routes. Errors are JSON
`{"error", "detail"}`. What a reviewer sees of an anonymous round: its entry in /rounds, its questionnaire, and its
priorities when at least 3 organisations ranked topics; per-organisation scores and the answers (responses.csv)
answer 403, because a single organisation is a group of one. Admins see everything.
"""

import math
from collections.abc import Callable
from functools import wraps

from flask import Blueprint, Response, abort, g, jsonify, request
from flask_babel import gettext as _

from extensions import csrf, db
from models import Round
from questionnaire.model import SCORED_DIMENSIONS, Question
from reports import disclosure
from reports.groups import MIN_GROUP_SIZE, hides_small_groups, shows_organisations
from services.api_tokens import API_ROLES, record_use, user_for_token
from services.csv_format import csv_text
from services.dashboard_data import tally_cells
from services.downloads import record_answers_export
from services.errors import NotFound
from services.export import submitted_answer_rows
from services.questionnaires import questionnaire_of
from services.rounds import all_rounds, get_round
from services.stored_tables import round_priorities, round_scores
from views.api_schema import openapi_document
from views.transactions import READ_THEN_WRITE, write_after_reading
from vocabulary.languages import configured_languages, current_language
from vocabulary.localised import localised_column

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

API_ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}


def api_error(status: int, detail: str):
    """The JSON error every API failure answers with; 401 also says how to authenticate."""
    response = jsonify(error=API_ERROR_CODES.get(status, "error"), detail=detail)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@bp.before_request
def _check_language():
    """`lang` is the one query parameter the API takes (the document itself takes none)."""
    language = request.args.get("lang")
    languages = configured_languages()
    if request.endpoint != "api.openapi" and language is not None and language not in languages:
        return api_error(
            400,
            _("Unknown language “%(lang)s”; use one of %(languages)s.", lang=language, languages=", ".join(languages)),
        )
    return None


def token_required(view: Callable) -> Callable:
    """Reviewers and admins with a valid bearer token only: 401 without one, 403 for any other role.

    Like `views.access.roles_required`, it marks the view with the roles it allows.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return api_error(401, _("Send an API token: “Authorization: Bearer <token>”."))
        user, use_due = user_for_token(db.session, token.strip())
        if user is None:
            return api_error(401, _("The API token is unknown or no longer valid."))
        if use_due:
            # the last use, in a short transaction of its own
            write_after_reading(lambda: record_use(db.session, token.strip()))
        if user.role not in API_ROLES:
            return api_error(403, _("The API is for reviewers and admins."))
        g.api_user = user
        return view(*args, **kwargs)

    wrapped.allowed_roles = API_ROLES
    wrapped.transaction_mode = READ_THEN_WRITE
    return wrapped


def _round_or_404(slug: str) -> Round:
    try:
        return get_round(db.session, slug)
    except NotFound as exc:
        abort(api_error(404, exc.message))


def _refuse_anonymous(found: Round) -> None:
    """A reviewer gets no single organisation's data of an anonymous round (see the module docstring)."""
    if not shows_organisations(found.visibility, g.api_user.role):
        message = _(
            "Round %(slug)s is anonymous: data of single organisations is shown to admins only.", slug=found.slug
        )
        abort(api_error(403, message))


@bp.get("/openapi.json")
def openapi():
    """Public: the document describes the API, it holds no data."""
    return jsonify(openapi_document(configured_languages()))


@bp.get("/rounds")
@token_required
def rounds():
    locale = current_language()
    found = all_rounds(db.session, newest_first=False)
    return jsonify(
        [
            {
                "slug": item.slug,
                "title": item.title(locale),
                "opens_at": item.opens_at.isoformat() if item.opens_at else None,
                "closes_at": item.closes_at.isoformat() if item.closes_at else None,
                "visibility": item.visibility,
                "status": item.status().value,
            }
            for item in found
        ]
    )


@bp.get("/rounds/<slug>/questionnaire")
@token_required
def questionnaire(slug: str):
    found = _round_or_404(slug)
    locale = current_language()
    parsed = questionnaire_of(found.questionnaire_version)
    topics = [{"id": topic.topic_id, "title": topic.title(locale)} for topic in found.topics]
    return jsonify(
        {
            "version": parsed.version,
            "dimensions": [
                {
                    "id": section.id,
                    "title": section.title.get(locale),
                    "items": [_item(question, locale, topics) for question in section.questions],
                }
                for section in parsed.sections
            ],
        }
    )


def _item(question: Question, locale: str, topics: list[dict]) -> dict:
    title = question.title.get(locale)
    if question.staircase_role == "today":
        title = _("%(partner)s – today", partner=title)
    elif question.staircase_role == "target":
        title = _("%(partner)s – in three years", partner=title)
    if question.options_from_topics:
        options = topics
    else:
        options = [{"id": option.id, "title": option.title.get(locale)} for option in question.options]
    return {
        "id": question.id,
        "type": question.type,
        "title": title,
        "scored": question.scored,
        "reverse": question.reverse,
        "applies_to": list(question.applies_to),
        "options": options,
    }


@bp.get("/rounds/<slug>/scores")
@token_required
def scores(slug: str):
    found = _round_or_404(slug)
    _refuse_anonymous(found)
    table = round_scores(db.session, found)
    name_column = localised_column(table, "name", current_language())
    return jsonify(
        [
            {
                "organisation": row["organisation"],
                "name": row[name_column],
                "type": row["type"],
                "county": row["county"],
                "dimensions": {dimension: _number(row[dimension]) for dimension in SCORED_DIMENSIONS},
                "maturity_index": _number(row["maturity_index"]),
            }
            for row in table.to_dict("records")
        ]
    )


def _number(value) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


@bp.get("/rounds/<slug>/priorities")
@token_required
def priorities(slug: str):
    found = _round_or_404(slug)
    table = round_priorities(db.session, found)
    if hides_small_groups(found.visibility, g.api_user.role) and not _nation_shown(found):
        return api_error(
            403,
            _(
                "Round %(slug)s is anonymous and fewer than %(n)d organisations have ranked topics yet.",
                slug=found.slug,
                n=MIN_GROUP_SIZE,
            ),
        )
    title_column = localised_column(table, "title", current_language())
    covered = {topic.topic_id: topic.covered_at_forum for topic in found.topics}
    return jsonify(
        [
            {
                "topic": row["topic"],
                "title": row[title_column],
                "points": int(row["points"]),
                "top3_share": float(row["top3_share"]),
                "n": int(row["n"]),
                "covered_at_forum": covered.get(row["topic"]),
            }
            for row in table.to_dict("records")
        ]
    )


def _nation_shown(found: Round) -> bool:
    """Whether the rule of `reports.disclosure` lets the round's priorities be shown: the nation of the
    organisations that ranked topics (the same rule as the dashboards', which show the same figures per type)."""
    ranking_ids = [q.id for q in questionnaire_of(found.questionnaire_version).questions() if q.type == "ranking"]
    cells = tally_cells(db.session, found, ranking_ids).assign(key="")
    return disclosure.is_shown(cells, None, None)


@bp.get("/rounds/<slug>/responses.csv")
@token_required
def responses_csv(slug: str):
    found = _round_or_404(slug)
    _refuse_anonymous(found)
    body = csv_text(submitted_answer_rows(db.session, found))
    slug, user = found.slug, f"user:{g.api_user.id}"
    write_after_reading(lambda: record_answers_export(db.session, slug, user, format="csv"))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="responses-{slug}.csv"'},
    )
