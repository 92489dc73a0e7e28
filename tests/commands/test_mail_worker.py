"""`mail-worker` as the real command in subprocesses against one database and a real SMTP server: two workers at
once, a worker killed with kill -9 mid-batch and started again, SIGTERM, and the .eml files without MAIL_SERVER."""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from extensions import db
from models import OutboxMessage, OutboxState
from services.mail.outbox import queue_message
from tests.conftest import PROJECT
from tests.smtp_server import SmtpServer

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("mail_worker")]
FLASK = str(Path(sys.executable).with_name("flask"))


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


def _queue(app, count: int) -> list[str]:
    with app.app_context():
        ids = [
            queue_message(
                db.session,
                to=f"kontakt{n}@kommun.example",
                subject=f"Inbjudan {n} – välkommen",
                text="Hej!",
                html="<p>Hej!</p>",
                kind="invitation",
            ).message_id
            for n in range(count)
        ]
        db.session.commit()
    return ids


def _states(app) -> Counter:
    with app.app_context():
        return Counter(db.session.scalars(select(OutboxMessage.state)))


def _worker(app, smtp: SmtpServer, *args: str, **env: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "x",
        "LOG_JSON": "0",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
        "MAIL_MESSAGES_PER_MINUTE": "60000",
        **env,
    }
    return subprocess.Popen(
        [FLASK, "--app", "app", "mail-worker", *args],
        cwd=PROJECT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _sent_by(output: str) -> int:
    match = re.search(r"(?:Skickade|Sent) (\d+)", output)
    assert match, output
    return int(match.group(1))


def test_two_workers_at_once_deliver_every_message_exactly_once(app, smtp):
    queued = _queue(app, 40)
    smtp.handler.hold_until_connections = 2
    smtp.handler.mail_delay = 0.01
    workers = [_worker(app, smtp, "--once"), _worker(app, smtp, "--once")]
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]

    assert [worker.returncode for worker in workers] == [0, 0], outputs
    assert Counter(smtp.message_ids()) == Counter(queued), "a message was lost or sent twice"
    sent = [_sent_by(output) for output in outputs]
    assert sum(sent) == 40 and min(sent) >= 1, f"the workers did not share the work: {sent}"
    assert _states(app) == {OutboxState.SENT: 40}


def test_a_worker_killed_mid_batch_and_started_again_delivers_every_message_exactly_once(app, smtp):
    queued = _queue(app, 12)
    smtp.handler.mail_delay = 0.3
    killed = _worker(app, smtp, "--once")
    # Kill while the server holds the sixth envelope: five are sent, the sixth is claimed and half sent.
    deadline = time.monotonic() + 60
    while smtp.handler.envelopes_started < 6 and time.monotonic() < deadline:
        time.sleep(0.01)
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=30)
    assert len(smtp.received) == 5
    assert _states(app) == {OutboxState.SENT: 5, OutboxState.SENDING: 1, OutboxState.QUEUED: 6}

    smtp.handler.mail_delay = 0
    time.sleep(1.2)  # the dead worker's claim is older than the lease now
    restarted = _worker(app, smtp, "--once", MAIL_LEASE_SECONDS="1")
    output = restarted.communicate(timeout=120)[0]

    assert restarted.returncode == 0, output
    assert _sent_by(output) == 7
    assert Counter(smtp.message_ids()) == Counter(queued), "a message was lost or sent twice"
    assert _states(app) == {OutboxState.SENT: 12}


def test_a_running_worker_sends_what_is_queued_later_and_stops_cleanly_on_sigterm(app, smtp):
    worker = _worker(app, smtp, "--idle-seconds", "0.1")
    time.sleep(1.5)
    [later] = _queue(app, 1)
    assert [message["Message-ID"] for message in smtp.wait_for(1)] == [later]
    worker.send_signal(signal.SIGTERM)
    output = worker.communicate(timeout=30)[0]
    assert worker.returncode == 0, output
    assert _sent_by(output) == 1


def test_without_mail_server_the_message_is_an_eml_file_in_the_instance_folder(app, runner):
    assert app.config["MAIL_BACKEND"].endswith("eml_backend.EmailBackend")
    folder = Path(app.instance_path) / "outbox"
    assert Path(app.config["MAIL_FILE_PATH"]) == folder
    [message_id] = _queue(app, 1)
    path = folder / f"{message_id.strip('<>')}.eml"
    try:
        result = runner.invoke(args=["mail-worker", "--once"])
        assert result.exit_code == 0, result.output
        text = path.read_bytes().decode()
        assert f"Message-ID: {message_id}" in text
        assert "Inbjudan" in text and "text/html" in text
        assert _states(app) == {OutboxState.SENT: 1}
    finally:
        path.unlink(missing_ok=True)
