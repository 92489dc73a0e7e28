"""How large a file of answers may be, so that reading and checking one stays within bounded time and memory.

A file is measured before it is read into rows: its size in bytes, for an XLSX workbook the unpacked size of its
parts (a zip bomb is a few KB that unpack to GB), the sheet's declared dimension and every row number and cell
coordinate in the sheet (a single cell at `XFD1048576` would otherwise make a reader build the whole grid), and the
number of rows and columns of a CSV file as it is read. Anything over a limit refuses the whole file with one
message that says which limit; nothing is read further.

The defaults, from the data: a round has at most a few hundred organisations (the reference data has about 360)
and the questionnaire about 50 questions, so a whole round in the long format is about 20,000 rows; 200,000 rows
leave room for ten times as many organisations or questions (`bench/import_bench.py` imports 100,000). The long
format has 3 columns; a spreadsheet may carry empty columns after them, so 50 columns are read at most. Each limit
is a config value (`IMPORT_MAX_ROWS`, `IMPORT_MAX_COLUMNS`, `IMPORT_MAX_BYTES`, `IMPORT_MAX_UNPACKED_BYTES`).
"""

from dataclasses import dataclass

from flask import current_app, has_app_context

from services.errors import ServiceError

DEFAULTS = {
    "IMPORT_MAX_ROWS": 200_000,
    "IMPORT_MAX_COLUMNS": 50,
    # The upload limit (MAX_CONTENT_LENGTH) applies to the browser; this one to the command as well.
    "IMPORT_MAX_BYTES": 20 * 1024 * 1024,
    # 200,000 rows written by this service unpack to about 25 MB of sheet XML.
    "IMPORT_MAX_UNPACKED_BYTES": 100 * 1024 * 1024,
}

#: Problems listed at most; the rest are counted ("… and N more problems"), so the page and the output stay small.
MAX_PROBLEMS = 100


class UnreadableFile(ServiceError):
    """The file as a whole cannot be read (neither CSV nor XLSX, cannot be opened, or over a limit)."""


@dataclass(frozen=True)
class Limits:
    max_rows: int = DEFAULTS["IMPORT_MAX_ROWS"]
    max_columns: int = DEFAULTS["IMPORT_MAX_COLUMNS"]
    max_bytes: int = DEFAULTS["IMPORT_MAX_BYTES"]
    max_unpacked_bytes: int = DEFAULTS["IMPORT_MAX_UNPACKED_BYTES"]

    @property
    def max_cells(self) -> int:
        """Cells (and shared strings) a workbook may hold in all: 3 a row and one more for a note, on every row.

        Rows and columns alone would allow 10 million cells, minutes of openpyxl; a file of answers has 3 a row.
        """
        return 4 * self.max_rows


def current_limits() -> Limits:
    """The limits of the running app's config; the defaults outside an app (a benchmark, a plain script)."""
    if not has_app_context():
        return Limits()
    config = current_app.config
    return Limits(*(int(config.get(name, default)) for name, default in DEFAULTS.items()))
