"""Downloading a round's submitted answers (CSV or XLSX) or its codebook, with the functions `export-responses`
uses (services/export.py), so formula neutralisation and the codebook are the same as the command's."""

import io

from flask import current_app, render_template

from extensions import db
from forms.admin_files import ExportForm
from services.downloads import record_answers_export
from services.export import submitted_counts, write_codebook, write_responses
from services.xlsx_format import XLSX_MEDIA_TYPE
from views.admin import actor, bp
from views.admin.imports import default_round, round_choices
from views.transactions import READ_THEN_WRITE, transaction, write_after_reading

#: A BOM first, so that Excel opens the CSV file with å, ä and ö intact; the importer accepts it.
BOM = "\ufeff"


def _page(form: ExportForm, status: int = 200):
    submitted = submitted_counts(db.session)
    return render_template("admin/export.html", form=form, rounds=form.rounds, submitted=submitted), status


def _form() -> ExportForm:
    form = ExportForm()
    form.rounds = round_choices(form)
    return form


@bp.get("/export/")
def export_form():
    form = _form()
    form.round.data = default_round(form.rounds)
    return _page(form)


@bp.post("/export/")
@transaction(READ_THEN_WRITE)
def export_download():
    form = _form()
    if not form.validate():
        return _page(form, 422)
    found = next(r for r in form.rounds if r.slug == form.round.data)
    file_format, content = form.file_format.data, form.content.data
    stream = io.BytesIO() if file_format == "xlsx" else io.StringIO(BOM)
    stream.seek(0, io.SEEK_END)
    if content == "responses":
        count = write_responses(db.session, found, file_format, stream)
    else:
        count = write_codebook(found, file_format, stream)
    body = stream.getvalue()
    if file_format == "xlsx":
        mimetype = XLSX_MEDIA_TYPE
    else:
        body, mimetype = body.encode("utf-8"), "text/csv"  # the response class adds the charset
    slug, who = found.slug, actor()
    write_after_reading(
        lambda: record_answers_export(db.session, slug, who, format=file_format, content=content, rows=count)
    )
    response = current_app.response_class(body, mimetype=mimetype)
    name = f"{content}-{slug}.{file_format}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
