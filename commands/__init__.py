"""The `flask --app app …` commands of SPEC §5. Each is a thin wrapper: parse, call a service, commit, print."""

from flask import Flask

from commands import backup, data, mail, privacy, responses, rounds, users


def register_commands(app: Flask) -> None:
    for module in (data, users, rounds, responses, privacy, backup, mail):
        module.register(app)
