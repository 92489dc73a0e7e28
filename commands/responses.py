"""export-responses (the long CSV format; import-responses and XLSX come with the scoring work)."""

import sys

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _

from commands.common import fail
from extensions import db
from services.csv_format import write_csv
from services.errors import ServiceError
from services.export import submitted_answer_rows
from services.rounds import get_round


@click.command("export-responses")
@click.option("--round", "slug", required=True)
@click.option("--format", "file_format", type=click.Choice(["csv"]), default="csv", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@with_appcontext
def export_responses_command(slug: str, file_format: str, output: str | None) -> None:
    """Write the submitted responses of a round in the long CSV format."""
    try:
        found = get_round(db.session, slug)
    except ServiceError as exc:
        raise fail(exc.message) from None
    rows = submitted_answer_rows(db.session, found)
    if output is None:
        write_csv(rows, sys.stdout)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            count = write_csv(rows, handle)
    except OSError as exc:
        raise fail(_("Cannot write %(file)s: %(reason)s", file=output, reason=exc.strerror)) from None
    click.echo(_("Wrote %(n)d answers to %(file)s.", n=count, file=output), err=True)


def register(app: Flask) -> None:
    app.cli.add_command(export_responses_command)
