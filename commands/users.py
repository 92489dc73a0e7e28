"""create-user and create-token (list-tokens and revoke-token are in commands/tokens.py)."""

import sys
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from commands.common import CLI_ACTOR, committed, fail
from extensions import db
from models import ROLES
from models.api_token import DEFAULT_TOKEN_DAYS
from services.api_tokens import MAX_TOKEN_DAYS, create_api_token
from services.password_links import issue
from services.users import create_user


@click.command("create-user")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--organisation", "organisation_code", help="Organisation code, required for respondents.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (one line).")
@with_appcontext
def create_user_command(email: str, role: str, organisation_code: str | None, password_stdin: bool) -> None:
    """Create a user. Without --password-stdin it prints a one-time link with which the user sets a password."""
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise fail(_("No password was given on standard input."))
    hours = current_app.config["PASSWORD_LINK_HOURS"]
    with committed():
        user = create_user(
            db.session, email, role, actor=CLI_ACTOR, organisation_code=organisation_code, password=password
        )
        link = None if password else issue(db.session, user, actor=CLI_ACTOR, valid_for=timedelta(hours=hours))
    click.echo(_("Created %(role)s %(email)s.", role=user.role, email=user.email))
    if link is not None:
        click.echo(_("Link to set the password (works once, for %(hours)d hours):", hours=hours))
        click.echo(link.url)


@click.command("create-token")
@click.argument("email")
@click.option(
    "--expires",
    "days",
    type=int,  # the range is checked by the service, which says so in the user's language
    default=DEFAULT_TOKEN_DAYS,
    show_default=True,
    help=f"Days until the token stops working (1 to {MAX_TOKEN_DAYS}).",
)
@with_appcontext
def create_token_command(email: str, days: int) -> None:
    """Print a new API token for a reviewer or an admin, once; only its hash is stored. It expires after DAYS."""
    with committed():
        token = create_api_token(db.session, email, actor=CLI_ACTOR, days=days)
    click.echo(token)
    click.echo(
        _("Keep the token secret: it is shown only this once. Use it as “Authorization: Bearer <token>”."), err=True
    )


def register(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(create_token_command)
