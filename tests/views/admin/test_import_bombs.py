"""Bounded imports from the browser (issue 15, finding 2): the bomb files get the import form again with one clear
reason (Swedish or English), within seconds, nothing stored; a file of many bad rows shows the first 100 problems
and how many more, on a small page; and a real gunicorn server answers /healthz while two bombs are checked."""

import re
import threading
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from extensions import db
from models import Answer, AuditEvent, ImportUpload, Response
from tests import import_bombs
from tests.factories import PASSWORD, csrf_token, log_in, user, user_with_password
from tests.server import Server

#: name: (how the file is made, its name, the Swedish reason, the English one).
BOMBS = {
    "row_99999999999999999999": (
        import_bombs.huge_row_number,
        "svar.xlsx",
        "Bladet ”responses” fortsätter efter rad 200000",
        "The sheet “responses” goes on past row 200000",
    ),
    "cell_at_XFD1048576": (
        import_bombs.cell_at_the_last_corner,
        "svar.xlsx",
        "säger att det omfattar A1:XFD1048576",
        "says it spans A1:XFD1048576",
    ),
    "a_million_cells_in_one_row": (
        import_bombs.million_cells_in_one_row,
        "svar.xlsx",
        "har en cell i AY2, utanför de 50 kolumner",
        "has a cell at AY2, beyond the 50 columns",
    ),
    "a_million_bad_rows": (None, "svar.csv", "Filen har fler än 200000 rader", "The file has more than 200000 rows"),
}


def bomb_bytes(name: str, directory: Path) -> bytes:
    make = BOMBS[name][0]
    return import_bombs.million_bad_rows(directory / "bad.csv").read_bytes() if make is None else make()


@pytest.fixture
def admin(app, client, open_round):
    log_in(app, client, user(app, "forum@example.se", "admin"))
    return client


def upload(client, data: bytes, filename: str):
    """The form posted with the file. The body is written out by hand: the test client would spool a body this large
    to a temporary file that it never closes."""
    token = csrf_token(client.get("/admin/import/").text)
    boundary = "boundary-1234567890"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="round"\r\n\r\n2025\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body += data + f"\r\n--{boundary}--\r\n".encode()
    return client.post("/admin/import/", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def stored(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model)) for model in (Response, Answer, ImportUpload)
        )


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", list(BOMBS))
def test_a_bomb_file_gets_the_form_again_with_the_reason(app, admin, tmp_path, name, language):
    data = bomb_bytes(name, tmp_path)
    if language == "en":
        admin.get("/lang/en")
    started = time.monotonic()
    page = upload(admin, data, BOMBS[name][1])
    seconds = time.monotonic() - started
    assert page.status_code == 422
    reason = BOMBS[name][2] if language == "sv" else BOMBS[name][3]
    assert reason in page.text.replace("&#34;", '"')
    assert len(page.data) < 100_000, "a page, not every problem of the file"
    assert seconds < 30, f"{seconds:.1f} s"
    assert stored(app) == (0, 0, 0)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "responses.import_check"))
        assert event.detail["result"] == "unreadable" and event.detail["bytes"] == len(data)


def test_many_bad_rows_show_the_first_100_problems_and_how_many_more(app, admin):
    rows = "".join(f"nope-{n},d2_role_clarity,4\n" for n in range(5000))
    page = upload(admin, ("organisation,question,value\n" + rows).encode(), "svar.csv")
    assert page.status_code == 422
    listed = re.search(r'<div class="problem-list" id="file-problems">.*?<ol[^>]*>(.*?)</ol>', page.text, re.S)
    items = re.findall(r"<li>(.*?)</li>", listed.group(1), re.S)
    assert len(items) == 100 and items[0].startswith("Rad 2:") and items[-1].startswith("Rad 101:")
    assert "… och 4900 problem till" in page.text
    assert "5000 problem i filen" in page.text
    assert "Filen har 5000 problem" in page.text
    assert len(page.data) < 100_000
    assert stored(app) == (0, 0, 0)


def _peak_kb(pid: int) -> int | None:
    """The process's peak resident memory (VmHWM) in KB; None when it is gone (a worker killed for its time)."""
    try:
        found = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    except FileNotFoundError:
        return None
    return int(found.group(1)) if found else None


def _workers(server: Server, count: int) -> list[int]:
    """The worker processes, once all `count` have started."""
    deadline = time.monotonic() + 30
    while True:
        children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text().split()
        if len(children) >= count or time.monotonic() > deadline:
            return [int(pid) for pid in children]
        time.sleep(0.1)


def _admin_session(server: Server, email: str) -> requests.Session:
    """Logged in as the admin, with the import page asked for a few times so that every worker has served it."""
    browser = requests.Session()
    page = browser.get(server.url + "/login", timeout=30)
    browser.post(
        server.url + "/login",
        data={"csrf_token": csrf_token(page.text), "email": email, "password": PASSWORD},
        timeout=30,
    )
    for _ in range(4):
        browser.get(server.url + "/admin/import/", timeout=30)
    return browser


def _send(server: Server, browser: requests.Session, data: bytes, filename: str, answers: list) -> None:
    """Upload the file; the status code (or the error) goes to `answers`."""
    form = browser.get(server.url + "/admin/import/", timeout=30)
    try:
        answer = browser.post(
            server.url + "/admin/import/",
            data={"csrf_token": csrf_token(form.text), "round": "2025"},
            files={"file": (filename, data)},
            timeout=90,
        )
    except requests.RequestException as exc:  # the old code: the worker was killed after 60 s
        answers.append(repr(exc))
        return
    answers.append(answer.status_code)


def _poll_health(server: Server, senders: list[threading.Thread]) -> list:
    """/healthz, every 0.2 s, until the uploads are answered: status codes, or the error of one not answered."""
    health = []
    while any(sender.is_alive() for sender in senders):
        try:
            health.append(requests.get(server.url + "/healthz", timeout=10).status_code)
        except requests.RequestException as exc:
            health.append(repr(exc))
        time.sleep(0.2)
    return health


@pytest.mark.slow
def test_a_server_answers_healthz_while_two_bombs_are_checked(app, open_round, database_url, tmp_path):
    email = user_with_password(app, "forum@example.se", "admin")
    uploads = [
        (import_bombs.huge_row_number(), "svar.xlsx"),
        (import_bombs.million_bad_rows(tmp_path / "bad.csv").read_bytes(), "svar.csv"),
    ]
    with Server(database_url, workers=2) as server:
        workers = _workers(server, 2)
        browsers = [_admin_session(server, email) for _ in uploads]
        before = {pid: _peak_kb(pid) for pid in workers}
        answers: list = []
        senders = [
            threading.Thread(target=_send, args=(server, browser, *upload, answers))
            for browser, upload in zip(browsers, uploads, strict=True)
        ]
        for sender in senders:
            sender.start()
        health = _poll_health(server, senders)
        for sender in senders:
            sender.join()
        peaks = {pid: _peak_kb(pid) for pid in workers}
    assert answers == [422, 422], server.log()
    assert health and set(health) == {200}, health
    # The workers start at the app's own size (about 220 MB); a bomb may add far less than 200 MB.
    assert len(peaks) == 2
    for pid, peak in peaks.items():
        assert peak is not None, f"worker {pid} is gone"
        assert peak - before[pid] < 100 * 1024, f"worker {pid}: {before[pid] // 1024} → {peak // 1024} MB"
    assert stored(app)[:2] == (0, 0)
