"""Error pages: the same plain page in the user's language for every error, JSON `{"error", "detail"}` under /api/.

Nothing about the failure (no stack trace, no SQL) ever reaches the user; the log has it.
"""

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from extensions import db
from views.recovery import expired_section_post


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("The request could not be understood"), _("Go back and try again.")),
        401: (_("You need to log in"), _("Log in and try again.")),
        403: (
            _("You do not have access to this page"),
            _("If you think you should, contact the forum organisers."),
        ),
        404: (_("The page was not found"), _("Check the address, or start again from the home page.")),
        405: (_("That cannot be done here"), _("Go back and try again.")),
        413: (_("The file is too large"), _("Files may be at most 20 MB.")),
        429: (_("Too many attempts"), _("Wait a minute and try again.")),
        500: (
            _("Something went wrong on our side"),
            _("Nothing you entered was lost. Try again in a moment."),
        ),
        503: (
            _("The service is temporarily unavailable"),
            _("We cannot reach the database right now. Nothing you saved is lost. Try again in a minute."),
        ),
    }


def error_response(status: int, detail: str | None = None):
    title, advice = _messages().get(status, _messages()[400])
    if request.path.startswith("/api/"):
        from views.api import api_error

        return api_error(status, detail or f"{title}. {advice}")
    return render_template("errors/error.html", status=status, title=title, advice=detail or advice), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        db.session.rollback()
        if request.endpoint in ("respond.section", "respond.whole") and request.method == "POST":
            return expired_section_post()
        return error_response(400, _("The form had expired. Go back, reload the page and send it again."))

    @app.errorhandler(RateLimitExceeded)
    def _too_many(error: RateLimitExceeded):
        db.session.rollback()
        detail = {
            "auth.login": _(
                "Too many failed log-in attempts have come from your connection or for this account. Wait a minute "
                "and try again. If you have forgotten your password, ask an administrator for a new link."
            ),
            "respond.open_invitation": _(
                "Too many links that do not work have been tried from your connection. Wait a minute, then open "
                "the whole link from your invitation again."
            ),
            "account.password": _(
                "Too many wrong current passwords have been given for your account. Wait an hour and try again, "
                "or ask an administrator for a link to set a new password."
            ),
            "account.setup_link": _(
                "Too many links that do not work have been tried from your connection. Wait a minute and try again."
            ),
        }.get(request.endpoint or "")
        return error_response(429, detail)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        response = error_response(error.code or 500)
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response = app.make_response(response)
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(OperationalError)
    def _database_down(error: OperationalError):
        db.session.rollback()
        app.logger.error("database unavailable: %s", error.__class__.__name__)
        return error_response(503)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500)
