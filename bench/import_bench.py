"""Benchmark: `import-responses` of 100,000 valid rows, on SQLite (always) and PostgreSQL (when DATABASE_URL
points at one). Prints the figures and writes them to bench/out/import.json.

    .venv/bin/python bench/import_bench.py            # or: make bench
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/import_bench.py

The data: 2,778 synthetic organisations of type `other` (the reference data has only ~360 organisations, fewer
than 100,000 rows need), each answering every question asked of its type with plausible values, in one round.
Timed exactly as the command runs: read the file, check every row, write in bulk, submit (`--submit`), score,
commit. Then the same file again, which must change nothing. PostgreSQL runs in a schema of its own that is
dropped afterwards.
"""

import hashlib
import json
import os
import platform
import random
import re
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from app import create_app  # noqa: E402
from extensions import db  # noqa: E402
from models import Answer, AnswerChange, Base, Organisation, ResponseScore  # noqa: E402
from questionnaire.model import Question  # noqa: E402
from services.csv_format import write_csv  # noqa: E402
from services.import_files import read_path  # noqa: E402
from services.importing import import_table  # noqa: E402
from services.questionnaires import questionnaire_of  # noqa: E402
from services.rounds import create_round  # noqa: E402

ROWS = 100_000
SEED = 2025
OUT = PROJECT / "bench" / "out" / "import.json"


def value_for(question: Question, topics: list[str], rng: random.Random) -> str:
    if question.type == "scale":
        return rng.choice(["1", "2", "3", "3", "4", "5", "na"])
    if question.type == "number":
        return f"{rng.uniform(0, 20):.1f}"
    if question.type == "choice":
        return rng.choice(question.option_ids())
    if question.type == "multichoice":
        options = question.option_ids()
        chosen = [option for option in options if option != "none" and rng.random() < 0.4]
        return "|".join(chosen) or ("none" if "none" in options else options[0])
    if question.type == "ranking":
        return ">".join(rng.sample(topics, k=rng.randint(1, 5)))
    return rng.choice(["Ett gemensamt planeringsunderlag.", "=Formel som text", "Samverkan, med komma", "Nej"])


def rows_for(found_round, organisation_codes: list[str]) -> list[tuple[str, str, str]]:
    questionnaire = questionnaire_of(found_round.questionnaire_version)
    topics = [topic.topic_id for topic in found_round.topics]
    questions = questionnaire.questions_for("other")
    rng = random.Random(SEED)
    rows = []
    for code in organisation_codes:
        for question in questions:
            rows.append((code, question.id, value_for(question, topics, rng)))
            if len(rows) == ROWS:
                return rows
    return rows


def run(database: str, url: str, workdir: Path) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only", "TESTING": True})
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
        found = create_round(db.session, "bench", actor="bench")
        count = -(-ROWS // len(questionnaire_of(found.questionnaire_version).questions_for("other")))
        codes = [f"other-bench-{index:05d}" for index in range(count)]
        db.session.execute(
            insert(Organisation),
            [{"code": code, "name_sv": code, "name_en": code, "type": "other"} for code in codes],
        )
        db.session.commit()
        path = workdir / "bench.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_csv(rows_for(found, codes), handle)

        started = time.perf_counter()
        summary = import_table(db.session, found, read_path(str(path)), submit=True, actor="bench")
        db.session.commit()
        first = time.perf_counter() - started

        started = time.perf_counter()
        again = import_table(db.session, found, read_path(str(path)), submit=True, actor="bench")
        db.session.commit()
        second = time.perf_counter() - started

        stored = db.session.scalar(select(func.count()).select_from(Answer))
        history = db.session.scalar(select(func.count()).select_from(AnswerChange))
        scored = db.session.scalar(select(func.count()).select_from(ResponseScore))
        assert summary.added == ROWS and stored == ROWS and history == ROWS, (summary, stored, history)
        assert again.changes == 0 and scored == len(codes)
        db.session.remove()
        Base.metadata.drop_all(db.engine)
        db.engine.dispose()
    return {
        "database": database,
        "rows": ROWS,
        "organisations": len(codes),
        "file_mb": round(path.stat().st_size / 1_000_000, 2),
        "first_import_s": round(first, 2),
        "rows_per_s": round(ROWS / first),
        "same_file_again_s": round(second, 2),
    }


def postgres_schema_url(url: str) -> tuple[str, str, str]:
    url = re.sub(r"^postgres(ql)?(\+psycopg)?://", "postgresql+psycopg://", url)
    schema = "bench_import_" + hashlib.sha256(str(PROJECT).encode()).hexdigest()[:8]
    separator = "&" if "?" in url else "?"
    return url, f"{url}{separator}options=-csearch_path%3D{schema}", schema


def main() -> None:
    results = []
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        results.append(run("sqlite", f"sqlite:///{workdir / 'bench.sqlite'}", workdir))
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
            base, schema_url, schema = postgres_schema_url(url)
            admin = create_engine(base)
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                results.append(run("postgresql", schema_url, workdir))
            finally:
                with admin.begin() as connection:
                    connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                admin.dispose()
    for result in results:
        print(
            f"{result['database']:>10}: {result['rows']:,} rows ({result['organisations']:,} organisations, "
            f"{result['file_mb']} MB) imported and submitted in {result['first_import_s']} s "
            f"({result['rows_per_s']:,} rows/s); the same file again in {result['same_file_again_s']} s"
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(OUT.read_text()) if OUT.exists() else {}
    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "results": {**previous.get("results", {}), **{r["database"]: r for r in results}},
    }
    OUT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {OUT.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
