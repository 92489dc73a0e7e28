"""send-invitations and send-reminders (SPEC §8): thin wrappers over services/mailings.py.

Each prints one line per message, `CODE<TAB>EMAIL<TAB>STATUS`, status one of services.mailings.STATUSES; the
messages are queued, and `mail-worker` sends them.
"""

import click
from flask import Flask
from flask.cli import with_appcontext

from commands.common import CLI_ACTOR, committed
from extensions import db
from services import mailings
from services.rounds import get_round


@click.command("send-invitations")
@click.option("--round", "slug", required=True)
@click.option("--type", "organisation_type", help="Only organisations of this type.")
@click.option("--organisation", "codes", multiple=True, help="Organisation code; may be given several times.")
@click.option("--dry-run", is_flag=True, help="Print what would be sent; make no links and queue nothing.")
@with_appcontext
def send_invitations_command(slug: str, organisation_type: str | None, codes: tuple[str, ...], dry_run: bool) -> None:
    """Mail each contact of the chosen organisations (all, by default) a link of their own."""
    with committed():
        found = get_round(db.session, slug)
        mailings.check_open(found)
        chosen = mailings.choose_organisations(db.session, organisation_type=organisation_type, codes=codes)
        lines = mailings.send_invitations(db.session, found, chosen, actor=CLI_ACTOR, dry_run=dry_run)
    _echo(lines)


@click.command("send-reminders")
@click.option("--round", "slug", required=True)
@click.option("--dry-run", is_flag=True, help="Print what would be sent; queue nothing.")
@with_appcontext
def send_reminders_command(slug: str, dry_run: bool) -> None:
    """Remind the contacts of organisations that have not submitted, at most once a day each."""
    with committed():
        found = get_round(db.session, slug)
        lines = mailings.send_reminders(db.session, found, actor=CLI_ACTOR, dry_run=dry_run)
    _echo(lines)


def _echo(lines: list[mailings.MailingLine]) -> None:
    for line in lines:
        click.echo(str(line))


def register(app: Flask) -> None:
    app.cli.add_command(send_invitations_command)
    app.cli.add_command(send_reminders_command)
