"""Crashes: `kill -9` of the whole server during saves and during submits, many times over.

After every restart a response is never partial (all answers of a save come from the same save), every save that was
answered is still there, and a submit that was answered is submitted. Each test starts its own gunicorn subprocess.
FAULT_RUNS (default 50) sets how many crashes each test causes.
"""

import os
import random
import re
import threading
import time

import pytest
import requests
from sqlalchemy import select

from extensions import db
from models import Answer, AuditEvent, Response
from services.responses import reopen
from tests.factories import invitation_link
from tests.server import Server

pytestmark = pytest.mark.slow

RUNS = int(os.environ.get("FAULT_RUNS", "50"))
ROLES = "/respond/2025/section/roles"
#: The scale items of the roles section that apply to a region; a save sets all of them to one value.
ITEMS = ["d2_role_clarity", "d2_mandate_clarity", "d2_political_anchoring", "d2_agreed_goals", "d2_goals_in_plans"]


def _token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def _answers(app) -> dict[str, str]:
    with app.app_context():
        db.session.expire_all()
        return dict(db.session.execute(select(Answer.question_id, Answer.value)).all())


def _database_url(app) -> str:
    with app.app_context():
        return db.engine.url.render_as_string(hide_password=False)


#: However loaded the machine, the first answered save of a run comes within this; past it the test fails loudly.
FIRST_SAVE_SECONDS = 120


def _saver(server: Server, browser: requests.Session, acknowledged: list, stop: threading.Event) -> None:
    """Save the roles section over and over, each time with the next value for every item, until told to stop.

    A slow answer is waited for, not taken for a dead server: only once `stop` is set (just before the kill) does
    a failed request end the loop."""
    step = 0
    while not stop.is_set():
        step += 1
        value = str(step % 5 + 1)
        try:
            page = browser.get(server.url + ROLES, timeout=30).text
            data = {"csrf_token": _token(page), "version": _version(page), "action": "save"}
            answer = browser.post(
                server.url + ROLES, data=data | dict.fromkeys(ITEMS, value), timeout=30, allow_redirects=False
            )
        except (requests.RequestException, AttributeError):
            if stop.is_set():
                return  # the server is gone
            continue
        if answer.status_code == 302:
            acknowledged.append(value)


def _wait_for_answered_saves(acknowledged: list, wanted: int, saver: threading.Thread) -> None:
    deadline = time.monotonic() + FIRST_SAVE_SECONDS
    while len(acknowledged) < wanted and saver.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_kill_during_saves_never_leaves_a_partial_response(app, open_round):
    link = invitation_link(app, "2025", "region-25")
    server = Server(_database_url(app), workers=2)
    rng = random.Random(2025)
    for run in range(RUNS):
        server.start()
        browser = requests.Session()
        browser.get(server.url + link, timeout=30)
        acknowledged: list[str] = []
        stop = threading.Event()
        saver = threading.Thread(target=_saver, args=(server, browser, acknowledged, stop))
        saver.start()
        # Kill only once saves have been answered (one to three of them), however long that takes on a loaded
        # machine: a kill before any answered save proves nothing. Then a short random pause lands it mid-save.
        _wait_for_answered_saves(acknowledged, rng.randint(1, 3), saver)
        time.sleep(rng.uniform(0.0, 0.1))
        stop.set()
        server.kill()
        saver.join()
        assert acknowledged, f"run {run}: no save was answered within {FIRST_SAVE_SECONDS} s: {server.log()}"
        answers = _answers(app)
        values = {answers.get(item) for item in ITEMS}
        assert len(values) == 1, f"run {run}: a partial save: {answers}"
        last = acknowledged[-1]
        # The last answered save is there, or the one after it, which may have committed just before the kill.
        assert values in ({last}, {str(int(last) % 5 + 1)}), f"run {run}: lost {last}, found {values}"


def test_kill_during_submit_leaves_it_submitted_or_not_never_between(app, open_round):
    link = invitation_link(app, "2025", "region-01")
    server = Server(_database_url(app), workers=2)
    rng = random.Random(7)
    browser = requests.Session()  # the session cookie stays valid across restarts (same secret key)
    outcomes = []
    for run in range(RUNS):
        server.start()
        if run == 0:
            browser.get(server.url + link, timeout=10)
            page = browser.get(server.url + ROLES, timeout=10).text
            browser.post(
                server.url + ROLES,
                timeout=10,
                allow_redirects=False,
                data={"csrf_token": _token(page), "version": _version(page), "d2_role_clarity": "3"},
            )
        token = _token(browser.get(server.url + "/respond/2025/review", timeout=10).text)
        result: dict = {}

        def submit(token=token, result=result):
            try:
                result["status"] = browser.post(
                    server.url + "/respond/2025/submit", data={"csrf_token": token}, allow_redirects=False, timeout=5
                ).status_code
            except requests.RequestException:
                result["status"] = None

        thread = threading.Thread(target=submit)
        thread.start()
        time.sleep(rng.uniform(0.0, 0.03))
        server.kill()
        thread.join()
        with app.app_context():
            db.session.expire_all()
            response = db.session.scalar(select(Response))
            submits = db.session.query(AuditEvent).filter_by(action="response.submit").count()
            reopens = db.session.query(AuditEvent).filter_by(action="response.reopen").count()
            assert (response.status == "submitted") == (response.submitted_at is not None)
            # The submit and its audit event are one transaction: both happened or neither did.
            assert submits == reopens + (response.status == "submitted"), f"run {run}: audit and state disagree"
            if result["status"] == 302:
                assert response.status == "submitted", f"run {run}: an answered submit was lost"
            outcomes.append(response.status)
            if response.status == "submitted":
                reopen(db.session, response, actor="test")
                db.session.commit()
    assert len(outcomes) == RUNS
