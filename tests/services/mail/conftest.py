"""An app that sends to a real SMTP server in the test process, on the test's database."""

import pytest

from app import create_app
from extensions import db
from tests.smtp_server import SmtpServer


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(app, smtp):
    """`app` has emptied the tables; this app on the same database sends to `smtp`, at no pace to speak of."""
    mail_app = create_app(
        {
            **{key: app.config[key] for key in ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "BASE_URL")},
            **smtp.config(),
            "MAIL_DEFAULT_SENDER": "Regionalt forum <forum@samverkan.example>",
            "MAIL_MESSAGES_PER_MINUTE": 60_000,
            "MAIL_RETRY_SECONDS": 60,
            "MAIL_MAX_ATTEMPTS": 3,
        }
    )
    with mail_app.app_context():
        yield mail_app
        db.session.remove()
        db.engine.dispose()
