"""The app as a real server in a subprocess (gunicorn, sync workers, as `make serve`), for tests that need several
processes, a kill -9, or a restart."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(
        self, database_url: str, *, workers: int | None = 4, secret_key: str = "test-secret-key-not-for-production"
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": secret_key,
            "PORT": str(self.port),
        }
        if workers is not None:  # None: gunicorn.conf.py's own choice, as in production
            self.env["WEB_CONCURRENCY"] = str(workers)
        self.process: subprocess.Popen | None = None
        # The server's own log goes to a file: a pipe nobody reads would fill up and stall the server.
        self.log_path = Path(tempfile.mkstemp(prefix="server-", suffix=".log")[1])

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def start(self, timeout: float = 30) -> "Server":
        gunicorn = Path(sys.executable).parent / "gunicorn"
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [str(gunicorn), "--config", "gunicorn.conf.py", "--access-logfile", "/dev/null", "app:create_app()"],
                cwd=PROJECT,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log()}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"server did not start: {self.log()}")

    def kill(self) -> None:
        """kill -9 the whole process group: master and workers die mid-request, as in a power cut."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
