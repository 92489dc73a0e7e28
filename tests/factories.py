"""Small helpers that make the objects tests need, through the same services the app uses."""

import re

from sqlalchemy import select

from extensions import db
from models import Organisation
from services.invitations import create_invitations
from services.rounds import get_round


def organisation(code: str) -> Organisation:
    return db.session.scalar(select(Organisation).where(Organisation.code == code))


def invitation_link(app, slug: str, code: str) -> str:
    """A fresh invitation link (path only) for organisation `code` in round `slug`."""
    with app.app_context():
        issued = create_invitations(
            db.session,
            get_round(db.session, slug),
            [organisation(code)],
            actor="test",
            base_url="http://localhost",
        )
        db.session.commit()
        return issued[0].url.removeprefix("http://localhost")


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def user(app, email: str, role: str, organisation_code: str | None = None, password: str | None = None) -> int:
    """A user made through the service, as `create-user` makes one; returns the id."""
    from services.users import create_user

    with app.app_context():
        created = create_user(
            db.session, email, role, actor="test", organisation_code=organisation_code, password=password
        )
        db.session.commit()
        return created.id


def log_in(app, client, user_id: int) -> None:
    """Put a live login session for the user into the client's cookie, as a successful login does.

    The access matrix logs in hundreds of times; this skips argon2 but not the server-side session, which every
    request checks. tests/views/test_auth.py logs in through the real form.
    """
    import time

    from models import User
    from services import login_sessions
    from views.auth import LAST_SEEN_KEY, LOGIN_TOKEN_KEY

    with app.app_context():
        token = login_sessions.start(db.session, db.session.get(User, user_id))
        db.session.commit()
    with client.session_transaction() as session:
        session.clear()
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
        session[LOGIN_TOKEN_KEY] = token
        session[LAST_SEEN_KEY] = int(time.time())


PASSWORD = "A-long-test-password-1"


def user_with_password(app, email: str, role: str, organisation_code: str | None = None) -> str:
    """A user with the test password `PASSWORD`; returns the e-mail address (log in with `login`)."""
    from services.users import create_user

    with app.app_context():
        create_user(db.session, email, role, actor="test", organisation_code=organisation_code, password=PASSWORD)
        db.session.commit()
    return email


def login(client, email: str, password: str = PASSWORD):
    page = client.get("/login")
    response = client.post("/login", data={"csrf_token": csrf_token(page.text), "email": email, "password": password})
    assert response.status_code == 302, "login failed"
    return response


def answer(app, slug: str, code: str, values: dict[str, str], submit: bool = True) -> None:
    """Organisation `code` answers round `slug` with `values` (question id → canonical value), submitted or not."""
    from services.questionnaires import questionnaire_of
    from services.responses import get_or_create_response, save_answers
    from services.responses import submit as submit_response
    from services.rounds import topic_ids

    with app.app_context():
        found = get_round(db.session, slug)
        response = get_or_create_response(db.session, organisation(code), found)
        save_answers(
            db.session,
            response,
            values,
            questionnaire_of(found.questionnaire_version),
            actor="test",
            source="import",
            topic_ids=topic_ids(found),
        )
        if submit:
            submit_response(db.session, response, actor="test")
        db.session.commit()
