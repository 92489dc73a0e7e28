"""Every route × every kind of visitor × the objects of two organisations, against tests/access_matrix.py.

The visitors: anonymous, a respondent of organisation A, a respondent of B, someone holding A's invitation link,
a reviewer and an admin. A has a submitted response, B a draft with an answer; each has an invitation and a
respondent account. A has also submitted in an earlier round, 2024, now closed: its link holder (of round 2025)
must not see those results, its respondent account may. The reviewer has an API token (the `{api_token}` row).
Each request starts from a fresh client, so no request rides on another's session.
Actors go in the order of ACTORS (admin last), and each actor's GETs before its POSTs, so that what an admin's
POST changes (closing the round, revoking a link) cannot change what another request is checked against.
"""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from extensions import db
from models import ApiToken, AuditEvent, Response, RoundStatus, User
from services import password_links
from services.api_tokens import create_api_token
from services.contacts import ContactDetails, add_contact
from services.import_uploads import check_upload
from services.invitations import create_invitations
from services.questionnaires import questionnaire_of
from services.responses import get_or_create_response, save_answers, submit
from services.rounds import create_round, get_round, set_state
from tests.access_matrix import ACTORS, DENIED, LOGIN, MATRIX, MISSING, OBJECTS, OK, per_object, size
from tests.factories import csrf_token, log_in, organisation, user

A, B = "kommun-0180", "kommun-2580"
NAMES = {"A": "Stockholms stad", "B": "Luleå kommun"}
ACTOR_OBJECT = {"respondent_a": "A", "respondent_b": "B", "invitation_a": "A"}
IGNORED_METHODS = {"HEAD", "OPTIONS"}
EARLIER = "2024"


def unlisted(app) -> tuple[set, set]:
    """(routes without a row, rows without a route), as (endpoint, method) pairs."""
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules() for method in rule.methods - IGNORED_METHODS}
    rows = {(endpoint, method) for endpoint, row in MATRIX.items() for method in row.methods}
    return routes - rows, rows - routes


def test_every_route_has_a_row_and_every_row_a_route(app):
    without_row, without_route = unlisted(app)
    assert not without_row, f"routes without a row in tests/access_matrix.py: {sorted(without_row)}"
    assert not without_route, f"rows for routes that do not exist: {sorted(without_route)}"


def test_a_route_added_without_a_row_is_caught(app):
    app.add_url_rule("/reports/secret", "reports.secret", lambda: "numbers", methods=["GET", "POST"])
    assert unlisted(app)[0] == {("reports.secret", "GET"), ("reports.secret", "POST")}


@pytest.fixture
def world(app, open_round):
    """Organisations A and B with their invitations, responses and accounts, and the staff accounts."""
    ids = {
        "respondent_a": user(app, "svarar@stockholm.example", "respondent", A),
        "respondent_b": user(app, "svarar@lulea.example", "respondent", B),
        "reviewer": user(app, "analys@myndighet.example", "reviewer"),
        "admin": user(app, "admin@forum.example", "admin"),
    }
    with app.app_context():
        _earlier_round_submitted_by(A)
        found = get_round(db.session, open_round)
        questionnaire = questionnaire_of(found.questionnaire_version)
        objects = {}
        for key, code in (("A", A), ("B", B)):
            org = organisation(code)
            issued = create_invitations(db.session, found, [org], actor="test", base_url="http://localhost")[0]
            response = get_or_create_response(db.session, org, found)
            save_answers(db.session, response, {"d2_role_clarity": "4"}, questionnaire, actor="test", source="web")
            if key == "A":
                submit(db.session, response, actor="test")
            objects[key] = {
                "org": code,
                "invitation": issued.invitation.id,
                "token": issued.token,
                "response": response.id,
                "user": ids[f"respondent_{key.lower()}"],
                "contact": add_contact(
                    db.session, org, ContactDetails("Kim Kontakt", f"kontakt@{code}.example"), actor="test"
                ).id,
            }
        setup = password_links.issue(
            db.session,
            db.session.get(User, ids["reviewer"]),
            actor="test",
            base_url="http://localhost",
            valid_for=timedelta(hours=1),
        )
        # A file the admin checked on the import page: B's answer as it already is, so importing it changes nothing.
        upload_key = check_upload(
            db.session,
            found,
            f"organisation,question,value\n{B},d2_role_clarity,4\n".encode(),
            "b.csv",
            submit=False,
            user_id=ids["admin"],
            actor="test",
        ).key
        create_api_token(db.session, "analys@myndighet.example", actor="test")
        db.session.commit()
        emails = {actor: db.session.get(User, user_id).email for actor, user_id in ids.items()}
        api_token = db.session.scalar(select(ApiToken.id))
    shared = {"slug": open_round, "setup_token": setup.token, "upload": upload_key, "api_token": api_token}
    return {"ids": ids, "emails": emails, "objects": objects, "shared": shared, "tokens": {}}


