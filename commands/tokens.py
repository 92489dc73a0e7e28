"""list-tokens and revoke-token: what an admin needs to see and end API tokens from the shell (never a secret)."""

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _

from commands.common import CLI_ACTOR, committed, fail
from extensions import db
from services.api_tokens import get_token, list_tokens, revoke_token
from services.errors import ServiceError

COLUMNS = ("id", "user", "created", "last_used", "expires", "state")


def _time(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


@click.command("list-tokens")
@click.option("--user", "email", help="Only the tokens of the user with this e-mail address.")
@with_appcontext
def list_tokens_command(email: str | None) -> None:
    """List API tokens, newest first, tab-separated: id, user, created, last used, expires, state."""
    try:
        listed = list_tokens(db.session, email)
    except ServiceError as exc:
        raise fail(exc.message) from None
    click.echo("\t".join(COLUMNS))
    for item in listed:
        token = item.token
        times = (_time(token.created_at), _time(token.last_used_at), _time(token.expires_at))
        click.echo("\t".join(map(str, (token.id, token.user.email, *times, item.state))))
    if not listed:
        click.echo(_("No API tokens."), err=True)


@click.command("revoke-token")
@click.argument("token_id", type=int)
@with_appcontext
def revoke_token_command(token_id: int) -> None:
    """Revoke the API token with the number TOKEN_ID (from list-tokens) for good."""
    with committed():
        token = get_token(db.session, token_id)
        revoked = revoke_token(db.session, token, actor=CLI_ACTOR)
    if revoked:
        click.echo(_("Token %(id)d of %(email)s is revoked.", id=token.id, email=token.user.email))
    else:
        click.echo(_("Token %(id)d was revoked already.", id=token.id))


def register(app: Flask) -> None:
    app.cli.add_command(list_tokens_command)
    app.cli.add_command(revoke_token_command)
