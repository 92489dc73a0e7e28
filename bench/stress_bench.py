"""Dashboards at national scale and at 10 million answers, and a full rescore of 10 million answers.

    .venv/bin/python bench/stress_bench.py [--repeat N] [--rebuild]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/stress_bench.py

1. Builds the stress set (`bench/stress.py`, about 10 million answers) or reuses it, and the national set
   (`seed-demo --scale national`; `bench/harness.py::national_database()` on SQLite, a schema of its own on
   PostgreSQL).
2. Times `flask --app app rescore` on the stress set: every round scored again and its aggregates rebuilt.
3. Starts the app under gunicorn on each set (tests/server.py `Server`), logs in over HTTP as a reviewer and as a
   respondent (users made with `create-user … --password-stdin`), and requests every dashboard (default filters,
   a type, a county; profile and trends also with an organisation chosen) and /results: a few warm-up requests,
   then `--repeat` timed ones each. The server time is the app's own `duration_ms` from its JSON request log (the
   whole request in the worker, rendering included); the client's round trip is kept beside it.
4. Prints a table against the goals and writes bench/out/stress.json and bench/out/dashboards.json.

`run()` does the same and returns the figures as a dict. Never part of `make test`.
"""

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench import stress  # noqa: E402
from bench.harness import FLASK, OUT, csrf, machine, national_database  # noqa: E402
from tests.server import Server  # noqa: E402

GOALS = {"rescore_s": 30.0, "dashboard_p50_ms": 150.0}
DASHBOARDS = ["overview", "staircase", "profile", "counterparts", "resources", "barriers", "priorities", "trends"]
VARIANTS = {"default": "", "type": "type=kommun", "county": "county=01"}
#: Pages that also get a variant with one organisation chosen (Uppsala, which has submitted in the open round of
#: both sets), and how many charts that variant must show.
ORGANISATION_VARIANTS = {"profile": ("organisation=kommun-0380", 2), "trends": ("organisation=kommun-0380", 3)}
REVIEWER = ("bench-reviewer@samverkan.example", "Bench-Granskare-2025!")
RESPONDENT = ("bench-respondent@samverkan.example", "Bench-Svarande-2025!", "kommun-0180")
WARM_UP = 3
WORKERS = 2


def flask(database_url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*FLASK, *args],
        cwd=PROJECT,
        env={**os.environ, "DATABASE_URL": database_url, "LOG_JSON": "0"},
        input=stdin,
        capture_output=True,
        text=True,
    )


def national(database_url: str | None) -> str:
    """The national set: SQLite from the shared harness, or a PostgreSQL schema of its own, built when missing."""
    if not stress.postgres(database_url or ""):
        return national_database()
    schema = f"bench_national_{stress.CHECKOUT}"
    admin = create_engine(stress.sqlalchemy_url(database_url))
    with admin.begin() as connection:
        present = connection.scalar(
            text("SELECT count(*) FROM information_schema.tables WHERE table_schema = :s AND table_name = 'rounds'"),
            {"s": schema},
        )
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    admin.dispose()
    url = stress.schema_url(database_url, schema)
    if not present:
        for command in (["init-db"], ["seed-demo", "--scale", "national"]):
            done = flask(url, *command)
            if done.returncode != 0:
                raise SystemExit(f"{' '.join(command)} failed: {done.stderr or done.stdout}")
        engine = create_engine(url)
        with Session(engine) as session:
            stress.analyse(session)
        engine.dispose()
    return url


def timed_rescore(database_url: str) -> dict:
    """`flask rescore` on the set: wall time, and the CPU time of the command and its worker processes."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = flask(database_url, "rescore")
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"rescore failed: {done.stderr or done.stdout}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "rounds": done.stdout.strip().splitlines()}


def ensure_users(database_url: str) -> None:
    """The benchmark's reviewer and respondent (create-user refuses a second time, which is fine)."""
    flask(database_url, "create-user", REVIEWER[0], "--role", "reviewer", "--password-stdin", stdin=REVIEWER[1])
    flask(
        database_url, "create-user", RESPONDENT[0], "--role", "respondent", "--organisation", RESPONDENT[2],
        "--password-stdin", stdin=RESPONDENT[1],
    )  # fmt: skip


