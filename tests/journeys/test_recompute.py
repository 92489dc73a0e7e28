"""Done when: anyone can recompute every number from the export. On the seed-demo data, through the running app
over real HTTP, a score worked out by hand from responses.csv (and the questionnaire the API describes) equals
what the API says, for every organisation of every round; and so do the forum priorities."""

import csv
import io
import json
import math
import threading
import urllib.request

import pytest
from werkzeug.serving import make_server


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def fetch(url: str, token: str) -> bytes:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        return response.read()


def by_hand(rows: list[dict], questionnaire: dict, organisation_type: str) -> dict[str, float | None]:
    """SPEC §4 with nothing but the CSV rows of one organisation and the questionnaire document."""
    values = {row["question"]: row["value"] for row in rows}
    result: dict[str, float | None] = {}
    for dimension in questionnaire["dimensions"][:5]:
        applicable = [
            item
            for item in dimension["items"]
            if item["scored"] and (not item["applies_to"] or organisation_type in item["applies_to"])
        ]
        scores = []
        for item in applicable:
            value = values.get(item["id"], "")
            if value in ("1", "2", "3", "4", "5"):
                v = int(value)
                scores.append((5 - v) / 4 * 100 if item["reverse"] else (v - 1) / 4 * 100)
        needed = math.ceil(len(applicable) / 2)
        result[dimension["id"]] = sum(scores) / len(scores) if applicable and len(scores) >= needed else None
    present = [score for score in result.values() if score is not None]
    result["maturity_index"] = sum(present) / len(present) if len(present) >= 3 else None
    return result


def priorities_by_hand(rankings: list[str]) -> dict[str, tuple[int, float, int]]:
    ranked = [ranking.split(">") for ranking in rankings if ranking]
    topics = {topic for places in ranked for topic in places}
    return {
        topic: (
            sum(5 - places.index(topic) for places in ranked if topic in places),
            sum(topic in places[:3] for places in ranked) / len(ranked),
            sum(topic in places for places in ranked),
        )
        for topic in topics
    }


def test_every_score_recomputed_by_hand_from_responses_csv_equals_the_api(runner, live_server):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["create-user", "analys@example.se", "--role", "reviewer"]).exit_code == 0
    token = runner.invoke(args=["create-token", "analys@example.se"]).stdout.strip()
    api = f"{live_server}/api/v1"
    rounds = json.loads(fetch(f"{api}/rounds", token))
    assert [r["slug"] for r in rounds] == ["2023", "2024", "2025"]
    checked = 0
    for round_ in rounds:
        slug = round_["slug"]
        questionnaire = json.loads(fetch(f"{api}/rounds/{slug}/questionnaire", token))
        scores = {row["organisation"]: row for row in json.loads(fetch(f"{api}/rounds/{slug}/scores", token))}
        rows = list(csv.DictReader(io.StringIO(fetch(f"{api}/rounds/{slug}/responses.csv", token).decode("utf-8"))))
        by_organisation: dict[str, list[dict]] = {}
        for row in rows:
            by_organisation.setdefault(row["organisation"], []).append(row)
        assert set(by_organisation) == set(scores)  # submitted responses only, on both sides
        for code, answered in by_organisation.items():
            expected = by_hand(answered, questionnaire, scores[code]["type"])
            said = {**scores[code]["dimensions"], "maturity_index": scores[code]["maturity_index"]}
            for measure, value in expected.items():
                if value is None:
                    assert said[measure] is None, (slug, code, measure)
                else:
                    assert said[measure] == pytest.approx(value, rel=1e-12, abs=1e-12), (slug, code, measure)
            checked += 1
        rankings = [row["value"] for row in rows if row["question"] == "d7_topics"]
        expected_priorities = priorities_by_hand(rankings)
        served = json.loads(fetch(f"{api}/rounds/{slug}/priorities", token))
        assert served == sorted(served, key=lambda topic: (-topic["points"], topic["topic"]))
        for topic in served:
            points, share, n = expected_priorities.get(topic["topic"], (0, 0.0, 0))
            assert (topic["points"], topic["n"]) == (points, n)
            assert topic["top3_share"] == pytest.approx(share)
    assert checked > 150
    some = scores[next(iter(scores))]
    assert any(value is not None for value in some["dimensions"].values())
