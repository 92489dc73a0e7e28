"""Logging in and out through the real form: one message for every failure, a new session on login, and sessions
that really end on the server (a copied cookie stops working)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from extensions import db
from models import AuditEvent, LoginSession, User
from services.password_policy import password_problem
from tests.factories import csrf_token, user

PASSWORD = "Tre-ord-som-ingen-gissar-2025"
WRONG = "The e-mail address or the password is wrong."


@pytest.fixture
def analyst(app, reference):
    return user(app, "analys@myndighet.example", "reviewer", password=PASSWORD)


def log_in(client, email, password, next_path=None):
    page = client.get("/login?lang=en")
    url = "/login?lang=en" + (f"&next={next_path}" if next_path else "")
    return client.post(url, data={"csrf_token": csrf_token(page.text), "email": email, "password": password})


def cookie(client):
    found = client.get_cookie("samverkan_session")
    return found.value if found else None


def test_unknown_user_and_wrong_password_get_the_same_answer(app, client, analyst):
    unknown = log_in(client, "nobody@myndighet.example", PASSWORD)
    wrong = log_in(client, "analys@myndighet.example", "Inte-det-rätta-lösenordet")
    assert unknown.status_code == wrong.status_code == 422
    assert WRONG in unknown.text and WRONG in wrong.text

    def summary(page):
        return page.text.split('id="error-summary">')[1].split("</div>")[0]

    assert summary(unknown) == summary(wrong)
    with app.app_context():
        failures = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login.failure")).all()
        assert len(failures) == 2
        assert all(event.detail["detail_email_domain"] == "myndighet.example" for event in failures)


def test_login_starts_a_new_session_and_a_server_side_record(app, client, analyst):
    client.get("/lang/en")
    before = cookie(client)
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    response = log_in(client, "Analys@Myndighet.example", PASSWORD, next_path="/account/")
    assert response.status_code == 302 and response.headers["Location"] == "/account/"
    after = cookie(client)
    assert after and after != before
    with client.session_transaction() as session:
        assert "planted" not in session  # nothing from before the login carries over…
        assert session["lang"] == "en"  # …except the language
    with app.app_context():
        sessions = db.session.scalars(select(LoginSession)).all()
        assert len(sessions) == 1 and sessions[0].is_live
        assert after not in sessions[0].token_hash and len(sessions[0].token_hash) == 64
        logins = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login.success")).all()
        assert [event.object_id for event in logins] == [str(sessions[0].user_id)]
    assert "analys@myndighet.example" in client.get("/account/").text


def test_login_never_redirects_to_another_site(client, analyst):
    response = log_in(client, "analys@myndighet.example", PASSWORD, next_path="//evil.example/")
    assert response.headers["Location"] == "/"


def test_a_copied_cookie_stops_working_after_logout(app, client, analyst):
    log_in(client, "analys@myndighet.example", PASSWORD)
    copied = cookie(client)
    thief = app.test_client()
    thief.set_cookie("samverkan_session", copied)
    assert thief.get("/account/").status_code == 200  # a copy works while the session lives…

    page = client.get("/account/")
    logout = client.post("/logout", data={"csrf_token": csrf_token(page.text)})
    assert logout.status_code == 302
    refused = thief.get("/account/")  # …and not a moment after logout
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/login")
    with app.app_context():
        ended = db.session.scalar(select(LoginSession))
        assert ended.end_reason == "logout"


def test_disabling_a_user_ends_their_sessions_at_once(app, client, analyst, runner):
    admin_id = user(app, "admin@forum.example", "admin", password=PASSWORD)
    log_in(client, "analys@myndighet.example", PASSWORD)
    assert client.get("/account/").status_code == 200
    admin = app.test_client()
    log_in(admin, "admin@forum.example", PASSWORD)
    page = admin.get(f"/admin/users/{analyst}")
    admin.post(f"/admin/users/{analyst}/disable", data={"csrf_token": csrf_token(page.text)})
    assert client.get("/account/").status_code == 302
    assert log_in(app.test_client(), "analys@myndighet.example", PASSWORD).status_code == 422
    with app.app_context():
        assert db.session.get(User, analyst).active is False
        assert db.session.scalar(select(LoginSession).where(LoginSession.user_id == analyst)).end_reason == "disabled"
        assert db.session.get(User, admin_id).active


def test_a_session_ends_after_the_idle_time_and_the_maximum_age(app, client, analyst):
    log_in(client, "analys@myndighet.example", PASSWORD)
    with client.session_transaction() as session:
        session["login_seen"] -= app.config["LOGIN_IDLE_MINUTES"] * 60 + 1
    assert client.get("/account/").status_code == 302
    log_in(client, "analys@myndighet.example", PASSWORD)
    assert client.get("/account/").status_code == 200
    with app.app_context():
        newest = db.session.scalar(select(LoginSession).order_by(LoginSession.id.desc()).limit(1))
        newest.created_at -= timedelta(hours=app.config["LOGIN_MAX_HOURS"], minutes=1)
        db.session.commit()
    assert client.get("/account/").status_code == 302


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, client, analyst):
    log_in(client, "analys@myndighet.example", PASSWORD)
    other = app.test_client()
    log_in(other, "analys@myndighet.example", PASSWORD)
    page = client.get("/account/password?lang=en")
    token = csrf_token(page.text)
    strong = "Fjällräven-kaffe-och-karta-7"
    wrong = client.post(
        "/account/password?lang=en",
        data={"csrf_token": token, "current_password": "fel", "new_password": strong, "new_password_again": strong},
    )
    assert wrong.status_code == 422 and "The current password is wrong." in wrong.text
    assert 'id="current_password-error"' in wrong.text
    unequal = client.post(
        "/account/password?lang=en",
        data={"csrf_token": token, "current_password": PASSWORD, "new_password": strong, "new_password_again": "y"},
    )
    assert unequal.status_code == 422 and "The two new passwords are not the same." in unequal.text
    assert "The current password is wrong." not in unequal.text
    weak = client.post(
        "/account/password?lang=en",
        data={
            "csrf_token": token,
            "current_password": PASSWORD,
            "new_password": "password1234",
            "new_password_again": "password1234",
        },
    )
    assert weak.status_code == 422 and "too easy to guess" in weak.text
    assert (
        'id="new_password-error"' in weak.text
        and 'aria-describedby="new_password-hint new_password-error"' in weak.text
    )
    new = "Fjällräven-kaffe-och-karta-7"
    changed = client.post(
        "/account/password?lang=en",
        data={"csrf_token": token, "current_password": PASSWORD, "new_password": new, "new_password_again": new},
    )
    assert changed.status_code == 302
    assert client.get("/account/").status_code == 200
    assert other.get("/account/").status_code == 302
    assert log_in(app.test_client(), "analys@myndighet.example", new).status_code == 302
    assert log_in(app.test_client(), "analys@myndighet.example", PASSWORD).status_code == 422


@pytest.mark.parametrize(
    ("password", "fine"),
    [
        ("kort", False),
        ("password1234", False),
        ("qwertyuiop12", False),
        ("123456789012", False),
        ("samverkanstrappan", False),
        ("analysmyndighet", False),
        ("Myndighet2025!", False),
        ("Tre-ord-som-ingen-gissar-2025", True),
        ("korrekt häst batteri häftklammer", True),
    ],
)
def test_the_password_policy(app, password, fine):
    with app.test_request_context():
        assert (password_problem(password, email="analys@myndighet.example") is None) is fine


def test_a_new_user_sets_the_password_through_a_one_time_link(app, reference):
    admin_id = user(app, "admin@forum.example", "admin", password=PASSWORD)
    admin = app.test_client()
    log_in(admin, "admin@forum.example", PASSWORD)
    page = admin.get("/admin/users/?lang=en")
    created = admin.post(
        "/admin/users/",
        data={"csrf_token": csrf_token(page.text), "email": "Ny@Boverket.example", "role": "reviewer"},
    )
    assert created.status_code == 200 and "Länk för att välja lösenord" in created.text
    link = created.text.split('id="password-link">')[1].split("<")[0]
    path = link.removeprefix("http://localhost")
    assert path.startswith("/account/setup/")

    newcomer = app.test_client()
    opened = newcomer.get(path)
    assert opened.status_code == 302 and opened.headers["Location"] == "/account/setup"  # the secret leaves the bar
    form = newcomer.get("/account/setup?lang=en")
    assert "ny@boverket.example" in form.text
    token = csrf_token(form.text)
    mismatch = newcomer.post(
        "/account/setup?lang=en",
        data={"csrf_token": token, "new_password": "Ett-bra-lösen-2025", "new_password_again": "x"},
    )
    assert mismatch.status_code == 422 and "not the same" in mismatch.text
    done = newcomer.post(
        "/account/setup",
        data={"csrf_token": token, "new_password": "Ett-bra-lösen-2025", "new_password_again": "Ett-bra-lösen-2025"},
    )
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert log_in(app.test_client(), "ny@boverket.example", "Ett-bra-lösen-2025").status_code == 302
    assert app.test_client().get(path).status_code == 404  # used once, then gone
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor == f"user:{admin_id}")).all()
        assert "user.create" in actions and "user.password_link" in actions


def test_the_command_made_admin_logs_in(app, runner, reference):
    result = runner.invoke(
        args=["create-user", "forum@example.se", "--role", "admin", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    weak = runner.invoke(
        args=["create-user", "svag@example.se", "--role", "admin", "--password-stdin"], input="lösenord1234\n"
    )
    assert weak.exit_code != 0 and "för lätt att gissa" in weak.output
    client = app.test_client()
    assert log_in(client, "forum@example.se", PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("target", ["/%0Ax", "/%0D%0ASet-Cookie:%20x=1", "/account/%09"])
def test_a_next_with_a_line_break_or_control_character_falls_back_to_the_start_page(app, client, analyst, target):
    response = log_in(client, "analys@myndighet.example", PASSWORD, next_path=target)
    assert response.status_code == 302 and response.headers["Location"] == "/"
