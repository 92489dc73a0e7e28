"""The CSV long format of SPEC §5: `organisation,question,value`, one row per answer, UTF-8.

Spreadsheet formula injection: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be run
as a formula by Excel or LibreOffice. Such a cell is written with a leading apostrophe (which spreadsheets hide),
and so is a cell that already begins with an apostrophe; `unescape_cell` removes exactly one, so every value reads
back as it was written.
"""

import csv
import io
from collections.abc import Iterable, Iterator

HEADER = ("organisation", "question", "value")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def escape_cell(value: str) -> str:
    if value.startswith(FORMULA_STARTS) or value.startswith(ESCAPE):
        return ESCAPE + value
    return value


def unescape_cell(value: str) -> str:
    if value.startswith(ESCAPE) and value[1:2] and (value[1:].startswith(FORMULA_STARTS) or value[1] == ESCAPE):
        return value[1:]
    return value


def write_csv(rows: Iterable[tuple[str, str, str]], stream: io.TextIOBase) -> int:
    """Write the header and `rows`; returns the number of rows written."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(HEADER)
    count = 0
    for organisation, question, value in rows:
        writer.writerow((escape_cell(organisation), escape_cell(question), escape_cell(value)))
        count += 1
    return count


def csv_text(rows: Iterable[tuple[str, str, str]]) -> str:
    buffer = io.StringIO()
    write_csv(rows, buffer)
    return buffer.getvalue()


def read_csv(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every row after the header; a BOM is accepted. Cells come back unescaped."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    for cells in reader:
        yield reader.line_num, [unescape_cell(cell) for cell in cells]
