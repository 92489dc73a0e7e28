"""Downloads never fail because someone saves (issue 15, finding 3): against gunicorn with several workers, one
respondent saves a page in a loop while an admin downloads the answers through the API and a dashboard's chart data;
every download answers 200 and every one leaves its audit event. Runs on SQLite and, with DATABASE_URL, PostgreSQL.
"""

import re
import threading
import time

import pytest
import requests
from sqlalchemy import func, select

from extensions import db
from models import AuditEvent
from tests.api_helpers import bearer, token_for
from tests.factories import PASSWORD, answer, csrf_token, invitation_link, user_with_password
from tests.server import Server

pytestmark = pytest.mark.slow

DOWNLOADS = 60


def _save_in_a_loop(server: Server, link: str, stop: threading.Event, saves: list[int]) -> None:
    """A respondent saving one page again and again, as autosave does, until told to stop."""
    browser = requests.Session()
    browser.get(server.url + link, timeout=10)
    value = 1
    while not stop.is_set():
        page = browser.get(f"{server.url}/respond/2025/section/roles", timeout=30).text
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        saved = browser.post(
            f"{server.url}/respond/2025/section/roles",
            data={"csrf_token": csrf_token(page), "version": version, "d2_role_clarity": str(value), "action": "save"},
            allow_redirects=False,
            timeout=30,
        )
        saves.append(saved.status_code)
        value = value % 5 + 1


def _logged_in(server: Server, email: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{server.url}/login", timeout=10).text
    answer_ = browser.post(
        f"{server.url}/login",
        data={"csrf_token": csrf_token(page), "email": email, "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert answer_.status_code == 302, answer_.text[:300]
    return browser


def _events(app, action: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def test_downloads_answer_200_while_a_respondent_saves(app, open_round):
    answer(app, "2025", "kommun-0114", {"d2_role_clarity": "3"})
    link = invitation_link(app, "2025", "kommun-0180")
    token = token_for(app, "api-admin@example.se", "admin")
    admin = user_with_password(app, "dashboard-admin@example.se", "admin")
    with app.app_context():
        database_url = db.engine.url.render_as_string(hide_password=False)
    stop = threading.Event()
    saves: list[int] = []
    statuses: dict[str, list[int]] = {"api": [], "dashboard": []}
    with Server(database_url, workers=3) as server:
        browser = _logged_in(server, admin)
        saver = threading.Thread(target=_save_in_a_loop, args=(server, link, stop, saves), daemon=True)
        saver.start()
        try:
            deadline = time.monotonic() + 60
            while len(saves) < 3 and time.monotonic() < deadline:  # the saves are under way before downloading
                time.sleep(0.05)
            for _ in range(DOWNLOADS):
                csv_answer = requests.get(
                    f"{server.url}/api/v1/rounds/2025/responses.csv", headers=bearer(token), timeout=60
                )
                statuses["api"].append(csv_answer.status_code)
                chart = browser.get(f"{server.url}/dashboard/overview?round=2025&download=status", timeout=60)
                statuses["dashboard"].append(chart.status_code)
        finally:
            stop.set()
            saver.join(timeout=60)
    assert len(saves) >= 3 and set(saves) == {302}, sorted(set(saves))
    assert statuses == {"api": [200] * DOWNLOADS, "dashboard": [200] * DOWNLOADS}
    assert _events(app, "responses.export") == DOWNLOADS
    assert _events(app, "dashboard.download") == DOWNLOADS
