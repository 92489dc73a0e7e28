"""The respondent's whole journey through the real HTTP stack (Flask test client, CSRF on), bad input at every step."""

import re

import pytest
from sqlalchemy import event, select

from extensions import db
from models import Answer, AuditEvent, Response, RoundStatus
from services.rounds import get_round, set_state
from tests.factories import csrf_token, invitation_link

SECTION = "/respond/2025/section/{}"


def open_link(client, link):
    response = client.get(link)
    assert response.status_code == 302
    # The secret leaves the address bar: the next address does not contain it.
    assert response.headers["Location"] == "/respond/2025/"
    return client.get(response.headers["Location"])


def post_section(client, section_id, fields, action="next"):
    page = client.get(SECTION.format(section_id))
    data = {"csrf_token": csrf_token(page.text), "version": _version(page.text), "action": action}
    return client.post(SECTION.format(section_id), data={**data, **fields})


def _version(html):
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def stored_answers(app):
    with app.app_context():
        return dict(db.session.execute(select(Answer.question_id, Answer.value)).all())


def test_a_region_answers_and_submits_from_its_link(app, client, open_round):
    landing = open_link(client, invitation_link(app, "2025", "region-25"))
    assert "Region Norrbotten" in landing.text
    assert "20–30 minuter" in landing.text and "Vem som ser svaren" in landing.text

    first = client.get(SECTION.format("staircase"))
    assert first.status_code == 200
    assert "Avsnitt 1 av 8" in first.text
    # The staircase steps are labelled radio buttons, with the step descriptions visible.
    assert '<label for="d1_municipalities_today-3">3 Samordning</label>' in first.text
    assert "Vi samordnar våra planer, processer och tidplaner." in first.text
    assert "d1_region_today" not in first.text  # a region does not rate "the region"

    saved = post_section(client, "staircase", {"d1_municipalities_today": "3", "d1_municipalities_target": "4"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(SECTION.format("roles"))
    assert stored_answers(app) == {"d1_municipalities_today": "3", "d1_municipalities_target": "4"}

    roles = client.get(SECTION.format("roles"))
    assert "Avsnitt 2 av 8" in roles.text, roles.text[:3000]
    assert "2 av 41 frågor besvarade" in roles.text

    post_section(client, "roles", {"d2_role_clarity": "4", "d2_instruments": ["rus-spatial", "transport-plan"]})
    post_section(client, "resources", {"d3_staff_fte": "4,5", "d3_funding_horizon": "permanent"})
    post_section(client, "priorities", {"d7_topics": ["europe", "digital-planning", "", "", ""], "d7_formats": "both"})
    assert stored_answers(app)["d3_staff_fte"] == "4.5"
    assert stored_answers(app)["d7_topics"] == "europe>digital-planning"

    review = client.get("/respond/2025/review")
    assert "frågor är obesvarade" in review.text
    assert "Trafikverket – i dag" in review.text  # unanswered items are listed by name

    token = csrf_token(review.text)
    receipt = client.post("/respond/2025/submit", data={"csrf_token": token}, follow_redirects=True)
    assert "Tack – svaren är inskickade" in receipt.text
    assert "4,5 årsarbetskrafter" in receipt.text
    again = client.post("/respond/2025/submit", data={"csrf_token": token})
    assert again.status_code == 302 and again.headers["Location"].endswith("/respond/2025/receipt")
    with app.app_context():
        assert db.session.scalar(select(Response.status)) == "submitted"
        assert db.session.query(AuditEvent).filter_by(action="response.submit").count() == 1


def test_bad_input_is_shown_beside_the_field_keeps_what_was_typed_and_saves_nothing(app, client, open_round):
    open_link(client, invitation_link(app, "2025", "kommun-2580"))
    post_section(client, "resources", {"d3_staff_fte": "2"})
    bad = post_section(client, "resources", {"d3_staff_fte": "tre komma fem", "d3_staff_sufficient": "9"})
    assert bad.status_code == 422
    assert "Inget sparades. Rätta följande:" in bad.text
    assert 'value="tre komma fem"' in bad.text
    assert '<p class="error-message" id="d3_staff_fte-error">' in bad.text
    assert 'aria-describedby="d3_staff_fte-hint d3_staff_fte-unit d3_staff_fte-error"' in bad.text
    assert "”tre komma fem” är inte ett tal." in bad.text
    assert stored_answers(app) == {"d3_staff_fte": "2"}

    twice = post_section(client, "priorities", {"d7_topics": ["europe", "europe", "", "", ""]})
    assert twice.status_code == 422
    assert "Varje tema kan bara rangordnas en gång." in twice.text
    assert twice.text.count('<option value="europe" selected>') == 2
    assert "d7_topics" not in stored_answers(app)


def test_a_post_without_a_valid_csrf_token_saves_nothing_but_keeps_what_was_typed(app, client, open_round):
    open_link(client, invitation_link(app, "2025", "region-01"))
    refused = client.post(
        SECTION.format("roles"), data={"d2_role_clarity": "4", "csrf_token": "forged", "action": "save"}
    )
    assert refused.status_code == 303 and refused.headers["Location"].endswith(SECTION.format("roles"))
    assert stored_answers(app) == {}
    shown = client.get(SECTION.format("roles"))
    assert "Sidan hade gått ut" in shown.text
    assert 'id="d2_role_clarity-4" name="d2_role_clarity" value="4" checked' in shown.text
    # Shown once: the next visit shows what is stored, and saving the shown page stores the typed answer.
    assert 'value="4" checked' not in client.get(SECTION.format("roles")).text
    assert post_section(client, "roles", {"d2_role_clarity": "4"}, action="save").status_code == 302
    assert stored_answers(app) == {"d2_role_clarity": "4"}


def test_answers_typed_when_the_whole_session_expired_come_back_after_the_link(app, client, open_round):
    link = invitation_link(app, "2025", "region-12")
    open_link(client, link)
    page = client.get(SECTION.format("resources"))
    client.delete_cookie("samverkan_session")  # the browser was closed, or the session ran out
    expired = client.post(
        SECTION.format("resources"),
        data={"csrf_token": csrf_token(page.text), "d3_staff_fte": "7,5", "d3_funding_horizon": "permanent"},
    )
    assert expired.status_code == 400
    assert "Din session har gått ut" in expired.text and "7,5" in expired.text
    assert stored_answers(app) == {}
    open_link(client, link)
    back = client.get(SECTION.format("resources"))
    assert 'value="7,5"' in back.text and 'value="permanent" checked' in back.text


def test_other_forms_without_a_csrf_token_are_refused(app, client, open_round):
    open_link(client, invitation_link(app, "2025", "region-01"))
    refused = client.post("/respond/2025/submit", data={})
    assert refused.status_code == 400 and "Formuläret hade gått ut" in refused.text
    with app.app_context():
        assert db.session.query(Response).count() == 0


def test_colleagues_with_their_own_links_continue_the_same_draft(app, open_round):
    first, second = app.test_client(), app.test_client()
    open_link(first, invitation_link(app, "2025", "lst-12"))
    post_section(first, "roles", {"d2_role_clarity": "2"}, action="save")
    open_link(second, invitation_link(app, "2025", "lst-12"))
    page = second.get(SECTION.format("roles"))
    assert 'id="d2_role_clarity-2" name="d2_role_clarity" value="2" checked' in page.text
    with app.app_context():
        assert db.session.query(Response).count() == 1


def test_a_stale_page_shows_the_colleagues_answer_and_keeps_mine(app, open_round):
    first, second = app.test_client(), app.test_client()
    open_link(first, invitation_link(app, "2025", "region-14"))
    open_link(second, invitation_link(app, "2025", "region-14"))
    stale = second.get(SECTION.format("roles"))
    post_section(first, "roles", {"d2_role_clarity": "5"}, action="save")
    conflict = second.post(
        SECTION.format("roles"),
        data={
            "csrf_token": csrf_token(stale.text),
            "version": _version(stale.text),
            "d2_role_clarity": "1",
            "action": "save",
        },
    )
    assert conflict.status_code == 409
    assert "En kollega har ändrat det här svaret" in conflict.text and "5 Stämmer helt" in conflict.text
    assert 'id="d2_role_clarity-1" name="d2_role_clarity" value="1" checked' in conflict.text
    assert stored_answers(app) == {"d2_role_clarity": "5"}
    resent = second.post(
        SECTION.format("roles"),
        data={
            "csrf_token": csrf_token(conflict.text),
            "version": _version(conflict.text),
            "d2_role_clarity": "1",
            "action": "save",
        },
    )
    assert resent.status_code == 302
    assert stored_answers(app) == {"d2_role_clarity": "1"}


def test_autosave_answers_json(app, client, open_round):
    open_link(client, invitation_link(app, "2025", "region-03"))
    page = client.get(SECTION.format("roles"))
    saved = client.post(
        SECTION.format("roles"),
        data={"csrf_token": csrf_token(page.text), "version": _version(page.text), "d2_role_clarity": "3"},
        headers={"X-Autosave": "1"},
    )
    assert saved.status_code == 200 and saved.json["status"] == "saved" and saved.json["version"] > 0
    bad = client.post(
        SECTION.format("resources"),
        data={"csrf_token": csrf_token(page.text), "version": saved.json["version"], "d3_staff_fte": "x"},
        headers={"X-Autosave": "1"},
    )
    assert bad.status_code == 409 and bad.json["status"] == "invalid"


def test_links_and_pages_refuse_what_they_should(app, client, open_round):
    assert client.get("/i/not-a-real-token").status_code == 404
    assert "Länken fungerar inte" in client.get("/i/not-a-real-token").text
    assert client.get("/respond/2025/").status_code == 403  # no invitation in this session
    open_link(client, invitation_link(app, "2025", "region-25"))
    assert client.get("/respond/2024/").status_code == 403  # the link is for 2025 only
    assert client.get(SECTION.format("no-such-section")).status_code == 404
    empty_submit = client.post(
        "/respond/2025/submit", data={"csrf_token": csrf_token(client.get("/respond/2025/review").text)}
    )
    assert empty_submit.status_code == 302 and empty_submit.headers["Location"].endswith("/respond/2025/review")
    with app.app_context():
        assert db.session.query(Response).count() == 0


def test_a_closed_round_stops_editing_through_the_link_and_keeps_the_answers(app, client, open_round):
    link = invitation_link(app, "2025", "region-25")
    open_link(client, link)
    post_section(client, "roles", {"d2_role_clarity": "4"}, action="save")
    with app.app_context():
        set_state(db.session, get_round(db.session, "2025"), RoundStatus.CLOSED, actor="test")
        db.session.commit()
    # The link still opens (read-only, SPEC §8): the start page says the round is closed, and no page edits.
    landing = app.test_client().get(link, follow_redirects=True)
    assert landing.status_code == 200 and "Omgången är stängd; ni kan fortfarande läsa era resultat." in landing.text
    assert client.get(SECTION.format("roles")).status_code == 409
    assert stored_answers(app) == {"d2_role_clarity": "4"}


def test_english_is_complete_on_the_journey(app, client, open_round):
    client.get(invitation_link(app, "2025", "region-25"))
    client.get("/lang/en?next=/respond/2025/")
    page = client.get(SECTION.format("staircase"))
    assert '<html lang="en">' in page.text
    assert "Section 1 of 8" in page.text and "3 Coordination" in page.text and "Save and continue" in page.text
    assert "Spara" not in page.text
    bad = post_section(client, "resources", {"d3_staff_fte": "many"})
    assert "“many” is not a number." in bad.text
    assert client.get("/lang/sv?next=https://evil.example/").headers["Location"] == "/"


def test_every_question_on_one_page_saves_all_at_once(app, client, open_round):
    open_link(client, invitation_link(app, "2025", "region-25"))
    page = client.get("/respond/2025/all")
    assert page.status_code == 200 and "Alla frågor på en sida" in page.text
    assert page.text.count('class="page-section"') == 8
    fields = {
        "d1_municipalities_today": "3",
        "d2_role_clarity": "4",
        "d3_staff_fte": "2",
        "d4_tools": ["web-gis"],
        "d5_digital": "5",
        "d7_topics": ["europe", "", "", "", ""],
    }
    data = {"csrf_token": csrf_token(page.text), "version": _version(page.text), "action": "review"}
    saved = client.post("/respond/2025/all", data=data | fields)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/respond/2025/review")
    assert stored_answers(app) == {
        "d1_municipalities_today": "3",
        "d2_role_clarity": "4",
        "d3_staff_fte": "2",
        "d4_tools": "web-gis",
        "d5_digital": "5",
        "d7_topics": "europe",
    }
    bad = client.post("/respond/2025/all", data=data | {"version": "2", "d3_staff_fte": "x", "d5_digital": "1"})
    assert bad.status_code == 422 and "”x” är inte ett tal." in bad.text
    assert stored_answers(app)["d5_digital"] == "5"


def test_a_save_reads_first_and_holds_the_sqlite_write_lock_only_while_writing(app, client, open_round):
    """The page's reads and the form's checks run in a plain transaction; the write lock (`BEGIN IMMEDIATE`) is taken
    for the save alone, so a paused worker never keeps every other respondent waiting for its whole request."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's write lock only: PostgreSQL locks the response row (FOR UPDATE) instead")
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2].strip().upper())  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
    open_link(client, invitation_link(app, "2025", "region-01"))
    page = client.get(SECTION.format("roles"))
    statements.clear()
    saved = client.post(
        SECTION.format("roles"),
        data={"csrf_token": csrf_token(page.text), "version": _version(page.text), "d2_role_clarity": "4"},
    )
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", listener)
    assert saved.status_code == 302
    begins = [statement for statement in statements if statement.startswith("BEGIN")]
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"], begins
    writes = [i for i, statement in enumerate(statements) if statement.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes and min(writes) > statements.index("BEGIN IMMEDIATE"), statements
    assert stored_answers(app)["d2_role_clarity"] == "4"


@pytest.mark.parametrize("version", ["9223372036854775808", "99", "-1", "abc", "1e3"])
def test_a_version_that_is_no_page_s_version_is_a_conflict_that_keeps_what_was_typed(app, open_round, version):
    """A page only ever holds the version it was loaded at: one ahead of the stored one, out of range or not a
    number says nothing about what the sender saw, so it cannot overwrite a colleague's answer unseen."""
    first, second = app.test_client(), app.test_client()
    open_link(first, invitation_link(app, "2025", "region-14"))
    open_link(second, invitation_link(app, "2025", "region-14"))
    post_section(first, "roles", {"d2_role_clarity": "5"}, action="save")
    page = second.get(SECTION.format("roles"))
    data = {"csrf_token": csrf_token(page.text), "version": version, "d2_role_clarity": "1", "action": "save"}
    conflict = second.post(SECTION.format("roles"), data=data)
    assert conflict.status_code == 409
    assert "En kollega har ändrat det här svaret" in conflict.text and "5 Stämmer helt" in conflict.text
    assert 'id="d2_role_clarity-1" name="d2_role_clarity" value="1" checked' in conflict.text
    assert stored_answers(app) == {"d2_role_clarity": "5"}
    autosaved = second.post(SECTION.format("roles"), data=data, headers={"X-Autosave": "1"})
    assert autosaved.status_code == 409 and autosaved.json["status"] == "conflict"
    assert stored_answers(app) == {"d2_role_clarity": "5"}


def test_an_invitation_link_opened_while_logged_in_asks_first_and_switches_only_on_a_post(app, client, open_round):
    """Any site can make a browser GET a link: that must not log out the admin who is logged in here."""
    from tests.factories import log_in, user

    log_in(app, client, user(app, "admin@forum.example", "admin"))
    link = invitation_link(app, "2025", "region-25")
    asked = client.get(link + "?lang=en")
    assert asked.status_code == 200 and "You are logged in as admin@forum.example" in asked.text
    assert client.get("/admin/").status_code == 200  # still logged in
    assert client.get("/respond/2025/").status_code == 403  # and holding no invitation
    refused = client.post(link, data={})
    assert refused.status_code == 400 and client.get("/admin/").status_code == 200  # no CSRF token, no switch
    switched = client.post(link, data={"csrf_token": csrf_token(asked.text)})
    assert switched.status_code == 302 and switched.headers["Location"] == "/respond/2025/"
    assert client.get("/respond/2025/").status_code == 200
    assert client.get("/admin/").status_code in (302, 403)  # the admin's session has ended


def test_a_round_still_in_draft_shows_no_landing_or_review_page(app, client, open_round):
    open_link(client, invitation_link(app, "2025", "region-25"))
    with app.app_context():
        set_state(db.session, get_round(db.session, "2025"), RoundStatus.DRAFT, actor="test")
        db.session.commit()
    for page in ("/respond/2025/", "/respond/2025/review", SECTION.format("roles")):
        answer = client.get(page)
        assert answer.status_code == 409 and "Enkäten är inte öppen" in answer.text, page
