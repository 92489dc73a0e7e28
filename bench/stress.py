"""A synthetic stress data set of about 10 million answers, built once into a database and reused.

    .venv/bin/python bench/stress.py [--rebuild]            # SQLite: bench/out/stress.sqlite
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/stress.py

What it makes (seed 2025, always the same):

- the national demo data (`seed-demo --scale national`): the 347 real organisations of the reference data, rounds
  2016–2025 (2025 open), the demo users, about 113,000 answers;
- 26,700 synthetic organisations, 88 % municipalities (`kommun-stress-000001` …), 8 % other organisations with a
  county (`other-stress-…`, think of kommunalförbund) and 4 % national agencies without one (`agency-stress-…`). No
  real code has `-stress-` in it, so they cannot clash. They are spread over the 21 real counties in proportion to
  each county's municipalities. They are never regions or county boards: a county has exactly one of each, and the
  counterparts page pairs them;
- in every round 82 % of them (rising two points a year) answer; all of those submit, except a twentieth of them in
  the open round 2025, who have drafts;
- every question that applies to the organisation's type, with values drawn as `services/demo.py` draws them (the
  organisation's level from its type and county, the partner offsets, `na` one time in 25, targets mostly a step
  above today, FTE, funding, GIS access, tools, barriers, a ranking of three to five topics, now and then a text),
  vectorised with numpy so that it takes seconds rather than minutes;
- then `flask rescore` for every round: the stored scores and the pre-aggregated tables.

In all: 27,047 organisations, 244,279 responses (242,912 submitted, about 24,000 a round) and 10,003,278 answers
(about a million a round), a 1.2 GB SQLite file.

No `answer_changes` rows are written for the synthetic answers (nothing the dashboards or the rescore read).
Building takes about 80 s on SQLite on the 2-core development machine (`bench/out/stress.json` has the figures).
SQLite goes to bench/out/stress.sqlite (built under another name and renamed when complete, so a broken build is
never reused); PostgreSQL to a schema of its own, `bench_stress_<checkout>` (built as `…_building` and renamed when
complete; drop it to get the space back).
"""

import argparse
import hashlib
import os
import re
import sqlite3
import sys
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, func, insert, select, text

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "bench" / "out"
sys.path.insert(0, str(PROJECT))

from app import create_app  # noqa: E402
from bench.stress_values import answer_values  # noqa: E402
from extensions import db  # noqa: E402
from models import Answer, Base, Organisation, Response, Round  # noqa: E402
from services import demo  # noqa: E402
from services.questionnaires import questionnaire_of  # noqa: E402
from services.stored_tables import rescore_rounds  # noqa: E402
from vocabulary.organisation_types import organisation_type  # noqa: E402

SEED = 2025
SYNTHETIC = 26_700
#: Synthetic organisation types and their shares; agencies have no county.
TYPE_SHARES = {"kommun": 0.88, "other": 0.08, "agency": 0.04}
PARTICIPATION = 0.82
PARTICIPATION_GROWTH = 0.02
DRAFT_SHARE_OPEN_ROUND = 0.05
CHECKOUT = hashlib.sha256(str(PROJECT).encode()).hexdigest()[:8]
SQLITE_PATH = OUT / "stress.sqlite"
#: Answers written per statement (executemany on SQLite, one COPY per chunk on PostgreSQL).
CHUNK = 200_000


def postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://"))


def sqlalchemy_url(url: str) -> str:
    return re.sub(r"^postgres(ql)?(\+psycopg)?://", "postgresql+psycopg://", url)


