"""The long format as an XLSX workbook (openpyxl), read and written so that every value comes back unchanged.

Formula injection: every value is written as a text cell, never as a formula, and a text that begins with `=`, `+`,
`-`, `@`, a tab or a carriage return also gets Excel's own "quote prefix" flag, so editing the cell in a
spreadsheet does not turn it into a formula either; the cell's text is the value itself. A text that begins with an
apostrophe is written with one more in front, the same rule as the CSV format, because the reader removes one
apostrophe before such characters (a CSV escaped by this service and saved from a spreadsheet as XLSX reads back
right as well). A cell that holds a formula in an uploaded file is refused, never evaluated.
"""

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from services.csv_format import ESCAPE, FORMULA_STARTS, unescape_cell
from services.import_limits import Limits, current_limits
from services.xlsx_limits import SheetSize, check_workbook

#: The sheet import reads when a workbook has several; export writes the answers there.
RESPONSES_SHEET = "responses"
CODEBOOK_SHEET = "codebook"
XLSX_MAGIC = b"PK\x03\x04"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Sheet:
    title: str
    header: tuple[str, ...]
    rows: Iterable[Iterable[str]]


@dataclass(frozen=True)
class XlsxRow:
    """One row of a sheet: its row number and its cells as text; `formula_columns` are the cells holding formulas."""

    line: int
    cells: list[str]
    formula_columns: tuple[int, ...] = ()


def cell_text(value: str) -> str:
    """What is stored in the cell for `value` (see the module docstring)."""
    return ESCAPE + value if value.startswith(ESCAPE) else value


def write_xlsx(sheets: Iterable[Sheet], stream: io.BufferedIOBase) -> dict[str, int]:
    """Write the sheets, each with a bold header row; returns the number of data rows per sheet."""
    workbook = Workbook(write_only=True)
    counts = {}
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title)
        worksheet.append([_text_cell(worksheet, name, bold=True) for name in sheet.header])
        count = 0
        for row in sheet.rows:
            worksheet.append([_text_cell(worksheet, value) for value in row])
            count += 1
        counts[sheet.title] = count
    workbook.save(stream)
    return counts


def _text_cell(worksheet, value: str, bold: bool = False) -> WriteOnlyCell:
    text = cell_text(value)
    cell = WriteOnlyCell(worksheet)
    # Set the text and its type directly: assigning `value` would make a formula of anything starting with "=".
    cell._value, cell.data_type = text, "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def read_xlsx(data: bytes, limits: Limits | None = None) -> Iterator[XlsxRow]:
    """The rows that hold something of the `responses` sheet (or the only/first sheet), every cell as text.

    Numbers typed into a spreadsheet come back as the shortest text that means them (`3`, `1.5`); dates as ISO
    text. The workbook is measured first (services/xlsx_limits.py): over a limit raises `UnreadableFile`, and
    openpyxl reads no further than the last row and column that hold a cell. Raises `ValueError` when the bytes
    are not a workbook.
    """
    sizes = check_workbook(data, limits or current_limits())
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a broken file (zipfile, KeyError, XML errors)
        raise ValueError(str(exc) or exc.__class__.__name__) from exc
    try:
        names = workbook.sheetnames
        worksheet = workbook[RESPONSES_SHEET] if RESPONSES_SHEET in names else workbook[names[0]]
        size = sizes.get(worksheet.title, SheetSize())
        if size.rows and size.columns:
            yield from _rows(worksheet.iter_rows(max_row=size.rows, max_col=size.columns))
    finally:
        workbook.close()


def _rows(rows) -> Iterator[XlsxRow]:
    line = 0
    for row in rows:
        # The sheet's own row number where a cell has one (a sheet may start below row 1), else the next.
        line = next((cell.row for cell in row if getattr(cell, "row", None)), line + 1)
        if all(cell.value is None for cell in row):
            continue  # a gap, or a row of empty cells: skipped by the import anyway
        cells, formulas = [], []
        for column, cell in enumerate(row):
            if getattr(cell, "data_type", None) == "f":
                formulas.append(column)
            cells.append(_as_text(cell.value))
        yield XlsxRow(line, cells, tuple(formulas))


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return unescape_cell(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)
