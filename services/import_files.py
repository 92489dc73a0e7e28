"""Reading an uploaded or given file of answers (CSV or XLSX) into numbered rows, before any checking.

What cannot be read becomes a `Problem` with its line number (a line that is not valid CSV, a byte that is not
UTF-8, a formula cell), so the importer can list it with the rest; a file that is neither CSV nor XLSX at all, or
one over a limit of services/import_limits.py (its size, rows, columns, cell positions), raises `UnreadableFile`
before more of it is read.
"""

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from services.csv_format import RecordTooLong, read_csv
from services.import_limits import MAX_PROBLEMS, Limits, UnreadableFile, current_limits
from services.xlsx_format import XLSX_MAGIC, read_xlsx

__all__ = ["Problem", "Problems", "Table", "UnreadableFile", "read_path", "read_table"]

#: The first bytes of the old binary Excel format (.xls), which is not read.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class Problem:
    """Something wrong on one line of a file; the message is in the user's language."""

    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)d: %(message)s", line=self.line, message=self.message)


class Problems:
    """The first `MAX_PROBLEMS` problems by line, and how many there were in all.

    A file of 200,000 bad rows has 200,000 problems; keeping each would cost memory and make a page of megabytes,
    so only the first ones by line are kept (trimmed now and then, as they do not come in line order).
    """

    def __init__(self, problems: Iterable[Problem] = ()):
        self._kept: list[Problem] = []
        self.dropped = 0
        self.extend(problems)

    def append(self, problem: Problem) -> None:
        self._kept.append(problem)
        if len(self._kept) >= 10 * MAX_PROBLEMS:
            self._trim()

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)
        self.dropped += getattr(problems, "dropped", 0)

    def first(self) -> list[Problem]:
        """The kept problems in line order (a stable sort: the same line keeps the order found)."""
        self._trim()
        return list(self._kept)

    @property
    def total(self) -> int:
        return len(self._kept) + self.dropped

    def __iter__(self):
        return iter(self.first())

    def __bool__(self) -> bool:
        return self.total > 0

    def _trim(self) -> None:
        self._kept.sort(key=lambda problem: problem.line)
        self.dropped += max(0, len(self._kept) - MAX_PROBLEMS)
        del self._kept[MAX_PROBLEMS:]


@dataclass(frozen=True)
class Table:
    """A file read into rows: (line number, cells as text), the header included, and what could not be read."""

    rows: list[tuple[int, list[str]]]
    problems: Iterable[Problem] = field(default_factory=Problems)


def read_table(data: bytes, filename: str = "", limits: Limits | None = None) -> Table:
    """Rows of a CSV (UTF-8, a BOM accepted, comma or semicolon) or XLSX file, told apart by their content."""
    limits = limits or current_limits()
    if len(data) > limits.max_bytes:
        raise UnreadableFile(_too_large(limits))
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        return _read_xlsx(data, limits)
    if data.startswith(OLE_MAGIC):
        raise UnreadableFile(_("This is an old Excel file (.xls). Save it as .xlsx or as “CSV UTF-8” and try again."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = _("The file is not UTF-8 text. Save it as “CSV UTF-8” (or as .xlsx) and try again.")
        return Table([], Problems([Problem(line, problem)]))
    return _read_csv(text, limits)


def read_path(path: str, limits: Limits | None = None) -> Table:
    limits = limits or current_limits()
    try:
        if os.stat(path).st_size > limits.max_bytes:
            raise UnreadableFile(_too_large(limits))
        with open(path, "rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise UnreadableFile(_("Cannot read %(file)s: %(reason)s", file=path, reason=exc.strerror)) from None
    return read_table(data, path, limits)


def _too_large(limits: Limits) -> str:
    mb = limits.max_bytes // (1024 * 1024)
    return _("The file is larger than %(mb)d MB. Split it into smaller files and import them one by one.", mb=mb)


def _read_csv(text: str, limits: Limits) -> Table:
    """The rows, after a first pass that only counts them: a file over the limit is refused without building any."""
    try:
        for count, (line, cells) in enumerate(read_csv(text), start=1):
            if len(cells) > limits.max_columns:
                raise UnreadableFile(_too_wide(line, limits))
            if count > limits.max_rows:
                raise UnreadableFile(_too_long(limits))
        return Table(list(read_csv(text)))
    except csv.Error as exc:
        rows = list(_until(read_csv(text)))
        problem = _("This line is not valid CSV: a quote is not closed or is misplaced.")
        return Table(rows, Problems([Problem(exc.line, problem)]))
    except RecordTooLong as exc:
        raise UnreadableFile(_too_wide(exc.line, limits)) from None


def _until(rows):
    """The rows read before the line that is not CSV (a broken file is listed with the problem of that line)."""
    try:
        yield from rows
    except csv.Error:
        return


def _too_wide(line: int, limits: Limits) -> str:
    return _(
        "Line %(line)d has more than %(columns)d columns, or is too long to read. A file of answers needs only the "
        "3 columns organisation, question and value.",
        line=line,
        columns=limits.max_columns,
    )


def _too_long(limits: Limits) -> str:
    return _(
        "The file has more than %(rows)d rows, the most an import reads. Split it into smaller files and import "
        "them one by one.",
        rows=limits.max_rows,
    )


def _read_xlsx(data: bytes, limits: Limits) -> Table:
    rows, problems = [], Problems()
    try:
        for row in read_xlsx(data, limits):
            # A row with a formula is reported once, for the formula, and not checked further.
            for column in row.formula_columns:
                message = _("The cell in column %(column)d holds a formula. Type the value itself.", column=column + 1)
                problems.append(Problem(row.line, message))
            if not row.formula_columns:
                rows.append((row.line, row.cells))
    except ValueError:
        raise UnreadableFile(_("The file is neither CSV text nor an Excel workbook (.xlsx).")) from None
    return Table(rows, problems)
