"""Words for stored codes (roles, organisation types, statuses), in the page's language. Template globals."""

from flask import Flask
from flask_babel import gettext as _

from vocabulary.organisation_types import singular_name


def role_label(role: str) -> str:
    return {"admin": _("Admin"), "reviewer": _("Reviewer"), "respondent": _("Respondent")}.get(role, role)


def role_description(role: str) -> str:
    return {
        "admin": _("runs rounds, invites, manages users; sees everything"),
        "reviewer": _("analyst: reads dashboards and exports data"),
        "respondent": _("answers for one organisation and sees its own results"),
    }.get(role, "")


def round_status_label(status: str) -> str:
    return {"draft": _("Draft (not open)"), "open": _("Open"), "closed": _("Closed")}.get(status, status)


def answer_status_label(status: str) -> str:
    return {"not_started": _("Not started"), "draft": _("Draft"), "submitted": _("Submitted")}.get(status, status)


def visibility_label(visibility: str) -> str:
    return {
        "named": _("Named: reviewers see organisation names"),
        "anonymous": _("Anonymous: no names, no groups under 3 outside admin"),
    }.get(visibility, visibility)


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        role_label=role_label,
        role_description=role_description,
        # One organisation's type in the singular ("Municipality").
        type_label=singular_name,
        round_status_label=round_status_label,
        answer_status_label=answer_status_label,
        visibility_label=visibility_label,
    )
