"""backup and restore."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from commands.common import fail
from extensions import db
from services.backup import BackupError, backup, default_backup_path, restore


def _url() -> str:
    return db.engine.url.render_as_string(hide_password=False)


@click.command("backup")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Where to write the backup.")
@with_appcontext
def backup_command(output: Path | None) -> None:
    """Back up the whole database while the service runs (SQLite online backup, or pg_dump)."""
    target = output or default_backup_path(current_app.instance_path, _url())
    try:
        written = backup(_url(), target)
    except (BackupError, OSError) as exc:
        raise fail(_("The backup failed: %(reason)s", reason=str(exc))) from None
    click.echo(_("Backup written to %(file)s.", file=str(written)))


@click.command("restore")
@click.argument("backup_file", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Confirm that the database's current contents are to be replaced.")
@with_appcontext
def restore_command(backup_file: Path, yes: bool) -> None:
    """Replace the database's contents with a backup. Stop the service first."""
    if not yes:
        raise fail(_("Restoring replaces everything in the database; add --yes to confirm."))
    db.session.remove()
    db.engine.dispose()  # no pooled connection may keep the old contents open
    try:
        restore(_url(), backup_file)
    except (BackupError, OSError) as exc:
        raise fail(_("The restore failed: %(reason)s", reason=str(exc))) from None
    click.echo(_("Restored %(file)s.", file=str(backup_file)))


def register(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
