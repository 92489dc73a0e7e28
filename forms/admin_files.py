"""Forms of the admin import and export pages. The round choices are filled in by the view."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, SelectField
from wtforms.validators import DataRequired, ValidationError

from forms.admin import choices

#: The endings the import page takes; the content decides how the file is read (services/import_files.py).
IMPORT_SUFFIXES = (".csv", ".xlsx")


class RoundField(SelectField):
    """The round to import into or export from; the view fills in the choices."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, validators=[DataRequired(_l("Choose a round."))], validate_choice=False, **kwargs)

    def pre_validate(self, form) -> None:
        if self.data and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(_l("There is no such round. Choose one from the list."))


class ImportForm(FlaskForm):
    round = RoundField(_l("Round"), choices=[])
    file = FileField(
        _l("File (CSV or XLSX)"),
        validators=[FileRequired(_l("Choose a file to import."))],
        description=_l(
            "The long format: the header organisation,question,value and one answer per row, as a CSV file "
            "(UTF-8) or an Excel workbook (.xlsx), at most 20 MB."
        ),
    )
    submit_responses = BooleanField(
        _l("Submit the imported responses"),
        description=_l(
            "Responses that are still drafts are submitted, as if the organisation had pressed Submit, and count in "
            "the results. Without this they stay drafts that the organisations can go on editing."
        ),
    )
    #: The file's bytes, read once by the validator.
    file_bytes: bytes = b""

    def validate_file(self, field) -> None:
        name = (field.data.filename or "").lower()
        if name.endswith(".xls"):
            raise ValidationError(
                _l("This is an old Excel file (.xls). Save it as .xlsx or as “CSV UTF-8” and try again.")
            )
        if not name.endswith(IMPORT_SUFFIXES):
            raise ValidationError(
                _l("The file must be a CSV file (.csv) or an Excel workbook (.xlsx). Choose another file.")
            )
        self.file_bytes = field.data.read()
        if not self.file_bytes.strip():
            raise ValidationError(_l("The file is empty. Choose the file with the answers."))


class ExportForm(FlaskForm):
    round = RoundField(_l("Round"), choices=[])
    content = RadioField(
        _l("What to download"),
        choices=choices(
            [
                ("responses", _l("The submitted answers, one row per answer (organisation, question, value)")),
                ("codebook", _l("The codebook: what every question id and value means")),
            ]
        ),
        default="responses",
        validators=[DataRequired(_l("Choose what to download."))],
    )
    file_format = RadioField(
        _l("Format"),
        choices=choices(
            [
                ("csv", _l("CSV (UTF-8, comma-separated)")),
                ("xlsx", _l("Excel workbook (.xlsx); with the answers, the codebook is a second sheet")),
            ]
        ),
        default="csv",
        validators=[DataRequired(_l("Choose a format."))],
    )
