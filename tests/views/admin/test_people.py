"""The admin console's status board, reminders, reopening, organisations, users, audit log and personal data."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from extensions import db
from models import Answer, AuditEvent, Invitation, LoginSession, Response, User, utcnow
from services.invitations import create_invitations
from services.rounds import get_round
from tests.factories import csrf_token, invitation_link, log_in, organisation, user
from tests.journeys.test_respondent import open_link, post_section
from tests.views.admin.test_rounds import Admin, audit_actions


@pytest.fixture
def admin(app, reference):
    return Admin(app)


@pytest.fixture
def answered(app, open_round):
    """Region 25 submitted, kommun-0180 a draft with two answers, kommun-2580 invited with a contact, not started."""
    first = app.test_client()
    open_link(first, invitation_link(app, "2025", "region-25"))
    post_section(first, "roles", {"d2_role_clarity": "4"})
    first.post("/respond/2025/submit", data={"csrf_token": csrf_token(first.get("/respond/2025/review").text)})
    second = app.test_client()
    open_link(second, invitation_link(app, "2025", "kommun-0180"))
    post_section(second, "roles", {"d2_role_clarity": "3", "d2_political_anchoring": "2"})
    with app.app_context():
        create_invitations(
            db.session,
            get_round(db.session, "2025"),
            [organisation("kommun-2580")],
            actor="test",
            base_url="http://localhost",
            contact_name="Lena Luleå",
            contact_email="lena@lulea.example",
        )
        db.session.commit()


def test_the_status_board_shows_who_has_answered_and_how_far(app, admin, answered):
    board = admin.get("/admin/rounds/2025/status")
    assert board.status_code == 200
    text = board.text
    assert "Region Norrbotten" in text and "Stockholms stad" in text and "Luleå kommun" in text
    assert text.index("Luleå kommun") < text.index("Stockholms stad") < text.index("Region Norrbotten")
    assert "Inskickat" in text and "Utkast" in text and "Inte påbörjat" in text
    assert "2 av " in text  # the draft's progress
    only_drafts = admin.get("/admin/rounds/2025/status?status=draft")
    assert "Stockholms stad" in only_drafts.text and "Region Norrbotten" not in only_drafts.text
    county = admin.get("/admin/rounds/2025/status?county=25&type=kommun")
    assert "Luleå kommun" in county.text and "Region Norrbotten" not in county.text
    exported = admin.get("/admin/rounds/2025/status?format=csv")
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert {(r["organisation"], r["status"]) for r in rows} == {
        ("region-25", "submitted"),
        ("kommun-0180", "draft"),
        ("kommun-2580", "not_started"),
    }
    assert "round.status_export" in audit_actions(app)


def test_the_reminder_list_has_everyone_invited_who_has_not_submitted(app, admin, answered):
    respondent = user(app, "planerare@stockholm.example", "respondent", "kommun-0180")
    page = admin.get("/admin/rounds/2025/reminders")
    assert "Region Norrbotten" not in page.text
    assert "lena@lulea.example" in page.text and "planerare@stockholm.example" in page.text
    exported = admin.get("/admin/rounds/2025/reminders?format=csv")
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert {(r["organisation"], r["contact_email"]) for r in rows} == {
        ("kommun-0180", "planerare@stockholm.example"),
        ("kommun-2580", "lena@lulea.example"),
    }
    assert respondent
    assert "round.reminders_export" in audit_actions(app)


def test_reopen_a_submitted_response(app, admin, answered):
    with app.app_context():
        submitted = db.session.scalar(select(Response).where(Response.status == "submitted"))
    reopened = admin.post(
        f"/admin/responses/{submitted.id}/reopen",
        {"back": "/admin/rounds/2025/status"},
        page="/admin/rounds/2025/status",
    )
    assert reopened.status_code == 302 and reopened.headers["Location"] == "/admin/rounds/2025/status"
    with app.app_context():
        again = db.session.get(Response, submitted.id)
        assert again.status == "draft" and again.reopened_at is not None
        assert db.session.query(Answer).filter_by(response_id=submitted.id).count() == 1  # nothing lost
    twice = admin.post(f"/admin/responses/{submitted.id}/reopen")
    assert twice.status_code == 302
    assert "response.reopen" in audit_actions(app)
    assert admin.post("/admin/responses/99999/reopen").status_code == 404


def test_organisations_can_be_filtered_and_opened(admin, answered):
    listing = admin.get("/admin/organisations/?type=kommun&county=25")
    assert (
        "Luleå kommun" in listing.text and "Stockholms stad" not in listing.text and "14 organisationer" in listing.text
    )
    search = admin.get("/admin/organisations/?q=norrbott")
    assert "Region Norrbotten" in search.text and "Länsstyrelsen i Norrbottens län" in search.text
    page = admin.get("/admin/organisations/region-25")
    assert "Inskickat" in page.text and "Öppna igen" in page.text
    assert admin.get("/admin/organisations/region-99").status_code == 404


def test_users_roles_and_the_last_admin(app, admin):
    created = admin.post(
        "/admin/users/", {"email": "planerare@lulea.example", "role": "respondent"}, page="/admin/users/"
    )
    assert created.status_code == 422 and "måste höra till en organisation" in created.text
    created = admin.post(
        "/admin/users/",
        {"email": "planerare@lulea.example", "role": "respondent", "organisation": "kommun-2580"},
        page="/admin/users/",
    )
    assert created.status_code == 200
    with app.app_context():
        planner = db.session.scalar(select(User).where(User.email == "planerare@lulea.example"))
    to_reviewer = admin.post(f"/admin/users/{planner.id}/role", {"role": "reviewer"})
    assert to_reviewer.status_code == 302
    with app.app_context():
        assert (
            db.session.get(User, planner.id).role == "reviewer"
            and db.session.get(User, planner.id).organisation is None
        )
    demote_self = admin.post(f"/admin/users/{admin.id}/role", {"role": "reviewer"})
    assert demote_self.status_code == 422 and "enda aktiva administratören" in demote_self.text
    disable_self = admin.post(f"/admin/users/{admin.id}/disable")
    assert disable_self.status_code == 302
    with app.app_context():
        assert db.session.get(User, admin.id).active
    assert admin.post(f"/admin/users/{planner.id}/disable").status_code == 302
    assert admin.post(f"/admin/users/{planner.id}/enable").status_code == 302
    assert {"user.create", "user.role", "user.disable", "user.enable", "user.password_link"} <= set(audit_actions(app))


def test_the_audit_log_filters(app, admin, answered):
    admin.post("/admin/rounds/2025/close")

    def shown(page):
        return set(re.findall(r"<th scope=\"row\"><code>([a-z_.]+)</code></th>", page.text))

    assert {"response.submit", "round.closed", "invitation.open"} <= shown(admin.get("/admin/audit/"))
    assert shown(admin.get("/admin/audit/?action=round.")) == {"round.create", "round.open", "round.closed"}
    assert shown(admin.get(f"/admin/audit/?actor=user:{admin.id}")) == {"round.closed"}
    by_organisation = shown(admin.get("/admin/audit/?organisation=region-25"))
    assert "response.submit" in by_organisation and "round.closed" not in by_organisation
    unknown = admin.get("/admin/audit/?organisation=region-99")
    assert unknown.status_code == 422 and "region-99" in unknown.text
    tomorrow = (utcnow() + timedelta(days=2)).date().isoformat()
    future = admin.get(f"/admin/audit/?since={tomorrow}")
    assert "0 händelser" in future.text
    bad_date = admin.get("/admin/audit/?since=igår")
    assert bad_date.status_code == 422


def test_export_and_erase_a_contact_person_keeps_the_answers(app, admin, answered):
    planner = user(app, "lena@lulea.example", "respondent", "kommun-2580")
    other = app.test_client()
    log_in(app, other, planner)
    found = admin.get("/admin/privacy/?email=Lena@Lulea.example")
    assert "Ett konto" in found.text and "Kontaktperson för Luleå kommun" in found.text
    exported = admin.post("/admin/privacy/export", {"email": "lena@lulea.example"}, page="/admin/privacy/")
    extract = json.loads(exported.data)
    assert extract["accounts"][0]["organisation"] == "kommun-2580"
    assert extract["invitation_contacts"][0]["contact_name"] == "Lena Luleå"

    unconfirmed = admin.post("/admin/privacy/erase", {"email": "lena@lulea.example"}, page="/admin/privacy/")
    assert unconfirmed.status_code == 422 and "Kryssa i rutan" in unconfirmed.text
    with app.app_context():
        answers_before = db.session.query(Answer).count()
    erased = admin.post("/admin/privacy/erase", {"email": "lena@lulea.example", "confirm": "y"}, page="/admin/privacy/")
    assert erased.status_code == 302
    assert other.get("/account/").status_code == 302  # the erased person's session is over
    with app.app_context():
        assert db.session.query(Answer).count() == answers_before
        assert db.session.scalar(select(User.email).where(User.id == planner)).endswith("@erased.invalid")
        assert not db.session.scalars(select(Invitation).where(Invitation.contact_email.is_not(None))).all()
        events = db.session.scalars(select(AuditEvent)).all()
        assert not [e for e in events if "lena" in json.dumps(e.detail).lower()]
    assert "Inget finns lagrat" in admin.get("/admin/privacy/?email=lena@lulea.example").text


def test_prune_removes_contact_data_older_than_the_retention(app, runner, answered):
    old = user(app, "gammal@lulea.example", "respondent", "kommun-2580")
    with app.app_context():
        long_ago = utcnow() - timedelta(days=app.config["CONTACT_RETENTION_DAYS"] + 1)
        for invitation in db.session.scalars(select(Invitation)):
            invitation.created_at = long_ago
        account = db.session.get(User, old)
        account.active, account.disabled_at = False, long_ago
        db.session.add(LoginSession(user=account, token_hash="0" * 64, created_at=long_ago))
        db.session.commit()
    dry = runner.invoke(args=["prune-contacts", "--dry-run"])
    assert dry.exit_code == 0 and "1 inbjudningskontakter, 1 avstängda konton, 1 inloggningar" in dry.output
    with app.app_context():
        assert db.session.scalar(select(Invitation.contact_email).where(Invitation.contact_email.is_not(None)))
    done = runner.invoke(args=["prune-contacts"])
    assert done.exit_code == 0, done.output
    with app.app_context():
        assert not db.session.scalar(select(Invitation.contact_email).where(Invitation.contact_email.is_not(None)))
        assert db.session.get(User, old).erased_at is not None
        assert db.session.query(LoginSession).count() == 0
        assert db.session.query(Answer).count() == 3


def test_export_and_erase_commands(app, runner, answered):
    exported = runner.invoke(args=["export-person", "lena@lulea.example"])
    assert exported.exit_code == 0 and json.loads(exported.output)["invitation_contacts"][0]["round"] == "2025"
    unknown = runner.invoke(args=["export-person", "ingen@example.se"])
    assert unknown.exit_code != 0 and len(unknown.output.strip().splitlines()) == 1
    erased = runner.invoke(args=["erase-person", "lena@lulea.example", "--yes"])
    assert erased.exit_code == 0 and "1 inbjudningskontakter" in erased.output
    with app.app_context():
        assert not db.session.scalar(select(Invitation.contact_name).where(Invitation.contact_name.is_not(None)))
