"""contacts import FILE and contacts export [--output F]: organisations' contact persons as a CSV file."""

import sys

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import gettext as _

from commands.common import CLI_ACTOR, fail
from extensions import db
from services import audit
from services.contacts_file import import_contacts, write_contacts
from services.errors import ServiceError
from services.import_files import read_path
from services.importing import ImportRefused

contacts = AppGroup(
    "contacts", help="Contact persons of the organisations, as a CSV file (organisation,name,email,role)."
)


@contacts.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
def import_command(file: str) -> None:
    """Import contact persons; every line is checked first, then all or nothing. Existing ones are updated."""
    try:
        summary = import_contacts(db.session, read_path(file), actor=CLI_ACTOR)
    except ImportRefused as refused:
        db.session.rollback()
        for problem in refused.problems:
            click.echo(str(problem), err=True)
        raise fail(refused.message) from None
    except ServiceError as exc:
        db.session.rollback()
        raise fail(exc.message) from None
    db.session.commit()
    click.echo(
        _(
            "%(rows)d contacts: %(added)d added, %(updated)d updated, %(unchanged)d unchanged.",
            rows=summary.rows,
            added=summary.added,
            updated=summary.updated,
            unchanged=summary.unchanged,
        )
    )


@contacts.command("export")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
def export_command(output: str | None) -> None:
    """Write every contact person in the import format."""
    if output is None:
        count = write_contacts(db.session, sys.stdout)
        sys.stdout.flush()
    else:
        try:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                count = write_contacts(db.session, handle)
        except OSError as exc:
            raise fail(_("Cannot write %(file)s: %(reason)s", file=output, reason=exc.strerror)) from None
    # Who took the file is recorded, as for every other export of personal data.
    audit.record(db.session, "contacts.export", CLI_ACTOR, contacts=count)
    db.session.commit()
    if output is not None:
        click.echo(_("Wrote %(n)d contacts to %(file)s.", n=count, file=output), err=True)


def register(app: Flask) -> None:
    app.cli.add_command(contacts)
