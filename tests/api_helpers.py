"""Helpers for the API tests: users with tokens, made through the same services as `create-user`/`create-token`."""

from extensions import db
from services.api_tokens import create_api_token
from services.users import create_user


def token_for(app, email: str, role: str, organisation: str | None = None) -> str:
    with app.app_context():
        create_user(db.session, email, role, actor="test", organisation_code=organisation)
        if role == "respondent":
            # Tokens are refused to respondents; make one as a reviewer, then demote the user (a role change).
            from services.users import find_user

            user = find_user(db.session, email)
            user.role = "reviewer"
            db.session.flush()
            token = create_api_token(db.session, email, actor="test")
            user.role = "respondent"
        else:
            token = create_api_token(db.session, email, actor="test")
        db.session.commit()
        return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