def schema_url(url: str, schema: str) -> str:
    url = sqlalchemy_url(url)
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def stress_database(rebuild: bool = False, database_url: str | None = None) -> tuple[str, dict | None]:
    """The URL of the stress database (built first when missing or when `rebuild`), and the build's figures
    (None when an existing database was reused). PostgreSQL when `database_url` (default: $DATABASE_URL) names one."""
    database_url = database_url if database_url is not None else os.environ.get("DATABASE_URL", "")
    if postgres(database_url):
        return _postgres_database(database_url, rebuild)
    url = f"sqlite:///{SQLITE_PATH}"
    if SQLITE_PATH.exists() and not rebuild:
        return url, None
    OUT.mkdir(parents=True, exist_ok=True)
    building = SQLITE_PATH.with_name("stress-building.sqlite")
    _remove_sqlite(building)
    figures = build(f"sqlite:///{building}")
    # Everything into the main file, then the old database and its write-ahead log out of the way: a stale
    # stress.sqlite-wal beside the new file would be replayed into it.
    with closing(sqlite3.connect(building)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _remove_sqlite(SQLITE_PATH)
    Path(f"{building}-wal").unlink(missing_ok=True)
    Path(f"{building}-shm").unlink(missing_ok=True)
    building.rename(SQLITE_PATH)
    return url, figures


def _remove_sqlite(path: Path) -> None:
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        part.unlink(missing_ok=True)


def _postgres_database(database_url: str, rebuild: bool) -> tuple[str, dict | None]:
    schema = f"bench_stress_{CHECKOUT}"
    admin = create_engine(sqlalchemy_url(database_url))
    with admin.begin() as connection:
        present = connection.scalar(
            text("SELECT count(*) FROM information_schema.schemata WHERE schema_name = :name"), {"name": schema}
        )
        if present and not rebuild:
            admin.dispose()
            return schema_url(database_url, schema), None
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}_building" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}_building"'))
    figures = build(schema_url(database_url, f"{schema}_building"))
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'ALTER SCHEMA "{schema}_building" RENAME TO "{schema}"'))
    admin.dispose()
    return schema_url(database_url, schema), figures


def describe(url: str) -> dict:
    """How big an existing stress database is: organisations, rounds, responses, answers."""
    engine = create_engine(sqlalchemy_url(url))
    with engine.connect() as connection:
        counts = {
            table: connection.scalar(text(f"SELECT count(*) FROM {table}"))
            for table in ("organisations", "rounds", "responses", "answers")
        }
        counts["submitted_responses"] = connection.scalar(
            text("SELECT count(*) FROM responses WHERE status = 'submitted'")
        )
    engine.dispose()
    if not postgres(url):
        counts["sqlite_bytes"] = SQLITE_PATH.stat().st_size
    return counts


def build(url: str, seed: int = SEED) -> dict:
    """Fill the empty database at `url`; returns counts and timings."""
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(url), "SECRET_KEY": "bench-only", "RATELIMIT_ENABLED": False}
    )
    timings = {}
    start = time.perf_counter()
    result = app.test_cli_runner().invoke(args=["init-db"])
    if result.exit_code != 0:
        raise SystemExit(f"init-db failed: {result.output}")
    with app.app_context():
        session = db.session
        if postgres(url):
            session.execute(text("SET synchronous_commit TO off"))
        demo.seed_demo(session, seed=seed, scale=demo.DemoScale.NATIONAL)
        session.commit()
        timings["national_demo_s"] = round(time.perf_counter() - start, 1)
        mark = time.perf_counter()
        organisations = _synthetic_organisations(session, seed)
        rounds = list(session.scalars(select(Round).order_by(Round.slug)))
        for years_in, found in enumerate(rounds):
            _synthetic_round(session, found, organisations, seed, years_in, last=found is rounds[-1])
            session.commit()
            print(f"  round {found.slug}: answers written ({time.perf_counter() - mark:.0f} s)", flush=True)
        timings["synthetic_answers_s"] = round(time.perf_counter() - mark, 1)
        mark = time.perf_counter()
        rescore_rounds(session, rounds)
        session.commit()
        timings["rescore_s"] = round(time.perf_counter() - mark, 1)
        counts = {
            "organisations": session.scalar(select(func.count()).select_from(Organisation)),
            "synthetic_organisations": len(organisations["code"]),
            "rounds": len(rounds),
            "responses": session.scalar(select(func.count()).select_from(Response)),
            "submitted_responses": session.scalar(
                select(func.count()).select_from(Response).where(Response.status == "submitted")
            ),
            "answers": session.scalar(select(func.count()).select_from(Answer)),
        }
        if postgres(url):
            analyse(session)
        session.remove()
        db.engine.dispose()
    timings["total_s"] = round(time.perf_counter() - start, 1)
    return {**counts, "build": timings, "seed": seed}


