"""Twenty identical submits at once, fifty times over, against gunicorn with several worker processes: exactly one
submitted response each time, no 5xx, no "database is locked". Runs on SQLite and, with DATABASE_URL, PostgreSQL."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select

from extensions import db
from models import AuditEvent, Organisation, Response
from tests.factories import invitation_link
from tests.server import Server

pytestmark = pytest.mark.slow

RUNS = 50
AT_ONCE = 20


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _start_draft(server: Server, link: str) -> tuple[requests.Session, str]:
    """Open the link, save one answer, and return the session and a CSRF token ready for submitting."""
    browser = requests.Session()
    browser.get(server.url + link, timeout=10)
    page = browser.get(f"{server.url}/respond/2025/section/roles", timeout=10).text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    saved = browser.post(
        f"{server.url}/respond/2025/section/roles",
        data={"csrf_token": _csrf(page), "version": version, "d2_role_clarity": "4", "action": "save"},
        allow_redirects=False,
        timeout=10,
    )
    assert saved.status_code == 302, saved.text[:500]
    return browser, _csrf(browser.get(f"{server.url}/respond/2025/review", timeout=10).text)


def test_twenty_identical_submits_at_once_submit_exactly_once(app, open_round):
    with app.app_context():
        codes = list(
            db.session.scalars(
                select(Organisation.code).where(Organisation.type == "kommun").order_by(Organisation.code)
            )
        )[:RUNS]
        database_url = str(db.engine.url.render_as_string(hide_password=False))
    links = [invitation_link(app, "2025", code) for code in codes]
    statuses: list[int] = []
    with Server(database_url, workers=4) as server:
        for link in links:
            browser, token = _start_draft(server, link)
            barrier = threading.Barrier(AT_ONCE)

            def submit_once(browser=browser, token=token, barrier=barrier):
                barrier.wait()
                answer = browser.post(
                    f"{server.url}/respond/2025/submit", data={"csrf_token": token}, allow_redirects=False, timeout=60
                )
                return answer.status_code, answer.text

            with ThreadPoolExecutor(AT_ONCE) as pool:
                results = list(pool.map(lambda _: submit_once(), range(AT_ONCE)))
            statuses += [status for status, _ in results]
            assert not any("database is locked" in text for _, text in results)
    assert set(statuses) == {302}, sorted(set(statuses))
    with app.app_context():
        submitted = db.session.scalar(select(func.count()).select_from(Response).where(Response.status == "submitted"))
        submits = db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "response.submit")
        )
    assert submitted == RUNS and submits == RUNS
