"""import-responses, export-responses and rescore."""

import sys
from dataclasses import asdict

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _

from commands.common import CLI_ACTOR, fail
from extensions import db
from models import Round
from services import audit
from services.errors import ServiceError
from services.export import FORMATS, format_of, write_codebook, write_responses
from services.import_files import read_path
from services.importing import ImportRefused, import_table
from services.rounds import get_round
from services.stored_tables import rescore_rounds

#: Files with more rows than this show a progress bar on stderr.
PROGRESS_FROM_ROWS = 5000


def _round(slug: str) -> Round:
    try:
        return get_round(db.session, slug)
    except ServiceError as exc:
        raise fail(exc.message) from None


@click.command("import-responses")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--round", "slug", required=True)
@click.option("--submit", is_flag=True, help="Submit every imported response that is still a draft.")
@with_appcontext
def import_responses_command(file: str, slug: str, submit: bool) -> None:
    """Import answers from a CSV or XLSX file in the long format; all rows are checked first, then all or nothing."""
    found = _round(slug)
    try:
        table = read_path(file)
        if len(table.rows) > PROGRESS_FROM_ROWS:
            label = _("Importing %(n)d rows", n=len(table.rows) - 1)
            with click.progressbar(length=2 * len(table.rows), label=label, file=sys.stderr) as bar:
                summary = import_table(db.session, found, table, submit=submit, actor=CLI_ACTOR, progress=bar.update)
        else:
            summary = import_table(db.session, found, table, submit=submit, actor=CLI_ACTOR)
    except ImportRefused as refused:
        db.session.rollback()
        for problem in refused.problems:
            click.echo(str(problem), err=True)
        if refused.more:
            click.echo(refused.more_line(), err=True)
        raise fail(refused.message) from None
    except ServiceError as exc:
        db.session.rollback()
        raise fail(exc.message) from None
    db.session.commit()
    click.echo(
        _(
            "%(rows)d rows for %(organisations)d organisations: %(created)d new responses, %(added)d answers added, "
            "%(changed)d changed, %(cleared)d cleared, %(unchanged)d unchanged; %(submitted)d responses submitted.",
            **asdict(summary),
        )
    )


@click.command("export-responses")
@click.option("--round", "slug", required=True)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(FORMATS),
    help="csv or xlsx; by default taken from the name given to --output, else csv.",
)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@click.option(
    "--codebook",
    type=click.Path(dir_okay=False, writable=True),
    help="Also write the codebook to this file (.xlsx gives a workbook, anything else CSV).",
)
@with_appcontext
def export_responses_command(slug: str, file_format: str | None, output: str | None, codebook: str | None) -> None:
    """Write the submitted responses of a round in the long format (an XLSX workbook also holds the codebook)."""
    found = _round(slug)
    file_format = file_format or (format_of(output) if output else "csv")
    count = _write(output, file_format, lambda stream: write_responses(db.session, found, file_format, stream))
    if codebook is not None:
        codebook_format = format_of(codebook)
        _write(codebook, codebook_format, lambda stream: write_codebook(found, codebook_format, stream))
    audit.record(
        db.session, "responses.export", CLI_ACTOR, object_type="round", object_id=found.slug, format=file_format
    )
    db.session.commit()
    if output is not None:
        click.echo(_("Wrote %(n)d answers to %(file)s.", n=count, file=output), err=True)


def _write(path: str | None, file_format: str, write) -> int:
    binary = file_format == "xlsx"
    if path is None:
        stream = sys.stdout.buffer if binary else sys.stdout
        count = write(stream)
        stream.flush()
        return count
    try:
        with open(path, "wb") if binary else open(path, "w", encoding="utf-8", newline="") as handle:
            return write(handle)
    except OSError as exc:
        raise fail(_("Cannot write %(file)s: %(reason)s", file=path, reason=exc.strerror)) from None


@click.command("rescore")
@click.option("--round", "slug", help="Only this round (default: every round).")
@with_appcontext
def rescore_command(slug: str | None) -> None:
    """Compute the stored scores of every submitted response again (after a change to the scoring code)."""
    rounds = [_round(slug)] if slug else list(db.session.scalars(db.select(Round).order_by(Round.slug)))
    counts = rescore_rounds(db.session, rounds)
    db.session.commit()
    for found, count in zip(rounds, counts, strict=True):
        click.echo(_("Round %(slug)s: %(n)d responses scored.", slug=found.slug, n=count))


def register(app: Flask) -> None:
    for command in (import_responses_command, export_responses_command, rescore_command):
        app.cli.add_command(command)