def analyse(session) -> None:
    """PostgreSQL: fresh planner statistics for this schema's tables (a production database has them; right after a
    bulk load the planner would take 24,000 municipalities for a dozen)."""
    session.commit()
    for table in Base.metadata.sorted_tables:
        session.execute(text(f'ANALYZE "{table.name}"'))
    session.commit()


def _synthetic_organisations(session, seed: int) -> dict:
    """Insert the synthetic organisations; returns their columns as arrays (code, id, type, county, traits)."""
    rng = np.random.default_rng([seed, 0])
    municipalities = dict(
        session.execute(
            select(Organisation.county_code, func.count())
            .where(Organisation.type == "kommun")
            .group_by(Organisation.county_code)
        ).all()
    )
    counties = sorted(municipalities)
    weights = np.array([municipalities[c] for c in counties], dtype=float)
    types = rng.choice(list(TYPE_SHARES), size=SYNTHETIC, p=list(TYPE_SHARES.values()))
    county = rng.choice(counties, size=SYNTHETIC, p=weights / weights.sum()).astype(object)
    county[types == "agency"] = None
    numbers = np.zeros(SYNTHETIC, dtype=int)
    for kind in TYPE_SHARES:
        chosen = types == kind
        numbers[chosen] = np.arange(1, chosen.sum() + 1)
    codes = [f"{kind}-stress-{n:06d}" for kind, n in zip(types, numbers, strict=True)]
    names = {"kommun": ("Syntetisk kommun", "Synthetic municipality"), "other": ("Syntetisk organisation",
             "Synthetic organisation"), "agency": ("Syntetisk myndighet", "Synthetic agency")}  # fmt: skip
    first = (session.scalar(select(func.max(Organisation.id))) or 0) + 1
    ids = np.arange(first, first + SYNTHETIC)
    session.execute(
        insert(Organisation),
        [
            {
                "id": int(identity),
                "code": code,
                "name_sv": f"{names[kind][0]} {n:06d}",
                "name_en": f"{names[kind][1]} {n:06d}",
                "type": kind,
                "county_code": where,
            }
            for identity, code, kind, n, where in zip(ids, codes, types, numbers, county, strict=True)
        ],
    )
    _reset_sequence(session, "organisations")
    # Lasting traits, as services/demo.py::_profile draws them for a municipality that is not a county seat.
    level = np.array([organisation_type(t).demo_level for t in types]) + rng.normal(0, 0.45, SYNTHETIC)
    metropolitan = np.isin(county, list(demo.METROPOLITAN))
    north = np.isin(county, list(demo.NORTH))
    level += np.where(metropolitan, 0.5, 0.0) - np.where(north, 0.15, 0.0)
    kommun = types == "kommun"
    staff = np.where(kommun, rng.uniform(0.2, 2, SYNTHETIC), rng.uniform(2, 9, SYNTHETIC))
    gis = np.where(
        kommun,
        np.where(north, rng.uniform(0, 0.5, SYNTHETIC), rng.uniform(0.2, 2, SYNTHETIC)),
        np.where(north, rng.uniform(0.5, 1.5, SYNTHETIC), rng.uniform(1, 4, SYNTHETIC)),
    )
    popular = ["digital-planning", "long-term-funding", "functional-geographies", "accessibility", "gis-competence"]
    # In the north rural development and GIS competence come first, as in services/demo.py.
    northern = ["rural-development", "gis-competence", *(t for t in popular if t != "gis-competence")]
    others = ["national-level", "regional-collaboration", "rural-development", "cross-border", "europe",
              "project-bank", "common-vocabulary"]  # fmt: skip
    tastes = []
    for is_north in north:
        first_three = rng.permutation(northern if is_north else popular)[:3]
        rest = [t for t in rng.permutation(others) if t not in first_three][:3]
        tastes.append([*first_three, *rest])
    return {
        "code": codes, "id": ids, "type": types, "county": county, "level": level, "staff": staff, "gis": gis,
        "taste": tastes,
    }  # fmt: skip


