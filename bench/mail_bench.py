"""Benchmark: invitations to every organisation at the national demo scale (`seed-demo --scale national` takes
every organisation of the reference data, 347), each with one or two contact persons, sent over SMTP.

    .venv/bin/python -m bench.mail_bench          # or as part of `make bench`

The real commands in subprocesses on a fresh SQLite database: `contacts import`, `send-invitations --round 2025`
(timed), then `mail-worker --once` (timed) against an aiosmtpd server in this process. Every message must arrive
exactly once: counted by Message-ID, and as many as `send-invitations` printed `queued`. Writes bench/out/mail.json.
"""

import json
import os
import random
import sqlite3
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.harness import FLASK, OUT, PROJECT
from tests.smtp_server import SmtpServer

SEED = 2025
RESULT = OUT / "mail.json"


def _flask(env: dict, *args: str) -> str:
    done = subprocess.run([*FLASK, *args], cwd=PROJECT, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def _contacts_file(folder: Path) -> tuple[Path, int]:
    """One or two contacts per organisation (a seeded coin) of every organisation `load-reference` stored."""
    with sqlite3.connect(folder / "mail.sqlite") as connection:
        codes = [code for (code,) in connection.execute("SELECT code FROM organisations ORDER BY code")]
    rng = random.Random(SEED)
    rows = ["organisation,name,email,role"]
    for code in codes:
        for n in range(rng.choice((1, 2))):
            rows.append(f"{code},Kontakt {n + 1} {code},kontakt{n + 1}@{code}.example,planeringschef")
    path = folder / "contacts.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path, len(codes)


def run() -> dict:
    smtp = SmtpServer().start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{folder}/mail.sqlite",
                "LOG_JSON": "0",
                "LANG": "C.UTF-8",
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": str(smtp.port),
                "MAIL_MESSAGES_PER_MINUTE": "1000000",
            }
            _flask(env, "init-db")
            _flask(env, "load-reference")
            _flask(env, "round", "create", "2025", "--closes-at", "2099-10-31")
            _flask(env, "round", "open", "2025")
            contacts, organisations = _contacts_file(Path(folder))
            _flask(env, "contacts", "import", str(contacts))
            started = time.perf_counter()
            lines = _flask(env, "send-invitations", "--round", "2025").splitlines()
            queued_s = time.perf_counter() - started
            started = time.perf_counter()
            _flask(env, "mail-worker", "--once")
            sent_s = time.perf_counter() - started
            smtp.wait_for(len(lines), timeout=10)
    finally:
        smtp.stop()
    statuses = Counter(line.split("\t")[2] for line in lines)
    ids = Counter(smtp.message_ids())
    return {
        "organisations": organisations,
        "contacts": len(lines),
        "queued": statuses["queued"],
        "received": len(smtp.received),
        "distinct_message_ids": len(ids),
        "doubled": sum(1 for count in ids.values() if count > 1),
        "send_invitations_s": round(queued_s, 2),
        "mail_worker_s": round(sent_s, 2),
        "every_message_once": statuses["queued"] == len(lines) == len(ids) == len(smtp.received),
    }


def main() -> dict:
    result = run()
    OUT.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
