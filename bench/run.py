"""`make bench`: every benchmark of issue 6 (and issue 11's mail benchmark) in one run, compared with its goal.

Prints a table and writes bench/results.json (figures, goals, pass/fail, the machine). Runs on SQLite unless
DATABASE_URL names PostgreSQL (the import benchmark then runs on both). Takes several minutes: it builds the national
data set (once, kept in bench/out/) and the 10-million-answer stress set (once), and drives gunicorn with wrk.
"""

import json
import sys
from datetime import UTC, datetime

from bench import http_bench, import_bench, mail_bench, stress_bench
from bench.harness import OUT, PROJECT, machine

RESULTS = PROJECT / "bench" / "results.json"
MB = 1_000_000


def _goal(name: str, value: float | None, goal: str, passed: bool | None, unit: str = "") -> dict:
    return {"figure": name, "value": value, "unit": unit, "goal": goal, "met": passed}


def _ratio(part: dict, whole: dict) -> float:
    return part["rps"] / whole["rps"] if whole["rps"] else 0.0


def main() -> None:
    figures: dict = {}
    import_bench.main()
    figures["import"] = json.loads((OUT / "import.json").read_text())["results"]
    http = http_bench.run(seconds=10)
    figures["http"] = http
    stress = stress_bench.run()
    figures["dashboards_and_stress"] = stress
    mail = mail_bench.main()
    figures["mail"] = mail

    cheapest = http["cheapest_route"]
    page_ratio = _ratio(http["questionnaire_page"], cheapest)
    save = http["draft_save_40_answers"]
    save_ratio = _ratio(save, cheapest)
    weight = http["page_weight"]
    goals = [
        _goal("questionnaire page throughput / cheapest route", round(page_ratio, 3), "≥ 0.25", page_ratio >= 0.25),
        _goal("draft save of 40 answers / cheapest route", round(save_ratio, 3), "≥ 0.12", save_ratio >= 0.12),
        _goal("draft save p99 at 32 connections", save["p99_ms"], "≤ 100 ms", save["p99_ms"] <= 100, "ms"),
        _goal("scores API p50, national scale", http["scores_api"]["p50_ms"], "≤ 50 ms",
              http["scores_api"]["p50_ms"] <= 50, "ms"),
        _goal("dashboard page weight, first load", round(weight["first_load_bytes"] / MB, 3), "≤ 1.6 MB",
              weight["first_load_bytes"] <= 1.6 * MB, "MB"),
        _goal("dashboard page weight, cached", round(weight["cached_bytes"] / 1000, 1), "≤ 150 KB",
              weight["cached_bytes"] <= 150_000, "KB"),
    ]  # fmt: skip
    for database, result in figures["import"].items():
        seconds = result["first_import_s"]
        goals.append(_goal(f"import of 100,000 rows ({database})", seconds, "seconds, not minutes", seconds < 60, "s"))
    national, large = stress["national"]["worst_p50_ms"], stress["stress"]["worst_p50_ms"]
    answers = stress["stress_set"]["answers"]
    goals += [
        _goal("dashboard server time p50, national scale (slowest page)", national, "≤ 150 ms", national <= 150, "ms"),
        _goal(f"dashboard p50 at {answers:,} answers (slowest page)", large, "≤ 150 ms", large <= 150, "ms"),
        _goal(f"full rescore of {answers:,} answers", stress["rescore"]["seconds"], "≤ 30 s",
              stress["rescore"]["seconds"] <= 30, "s"),
    ]  # fmt: skip
    mail_seconds = round(mail["send_invitations_s"] + mail["mail_worker_s"], 2)
    lost_or_doubled = mail["contacts"] - mail["distinct_message_ids"] + mail["doubled"]
    goals += [
        _goal(f"send-invitations + mail-worker, {mail['organisations']} organisations, {mail['contacts']} contacts",
              mail_seconds, "≤ 120 s", mail_seconds <= 120, "s"),
        _goal("invitations lost or doubled (by Message-ID)", lost_or_doubled, "0", mail["every_message_once"]),
    ]  # fmt: skip

    print()
    print(f"{'figure':<52} {'value':>10} {'unit':<4} {'goal':<22} met")
    for goal in goals:
        met = {True: "yes", False: "NO", None: "–"}[goal["met"]]
        value = "–" if goal["value"] is None else goal["value"]
        print(f"{goal['figure']:<52} {value!s:>10} {goal['unit']:<4} {goal['goal']:<22} {met}")
    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "goals": goals,
        "figures": figures,
    }
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten to {RESULTS.relative_to(PROJECT)}")
    sys.exit(0)


if __name__ == "__main__":
    main()