def log_in(base: str, email: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=30)
    answer = session.post(
        f"{base}/login",
        data={"csrf_token": csrf(page.text), "email": email, "password": password},
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302:
        raise SystemExit(f"could not log in as {email}: {answer.status_code}")
    return session


def server_durations(log: Path, offset: int, path: str) -> tuple[list[float], int]:
    """The app's `duration_ms` of the requests to `path` logged after `offset`, and the new offset."""
    with log.open("rb") as handle:
        handle.seek(offset)
        data = handle.read()
    durations = []
    for line in data.decode(errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        record = json.loads(line)
        if record.get("message") == "request" and record.get("path") == path:
            durations.append(float(record["duration_ms"]))
    return durations, offset + len(data)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def time_page(session: requests.Session, server: Server, path: str, query: str, repeat: int) -> dict:
    url = f"{server.url}{path}{'?' + query if query else ''}"
    for _ in range(WARM_UP):
        session.get(url, timeout=60)
    offset = server.log_path.stat().st_size
    rounds, response = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        response = session.get(url, timeout=60)
        rounds.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    time.sleep(0.2)  # the log line is written as the response leaves
    durations, _ = server_durations(server.log_path, offset, path)
    durations = durations[-repeat:] or rounds
    return {
        "url": f"{path}{'?' + query if query else ''}",
        "p50_ms": round(statistics.median(durations), 1),
        "p90_ms": round(percentile(durations, 0.9), 1),
        "client_p50_ms": round(statistics.median(rounds), 1),
        "html_gzip_bytes": len(gzip.compress(response.content, 6)),
        "charts": response.text.count("data-figure="),
    }


def page_weight(session: requests.Session, server: Server, html_gzip: int) -> dict:
    """Bytes over the wire for a dashboard: first visit (everything) and later visits (assets cached). Text assets
    are counted gzipped as a server or proxy would send them; plotly.js is pre-gzipped by the app."""
    from views.dashboard_assets import plotly_assets

    version = plotly_assets().version
    assets = [
        f"/assets/plotly-{version}.min.js",
        f"/assets/plotly-{version}.css",
        "/assets/topojson/world_110m.json",
        "/static/js/charts.js",
        "/static/js/app.js",
        "/static/css/app.css",
        "/static/favicon.svg",
    ]
    sizes = {}
    for asset in assets:
        answer = session.get(f"{server.url}{asset}", headers={"Accept-Encoding": "gzip"}, timeout=60, stream=True)
        body = answer.raw.read(decode_content=False)
        sizes[asset] = len(body) if answer.headers.get("Content-Encoding") == "gzip" else len(gzip.compress(body, 6))
    return {
        "assets_gzip_bytes": sizes,
        "first_load_gzip_bytes": html_gzip + sum(sizes.values()),
        "cached_load_gzip_bytes": html_gzip,
    }


def measure(database_url: str, repeat: int, weight: bool = False) -> dict:
    ensure_users(database_url)
    server = Server(database_url, workers=WORKERS)
    server.env["LOG_JSON"] = "1"
    rows = []
    with server:
        reviewer = log_in(server.url, *REVIEWER)
        for name in DASHBOARDS:
            variants = dict(VARIANTS)
            if name in ORGANISATION_VARIANTS:
                variants["organisation"] = ORGANISATION_VARIANTS[name][0]
            for variant, query in variants.items():
                timing = time_page(reviewer, server, f"/dashboard/{name}", query, repeat)
                if variant == "organisation" and timing["charts"] != ORGANISATION_VARIANTS[name][1]:
                    raise SystemExit(f"{timing['url']} did not show the organisation ({timing['charts']} charts)")
                rows.append({"page": name, "variant": variant, **timing})
        respondent = log_in(server.url, *RESPONDENT[:2])
        timing = time_page(respondent, server, "/results", "", repeat)
        rows.append({"page": "results", "variant": "respondent", **timing})
        result = {"pages": rows}
        if weight:
            result["page_weight"] = page_weight(reviewer, server, rows[0]["html_gzip_bytes"])
    p50s = [row["p50_ms"] for row in rows]
    result["worst_p50_ms"] = max(p50s)
    result["median_p50_ms"] = statistics.median(p50s)
    return result


def run(repeat: int = 10, rebuild: bool = False, database_url: str | None = None) -> dict:
    """Build or reuse both sets, time the rescore and every page; print the table, write the JSON; return it."""
    database_url = database_url if database_url is not None else os.environ.get("DATABASE_URL", "")
    engine = "postgresql" if stress.postgres(database_url) else "sqlite"
    start = time.perf_counter()
    stress_url, built = stress.stress_database(rebuild, database_url)
    national_url = national(database_url)
    print(f"databases ready in {time.perf_counter() - start:.0f} s ({engine})", flush=True)
    rescore = timed_rescore(stress_url)
    print(f"full rescore of the stress set: {rescore['seconds']} s", flush=True)
    national_pages = measure(national_url, repeat, weight=True)
    stress_pages = measure(stress_url, repeat)
    report = {
        "machine": machine(),
        "database": engine,
        "repeat": repeat,
        "goals": GOALS,
        "stress_set": built or stress.describe(stress_url),
        "rescore": rescore,
        "national": national_pages,
        "stress": stress_pages,
        "met": {
            "rescore_s": rescore["seconds"] <= GOALS["rescore_s"],
            "national_dashboard_p50_ms": national_pages["worst_p50_ms"] <= GOALS["dashboard_p50_ms"],
            "stress_dashboard_p50_ms": stress_pages["worst_p50_ms"] <= GOALS["dashboard_p50_ms"],
        },
    }
    print_table(report)
    OUT.mkdir(parents=True, exist_ok=True)
    suffix = "" if engine == "sqlite" else "-postgresql"
    (OUT / f"stress{suffix}.json").write_text(json.dumps(report, indent=2))
    dashboards = {key: report[key] for key in ("machine", "database", "repeat", "goals", "national", "stress")}
    (OUT / f"dashboards{suffix}.json").write_text(json.dumps(dashboards, indent=2))
    print(f"written {OUT / f'stress{suffix}.json'} and {OUT / f'dashboards{suffix}.json'}")
    return report


def print_table(report: dict) -> None:
    goal = GOALS["dashboard_p50_ms"]
    print(f"\nserver time per page, ms ({report['database']}, {report['repeat']} requests each)")
    print(f"{'page':<14}{'variant':<14}{'national p50':>13}{'p90':>8}{'10M p50':>10}{'p90':>8}")
    for ours, theirs in zip(report["national"]["pages"], report["stress"]["pages"], strict=True):
        print(
            f"{ours['page']:<14}{ours['variant']:<14}{ours['p50_ms']:>13.0f}{ours['p90_ms']:>8.0f}"
            f"{theirs['p50_ms']:>10.0f}{theirs['p90_ms']:>8.0f}"
        )
    print()
    rows = [
        ("dashboard server time p50, national scale (worst page)", report["national"]["worst_p50_ms"], goal, "ms"),
        ("dashboard p50 at 10 million answers (worst page)", report["stress"]["worst_p50_ms"], goal, "ms"),
        ("full rescore of 10 million answers", report["rescore"]["seconds"], GOALS["rescore_s"], "s"),
    ]
    for label, value, limit, unit in rows:
        print(f"{label:<58}{value:>8.1f} {unit:<3} goal ≤ {limit:g} {unit}  {'met' if value <= limit else 'MISSED'}")
    weight = report["national"].get("page_weight")
    if weight:
        print(
            f"page weight of the overview: first load {weight['first_load_gzip_bytes'] / 1024:.0f} KB, "
            f"cached {weight['cached_load_gzip_bytes'] / 1024:.0f} KB (gzip)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="timed requests per page (default 10)")
    parser.add_argument("--rebuild", action="store_true", help="build the stress set again")
    args = parser.parse_args()
    run(args.repeat, args.rebuild)


if __name__ == "__main__":
    main()
