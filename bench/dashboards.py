"""Server time and page weight of every dashboard and of /results, on a national-scale database.

    .venv/bin/python bench/dashboards.py [--database-url URL] [--repeat N] [--keep]

Builds a fresh database (a temporary SQLite file unless --database-url is given; that database must be empty) with
`init-db` and `seed-demo --scale national` (every organisation, rounds 2016–2025), logs in as the demo reviewer and
times each dashboard through the Flask test client: the server's own time for a whole request, rendering included,
with no network in between. Prints a table and writes bench/out/dashboards.json. Never part of `make test`.
"""

import argparse
import gzip
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from app import create_app  # noqa: E402
from views.dashboard_assets import plotly_assets  # noqa: E402
from views.dashboards import DASHBOARDS  # noqa: E402

REVIEWER = ("analytiker@samverkan.example", "Demo-Analys-2025!")
RESPONDENT = ("planerare@norrbotten.example", "Demo-Planerare-2025!")
#: Each dashboard as a reviewer first opens it, and with a type and a county chosen.
VARIANTS = {"all": "", "municipalities": "type=kommun", "county": "county=25"}
EXTRA = {"profile": "organisation=region-25", "trends": "organisation=region-25", "counterparts": "region=region-25"}


def log_in(client, email: str, password: str) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"csrf_token": token, "email": email, "password": password})
    if response.status_code != 302:
        raise SystemExit(f"could not log in as {email}")


def timed(client, url: str, repeat: int) -> dict:
    client.get(url)  # warm: the first request parses the questionnaire and fills caches
    times, response = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    body = response.data
    return {
        "url": url,
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "html_bytes": len(body),
        "html_gzip_bytes": len(gzip.compress(body, 6)),
        "charts": body.count(b"data-figure="),
    }


def page_weight(client, html_gzip: int) -> dict:
    """Bytes over the wire for a dashboard: first visit (everything) and later visits (assets cached)."""
    version = plotly_assets().version
    assets = {
        f"/assets/plotly-{version}.min.js": True,
        f"/assets/plotly-{version}.css": False,
        "/assets/topojson/world_110m.json": False,
        "/static/js/charts.js": False,
        "/static/js/app.js": False,
        "/static/css/app.css": False,
        "/static/favicon.svg": False,
    }
    sizes = {}
    for url, served_gzipped in assets.items():
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        data = response.data
        sizes[url] = len(data) if served_gzipped else len(gzip.compress(data, 6))
    return {
        "assets_gzip_bytes": sizes,
        "first_load_gzip_bytes": html_gzip + sum(sizes.values()),
        "cached_load_gzip_bytes": html_gzip,
        "note": "text assets counted gzipped as a server or proxy would send them; plotly.js is pre-gzipped by the app",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty database to fill (default: a temporary SQLite file)")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite file")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-dashboards-")
    url = args.database_url or f"sqlite:///{folder}/national.sqlite"
    os.environ["DATABASE_URL"] = url
    app = create_app({"RATELIMIT_ENABLED": False})
    runner = app.test_cli_runner()
    start = time.perf_counter()
    for command in (["init-db"], ["seed-demo", "--scale", "national"]):
        result = runner.invoke(args=command)
        if result.exit_code != 0:
            raise SystemExit(f"{' '.join(command)} failed: {result.output}")
        print(result.output.strip().splitlines()[-1])
    print(f"database ready in {time.perf_counter() - start:.1f} s: {url}")

    client = app.test_client()
    log_in(client, *REVIEWER)
    rows = []
    for name in DASHBOARDS:
        for variant, query in VARIANTS.items():
            params = "&".join(p for p in (query, EXTRA.get(name, "")) if p)
            rows.append({"page": name, "variant": variant, **timed(client, f"/dashboard/{name}?{params}", args.repeat)})
    weight = page_weight(client, next(r for r in rows if r["page"] == "overview")["html_gzip_bytes"])
    respondent = app.test_client()
    log_in(respondent, *RESPONDENT)
    rows.append({"page": "results", "variant": "respondent", **timed(respondent, "/results", args.repeat)})

    print(f"\n{'page':<14}{'variant':<16}{'median ms':>10}{'min':>8}{'max':>8}{'charts':>8}{'HTML gz KB':>12}")
    for row in rows:
        print(
            f"{row['page']:<14}{row['variant']:<16}{row['median_ms']:>10.0f}{row['min_ms']:>8.0f}{row['max_ms']:>8.0f}"
            f"{row['charts']:>8}{row['html_gzip_bytes'] / 1024:>12.1f}"
        )
    print(
        f"\npage weight of the overview: first load {weight['first_load_gzip_bytes'] / 1024:.0f} KB, "
        f"cached {weight['cached_load_gzip_bytes'] / 1024:.0f} KB (gzip)"
    )
    out = PROJECT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    report = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "database": url.split(":", 1)[0],
        "repeat": args.repeat,
        "pages": rows,
        "page_weight": weight,
    }
    (out / "dashboards.json").write_text(json.dumps(report, indent=2))
    print(f"written {out / 'dashboards.json'}")
    if not args.database_url and not args.keep:
        Path(folder, "national.sqlite").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