def _earlier_round_submitted_by(code: str) -> None:
    """Round 2024, closed, with a submitted response of `code` (and no invitation)."""
    earlier = create_round(db.session, EARLIER, actor="test")
    set_state(db.session, earlier, RoundStatus.OPEN, actor="test")
    response = get_or_create_response(db.session, organisation(code), earlier)
    answers = {"d2_role_clarity": "2", "d3_staff_sufficient": "3"}
    questionnaire = questionnaire_of(earlier.questionnaire_version)
    save_answers(db.session, response, answers, questionnaire, actor="test", source="web")
    submit(db.session, response, actor="test")
    set_state(db.session, earlier, RoundStatus.CLOSED, actor="test")


def _bearer(app, world, actor) -> dict[str, str]:
    """An API token for a logged-in actor, from `flask create-token EMAIL` (SPEC §5), where it gives one."""
    if actor not in world["emails"]:
        return {}
    if actor not in world["tokens"]:
        result = app.test_cli_runner().invoke(args=["create-token", world["emails"][actor]])
        # The token is the one line on stdout; the advice to keep it secret goes to stderr.
        lines = result.stdout.strip().splitlines()
        world["tokens"][actor] = lines[0].strip() if result.exit_code == 0 and lines else None
    token = world["tokens"][actor]
    return {"Authorization": f"Bearer {token}"} if token else {}


def _client_for(app, world, actor):
    client = app.test_client()
    if actor in world["ids"]:
        log_in(app, client, world["ids"][actor])
    elif actor == "invitation_a":
        assert client.get(f"/i/{world['objects']['A']['token']}").status_code == 302
    return client


def _outcome(response) -> str:
    status = response.status_code
    if status == 401 or (status == 302 and urlsplit(response.headers["Location"]).path == "/login"):
        return LOGIN
    if status == 403:
        return DENIED
    if status == 404:
        return MISSING
    if status < 400 or status in (409, 422):
        return OK
    return f"unexpected {status}"


def _cells(world):
    """(actor, method, endpoint, object, path) for every check, in the safe order described above."""
    for actor in ACTORS:
        for method in ("GET", "POST"):
            for endpoint, row in MATRIX.items():
                if method not in row.methods:
                    continue
                for template in row.all_paths:
                    for obj in OBJECTS if per_object(template) else (None,):
                        values = {**world["shared"], **(world["objects"][obj] if obj else {})}
                        yield actor, method, endpoint, obj, template.format(**values)


def test_every_route_answers_every_actor_as_the_matrix_says(app, world):
    failures, checked = [], 0
    for actor, method, endpoint, obj, path in _cells(world):
        row = MATRIX[endpoint]
        client = _client_for(app, world, actor)
        matched = app.url_map.bind("localhost").match(urlsplit(path).path, method=method)[0]
        assert matched == endpoint, f"the row of {endpoint} requests {path}, which is {matched}"
        headers = _bearer(app, world, actor) if row.bearer else {}
        if method == "POST":
            response = client.post(path, data={"csrf_token": csrf_token(client.get("/login").text)}, headers=headers)
        else:
            response = client.get(path, headers=headers)
        response.close()  # a static file is streamed: let go of it
        got, wanted = _outcome(response), row.expect[actor]
        checked += 1
        where = f"{method} {path} ({endpoint}) as {actor}" + (f" on {obj}'s object" if obj else "")
        if got != wanted:
            failures.append(f"{where}: got {got} ({response.status_code}), expected {wanted}")
        elif row.shows_own and got == OK and response.status_code == 200 and actor in ACTOR_OBJECT:
            own = ACTOR_OBJECT[actor]
            other = "B" if own == "A" else "A"
            if NAMES[own] not in response.text or NAMES[other] in response.text:
                failures.append(f"{where}: does not show only {NAMES[own]}")
        if actor != "admin" and endpoint.startswith("admin."):
            assert not _admin_events(app), f"{where} changed something as a non-admin"
    assert checked == size()[1]
    assert not failures, f"{len(failures)} of {checked} checks failed:\n" + "\n".join(failures)


