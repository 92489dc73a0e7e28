"""HTTP benchmarks of the respondent's and the analyst's routes, under gunicorn on the national data set.

Each figure is measured in the same run as the app's cheapest route (`/livez`), so the ratios do not depend on
how fast this machine happens to be today. Prints the figures and returns them for bench/run.py.
"""

import contextlib
import shutil
import subprocess
from urllib.parse import quote, urlsplit

import requests

from bench.harness import OUT, Server, cookie_header, csrf, flask, national_database, temporary_file, wrk
from bench.page_weight import measure as page_weight

SAVE_CONNECTIONS = 32
#: A draft save writes this many answers: the whole questionnaire of a region or länsstyrelse, from its one-page form.
SAVE_ANSWERS = 40


def _prepare_writers(database_url: str, count: int) -> list[tuple[str, str]]:
    """Invitation links of `count` regions and länsstyrelser whose 2025 responses are drafts (reopened if needed)."""
    from app import create_app
    from extensions import db
    from models import Organisation
    from services.invitations import create_invitations
    from services.responses import find_response, reopen
    from services.rounds import get_round

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "LOG_JSON": False})
    with app.app_context():
        found = get_round(db.session, "2025")
        organisations = (
            db.session.query(Organisation).filter(Organisation.type.in_(["region", "lst"])).order_by(Organisation.code)
        ).all()[:count]
        for organisation in organisations:
            response = find_response(db.session, organisation, found)
            if response is not None and response.is_submitted:
                reopen(db.session, response, actor="bench")
        issued = create_invitations(db.session, found, organisations, actor="bench", base_url="")
        db.session.commit()
        links = [(item.invitation.organisation.type, urlsplit(item.url).path) for item in issued]
        db.engine.dispose()
    return links


def _save_bodies(organisation_type: str) -> tuple[str, str]:
    """Two form bodies that set the same 40 answers to different values."""
    from questionnaire.loader import VERSIONS_DIR, load_file

    questionnaire = load_file(VERSIONS_DIR / "v1.yaml")
    chosen = [q for q in questionnaire.questions_for(organisation_type) if q.type in ("scale", "choice", "number")]
    chosen += [q for q in questionnaire.questions_for(organisation_type) if q.type == "multichoice"]
    chosen = chosen[:SAVE_ANSWERS]
    assert len(chosen) == SAVE_ANSWERS, len(chosen)

    def value(question, which: int) -> str:
        if question.type == "scale":
            return str(2 + which)
        if question.type == "number":
            return str(1 + which)
        return question.options[which].id

    return tuple("&".join(f"{q.id}={quote(value(q, which))}" for q in chosen) for which in (0, 1))


REVIEWER = "bench-analytiker@samverkan.example"
#: A throwaway account in the benchmark's own database.
REVIEWER_PASSWORD = "Bench-Analys-Lösen-2025"


def _reviewer(database_url: str) -> str:
    """A reviewer in the benchmark database (made once), with a new API token; returns the token."""
    with contextlib.suppress(subprocess.CalledProcessError):  # made by an earlier run on this database
        flask(database_url, "create-user", REVIEWER, "--role", "reviewer", "--password-stdin", stdin=REVIEWER_PASSWORD)
    return flask(database_url, "create-token", REVIEWER).strip().splitlines()[0]


def _logged_in(server: Server) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{server.url}/login", timeout=10).text
    answer = session.post(
        f"{server.url}/login",
        data={"csrf_token": csrf(page), "email": REVIEWER, "password": REVIEWER_PASSWORD},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, f"the benchmark reviewer could not log in: {answer.status_code}"
    return session


def run(seconds: int = 10) -> dict:
    source = national_database()
    copy = OUT / "national-writes.sqlite"
    shutil.copyfile(source.removeprefix("sqlite:///"), copy)
    database_url = f"sqlite:///{copy}"
    writers = _prepare_writers(database_url, SAVE_CONNECTIONS)
    token = _reviewer(database_url)
    results: dict = {}
    with Server(database_url, workers=None) as server:
        results["cheapest_route"] = wrk(f"{server.url}/livez", seconds=seconds)
        # The questionnaire page: the staircase section of a region, the largest page (16 radio groups).
        reader = requests.Session()
        reader.get(server.url + writers[0][1], timeout=10)
        results["questionnaire_page"] = wrk(
            f"{server.url}/respond/2025/section/staircase", seconds=seconds, env={"WRK_COOKIE": cookie_header(reader)}
        )
        lines = []
        for organisation_type, link in writers:
            session = requests.Session()
            session.get(server.url + link, timeout=10)
            page = session.get(f"{server.url}/respond/2025/all", timeout=10).text
            version = page.split('name="version" value="', 1)[1].split('"', 1)[0]
            body_a, body_b = _save_bodies(organisation_type)
            lines.append("\t".join([cookie_header(session), csrf(page), "/respond/2025/all", version, body_a, body_b]))
        # The scores API at national scale: one reviewer's token, 8 connections (a few analysts' scripts at once).
        results["scores_api"] = wrk(
            f"{server.url}/api/v1/rounds/2025/scores",
            connections=8,
            seconds=seconds,
            env={"WRK_EXTRA_HEADER": f"Authorization: Bearer {token}"},
        )
        reviewer = _logged_in(server)
        cookies = [
            {"name": name, "value": value, "domain": "127.0.0.1", "path": "/"}
            for name, value in reviewer.cookies.items()
        ]
        results["page_weight"] = page_weight(server.url, cookies)
        spec = temporary_file(".tsv", "\n".join(lines) + "\n")
        results["draft_save_40_answers"] = wrk(
            f"{server.url}/respond/2025/all",
            connections=SAVE_CONNECTIONS,
            threads=SAVE_CONNECTIONS,
            seconds=seconds,
            script=OUT.parent / "wrk_autosave.lua",
            env={"WRK_SAVE_SPEC": str(spec), "WRK_REPORT": str(OUT.parent / "wrk_report.lua")},
        )
    return results
