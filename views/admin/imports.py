"""Importing answers from the browser, in two steps (services/import_uploads.py): upload and check, then confirm.

The check runs the command's own import (`import-responses`) and rolls it back, so the page shows exactly what the
import will change; any problem shows every problem with its line number and keeps nothing.
"""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from extensions import db
from forms.admin import choices
from forms.admin_files import ImportForm
from models import Role, Round, RoundStatus
from services.errors import NotFound, ServiceError
from services.import_files import UnreadableFile
from services.import_uploads import (
    KEEP_FOR,
    check_upload,
    discard_upload,
    get_upload,
    import_upload,
    is_waiting,
    summary_of,
)
from services.importing import ImportRefused
from services.rounds import all_rounds
from views.admin import actor, bp
from views.admin.labels import round_status_label
from views.errors import error_response
from views.refusals import field_error, flash_error
from views.transactions import keep, undo
from vocabulary.languages import current_language


def round_choices(form) -> list[Round]:
    """Every round, newest first, as the form's choices (its status in the label); returns them."""
    rounds = all_rounds(db.session)
    locale = current_language()
    form.round.choices = choices(
        (r.slug, f"{r.slug} – {r.title(locale)} ({round_status_label(r.status().value)})") for r in rounds
    )
    return rounds


def default_round(rounds: list[Round]) -> str | None:
    """The round asked for in the address, else the open one, else the newest."""
    wanted = request.args.get("round")
    if wanted and any(r.slug == wanted for r in rounds):
        return wanted
    return next((r.slug for r in rounds if r.status() == RoundStatus.OPEN), rounds[0].slug if rounds else None)


def _form_page(form: ImportForm, status: int = 200, refused: ImportRefused | None = None):
    """The form; with a refused file, its first problems and how many more there were (the page stays small)."""
    return render_template(
        "admin/import.html",
        form=form,
        problems=refused.problems if refused else [],
        problems_total=refused.total if refused else 0,
        more_problems=refused.more_line() if refused else None,
        keep_minutes=_keep_minutes(),
    ), status


def _keep_minutes() -> int:
    return KEEP_FOR.seconds // 60


@bp.get("/import/")
def import_form():
    form = ImportForm()
    rounds = round_choices(form)
    form.round.data = default_round(rounds)
    return _form_page(form)


@bp.post("/import/")
def import_check():
    form = ImportForm()
    rounds = round_choices(form)
    if not form.validate():
        return _form_page(form, 422)
    found = next(r for r in rounds if r.slug == form.round.data)
    filename = form.file.data.filename or "file"
    try:
        upload = check_upload(
            db.session,
            found,
            form.file_bytes,
            filename,
            submit=form.submit_responses.data,
            user_id=current_user.id,
            actor=actor(),
        )
    except ImportRefused as refused:
        keep()  # the check's audit event; the answers were never touched
        form.file.errors = [
            _(
                "The file has %(n)d problems, listed under this field. Nothing was imported. Correct the file and "
                "choose it again.",
                n=refused.total,
            )
        ]
        return _form_page(form, 422, refused)
    except UnreadableFile as exc:
        keep()
        form.file.errors = [exc.message]
        return _form_page(form, 422)
    except ServiceError as exc:
        field_error(form.file, exc)
        return _form_page(form, 409)
    return redirect(url_for("admin.import_upload_page", key=upload.key), 303)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    """A file over MAX_CONTENT_LENGTH: the import form again with the reason, instead of a bare error page.

    The body was never read, so the CSRF token and the chosen round are unknown: nothing happens but the message.
    """
    db.session.rollback()
    admin = current_user.is_authenticated and current_user.role == Role.ADMIN
    if request.endpoint != "admin.import_check" or not admin:
        return error_response(413)
    form = ImportForm(formdata=None)
    round_choices(form)
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    form.file.errors = [
        _(
            "The file is larger than %(mb)d MB. Split it into smaller files and import them one by one.",
            mb=limit,
        )
    ]
    return _form_page(form, 413)


def _find(key: str):
    try:
        return get_upload(db.session, key, current_user.id)
    except NotFound:
        abort(404)


@bp.get("/import/<key>")
def import_upload_page(key: str):
    upload = _find(key)
    return render_template(
        "admin/import_upload.html",
        upload=upload,
        waiting=is_waiting(upload),
        preview=summary_of(upload.preview),
        result=summary_of(upload.result),
        keep_minutes=_keep_minutes(),
    )


@bp.post("/import/<key>/confirm")
def import_confirm(key: str):
    upload = _find(key)
    try:
        import_upload(db.session, upload, actor=actor())
    except ImportRefused as refused:
        undo()
        form = ImportForm(formdata=None, data={"round": upload.round.slug, "submit_responses": upload.submit})
        round_choices(form)
        form.file.errors = [
            _(
                "The answers have changed since the file was checked, and now %(n)d rows have problems, listed "
                "under this field. Nothing was imported. Correct the file and choose it again.",
                n=refused.total,
            )
        ]
        return _form_page(form, 409, refused)
    except ServiceError as exc:
        flash_error(exc)
        return redirect(url_for("admin.import_upload_page", key=key), 303)
    return redirect(url_for("admin.import_upload_page", key=key), 303)


@bp.post("/import/<key>/discard")
def import_discard(key: str):
    upload = _find(key)
    try:
        discard_upload(db.session, upload, actor=actor())
    except ServiceError as exc:
        flash_error(exc)
        return redirect(url_for("admin.import_upload_page", key=key), 303)
    flash(_("The file was discarded; nothing was imported."))
    return redirect(url_for("admin.import_form", round=upload.round.slug), 303)
