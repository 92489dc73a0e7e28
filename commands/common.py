"""What every command shares: a one-line failure with a non-zero exit, one transaction per command, and the actor
label for the audit log."""

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask_babel import gettext as _

from extensions import db
from services.errors import ServiceError

CLI_ACTOR = "cli"


class CommandFailed(click.ClickException):
    """Printed as one line on stderr (no "Error:" prefix, no traceback); exits with status 1."""

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True, file=file)


def fail(message: str) -> CommandFailed:
    return CommandFailed(message)


def not_found_round(slug: str) -> CommandFailed:
    return fail(_("There is no round “%(slug)s”.", slug=slug))


@contextmanager
def committed() -> Iterator[None]:
    """Commit what the block wrote; a service's refusal rolls it all back and ends the command with its reason."""
    try:
        yield
    except ServiceError as exc:
        db.session.rollback()
        raise fail(exc.message) from None
    db.session.commit()
