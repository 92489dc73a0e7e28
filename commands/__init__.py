"""The `flask --app app …` commands of SPEC §5. Each is a thin wrapper: parse, call a service, commit, print."""

from flask import Flask

from commands import backup, contacts, data, forum, mail, mailings, privacy, responses, rounds, tokens, users


def register_commands(app: Flask) -> None:
    for module in (data, users, tokens, rounds, responses, contacts, privacy, backup, mail, mailings, forum):
        module.register(app)
