"""The admin console's rounds, topics and invitations, through real HTTP with CSRF on."""

import csv
import io
import re

import pytest
from sqlalchemy import select

from extensions import db
from models import AuditEvent, Invitation, Round
from services.invitations import hash_token
from tests.factories import csrf_token, log_in, user


class Admin:
    """A logged-in admin's browser: GET pages, POST forms with the page's CSRF token."""

    def __init__(self, app, email="admin@forum.example"):
        self.app = app
        self.client = app.test_client()
        self.id = user(app, email, "admin")
        log_in(app, self.client, self.id)

    def get(self, path, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path, data=None, page=None):
        token = csrf_token(self.client.get(page or "/admin/").text)
        return self.client.post(path, data={"csrf_token": token, **(data or {})})


@pytest.fixture
def admin(app, reference):
    return Admin(app)


def audit_actions(app):
    with app.app_context():
        return db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor.like("user:%"))).all()


def test_create_a_round_then_copy_it_with_its_edited_topics(app, admin):
    created = admin.post(
        "/admin/rounds/",
        {"slug": "2025", "source": "version:v1", "visibility": "named", "opens_on": "2025-09-01"},
    )
    assert created.status_code == 302 and created.headers["Location"] == "/admin/rounds/2025/topics"
    topics = admin.get("/admin/rounds/2025/topics")
    assert "Från mobilitet till tillgänglighet" in topics.text
    with app.app_context():
        first = db.session.scalar(select(Round).where(Round.slug == "2025"))
        original = [(t.topic_id, t.title_sv) for t in first.topics]
        assert first.opens_at.isoformat() == "2025-08-31T22:00:00+00:00"  # midnight in Stockholm, summer time
    rows = {}
    for n, (topic_id, title) in enumerate(original):
        rows |= {
            f"topics-{n}-topic_id": topic_id,
            f"topics-{n}-title_sv": title,
            f"topics-{n}-title_en": title,
            f"topics-{n}-position": str((len(original) - n) * 10),  # reversed order
        }
    rows["topics-1-remove"] = "y"
    n = len(original)
    rows |= {f"topics-{n}-title_sv": "Klimatanpassning", f"topics-{n}-title_en": "Climate adaptation"}
    rows |= {f"topics-{n}-position": "1"}
    saved = admin.post("/admin/rounds/2025/topics", rows)
    assert saved.status_code == 302
    with app.app_context():
        edited = [t.topic_id for t in db.session.scalar(select(Round).where(Round.slug == "2025")).topics]
    assert edited[0] == "climate-adaptation"
    assert original[1][0] not in edited
    assert edited[1:] == [topic_id for topic_id, _ in reversed(original) if topic_id != original[1][0]]

    copied = admin.post("/admin/rounds/", {"slug": "2026", "source": "2025", "visibility": "named"})
    assert copied.status_code == 302
    with app.app_context():
        second = db.session.scalar(select(Round).where(Round.slug == "2026"))
        assert [t.topic_id for t in second.topics] == edited
        assert second.questionnaire_version.version == "v1" and second.status().value == "draft"
    assert {"round.create", "round.topics", "round.clone"} <= set(audit_actions(app))


