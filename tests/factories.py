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
