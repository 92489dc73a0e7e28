"""Words for stored codes (roles, organisation types, statuses), in the page's language. Template globals."""

from flask import Flask
from flask_babel import gettext as _

from vocabulary.organisation_types import singular_name


def _words(kind: str) -> dict[str, str]:
    """Each kind's words, translated when asked for (the request's language), never at import."""
    words = {
        "role": {"admin": _("Admin"), "reviewer": _("Reviewer"), "respondent": _("Respondent")},
        "role_description": {
            "admin": _("runs rounds, invites, manages users; sees everything"),
            "reviewer": _("analyst: reads dashboards and exports data"),
            "respondent": _("answers for one organisation and sees its own results"),
        },
        "round_status": {"draft": _("Draft (not open)"), "open": _("Open"), "closed": _("Closed")},
        "answer_status": {"not_started": _("Not started"), "draft": _("Draft"), "submitted": _("Submitted")},
        "visibility": {
            "named": _("Named: reviewers see organisation names"),
            "anonymous": _("Anonymous: no names, no groups under 3 outside admin"),
        },
    }
    return words[kind]


def role_label(role: str) -> str:
    return _words("role").get(role, role)


def role_description(role: str) -> str:
    return _words("role_description").get(role, "")


def round_status_label(status: str) -> str:
    return _words("round_status").get(status, status)


def answer_status_label(status: str) -> str:
    return _words("answer_status").get(status, status)


def visibility_label(visibility: str) -> str:
    return _words("visibility").get(visibility, visibility)


#: The template globals; `type_label` names one organisation's type in the singular ("Municipality").
TEMPLATE_GLOBALS = {
    "role_label": role_label,
    "role_description": role_description,
    "type_label": singular_name,
    "round_status_label": round_status_label,
    "answer_status_label": answer_status_label,
    "visibility_label": visibility_label,
}


def register(app: Flask) -> None:
    app.jinja_env.globals |= TEMPLATE_GLOBALS
