"""Logging in and out."""

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from extensions import db, login_manager
from forms.auth import LoginForm
from models import User
from services import audit
from services.users import authenticate
from views.i18n import safe_next

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    return db.session.get(User, int(user_id))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data, form.password.data)
        if user is None:
            # The same words whether the address is unknown or the password wrong: nothing to learn from them.
            error = _("The e-mail address or the password is wrong.")
            audit.record(db.session, "login.failure", "anonymous", detail_email_domain=_domain(form.email.data))
            db.session.commit()
        else:
            language = session.get("lang")
            session.clear()  # a fresh session on login: nothing from before carries over
            if language:
                session["lang"] = language
            login_user(user)
            audit.record(db.session, "login.success", f"user:{user.id}", object_type="user", object_id=user.id)
            db.session.commit()
            return redirect(safe_next(request.args.get("next"), url_for("main.index")))
    status = 422 if (form.errors or error) else 200
    return render_template("auth/login.html", form=form, error=error), status


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1][:100] if "@" in email else ""


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("main.index"))