def _admin_events(app) -> list[str]:
    """Audit events written by the admin pages' services: none may come from a request by a non-admin."""
    watched = (
        "round.",
        "invitation.revoke",
        "invitation.download",
        "user.",
        "person.",
        "contact.",
        "organisation.",
        "response.reopen",
        "responses.import",
        "token.revoke",
    )
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor != "test"))
        return [action for action in actions if action.startswith(watched)]


def test_a_respondent_never_reaches_another_organisations_draft(app, world):
    """B's draft answer must not show anywhere A's respondent or A's link holder can go."""
    with app.app_context():
        draft = db.session.scalar(select(Response).where(Response.id == world["objects"]["B"]["response"]))
        assert draft.status == "draft"
    for actor in ("respondent_a", "invitation_a"):
        client = _client_for(app, world, actor)
        for path in ("/respond/2025/", "/respond/2025/section/roles", "/respond/2025/review", "/respond/2025/receipt"):
            page = client.get(path, follow_redirects=True)
            assert page.status_code == 200
            assert NAMES["B"] not in page.text and NAMES["A"] in page.text
        # Ids in addresses lead nowhere: admin routes with B's ids are refused outright.
        for path in (
            f"/admin/organisations/{B}",
            f"/admin/responses/{world['objects']['B']['response']}/reopen",
            f"/admin/rounds/2025/responses/{B}",
            f"/admin/organisations/{B}/contacts/{world['objects']['B']['contact']}",
        ):
            assert client.get(path).status_code in (302, 403, 405)


def test_no_post_is_accepted_without_a_csrf_token(app, world):
    """Every POST route, as the admin (who may do the most) and as A's link holder: refused with 400, nothing
    changed."""
    with app.app_context():
        before = db.session.query(AuditEvent).count()
    posts = [cell for cell in _cells(world) if cell[1] == "POST" and cell[0] in ("invitation_a", "admin")]
    assert len(posts) > 20
    for actor, _method, endpoint, _obj, path in posts:
        response = _client_for(app, world, actor).post(path, data={"email": "x@example.se", "confirm": "y"})
        if endpoint in ("respond.section", "respond.whole"):
            # A questionnaire page keeps what was typed and shows it again, unsaved (views/recovery.py): on the
            # page itself for a link holder, on a "session expired" page for anyone else.
            expected = 303 if actor == "invitation_a" else 400
            assert response.status_code == expected, f"{path} ({endpoint}) as {actor}: {response.status_code}"
            assert expected == 303 or "Din session har gått ut" in response.text
            continue
        assert response.status_code == 400, f"{path} ({endpoint}) as {actor} accepted a post without a token"
        assert "Formuläret hade gått ut" in response.text
    with app.app_context():
        # Opening A's link for the invitation holder is the only thing recorded meanwhile.
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id).offset(before)).all()
        assert set(actions) <= {"invitation.open"}


DOWNLOAD = re.compile(r"round=(\d+)&(?:amp;)?download=(\w+)")


def test_an_invitation_holder_sees_the_results_of_its_own_round_only(app, world):
    """A's link is for round 2025: asking for 2024 (where A also submitted) shows 2025 with a message, and a
    download of 2024's figures gives 2025's. A's respondent account sees both rounds."""
    own = _client_for(app, world, "respondent_a").get(f"/results?round={EARLIER}")
    assert own.status_code == 200 and {match[0] for match in DOWNLOAD.findall(own.text)} == {EARLIER}
    chart = DOWNLOAD.findall(own.text)[0][1]
    holder = _client_for(app, world, "invitation_a")
    page = holder.get(f"/results?round={EARLIER}")
    assert page.status_code == 200
    assert f"Er organisation har inga resultat att visa för ”{EARLIER}”" in page.text
    assert {match[0] for match in DOWNLOAD.findall(page.text)} == {"2025"}
    assert f'value="{EARLIER}"' not in page.text  # not offered in the choice of rounds either
    download = holder.get(f"/results?round={EARLIER}&download={chart}")
    assert download.status_code == 200
    filename = download.headers["Content-Disposition"]
    assert "-2025-" in filename and f"-{EARLIER}-" not in filename
