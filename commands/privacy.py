"""export-person, erase-person and prune-contacts: a contact person's data from the command line."""

import json
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from commands.common import CLI_ACTOR, committed, fail
from extensions import db
from services.personal_data import erase_person, export_person, find_person, prune


@click.command("export-person")
@click.argument("email")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@with_appcontext
def export_person_command(email: str, output: str | None) -> None:
    """Write everything stored about the person with this e-mail address, as JSON (a register extract)."""
    person = find_person(db.session, email)
    if not person.found:
        raise fail(_("Nothing is stored about %(email)s.", email=person.email))
    text = json.dumps(export_person(db.session, person, actor=CLI_ACTOR), ensure_ascii=False, indent=2)
    db.session.commit()
    if output is None:
        click.echo(text)
        return
    try:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    except OSError as exc:
        raise fail(_("Cannot write %(file)s: %(reason)s", file=output, reason=exc.strerror)) from None
    click.echo(_("Wrote the data about %(email)s to %(file)s.", email=person.email, file=output), err=True)


@click.command("erase-person")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def erase_person_command(email: str, yes: bool) -> None:
    """Erase the person's e-mail address and name everywhere (accounts are disabled for good, contact persons
    removed). Answers stay."""
    person = find_person(db.session, email)
    if not person.found:
        raise fail(_("Nothing is stored about %(email)s.", email=person.email))
    if not yes:
        click.confirm(
            _(
                "Erase %(email)s from %(accounts)d accounts and %(contacts)d invitations?",
                email=person.email,
                accounts=len(person.users),
                contacts=len(person.invitations),
            ),
            abort=True,
        )
    with committed():
        erased = erase_person(db.session, person, actor=CLI_ACTOR)
    click.echo(
        _(
            "Erased: %(accounts)d accounts and %(contacts)d invitation contacts. The organisations' answers are kept.",
            accounts=erased.accounts,
            contacts=erased.contacts,
        )
    )
    if erased.contact_persons:
        click.echo(_("Removed as a contact person of %(n)d organisations.", n=erased.contact_persons))


@click.command("prune-contacts")
@click.option("--days", type=click.IntRange(min=1), help="Retention in days (default: CONTACT_RETENTION_DAYS).")
@click.option("--dry-run", is_flag=True, help="Only count what would be erased.")
@with_appcontext
def prune_contacts_command(days: int | None, dry_run: bool) -> None:
    """Erase contact data older than the retention period: invitation contacts, disabled accounts, old logins,
    contact persons of organisations not invited in that time."""
    days = days or current_app.config["CONTACT_RETENTION_DAYS"]
    result = prune(db.session, retention=timedelta(days=days), actor=CLI_ACTOR, dry_run=dry_run)
    db.session.commit()
    message = _(
        "%(contacts)d invitation contacts, %(accounts)d disabled accounts, %(sessions)d login sessions and "
        "%(links)d password links older than %(days)d days",
        contacts=result.contacts,
        accounts=result.accounts,
        sessions=result.sessions,
        links=result.password_links,
        days=days,
    )
    click.echo(_("Would erase: %(what)s.", what=message) if dry_run else _("Erased: %(what)s.", what=message))
    persons = _(
        "%(n)d contact persons of organisations not invited for %(days)d days", n=result.contact_persons, days=days
    )
    click.echo(_("Would erase: %(what)s.", what=persons) if dry_run else _("Erased: %(what)s.", what=persons))


def register(app: Flask) -> None:
    for command in (export_person_command, erase_person_command, prune_contacts_command):
        app.cli.add_command(command)
