"""The API and its OpenAPI document agree: every route is documented, every response validates against the
document, and schemathesis finds no server error and no non-conforming response in the running app."""

import os
import shutil
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_openapi
from werkzeug.serving import make_server

from extensions import db
from models import RoundStatus
from services.rounds import create_round, set_state
from tests.api_helpers import bearer, token_for
from tests.conftest import PROJECT
from views.api_schema import openapi_document

ARTIFACTS = PROJECT / "test-artifacts"


def documented_operations(document: dict) -> set[tuple[str, str]]:
    return {(path, method.upper()) for path, item in document["paths"].items() for method in item}


def test_the_document_is_valid_openapi_and_is_what_the_app_serves(client):
    document = openapi_document()
    validate_openapi(document)
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200 and served.json == document


def test_every_api_route_is_in_the_document_and_every_documented_route_exists(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = rule.rule.removeprefix("/api/v1").replace("<", "{").replace(">", "}")
        routes |= {(path, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
        view = app.view_functions[rule.endpoint]
        # Every route but the document itself declares that it is for reviewers and admins only.
        assert getattr(view, "allowed_roles", None) == (
            None if rule.endpoint == "api.openapi" else ("admin", "reviewer")
        )
    assert routes == documented_operations(openapi_document())


class Contract:
    """Checks responses against the document: the status is documented, the media type and the body match."""

    def __init__(self) -> None:
        self.document = openapi_document()
        self.checked: Counter = Counter()

    def check(self, template: str, response) -> None:
        operation = self.document["paths"][template]["get"]
        status = str(response.status_code)
        assert status in operation["responses"], f"{template}: undocumented status {status}"
        content = operation["responses"][status]["content"]
        media_type = response.mimetype
        assert media_type in content, f"{template} {status}: {media_type} not in {list(content)}"
        schema = dict(content[media_type]["schema"], components=self.document["components"])
        body = response.get_json() if media_type == "application/json" else response.get_data(as_text=True)
        Draft202012Validator(schema, format_checker=FormatChecker()).validate(body)
        self.checked[(template, status)] += 1


@pytest.fixture
def seeded(app, runner):
    assert runner.invoke(args=["seed-demo", "--seed", "11"]).exit_code == 0
    with app.app_context():
        anonymous = create_round(db.session, "2026", actor="t", visibility="anonymous")
        set_state(db.session, anonymous, RoundStatus.OPEN, actor="t")
        db.session.commit()
    return {
        "reviewer": token_for(app, "analys@example.se", "reviewer"),
        "admin": token_for(app, "admin@example.se", "admin"),
        "respondent": token_for(app, "planerare@example.se", "respondent", organisation="region-25"),
    }


def test_every_response_of_every_route_validates_against_the_document(client, seeded):
    contract = Contract()
    slugged = ["/rounds/{slug}/questionnaire", "/rounds/{slug}/scores", "/rounds/{slug}/priorities"]
    slugged.append("/rounds/{slug}/responses.csv")
    cases = [("/rounds", "/rounds", who, "") for who in ("reviewer", "admin", "respondent", None)]
    cases.append(("/rounds", "/rounds", "reviewer", "?lang=xx"))
    for template in slugged:
        for slug in ("2024", "2025", "2026", "1999"):
            for who in ("reviewer", "admin", "respondent", None):
                cases.append((template, template.replace("{slug}", slug), who, ""))
            cases.append((template, template.replace("{slug}", slug), "admin", "?lang=en"))
        cases.append((template, template.replace("{slug}", "2025"), "reviewer", "?lang=x"))
    for template, path, who, query in cases:
        headers = bearer(seeded[who]) if who else {}
        contract.check(template, client.get(f"/api/v1{path}{query}", headers=headers))
    statuses = {status for _template, status in contract.checked}
    assert statuses == {"200", "400", "401", "403", "404"}
    assert all((template, "200") in contract.checked for template in ["/rounds", *slugged])


@pytest.fixture
def live_api(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


#: Enough cases per operation to exercise every parameter, few enough to keep the suite quick on two cores.
MAX_EXAMPLES = 60


def test_schemathesis_finds_no_server_error_and_no_nonconforming_response(live_api, seeded, tmp_path):
    """schemathesis (its CLI, as a user would run it) against the app over real HTTP: the examples, coverage and
    fuzzing phases with every check (no 5xx, statuses, media types, headers and bodies as documented, bad input
    rejected, good input accepted, undocumented methods 405 with Allow, no answer without the token)."""
    report = tmp_path / "schemathesis.json"
    command = [
        str(Path(sys.executable).parent / "st"),
        "run",
        f"{live_api}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {seeded['reviewer']}",
        "--checks",
        "all",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        "2025",
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--report",
        "json",
        "--report-json-path",
        str(report),
        "--no-color",
    ]
    environment = os.environ | {"SCHEMATHESIS_HOOKS": "", "NO_COLOR": "1"}
    # Run in tmp_path so schemathesis' cache (.schemathesis/) never lands in the project.
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=900, env=environment, check=False, cwd=tmp_path
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "schemathesis.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    if report.exists():
        shutil.copy(report, ARTIFACTS / "schemathesis.json")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
