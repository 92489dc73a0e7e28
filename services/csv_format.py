"""The CSV long format of SPEC §5: `organisation,question,value`, one row per answer, UTF-8.

Spreadsheet formula injection: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be run
as a formula by Excel or LibreOffice. Such a cell is written with a leading apostrophe (which spreadsheets hide),
and so is a cell that already begins with an apostrophe; `unescape_cell` removes exactly one, so every value reads
back as it was written.

Reading accepts a BOM, and a semicolon instead of the comma when the header uses one (what a Swedish Excel saves
as "CSV").
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

HEADER = ("organisation", "question", "value")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
BOM = "\ufeff"


def escape_cell(value: str) -> str:
    if value.startswith(FORMULA_STARTS) or value.startswith(ESCAPE):
        return ESCAPE + value
    return value


def unescape_cell(value: str) -> str:
    if value.startswith(ESCAPE) and value[1:2] and (value[1:].startswith(FORMULA_STARTS) or value[1] == ESCAPE):
        return value[1:]
    return value


def write_table(header: Sequence[str], rows: Iterable[Sequence[str]], stream: io.TextIOBase) -> int:
    """Write `header` and `rows`, every cell escaped; returns the number of rows written."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([escape_cell(cell) for cell in row])
        count += 1
    return count


def write_csv(rows: Iterable[tuple[str, str, str]], stream: io.TextIOBase) -> int:
    """Write the header and `rows` of the long format; returns the number of rows written."""
    return write_table(HEADER, rows, stream)


def csv_text(rows: Iterable[tuple[str, str, str]]) -> str:
    buffer = io.StringIO()
    write_csv(rows, buffer)
    return buffer.getvalue()


def delimiter_of(text: str) -> str:
    """`;` when the first line has semicolons and no commas, else `,`."""
    first_line = text.split("\n", 1)[0]
    return ";" if ";" in first_line and "," not in first_line else ","


def read_csv(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every record, the header included; cells come back unescaped.

    The line number is the record's first line, also when a quoted text spans several lines. Raises `csv.Error`
    (with `line` set to the line it reached) on text that is not CSV.
    """
    text = text.removeprefix(BOM)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text), strict=True)
    first_line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            exc.line = reader.line_num  # type: ignore[attr-defined]
            raise
        yield first_line, [unescape_cell(cell) for cell in cells]
        first_line = reader.line_num + 1
