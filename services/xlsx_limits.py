"""Measuring an XLSX workbook against the import limits (services/import_limits.py) before openpyxl reads it.

openpyxl trusts the file: the sheet's declared dimension sizes every row it returns, a gap before a row number is
filled with empty rows, a cell's column with empty cells, and a sheet without a dimension is parsed whole just to
look for one. So a 1.6 KB file with `<row r="99999999999999999999">` or a cell at `XFD1048576` makes it build a grid
of billions of cells. Here the archive's unpacked size is summed from its directory first (zipfile never unpacks
more than a member declares), then every worksheet is streamed through expat, which builds nothing: the declared
dimension, every row number and every cell coordinate are checked as they come, the cells are counted (and the
shared strings, which openpyxl keeps in one list), and the scan stops at the first one over a limit. What openpyxl
then reads is bounded by the size the scan found.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from flask_babel import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.xml.constants import SHARED_STRINGS

from services.import_limits import Limits, UnreadableFile

_COORDINATE = re.compile(r"\$?([A-Za-z]{1,3})?\$?([0-9]+)?")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class SheetSize:
    """The highest row number and column number that hold a cell (0 for an empty sheet)."""

    rows: int = 0
    columns: int = 0


def check_workbook(data: bytes, limits: Limits) -> dict[str, SheetSize]:
    """Every worksheet's size by its title; raises `UnreadableFile` over a limit, `ValueError` when not a workbook."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValueError(str(exc)) from exc
    if unpacked > limits.max_unpacked_bytes:
        raise UnreadableFile(
            _(
                "The workbook unpacks to more than %(mb)d MB, far more than a file of answers needs. Save only the "
                "sheet with the answers, or split it into smaller files.",
                mb=limits.max_unpacked_bytes // (1024 * 1024),
            )
        )
    sheets, strings_path = _parts(data)
    sizes, cells = {}, 0
    for title, path in sheets:
        with archive.open(path) as source:
            scan = _measure(source, _Scan(title, limits, limits.max_cells - cells))
        sizes[title] = SheetSize(scan.last_row, scan.last_column)
        cells += scan.cells
    if strings_path in archive.namelist():
        # openpyxl keeps every shared string in a list: a sheet cannot use more strings than it has cells.
        with archive.open(strings_path) as source:
            _measure(source, _Strings(limits))
    return sizes


def _parts(data: bytes) -> tuple[list[tuple[str, str]], str]:
    """(title, part path) of every worksheet and the path of the shared strings, found as openpyxl finds them,
    without reading any sheet."""
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True)
        reader.read_manifest()
        reader.read_workbook()
        sheets = [
            (sheet.name, rel.target)
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        ]
        strings = reader.package.find(SHARED_STRINGS)
        reader.archive.close()
    except Exception as exc:  # openpyxl raises many types for a broken file (zipfile, KeyError, XML errors)
        raise ValueError(str(exc) or exc.__class__.__name__) from exc
    return sheets, strings.PartName[1:] if strings is not None else ""


def _measure(source, scan):
    """Stream the part through expat with the scan's handler; returns the scan."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    try:
        while chunk := source.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, ValueError) as exc:
        raise ValueError(str(exc)) from exc
    return scan


def _too_many_cells(limits: Limits) -> UnreadableFile:
    return UnreadableFile(
        _(
            "The workbook holds more than %(cells)d cells, more than a file of %(rows)d rows of answers needs. Save "
            "only the 3 columns organisation, question and value, or split it into smaller files.",
            cells=limits.max_cells,
            rows=limits.max_rows,
        )
    )


class _Strings:
    """Counts the shared strings (`<si>`), up to a limit."""

    def __init__(self, limits: Limits):
        self.limits, self.count = limits, 0

    def start(self, name: str, attributes: dict) -> None:
        if name.rpartition(" ")[2] == "si":
            self.count += 1
            if self.count > self.limits.max_cells:
                raise _too_many_cells(self.limits)


class _Scan:
    """expat's start-element handler: the position of each row and cell, checked as it is met."""

    def __init__(self, title: str, limits: Limits, max_cells: int):
        self.title, self.limits, self.max_cells = title, limits, max_cells
        self.row = self.column = self.rows_seen = self.cells_in_row = self.cells = 0
        self.last_row = self.last_column = 0

    def start(self, name: str, attributes: dict) -> None:
        tag = name.rpartition(" ")[2]
        if tag == "dimension":
            self._dimension(attributes.get("ref", ""))
        elif tag == "row":
            self._row(attributes.get("r"))
        elif tag == "c":
            self._cell(attributes.get("r"))

    def _dimension(self, ref: str) -> None:
        column, row = _position(ref.rpartition(":")[2])
        if row > self.limits.max_rows or column > self.limits.max_columns:
            raise UnreadableFile(
                _(
                    "The sheet “%(sheet)s” says it spans %(range)s, more than the %(rows)d rows and %(columns)d "
                    "columns an import reads. Delete the rows and columns after the answers (or copy the answers "
                    "to a new sheet) and save again.",
                    sheet=self.title,
                    range=ref,
                    rows=self.limits.max_rows,
                    columns=self.limits.max_columns,
                )
            )

    def _row(self, ref: str | None) -> None:
        self.row = _row_number(ref) if ref else self.row + 1
        self.rows_seen += 1
        self.column = self.cells_in_row = 0
        if self.row > self.limits.max_rows or self.rows_seen > self.limits.max_rows:
            raise self._too_many_rows()

    def _cell(self, ref: str | None) -> None:
        column, row = _position(ref) if ref else (self.column + 1, 0)
        row = row or self.row
        self.column = column
        self.cells_in_row += 1
        self.cells += 1
        if self.cells > self.max_cells:
            raise _too_many_cells(self.limits)
        if row > self.limits.max_rows:
            raise self._too_many_rows()
        if column > self.limits.max_columns or self.cells_in_row > self.limits.max_columns:
            raise UnreadableFile(
                _(
                    "The sheet “%(sheet)s” has a cell at %(cell)s, beyond the %(columns)d columns an import reads. "
                    "A file of answers needs only the 3 columns organisation, question and value: delete the other "
                    "columns and save again.",
                    sheet=self.title,
                    cell=ref or f"{get_column_letter(column)}{self.row}",
                    columns=self.limits.max_columns,
                )
            )
        self.last_row, self.last_column = max(self.last_row, row), max(self.last_column, column)

    def _too_many_rows(self) -> UnreadableFile:
        return UnreadableFile(
            _(
                "The sheet “%(sheet)s” goes on past row %(rows)d, the most an import reads. Split it into smaller "
                "files and import them one by one.",
                sheet=self.title,
                rows=self.limits.max_rows,
            )
        )


def _position(ref: str) -> tuple[int, int]:
    """(column, row) of a cell reference such as `C20`; 0 for a part it lacks."""
    match = _COORDINATE.fullmatch(ref.strip())
    if match is None:
        raise ValueError(f"not a cell reference: {ref[:20]!r}")
    letters, digits = match.groups()
    column = 0
    for letter in (letters or "").upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return column, int(digits) if digits else 0


def _row_number(ref: str) -> int:
    """A row's `r`, which openpyxl also accepts as a whole number written as a float (`5.0`)."""
    try:
        return int(ref)
    except ValueError:
        number = float(ref)
        if not number.is_integer():
            raise
        return int(number)
