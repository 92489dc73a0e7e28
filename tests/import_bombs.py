"""Files built to make an importer build a huge grid or list from a few bytes (issue 15, finding 2), as real files:
a workbook saved by openpyxl whose sheet is then replaced by hand-written XML, and a CSV written to disk."""

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

SHEET_PART = "xl/worksheets/sheet1.xml"
_HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>organisation</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>question</t></is></c><c r="C1" t="inlineStr"><is><t>value</t></is></c></row>'
)


def workbook_with_sheet(sheet_data: str, dimension: str | None = None) -> bytes:
    """A real .xlsx whose only sheet holds the header row and then `sheet_data` (rows as XML)."""
    book = Workbook()
    book.active.title = "responses"
    buffer = io.BytesIO()
    book.save(buffer)
    dimension_xml = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dimension_xml}<sheetData>{_HEADER_ROW}{sheet_data}</sheetData></worksheet>"
    )
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            content = sheet.encode() if info.filename == SHEET_PART else source.read(info.filename)
            target.writestr(info.filename, content)
    return out.getvalue()


def huge_row_number() -> bytes:
    """About 1.6 KB: one row numbered 99999999999999999999."""
    return workbook_with_sheet('<row r="99999999999999999999"><c t="inlineStr"><is><t>x</t></is></c></row>')


def cell_at_the_last_corner() -> bytes:
    """A cell at XFD1048576, the last cell a sheet can have, and a dimension that says so."""
    return workbook_with_sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "A1:XFD1048576")


def million_cells_in_one_row() -> bytes:
    """About 100 KB: a million cells in row 2, without coordinates (so without a dimension to give them away)."""
    return workbook_with_sheet('<row r="2">' + "<c><v>1</v></c>" * 1_000_000 + "</row>")


def million_bad_rows(path: Path) -> Path:
    """A CSV of 19 MB: the header and a million rows, each naming an organisation that does not exist."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("organisation,question,value\n")
        for index in range(1_000_000):
            handle.write(f"nope-{index:06d},q{index % 9},1\n")
    return path
