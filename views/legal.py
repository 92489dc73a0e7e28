"""The privacy notice and the accessibility statement: open to everyone, linked from every page's footer.

Each is a document in both languages (templates/legal/*_sv.html, *_en.html) rather than a list of phrases, so it
can be read and revised as a whole, as such texts are.
"""

from flask import Blueprint, current_app, render_template

from vocabulary.languages import DEFAULT_LANGUAGE, current_language

bp = Blueprint("legal", __name__)

#: When the statements were last reviewed; shown on the pages, as DIGG's model asks.
STATEMENT_DATE = "2026-11-26"


def _render(document: str):
    # A language without its own text of the document shows the default language's.
    return render_template(
        [f"legal/{document}_{current_language()}.html", f"legal/{document}_{DEFAULT_LANGUAGE}.html"],
        contact_email=current_app.config["CONTACT_EMAIL"],
        retention_days=current_app.config["CONTACT_RETENTION_DAYS"],
        statement_date=STATEMENT_DATE,
    )


@bp.get("/privacy")
def privacy():
    """Open to everyone."""
    return _render("privacy")


@bp.get("/accessibility")
def accessibility():
    """Open to everyone."""
    return _render("accessibility")
