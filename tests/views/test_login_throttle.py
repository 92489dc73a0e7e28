"""Throttling without lockout (views/auth.py): failures slow a guesser down, per connection and per account and
connection together, but never keep the right password out when it comes from a connection that is not over its
own limits. The current password on the account page is limited per user. Real test client, real limiter storage.
"""

import pytest

from tests.factories import csrf_token, user

PASSWORD = "Tre-ord-som-ingen-gissar-2025"
NEW_PASSWORD = "Ett-helt-annat-lösenord-2026"
EMAIL = "admin@forum.example"


def _login(client, password: str, address: str, email: str = EMAIL):
    page = client.get("/login", environ_base={"REMOTE_ADDR": address})
    return client.post(
        "/login",
        data={"csrf_token": csrf_token(page.text), "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


@pytest.fixture
def patient_guesser(app, reference):
    """An admin with a password, and a per-connection limit the guesser stays under, as one who waits a minute
    between each ten tries would (three minutes for thirty)."""
    app.config["LOGIN_LIMIT_PER_CONNECTION"] = "100 per minute"
    user(app, EMAIL, "admin", password=PASSWORD)
    return app


def test_thirty_failures_from_one_connection_do_not_lock_the_account_for_another(patient_guesser):
    attacker = patient_guesser.test_client()
    for attempt in range(30):
        status = _login(attacker, "fel-lösenord", "10.0.0.1").status_code
        assert status == 422, f"failure {attempt + 1} from the guesser's connection: {status}"
    # The guesser's own connection now waits for this account, even with the right password ...
    blocked = _login(attacker, PASSWORD, "10.0.0.1")
    assert blocked.status_code == 429 and "För många misslyckade inloggningar" in blocked.text
    # ... while the admin, from another connection, logs in at once.
    assert _login(patient_guesser.test_client(), PASSWORD, "10.0.0.2").status_code == 302
    # The guesser's connection is not barred from other accounts by this account's limit.
    assert _login(attacker, "fel", "10.0.0.1", email="annan@forum.example").status_code == 422


def test_guessing_from_many_connections_slows_each_and_never_locks_the_account(app, reference):
    user(app, EMAIL, "admin", password=PASSWORD)
    for n in range(30):
        assert _login(app.test_client(), "fel", f"10.1.0.{n}").status_code == 422
    # The account is now under attack: a connection that has failed for it gets three more failures an hour.
    again = app.test_client()
    for _ in range(3):
        assert _login(again, "fel", "10.1.0.0").status_code == 422
    assert _login(again, PASSWORD, "10.1.0.0").status_code == 429
    # A new connection is always let in to try, and the right password works.
    assert _login(app.test_client(), PASSWORD, "10.2.0.1").status_code == 302
    assert _login(app.test_client(), "fel", "10.2.0.2", email="annan@forum.example").status_code == 422


def test_ten_failures_a_minute_still_stop_one_connection(app, reference):
    user(app, EMAIL, "admin", password=PASSWORD)
    client = app.test_client()
    for n in range(10):
        assert _login(client, "fel", "10.3.0.1", email=f"gissning-{n}@forum.example").status_code == 422
    assert _login(client, PASSWORD, "10.3.0.1").status_code == 429
    assert _login(app.test_client(), PASSWORD, "10.3.0.2").status_code == 302


def _change(client, current: str, new: str = NEW_PASSWORD, query: str = ""):
    page = client.get("/account/password")
    data = {
        "csrf_token": csrf_token(page.text),
        "current_password": current,
        "new_password": new,
        "new_password_again": new,
    }
    return client.post(f"/account/password{query}", data=data)


@pytest.mark.parametrize(
    ("query", "message"),
    [("", "För många felaktiga nuvarande lösenord"), ("?lang=en", "Too many wrong current passwords")],
)
def test_the_current_password_on_the_account_page_is_limited_per_user(app, reference, query, message):
    user(app, EMAIL, "admin", password=PASSWORD)
    client = app.test_client()
    assert _login(client, PASSWORD, "10.4.0.1").status_code == 302
    # A new password that is refused does not count: only wrong current passwords do.
    for _ in range(3):
        assert _change(client, PASSWORD, new="kort").status_code == 422
    for attempt in range(5):
        wrong = _change(client, f"gissning-{attempt}")
        assert wrong.status_code == 422 and "Det nuvarande lösenordet är fel." in wrong.text
    blocked = _change(client, "gissning-5", query=query)
    assert blocked.status_code == 429 and message in blocked.text
    assert "Traceback" not in blocked.text
    # The limit is the user's, not the connection's: a second login of the same user waits too.
    other = app.test_client()
    assert _login(other, PASSWORD, "10.4.0.2").status_code == 302
    assert _change(other, PASSWORD).status_code == 429
