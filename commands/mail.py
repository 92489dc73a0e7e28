"""`mail-worker [--once]`: sends the outbox's due messages (services/mail/worker.py)."""

import signal
import threading

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from extensions import db
from services.mail.outbox import state_counts
from services.mail.worker import run


@click.command("mail-worker")
@click.option("--once", is_flag=True, help="Send what is due now, then stop (for cron or a test).")
@click.option(
    "--idle-seconds", type=click.FloatRange(min=0.05), default=5.0, show_default=True, help="Pause when nothing is due."
)
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="Messages per batch (one SMTP connection each).",
)
@with_appcontext
def mail_worker_command(once: bool, idle_seconds: float, batch: int) -> None:
    """Send queued e-mail at MAIL_MESSAGES_PER_MINUTE; retry temporary failures. SIGTERM stops it cleanly."""
    stop = threading.Event()
    # The message being sent is finished and recorded; no new one is claimed after the signal.
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_args: stop.set())
    config = current_app.config
    target = (
        f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}"
        if config["MAIL_BACKEND"] == "smtp"
        else config["MAIL_FILE_PATH"]
    )
    click.echo(_("Mail worker: sending to %(target)s.", target=target), err=True)
    totals = run(db.session, once=once, stop=stop, idle_seconds=idle_seconds, batch=batch)
    waiting = state_counts(db.session)
    click.echo(
        _(
            "Sent %(sent)d, to retry %(retried)d, failed %(failed)d; queued now %(queued)d.",
            sent=totals.sent,
            retried=totals.retried,
            failed=totals.failed,
            queued=waiting["queued"],
        )
    )


def register(app: Flask) -> None:
    app.cli.add_command(mail_worker_command)
