"""Runs a server with `flask --app app mail-worker` beside it; `make run` and `make serve` start through this.

    python -m commands.with_mail_worker .venv/bin/gunicorn --config gunicorn.conf.py "app:create_app()"

The worker starts first, then the server. A worker that dies is started again (after a pause, so a wrong setting
does not spin). When the server ends, or this process gets SIGTERM or SIGINT (passed on to the server), the worker
gets SIGTERM: it finishes the message in hand and stops. The exit status is the server's.
"""

import signal
import subprocess
import sys
from pathlib import Path

#: How often the worker is looked after, and the pause before starting a dead one again.
WATCH_SECONDS = 5
#: A worker that has not stopped this long after SIGTERM is killed; its claim is retried after the lease.
STOP_SECONDS = 30


def _start_worker() -> subprocess.Popen:
    flask = Path(sys.executable).with_name("flask")
    return subprocess.Popen([str(flask), "--app", "app", "mail-worker"])  # noqa: S603 (our own command)


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
    try:
        worker.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def main(server_command: list[str]) -> int:
    worker = _start_worker()
    server = subprocess.Popen(server_command)  # noqa: S603 (the Makefile's own command line)
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda number, _frame: server.send_signal(number))
    try:
        while True:
            try:
                status = server.wait(timeout=WATCH_SECONDS)
                # A server ended by a signal exits as a shell reports it: 128 + the signal's number.
                return 128 - status if status < 0 else status
            except subprocess.TimeoutExpired:
                if worker.poll() is not None:
                    print(f"mail-worker ended with status {worker.returncode}; starting it again", file=sys.stderr)
                    worker = _start_worker()
    finally:
        _stop(worker)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit("usage: python -m commands.with_mail_worker SERVER-COMMAND …")
    raise SystemExit(main(sys.argv[1:]))
