"""forum record: what the forum did with a round's topics (SPEC §9)."""

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import gettext as _

from commands.common import CLI_ACTOR, committed, fail
from extensions import db
from services.errors import ServiceError
from services.forum_follow_up import Coverage, record_coverage
from services.rounds import get_round

forum_group = AppGroup("forum", help="Record what the forum did with a round's topics.")

#: What --covered takes; parsed here rather than by click.Choice so that a bad value is one line, as for every
#: other bad argument.
COVERED = {"yes": True, "no": False}


@forum_group.command("record")
@click.option("--round", "slug", required=True)
@click.option("--topic", "topic_id", required=True)
@click.option("--covered", required=True, help="yes or no")
@click.option("--session", "session_name", default="", help="The forum session that covered the topic.")
def record_command(slug: str, topic_id: str, covered: str, session_name: str) -> None:
    """Mark whether the forum covered a topic of the round, and in which session."""
    if covered.strip().lower() not in COVERED:
        raise fail(_("--covered must be yes or no, not “%(value)s”.", value=covered))
    try:
        found = get_round(db.session, slug)
    except ServiceError as exc:
        raise fail(exc.message) from None
    wanted = Coverage(topic_id, COVERED[covered.strip().lower()], session_name)
    with committed():
        changed = record_coverage(db.session, found, [wanted], actor=CLI_ACTOR)
    if not changed:
        click.echo(
            _("Nothing changed: topic %(topic)s of round %(slug)s was already recorded so.", topic=topic_id, slug=slug)
        )
    elif wanted.covered:
        click.echo(_("Recorded: the forum covered topic %(topic)s of round %(slug)s.", topic=topic_id, slug=slug))
    else:
        click.echo(_("Recorded: the forum did not cover topic %(topic)s of round %(slug)s.", topic=topic_id, slug=slug))


def register(app: Flask) -> None:
    app.cli.add_command(forum_group)
