"""API tokens end for good: revoked (command or admin page), expired, or when the user is disabled or changes role.

Tokens are made with the real `create-token` command and tried against the real API through the test client; the
admin's changes go through the admin pages with a CSRF token, as a browser sends them.
"""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from extensions import db
from models import ApiToken, AuditEvent, User, utcnow
from tests.api_helpers import bearer
from tests.factories import csrf_token, log_in, user

REVIEWER = "analys@myndighet.example"


@pytest.fixture
def people(app, reference):
    return {"admin": user(app, "admin@forum.example", "admin"), "reviewer": user(app, REVIEWER, "reviewer")}


def _create_token(runner, email: str, *args: str) -> str:
    result = runner.invoke(args=["create-token", email, *args])
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def _works(client, token: str) -> bool:
    status = client.get("/api/v1/rounds", headers=bearer(token)).status_code
    assert status in (200, 401)
    return status == 200


def _admin(app, people):
    client = app.test_client()
    log_in(app, client, people["admin"])
    return client


def _post(client, path: str, data: dict | None = None, page: str = "/admin/tokens/"):
    return client.post(path, data={"csrf_token": csrf_token(client.get(page).text), **(data or {})})


def _stored(app, token_id: int | None = None) -> ApiToken:
    with app.app_context():
        query = select(ApiToken).order_by(ApiToken.id.desc())
        found = db.session.get(ApiToken, token_id) if token_id else db.session.scalars(query).first()
        db.session.expunge(found)
        return found


def test_create_token_expires_after_a_year_or_the_days_given(app, runner, client, people):
    default = _create_token(runner, REVIEWER)
    days = (_stored(app).expires_at - utcnow()).total_seconds() / 86400
    assert 364.99 < days <= 365
    short = _create_token(runner, REVIEWER, "--expires", "2")
    days = (_stored(app).expires_at - utcnow()).total_seconds() / 86400
    assert 1.99 < days <= 2
    assert _works(client, default) and _works(client, short)
    # Two days later (the clock moved on in the database): the short one has expired, the other still works.
    with app.app_context():
        stored = db.session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).first()
        stored.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert not _works(client, short) and _works(client, default)
    for days in ("0", "3651"):
        refused = runner.invoke(args=["create-token", REVIEWER, "--expires", days])
        assert refused.exit_code != 0
        assert f"En nyckel gäller från 1 till 3650 dagar; {days} ligger utanför det." in refused.output


def test_list_tokens_shows_id_user_times_and_state_but_never_the_secret(app, runner, people):
    user(app, "annan@myndighet.example", "reviewer")
    first = _create_token(runner, REVIEWER)
    second = _create_token(runner, "annan@myndighet.example", "--expires", "30")
    assert runner.invoke(args=["revoke-token", str(_stored(app).id)]).exit_code == 0
    listed = runner.invoke(args=["list-tokens"])
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.strip().splitlines()
    assert lines[0].split("\t") == ["id", "user", "created", "last_used", "expires", "state"]
    rows = [line.split("\t") for line in lines[1:]]
    assert [(row[1], row[3], row[5]) for row in rows] == [
        ("annan@myndighet.example", "-", "revoked"),
        (REVIEWER, "-", "active"),
    ]
    with app.app_context():
        hashes = db.session.scalars(select(ApiToken.token_hash)).all()
    for secret in (first, second, *hashes):
        assert secret not in listed.output
    only = runner.invoke(args=["list-tokens", "--user", REVIEWER]).stdout.strip().splitlines()
    assert len(only) == 2 and REVIEWER in only[1]
    unknown = runner.invoke(args=["list-tokens", "--user", "ingen@example.se"])
    assert unknown.exit_code != 0 and "Det finns ingen användare" in unknown.output


def test_revoke_token_ends_it_for_good_and_is_audited(app, runner, client, people):
    token = _create_token(runner, REVIEWER)
    token_id = _stored(app).id
    assert _works(client, token)
    result = runner.invoke(args=["revoke-token", str(token_id)])
    assert result.exit_code == 0 and f"Nyckel {token_id} för {REVIEWER} är återkallad" in result.output
    assert not _works(client, token)
    again = runner.invoke(args=["revoke-token", str(token_id)])
    assert again.exit_code == 0 and "redan" in again.output
    missing = runner.invoke(args=["revoke-token", "9999"])
    assert missing.exit_code != 0 and "9999" in missing.output
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "token.revoke")).all()
        assert [(e.actor, e.object_id) for e in events] == [("cli", str(token_id))]


def test_a_disabled_account_enabled_again_does_not_revive_its_tokens(app, runner, client, people):
    token = _create_token(runner, REVIEWER)
    admin = _admin(app, people)
    page = f"/admin/users/{people['reviewer']}"
    assert _post(admin, f"{page}/disable", page=page).status_code == 302
    assert not _works(client, token)
    assert _post(admin, f"{page}/enable", page=page).status_code == 302
    with app.app_context():
        assert db.session.get(User, people["reviewer"]).active
    assert not _works(client, token)
    assert _stored(app).revoked_at is not None
    assert _works(client, _create_token(runner, REVIEWER))  # a new token works


def test_a_role_change_and_back_does_not_revive_the_tokens(app, runner, client, people):
    token = _create_token(runner, REVIEWER)
    admin = _admin(app, people)
    page = f"/admin/users/{people['reviewer']}"
    assert _post(admin, f"{page}/role", {"role": "admin"}, page=page).status_code == 302
    assert not _works(client, token)
    assert _post(admin, f"{page}/role", {"role": "reviewer"}, page=page).status_code == 302
    assert not _works(client, token)
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "token.revoke_all")).all()
        assert [e.detail["reason"] for e in events] == ["role"]


@pytest.mark.parametrize(
    ("language", "heading", "button", "flash"),
    [("sv", "API-nycklar", "Återkalla", "är återkallad"), ("en", "API tokens", "Revoke", "is revoked")],
)
def test_the_admin_page_lists_tokens_and_revokes_one(app, runner, client, people, language, heading, button, flash):
    kept = _create_token(runner, REVIEWER)
    ended = _create_token(runner, REVIEWER, "--expires", "7")
    ended_id = _stored(app).id
    admin = _admin(app, people)
    admin.get(f"/lang/{language}")
    page = admin.get("/admin/tokens/")
    assert page.status_code == 200 and f"<h1>{heading}</h1>" in page.text
    assert kept not in page.text and ended not in page.text and _stored(app).token_hash not in page.text
    # Each row's button names its token for screen readers, in a form of its own with a CSRF token.
    form = re.search(rf'<form method="post" action="/admin/tokens/{ended_id}/revoke">(.*?)</form>', page.text, re.S)
    assert form and 'name="csrf_token"' in form.group(1)
    assert re.search(rf"{button}<span class=\"visually-hidden\">[^<]*{ended_id}[^<]*{REVIEWER}", form.group(1))
    assert admin.post(f"/admin/tokens/{ended_id}/revoke").status_code == 400  # no CSRF token
    assert _works(client, ended)
    revoked = _post(admin, f"/admin/tokens/{ended_id}/revoke")
    assert revoked.status_code == 302
    assert flash in admin.get(revoked.headers["Location"]).text
    assert not _works(client, ended) and _works(client, kept)
    assert _post(admin, "/admin/tokens/9999/revoke").status_code == 404
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "token.revoke"))
        assert event.actor == f"user:{people['admin']}" and event.object_id == str(ended_id)
