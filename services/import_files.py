"""Reading an uploaded or given file of answers (CSV or XLSX) into numbered rows, before any checking.

What cannot be read becomes a `Problem` with its line number (a line that is not valid CSV, a byte that is not
UTF-8, a formula cell), so the importer can list it with the rest; a file that is neither CSV nor XLSX at all
raises `UnreadableFile`.
"""

import csv
from dataclasses import dataclass, field

from flask_babel import gettext as _

from services.csv_format import read_csv
from services.errors import ServiceError
from services.xlsx_format import XLSX_MAGIC, read_xlsx

#: The first bytes of the old binary Excel format (.xls), which is not read.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class Problem:
    """Something wrong on one line of a file; the message is in the user's language."""

    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)d: %(message)s", line=self.line, message=self.message)


@dataclass(frozen=True)
class Table:
    """A file read into rows: (line number, cells as text), the header included, and what could not be read."""

    rows: list[tuple[int, list[str]]]
    problems: list[Problem] = field(default_factory=list)


class UnreadableFile(ServiceError):
    """The file as a whole cannot be read (neither CSV nor XLSX, or it cannot be opened)."""


def read_table(data: bytes, filename: str = "") -> Table:
    """Rows of a CSV (UTF-8, a BOM accepted, comma or semicolon) or XLSX file, told apart by their content."""
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    if data.startswith(OLE_MAGIC):
        raise UnreadableFile(_("This is an old Excel file (.xls). Save it as .xlsx or as “CSV UTF-8” and try again."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = _("The file is not UTF-8 text. Save it as “CSV UTF-8” (or as .xlsx) and try again.")
        return Table([], [Problem(line, problem)])
    rows: list[tuple[int, list[str]]] = []
    try:
        rows.extend(read_csv(text))
    except csv.Error as exc:
        line = getattr(exc, "line", len(rows) + 1)
        return Table(rows, [Problem(line, _("This line is not valid CSV: a quote is not closed or is misplaced."))])
    return Table(rows)


def read_path(path: str) -> Table:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise UnreadableFile(_("Cannot read %(file)s: %(reason)s", file=path, reason=exc.strerror)) from None
    return read_table(data, path)


def _read_xlsx(data: bytes) -> Table:
    rows, problems = [], []
    try:
        for row in read_xlsx(data):
            # A row with a formula is reported once, for the formula, and not checked further.
            for column in row.formula_columns:
                message = _("The cell in column %(column)d holds a formula. Type the value itself.", column=column + 1)
                problems.append(Problem(row.line, message))
            if not row.formula_columns:
                rows.append((row.line, row.cells))
    except ValueError:
        raise UnreadableFile(_("The file is neither CSV text nor an Excel workbook (.xlsx).")) from None
    return Table(rows, problems)
