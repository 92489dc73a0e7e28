"""The start page, the health check and the helpers every template uses."""

from flask import Blueprint, Flask, jsonify, render_template, request
from flask_login import current_user
from jinja2 import pass_context

from extensions import db
from models import Role
from services.database import database_answers
from services.start_page import open_rounds_for
from views.respondent_access import current_invitation
from vocabulary.languages import current_language, language_name, other_languages

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """Open to everyone. A logged-in user gets the way to their own work: a respondent its organisation's
    questionnaire in each open round and its results, reviewers the dashboards, admins the admin console too; a
    visitor holding an invitation link gets the way back to that questionnaire."""
    open_rounds, invitation = [], None
    if current_user.is_authenticated:
        if current_user.role == Role.RESPONDENT and current_user.organisation is not None:
            open_rounds = open_rounds_for(db.session, current_user.organisation)
    else:
        invitation = current_invitation()
    return render_template("main/index.html", open_rounds=open_rounds, invitation=invitation)


@bp.get("/livez")
def livez():
    """Liveness: the process answers. Touches nothing else, so it is also the cheapest route to measure against."""
    return jsonify(status="ok")


@bp.get("/healthz")
def healthz():
    """Readiness: 200 while the database answers, 503 otherwise (SPEC §5)."""
    if not database_answers(db.session):
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")


def register_template_helpers(app: Flask) -> None:
    @app.context_processor
    def _helpers():
        locale = current_language()
        return {
            "locale": locale,
            "other_languages": [(code, language_name(code)) for code in other_languages(locale)],
            "current_path": request.full_path.rstrip("?") if request else "/",
            "current_user": current_user,
        }

    @app.template_filter("t")
    @pass_context
    def _translate_text(context, value) -> str:
        """A localised text (a questionnaire `Text`) in the page's language (the context's `locale`)."""
        if value is None:
            return ""
        return value.get(context.get("locale") or current_language())
