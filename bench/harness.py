"""Shared pieces of the HTTP benchmarks: databases built once and kept, gunicorn in a subprocess, and wrk.

Everything runs on loopback on this machine; nothing is mocked. Databases live in bench/out/ and are rebuilt only
when missing (delete the file to rebuild).
"""

import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "bench" / "out"
sys.path.insert(0, str(PROJECT))

from tests.server import Server  # noqa: E402

FLASK = [str(Path(sys.executable).parent / "flask"), "--app", "app"]
WRK_SCRIPT = PROJECT / "bench" / "wrk_report.lua"


def flask(database_url: str, *args: str, stdin: str | None = None) -> str:
    """Run a `flask --app app` command against `database_url`; returns its standard output."""
    done = subprocess.run(
        [*FLASK, *args],
        cwd=PROJECT,
        env={**os.environ, "DATABASE_URL": database_url, "LOG_JSON": "0"},
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def national_database() -> str:
    """A SQLite database with `seed-demo --scale national`: every organisation, rounds 2016–2025."""
    path = OUT / "national.sqlite"
    url = f"sqlite:///{path}"
    OUT.mkdir(parents=True, exist_ok=True)
    flask(url, "init-db")  # also brings a database kept from an earlier run up to the current schema
    flask(url, "seed-demo", "--scale", "national", "--if-empty")
    return url


def wrk(
    url: str,
    *,
    connections: int = 32,
    threads: int = 2,
    seconds: int = 10,
    env: dict | None = None,
    script: Path = WRK_SCRIPT,
) -> dict:
    """Drive `url` with wrk (bounded: a fixed number of connections) and return its JSON summary."""
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("{"))
    return json.loads(line)


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def cookie_header(session: requests.Session) -> str:
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def machine() -> dict:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def temporary_file(suffix: str, content: str) -> Path:
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8") as handle:
        handle.write(content)
    return Path(handle.name)


__all__ = ["OUT", "PROJECT", "Server", "cookie_header", "csrf", "flask", "machine", "national_database", "wrk"]
