"""Exporting submitted responses in the long format, as CSV or as an XLSX workbook, and the codebook with them.

Drafts never leave. Both formats neutralise spreadsheet formulas in a way `import-responses` reads back to the
same values (`services/csv_format.py`, `services/xlsx_format.py`).
"""

import io
from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Answer, Organisation, Response, ResponseStatus, Round
from services.codebook import CODEBOOK_HEADER, codebook_rows
from services.csv_format import HEADER, write_table
from services.xlsx_format import CODEBOOK_SHEET, RESPONSES_SHEET, Sheet, write_xlsx

FORMATS = ("csv", "xlsx")


def submitted_answer_rows(session: Session, found_round: Round) -> Iterator[tuple[str, str, str]]:
    """(organisation code, question id, value) of every submitted response, sorted; drafts never leave."""
    query = (
        select(Organisation.code, Answer.question_id, Answer.value)
        .join(Response, Response.id == Answer.response_id)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(Response.round_id == found_round.id, Response.status == ResponseStatus.SUBMITTED.value)
        .order_by(Organisation.code, Answer.question_id)
    )
    yield from session.execute(query)


def write_responses(session: Session, found_round: Round, file_format: str, stream: io.IOBase) -> int:
    """The round's submitted answers to `stream` (text for csv, binary for xlsx); returns the number of answers.

    The XLSX workbook has two sheets: `responses` (the long format) and `codebook`.
    """
    rows = submitted_answer_rows(session, found_round)
    if file_format == "csv":
        return write_table(HEADER, rows, stream)
    counts = write_xlsx(
        [
            Sheet(RESPONSES_SHEET, HEADER, rows),
            Sheet(CODEBOOK_SHEET, CODEBOOK_HEADER, codebook_rows(found_round)),
        ],
        stream,
    )
    return counts[RESPONSES_SHEET]


def write_codebook(found_round: Round, file_format: str, stream: io.IOBase) -> int:
    """The round's codebook alone, as CSV (text stream) or XLSX (binary stream); returns the number of questions."""
    rows = codebook_rows(found_round)
    if file_format == "csv":
        return write_table(CODEBOOK_HEADER, rows, stream)
    return write_xlsx([Sheet(CODEBOOK_SHEET, CODEBOOK_HEADER, rows)], stream)[CODEBOOK_SHEET]


def submitted_counts(session: Session) -> dict[int, int]:
    """How many responses are submitted in each round, by the round's id."""
    counts = (
        select(Response.round_id, func.count())
        .where(Response.status == ResponseStatus.SUBMITTED.value)
        .group_by(Response.round_id)
    )
    return dict(session.execute(counts).all())


def format_of(path: str, default: str = "csv") -> str:
    """`xlsx` for a path ending in .xlsx, `csv` for .csv, else `default`."""
    lowered = path.lower()
    if lowered.endswith(".xlsx"):
        return "xlsx"
    if lowered.endswith(".csv"):
        return "csv"
    return default
