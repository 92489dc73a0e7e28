"""What every command shares: a one-line failure with a non-zero exit, and the actor label for the audit log."""

import click
from flask_babel import gettext as _

CLI_ACTOR = "cli"


class CommandFailed(click.ClickException):
    """Printed as one line on stderr (no "Error:" prefix, no traceback); exits with status 1."""

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True, file=file)


def fail(message: str) -> CommandFailed:
    return CommandFailed(message)


def not_found_round(slug: str) -> CommandFailed:
    return fail(_("There is no round “%(slug)s”.", slug=slug))
