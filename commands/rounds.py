"""round create|open|close, and invite."""

from datetime import UTC, datetime

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select

from commands.common import CLI_ACTOR, committed, fail
from extensions import db
from models import Organisation, RoundStatus
from services.errors import ServiceError
from services.invitations import create_invitations
from services.rounds import create_round, get_round, set_state
from vocabulary.organisation_types import type_codes

round_group = AppGroup("round", help="Create, open and close survey rounds.")


def _parse_time(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise fail(_("%(option)s must be a date like 2025-09-01 or 2025-09-01T08:00.", option=option)) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@round_group.command("create")
@click.argument("slug")
@click.option("--title-sv")
@click.option("--title-en")
@click.option("--questionnaire", "version", default="v1", show_default=True)
@click.option("--visibility", type=click.Choice(["named", "anonymous"]), default="named", show_default=True)
@click.option("--opens-at")
@click.option("--closes-at")
def create_command(slug, title_sv, title_en, version, visibility, opens_at, closes_at) -> None:
    """Create a round in draft, with the questionnaire's default topic list."""
    with committed():
        created = create_round(
            db.session,
            slug,
            actor=CLI_ACTOR,
            title_sv=title_sv,
            title_en=title_en,
            questionnaire_version=version,
            visibility=visibility,
            opens_at=_parse_time(opens_at, "--opens-at"),
            closes_at=_parse_time(closes_at, "--closes-at"),
        )
    click.echo(_("Created round %(slug)s (questionnaire %(version)s).", slug=created.slug, version=version))


def _change_state(slug: str, state: RoundStatus) -> None:
    try:
        found = get_round(db.session, slug)
    except ServiceError as exc:
        raise fail(exc.message) from None
    set_state(db.session, found, state, actor=CLI_ACTOR)
    db.session.commit()
    click.echo(_("Round %(slug)s is now %(status)s.", slug=slug, status=found.status().value))


@round_group.command("open")
@click.argument("slug")
def open_command(slug: str) -> None:
    """Open a round for answers."""
    _change_state(slug, RoundStatus.OPEN)


@round_group.command("close")
@click.argument("slug")
def close_command(slug: str) -> None:
    """Close a round: its invitation links stop editing and only show results and receipts."""
    _change_state(slug, RoundStatus.CLOSED)


@click.command("invite")
@click.option("--round", "slug", required=True)
@click.option("--organisation", "codes", multiple=True, help="Organisation code; may be given several times.")
@click.option("--type", "organisation_type", type=click.Choice(type_codes()))
@click.option("--base-url", help="Start of the links (default: BASE_URL, else http://127.0.0.1:PORT).")
@with_appcontext
def invite_command(slug: str, codes: tuple[str, ...], organisation_type: str | None, base_url: str | None) -> None:
    """Create invitation links and print one line per link: CODE<TAB>URL."""
    try:
        found = get_round(db.session, slug)
    except ServiceError as exc:
        raise fail(exc.message) from None
    if not codes and not organisation_type:
        raise fail(_("Name the organisations with --organisation CODE or --type TYPE."))
    organisations = []
    if codes:
        by_code = {o.code: o for o in db.session.scalars(select(Organisation).where(Organisation.code.in_(codes)))}
        unknown = [code for code in codes if code not in by_code]
        if unknown:
            raise fail(_("There is no organisation with the code “%(code)s”.", code=unknown[0]))
        organisations += [by_code[code] for code in dict.fromkeys(codes)]
    if organisation_type:
        chosen = {o.id for o in organisations}
        query = select(Organisation).where(Organisation.type == organisation_type).order_by(Organisation.code)
        organisations += [o for o in db.session.scalars(query) if o.id not in chosen]
    with committed():
        issued = create_invitations(
            db.session,
            found,
            organisations,
            actor=CLI_ACTOR,
            base_url=base_url,
        )
    for item in issued:
        click.echo(f"{item.invitation.organisation.code}\t{item.url}")


def register(app: Flask) -> None:
    app.cli.add_command(round_group)
    app.cli.add_command(invite_command)
