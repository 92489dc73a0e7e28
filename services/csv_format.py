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
import re
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
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]  # not split(): that would copy the whole text
    return ";" if ";" in first_line and "," not in first_line else ","


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class RecordTooLong(Exception):
    """A record (one line, or several joined by quotes) longer than the reader was told to take."""

    def __init__(self, line: int):
        super().__init__(f"line {line}")
        self.line = line


class _Lines:
    """The lines of a text for `csv.reader`, counting the characters of the record being read.

    The reader would otherwise make one list of every field of a record, however long: a line of a million commas
    is a million cells. Raising here stops it before that list is built.
    """

    def __init__(self, text: str, limit: int):
        # Split as io.StringIO(newline="") would, without its copy of the text (four bytes a character).
        self._lines = (match.group() for match in _LINE.finditer(text))
        self.limit, self.record_chars = limit, 0

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.record_chars += len(line)
        if self.record_chars > self.limit:
            raise RecordTooLong(0)
        return line


def read_csv(text: str, max_record_chars: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every record, the header included; cells come back unescaped.

    The line number is the record's first line, also when a quoted text spans several lines. Raises `csv.Error`
    (with `line` set to the line it reached) on text that is not CSV, `RecordTooLong` on a record of more than
    `max_record_chars` characters (by default four fields of the longest the csv module reads).
    """
    text = text.removeprefix(BOM)
    lines = _Lines(text, max_record_chars or 4 * csv.field_size_limit())
    reader = csv.reader(lines, delimiter=delimiter_of(text), strict=True)
    first_line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            exc.line = reader.line_num  # type: ignore[attr-defined]
            raise
        except RecordTooLong:
            raise RecordTooLong(first_line) from None
        yield first_line, [unescape_cell(cell) for cell in cells]
        lines.record_chars = 0
        first_line = reader.line_num + 1
