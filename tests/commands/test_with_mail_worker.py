"""`make run` / `make serve` start the server through commands/with_mail_worker.py: the mail worker runs beside it,
an .eml file appears without a second terminal, and the worker stops with the server."""

import os
import signal
import subprocess
import sys
import time

import pytest

from extensions import db
from services.mail.outbox import queue_message
from tests.conftest import PROJECT

pytestmark = pytest.mark.slow


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return [int(line) for line in found.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_worker_runs_beside_the_server_writes_the_eml_file_and_stops_with_it(app, tmp_path):
    outbox = tmp_path / "outbox"
    environment = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "x",
        "LOG_JSON": "0",
        "MAIL_FILE_PATH": str(outbox),
    }
    environment.pop("MAIL_SERVER", None)
    server = [sys.executable, "-c", "import time; time.sleep(300)"]
    wrapper = subprocess.Popen(
        [sys.executable, "-m", "commands.with_mail_worker", *server],
        cwd=PROJECT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        with app.app_context():
            queued = queue_message(
                db.session, to="a@kommun.example", subject="Kvitto – tack för ert svar", text="Tack!", kind="receipt"
            ).message_id
            db.session.commit()
        eml = outbox / f"{queued.strip('<>')}.eml"
        deadline = time.monotonic() + 90
        while not eml.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert eml.exists(), "no .eml file appeared"
        assert f"Message-ID: {queued}" in eml.read_text()
        children = _children(wrapper.pid)
        assert len(children) == 2  # the worker and the server
    finally:
        wrapper.send_signal(signal.SIGTERM)
        output = wrapper.communicate(timeout=60)[0]
    assert wrapper.returncode == 128 + signal.SIGTERM, output
    assert not [pid for pid in children if _alive(pid)], "a child outlived the wrapper"
    assert "Sent 1" in output or "Skickade 1" in output, output