def _reset_sequence(session, table: str) -> None:
    """PostgreSQL: move the id sequence past the ids written explicitly (SQLite needs nothing)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))


def _synthetic_round(session, found: Round, organisations: dict, seed: int, years_in: int, last: bool) -> None:
    rng = np.random.default_rng([seed, 1, years_in])
    questionnaire = questionnaire_of(found.questionnaire_version)
    topics = {topic.topic_id for topic in found.topics}
    answering = rng.random(SYNTHETIC) < min(0.97, PARTICIPATION + PARTICIPATION_GROWTH * years_in)
    draft = answering & (rng.random(SYNTHETIC) < DRAFT_SHARE_OPEN_ROUND) if last else np.zeros(SYNTHETIC, bool)
    year = int(found.slug)
    first = (session.scalar(select(func.max(Response.id))) or 0) + 1
    rows = np.flatnonzero(answering)
    response_ids = np.arange(first, first + len(rows))
    submitted_at = datetime(year, 9, 1, 8, tzinfo=UTC) + timedelta(hours=24)
    session.execute(
        insert(Response),
        [
            {
                "id": int(response_id),
                "organisation_id": int(organisations["id"][row]),
                "round_id": found.id,
                "status": "draft" if draft[row] else "submitted",
                "version": 2,
                "created_at": submitted_at - timedelta(days=3),
                "updated_at": submitted_at,
                "submitted_at": None if draft[row] else submitted_at,
                "submitted_by": None if draft[row] else demo.ACTOR,
            }
            for response_id, row in zip(response_ids, rows, strict=True)
        ],
    )
    _reset_sequence(session, "responses")
    level = organisations["level"][rows] + 0.08 * years_in
    for kind in TYPE_SHARES:
        of_type = organisations["type"][rows] == kind
        if not of_type.any():
            continue
        picked = rows[of_type]
        values = answer_values(questionnaire, kind, organisations, picked, level[of_type], topics, rng)
        _write_answers(session, response_ids[of_type], values, submitted_at)


def _write_answers(session, response_ids: np.ndarray, values: dict, updated_at: datetime) -> None:
    """All answers of these responses, in chunks: Core executemany on SQLite, COPY on PostgreSQL."""
    rows = []
    for question_id, column in values.items():
        answered = np.flatnonzero(np.not_equal(column, None))
        ids = response_ids[answered].tolist()
        rows.extend(zip(ids, [question_id] * len(ids), column[answered].tolist(), strict=True))
    rows.sort()
    if session.get_bind().dialect.name == "postgresql":
        cursor = session.connection().connection.driver_connection.cursor()
        for start in range(0, len(rows), CHUNK):
            with cursor.copy("COPY answers (response_id, question_id, value, updated_at) FROM STDIN") as copy:
                for response_id, question_id, value in rows[start : start + CHUNK]:
                    copy.write_row((response_id, question_id, value, updated_at))
        return
    table = Answer.__table__
    for start in range(0, len(rows), CHUNK):
        session.execute(
            insert(table),
            [
                {"response_id": r, "question_id": q, "value": v, "updated_at": updated_at}
                for r, q, v in rows[start : start + CHUNK]
            ],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build again even if the database exists")
    args = parser.parse_args()
    url, figures = stress_database(args.rebuild)
    if figures is None:
        print(f"reused {url} (delete it or pass --rebuild to build again)")
    else:
        print(f"built {url}: {figures}")


if __name__ == "__main__":
    main()
