"""Links that work (SPEC §8): BASE_URL when set, else the request's own address, else 127.0.0.1:PORT in commands."""

import re

import pytest

from app import create_app
from extensions import db
from tests.factories import csrf_token, log_in, user


def _app_with_base_url(app, base_url: str):
    """An app on the test's database (its tables emptied by `app`) with BASE_URL as `base_url`."""
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.config["SECRET_KEY"],
            "BASE_URL": base_url,
        }
    )


@pytest.fixture
def portless(app, open_round):
    """No BASE_URL, as under `make run`."""
    made = _app_with_base_url(app, "")
    yield made
    with made.app_context():
        db.engine.dispose()


def _post(client, path: str, data: dict, base_url: str):
    token = csrf_token(client.get("/admin/users/", base_url=base_url).text)
    return client.post(path, data={"csrf_token": token, **data}, base_url=base_url)


def test_without_base_url_a_command_prints_links_on_the_port_from_the_environment(portless):
    runner = portless.test_cli_runner()
    invited = runner.invoke(args=["invite", "--round", "2025", "--organisation", "kommun-0180"], env={"PORT": "5077"})
    created = runner.invoke(args=["create-user", "ny@kommun.example", "--role", "admin"], env={"PORT": "5077"})

    assert invited.exit_code == 0, invited.output
    assert re.fullmatch(r"kommun-0180\thttp://127\.0\.0\.1:5077/i/[\w-]{40,}\n", invited.output)
    assert created.exit_code == 0, created.output
    setup_link = re.search(r"http://127\.0\.0\.1:5077/account/setup/[\w-]{40,}", created.output)
    assert setup_link, created.output
    # Both open on the server that made them.
    client = portless.test_client()
    assert client.get(invited.output.split("\t")[1].strip().removeprefix("http://127.0.0.1:5077")).status_code == 302
    assert client.get(setup_link.group().removeprefix("http://127.0.0.1:5077")).status_code == 302


def test_without_port_a_command_uses_5000(portless, monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    invited = portless.test_cli_runner().invoke(args=["invite", "--round", "2025", "--organisation", "kommun-0180"])
    assert "\thttp://127.0.0.1:5000/i/" in invited.output


def test_base_url_wins_in_commands_and_in_requests(app, open_round):
    based = _app_with_base_url(app, "https://x.example/app")
    runner = based.test_cli_runner()
    invited = runner.invoke(args=["invite", "--round", "2025", "--organisation", "kommun-0180"], env={"PORT": "5077"})
    created = runner.invoke(args=["create-user", "ny@kommun.example", "--role", "admin"], env={"PORT": "5077"})
    assert "\thttps://x.example/app/i/" in invited.output
    assert "https://x.example/app/account/setup/" in created.output
    client = based.test_client()
    log_in(based, client, user(based, "admin@forum.example", "admin"))
    page = _post(client, "/admin/rounds/2025/invitations", {"codes": "kommun-0180"}, "http://localhost:8000")
    assert "https://x.example/app/i/" in page.text and "http://localhost:8000/i/" not in page.text
    with based.app_context():
        db.engine.dispose()


def test_inside_a_request_links_take_the_request_s_own_address(portless, monkeypatch):
    monkeypatch.setenv("PORT", "5000")
    client = portless.test_client()
    log_in(portless, client, user(portless, "admin@forum.example", "admin"))
    created = _post(client, "/admin/rounds/2025/invitations", {"codes": "kommun-0180"}, "http://localhost:5077")
    assert created.status_code == 200
    assert re.search(r"http://localhost:5077/i/[\w-]{40,}", created.text), "the link is not on the request's port"
    assert "127.0.0.1:5000" not in created.text
    made = _post(client, "/admin/users/", {"email": "ny@kommun.example", "role": "admin"}, "http://localhost:5077")
    assert "http://localhost:5077/account/setup/" in made.text