def test_bad_round_input_is_shown_and_kept(app, admin):
    admin.post("/admin/rounds/", {"slug": "2025", "source": "version:v1", "visibility": "named"})
    again = admin.post(
        "/admin/rounds/", {"slug": "2025", "source": "version:v1", "visibility": "named", "title_sv": "Min titel"}
    )
    assert again.status_code == 422
    assert "Det finns redan en omgång ”2025”." in again.text and 'value="Min titel"' in again.text
    bad = admin.post("/admin/rounds/", {"slug": "Omgång 26", "source": "version:v1", "visibility": "named"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text
    late = admin.post(
        "/admin/rounds/",
        {
            "slug": "2027",
            "source": "version:v1",
            "visibility": "named",
            "opens_on": "2027-10-01",
            "closes_on": "2027-09-01",
        },
    )
    assert late.status_code == 422 and "måste stänga efter" in late.text
    with app.app_context():
        assert db.session.scalars(select(Round.slug)).all() == ["2025"]


def test_open_and_close_a_round_and_its_links_follow(app, admin):
    admin.post("/admin/rounds/", {"slug": "2025", "source": "version:v1", "visibility": "named"})
    invited = admin.post("/admin/rounds/2025/invitations", {"codes": "kommun-0180", "skip_invited": "y"})
    link = invited.text.split('<code class="link-text">')[1].split("<")[0].removeprefix("http://localhost")
    assert app.test_client().get(link).status_code == 302  # a draft round's link opens; the questionnaire waits
    assert admin.post("/admin/rounds/2025/open").status_code == 302
    page = admin.get("/admin/rounds/2025/")
    assert "Omgång 2025 är öppen" in page.text
    assert admin.post("/admin/rounds/2025/close").status_code == 302
    holder = app.test_client()
    assert holder.get(link).status_code == 302  # read-only from now on (SPEC §8): no page edits
    assert holder.get("/respond/2025/section/staircase").status_code == 409
    assert {"round.open", "round.closed"} <= set(audit_actions(app))


def test_a_topic_that_was_ranked_cannot_be_removed(app, admin, open_round):
    from tests.factories import invitation_link
    from tests.journeys.test_respondent import open_link, post_section

    respondent = app.test_client()
    open_link(respondent, invitation_link(app, "2025", "region-25"))
    post_section(respondent, "priorities", {"d7_topics": ["europe", "", "", "", ""]})
    with app.app_context():
        topics = [t.topic_id for t in db.session.scalar(select(Round)).topics]
    fields = {}
    for n, topic_id in enumerate(topics):
        fields |= {f"topics-{n}-topic_id": topic_id, f"topics-{n}-title_sv": "T", f"topics-{n}-title_en": "T"}
    fields[f"topics-{topics.index('europe')}-remove"] = "y"
    removed = admin.post("/admin/rounds/2025/topics", fields)
    assert removed.status_code == 422 and "redan rangordnat" in removed.text
    with app.app_context():
        assert [t.topic_id for t in db.session.scalar(select(Round)).topics] == topics


def test_invite_by_type_and_county_download_the_links_and_revoke_one(app, admin, open_round):
    page = admin.get("/admin/rounds/2025/invitations")
    assert page.status_code == 200
    created = admin.post("/admin/rounds/2025/invitations", {"types": "kommun", "county": "25", "skip_invited": "y"})
    assert created.status_code == 200
    assert created.text.count('<code class="link-text">') == 14  # Norrbotten's 14 municipalities
    tokens = re.findall(r'name="token" value="([^"]+)"', created.text)
    assert len(tokens) == 14
    again = admin.post("/admin/rounds/2025/invitations", {"types": "kommun", "county": "25", "skip_invited": "y"})
    assert again.status_code == 422 and "redan en fungerande länk" in again.text

    download = admin.client.post(
        "/admin/rounds/2025/invitations/links.csv",
        data={"csrf_token": csrf_token(created.text), "token": [*tokens, "made-up-token"]},
    )
    assert download.status_code == 200 and download.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert len(rows) == 14 and {row["organisation"] for row in rows} >= {"kommun-2580", "kommun-2584"}
    with app.app_context():
        stored = db.session.scalars(select(Invitation.token_hash)).all()
        assert all(hash_token(row["link"].rsplit("/", 1)[1]) in stored for row in rows)
        lulea = db.session.scalar(
            select(Invitation).join(Invitation.organisation).where(Invitation.organisation.has(code="kommun-2580"))
        )
    link = next(row["link"] for row in rows if row["organisation"] == "kommun-2580").removeprefix("http://localhost")
    assert admin.post(f"/admin/invitations/{lulea.id}/revoke").status_code == 302
    assert app.test_client().get(link).status_code == 404
    assert "Återkallad" in admin.get("/admin/rounds/2025/invitations").text
    assert {"invitation.create", "invitation.download", "invitation.revoke"} <= set(audit_actions(app))


def test_invitation_input_errors(app, admin, open_round):
    nothing = admin.post("/admin/rounds/2025/invitations", {"skip_invited": "y"})
    assert nothing.status_code == 422 and "Välj organisationer" in nothing.text
    unknown = admin.post("/admin/rounds/2025/invitations", {"codes": "kommun-0180 kommun-9999"})
    assert unknown.status_code == 422 and "kommun-9999" in unknown.text and "kommun-0180 kommun-9999" in unknown.text
    many = admin.post("/admin/rounds/2025/invitations", {"types": "region", "contact_email": "anna@region.example"})
    assert many.status_code == 422 and "en enda organisation" in many.text
    one = admin.post(
        "/admin/rounds/2025/invitations",
        {"codes": "region-25", "contact_name": "Anna Planerare", "contact_email": "Anna@Region.example"},
    )
    assert one.status_code == 200
    with app.app_context():
        invitations = db.session.scalars(select(Invitation)).all()
        assert [(i.contact_name, i.contact_email) for i in invitations] == [("Anna Planerare", "anna@region.example")]


def _topic_rows(topics, *new_titles):
    """The topic form as a page loaded with `topics` (id, title) sends it, with new topics in the empty rows."""
    fields = {}
    for n, (topic_id, title) in enumerate(topics):
        fields |= {f"topics-{n}-topic_id": topic_id, f"topics-{n}-title_sv": title, f"topics-{n}-title_en": title}
        fields[f"topics-{n}-position"] = str((n + 1) * 10)
    for n, title in enumerate(new_titles, start=len(topics)):
        fields |= {f"topics-{n}-topic_id": "", f"topics-{n}-title_sv": title, f"topics-{n}-title_en": title}
        fields[f"topics-{n}-position"] = str((n + 1) * 10)
    return fields


def test_two_admins_saving_the_topic_list_from_the_same_page_the_second_is_told_and_nothing_half_written(
    app, admin, open_round
):
    other = Admin(app, "admin2@forum.example")
    with app.app_context():
        loaded = [(t.topic_id, t.title_sv) for t in db.session.scalar(select(Round)).topics]
    first = admin.post("/admin/rounds/2025/topics", _topic_rows(loaded, "Klimatanpassning"))
    assert first.status_code == 302
    with app.app_context():
        after_first = [(t.topic_id, t.title_sv) for t in db.session.scalar(select(Round)).topics]
    assert len(after_first) == len(loaded) + 1
    for stale in (_topic_rows(loaded, "Klimatanpassning"), _topic_rows(loaded[1:]), _topic_rows(loaded, "Vatten")):
        second = other.post("/admin/rounds/2025/topics", stale)
        assert second.status_code == 409
        assert "Någon annan sparade ämneslistan" in second.text
        assert "Klimatanpassning" in second.text  # the form now shows the list as the first admin saved it
        with app.app_context():
            assert [(t.topic_id, t.title_sv) for t in db.session.scalar(select(Round)).topics] == after_first
    assert audit_actions(app).count("round.topics") == 1
