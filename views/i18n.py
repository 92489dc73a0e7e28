"""Language: Swedish by default, English on request; the choice is kept in the session."""

import os
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, has_request_context, redirect, request, session, url_for
from flask_babel import get_translations

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The language for this request: `?lang=` if given, else the session's choice, else Swedish.

    Outside a request (the commands) it follows the `LANG` of the shell, so an English terminal gets English
    messages.
    """
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        shell = os.environ.get("LANG", "")[:2]
        return shell if shell in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    chosen = session.get("lang")
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def install_template_gettext(app) -> None:
    """Templates translate through the request's catalogue, looked up once per request.

    Flask-Babel's own template callables look the catalogue up again for every string, which made translating the
    thirty-odd strings of a questionnaire page a tenth of its cost.
    """

    def translations():
        catalogue = g.get("_babel_catalogue")
        if catalogue is None:
            catalogue = g._babel_catalogue = get_translations()
        return catalogue

    app.jinja_env.install_gettext_callables(
        lambda string: translations().ugettext(string),
        lambda singular, plural, n: translations().ungettext(singular, plural, n),
        newstyle=True,
    )


def safe_next(target: str | None, fallback: str) -> str:
    """A local path to go back to; anything pointing at another host falls back, so this is no open redirect, and
    so does a target with a control character (CR, LF, tab …), which no header may carry and no link holds."""
    if not target or any(ord(character) < 32 or ord(character) == 127 for character in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target


@bp.get("/lang/<code>")
def switch_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next"), url_for("main.index")))
