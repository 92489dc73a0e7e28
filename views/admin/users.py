"""Users and roles: list, create (with a one-time link to set the password), change role, disable or enable,
a new password link, and logging someone out everywhere."""

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from extensions import db
from forms.admin import RoleForm, UserCreateForm, choices
from models import ROLES, User
from services import login_sessions, password_links
from services.errors import NotFound, ServiceError
from services.organisations import organisation_codes
from services.users import all_users, change_role, create_user, end_sessions, get_user, set_active
from views.admin import actor, bp
from views.admin.labels import role_description, role_label
from views.auth import max_session_age
from views.refusals import field_error, flash_error, found_or_404


def _role_choices(form) -> None:
    form.role.choices = choices((r, f"{role_label(r)} – {role_description(r)}") for r in ROLES)


def _get_user(user_id: int) -> User:
    return found_or_404(get_user(db.session, user_id))


def _organisation_codes() -> list[tuple[str, str]]:
    return organisation_codes(db.session)


def _issue_link(user: User):
    return password_links.issue(
        db.session,
        user,
        actor=actor(),
        valid_for=timedelta(hours=current_app.config["PASSWORD_LINK_HOURS"]),
    )


@bp.route("/users/", methods=["GET", "POST"])
def users():
    form = UserCreateForm()
    _role_choices(form)
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                created = create_user(
                    db.session,
                    form.email.data,
                    form.role.data,
                    actor=actor(),
                    organisation_code=(form.organisation.data or "").strip() or None,
                )
                issued = _issue_link(created)
            except ServiceError as exc:
                about_organisation = isinstance(exc, NotFound) or not (form.organisation.data or "").strip()
                respondent = form.role.data == "respondent"
                field_error(form.organisation if about_organisation and respondent else form.email, exc)
            else:
                return _user_page(created, issued_url=issued.url)
        status = 422
    everyone = all_users(db.session)
    return render_template(
        "admin/users.html", users=everyone, form=form, organisation_codes=_organisation_codes()
    ), status


def _user_page(user: User, *, form: RoleForm | None = None, issued_url: str | None = None, status: int = 200):
    if form is None:
        form = RoleForm(data={"role": user.role, "organisation": user.organisation.code if user.organisation else ""})
        _role_choices(form)
    live = login_sessions.live_count(db.session, user, max_age=max_session_age())
    return render_template(
        "admin/user.html",
        user=user,
        form=form,
        issued_url=issued_url,
        live_sessions=live,
        link_hours=current_app.config["PASSWORD_LINK_HOURS"],
        organisation_codes=_organisation_codes(),
    ), status


@bp.get("/users/<int:user_id>")
def user(user_id: int):
    return _user_page(_get_user(user_id))


@bp.post("/users/<int:user_id>/role")
def user_role(user_id: int):
    found = _get_user(user_id)
    form = RoleForm()
    _role_choices(form)
    if form.validate():
        try:
            change_role(
                db.session,
                found,
                form.role.data,
                actor=actor(),
                organisation_code=(form.organisation.data or "").strip() or None,
            )
        except ServiceError as exc:
            field_error(form.role, exc)
        else:
            flash(_("%(email)s is now %(role)s.", email=found.email, role=role_label(found.role).lower()))
            return redirect(url_for("admin.user", user_id=user_id))
    return _user_page(found, form=form, status=422)


@bp.post("/users/<int:user_id>/disable")
def disable_user(user_id: int):
    return _set_active(_get_user(user_id), False)


@bp.post("/users/<int:user_id>/enable")
def enable_user(user_id: int):
    return _set_active(_get_user(user_id), True)


def _set_active(found: User, active: bool):
    try:
        set_active(db.session, found, active, actor=actor())
    except ServiceError as exc:
        flash_error(exc)
    else:
        if active:
            flash(_("%(email)s can log in again.", email=found.email))
        else:
            flash(_("%(email)s is disabled and has been logged out everywhere.", email=found.email))
    return redirect(url_for("admin.user", user_id=found.id))


@bp.post("/users/<int:user_id>/password-link")
def user_password_link(user_id: int):
    found = _get_user(user_id)
    if not found.active:
        flash(_("Enable the account first."), "error")
        return redirect(url_for("admin.user", user_id=user_id))
    issued = _issue_link(found)
    return _user_page(found, issued_url=issued.url)


@bp.post("/users/<int:user_id>/sessions/end")
def end_user_sessions(user_id: int):
    found = _get_user(user_id)
    ended = end_sessions(db.session, found, actor=actor())
    flash(_("%(email)s has been logged out on %(n)d devices.", email=found.email, n=ended))
    return redirect(url_for("admin.user", user_id=user_id))
