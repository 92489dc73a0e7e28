"""The pre-aggregated tables stay exactly what the raw answers say, through any sequence of submits, reopenings,
draft edits, imports and rescores; drifted or missing tables are rebuilt; a rescore of every round (in worker
processes) writes what the incremental updates wrote.

The expected counts are recomputed here from the raw answers with plain Python (the rules of reports/tallies.py
written out again), and the expected group statistics with pandas over the scoring's own scores."""

import random
import statistics
from collections import Counter

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from extensions import db
from models import AmbitionGapTally, Answer, AnswerTally, GroupStatistic, Organisation, Response, ResponseScore
from reports import scoring
from services.import_files import read_table
from services.importing import import_table
from services.questionnaires import questionnaire_of
from services.responses import find_response, get_or_create_response, reopen, save_answers, submit
from services.rounds import get_round, topic_ids
from services.stored_tables import refresh_responses, refresh_round_scores, refresh_stale_rounds
from tests.dashboard_setup import build_rounds
from tests.factories import organisation

#: Organisations of every type, in two counties, and two without a county.
CODES = [
    "region-25", "lst-25", "kommun-2580", "kommun-2584", "region-01", "kommun-0180", "agency-boverket", "other-skr",
]  # fmt: skip
MEASURES = [*scoring.SCORE_COLUMNS, "d3_staff_fte", "d4_gis_fte"]
STATISTICS = ["n", "mean", "median", "minimum", "maximum", "q1", "q3"]


def random_values(questionnaire, organisation_type: str, topics: list[str], rng: random.Random) -> dict[str, str]:
    """Answers to a random part of what the type is asked, with `na`, empty choices and partial rankings."""
    values = {}
    for question in questionnaire.questions_for(organisation_type):
        if rng.random() < 0.15:
            continue
        if question.type == "scale":
            values[question.id] = rng.choice(["1", "2", "3", "4", "5", "na"])
        elif question.type == "number":
            values[question.id] = str(rng.choice([0, 0.5, 1, 2.5, 4, 12]))
        elif question.type == "choice":
            values[question.id] = rng.choice(question.option_ids())
        elif question.type == "multichoice":
            options = [o for o in question.option_ids() if o != "none"]
            chosen = [o for o in options if rng.random() < 0.4]
            if chosen:
                values[question.id] = "|".join(chosen)
        elif question.type == "ranking":
            values[question.id] = ">".join(rng.sample(topics, rng.randint(1, 5)))
        elif question.type == "text" and rng.random() < 0.3:
            values[question.id] = "Ett exempel"
    return values


def submit_new(found, code: str, rng: random.Random) -> None:
    """A draft written through the web service and submitted (nothing happens to an already submitted one)."""
    response = get_or_create_response(db.session, organisation(code), found)
    if response.is_submitted:
        return
    questionnaire = questionnaire_of(found.questionnaire_version)
    values = random_values(questionnaire, response.organisation.type, topic_ids(found), rng)
    cleared = {key: None for key in (a.question_id for a in response.answers) if key not in values}
    save_answers(
        db.session, response, values | cleared, questionnaire, actor="t", source="web", topic_ids=topic_ids(found)
    )
    submit(db.session, response, actor="t")


def reopen_one(found, code: str) -> None:
    response = find_response(db.session, organisation(code), found)
    if response is not None and response.is_submitted:
        reopen(db.session, response, actor="admin")


def edit_draft(found, code: str, rng: random.Random) -> None:
    response = get_or_create_response(db.session, organisation(code), found)
    if response.is_submitted:
        return
    questionnaire = questionnaire_of(found.questionnaire_version)
    values = random_values(questionnaire, response.organisation.type, topic_ids(found), rng)
    save_answers(db.session, response, values, questionnaire, actor="t", source="web", topic_ids=topic_ids(found))


def import_some(found, codes: list[str], rng: random.Random, submit_them: bool) -> None:
    """Rows for the organisations not yet submitted (a change to a submitted one is refused), imported at once."""
    questionnaire = questionnaire_of(found.questionnaire_version)
    lines = ["organisation,question,value"]
    for code in codes:
        response = find_response(db.session, organisation(code), found)
        if response is not None and response.is_submitted:
            continue
        for question, value in random_values(questionnaire, code.split("-")[0], topic_ids(found), rng).items():
            lines.append(f'{code},{question},"{value}"')
    if len(lines) > 1:
        table = read_table(("\n".join(lines) + "\n").encode(), "import.csv")
        import_table(db.session, found, table, submit=submit_them, actor="import")


def submitted_answers(found) -> pd.DataFrame:
    """The raw answers of the round's submitted responses with their organisation's type and county."""
    rows = db.session.execute(
        select(Response.id, Organisation.type, Organisation.county_code, Answer.question_id, Answer.value)
        .join(Response, Response.id == Answer.response_id)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(Response.round_id == found.id, Response.status == "submitted")
    ).all()
    return pd.DataFrame(rows, columns=["response", "type", "county", "question", "value"], dtype=object)


def expected_tallies(found) -> tuple[Counter, Counter]:
    questionnaire = questionnaire_of(found.questionnaire_version)
    tallies, gaps = Counter(), Counter()
    steps: dict[tuple, dict[str, str]] = {}
    for _, kind_of, county, question_id, value in submitted_answers(found).itertuples(index=False):
        cell = (kind_of, county or "")
        kind = questionnaire.question(question_id).type
        parts = []
        if kind in ("scale", "choice"):
            parts = [value]
        elif kind == "multichoice":
            parts = value.split("|")
        elif kind == "ranking":
            ranked = []
            for topic in value.split(">"):
                if topic and topic not in ranked:
                    ranked.append(topic)
            parts = [f"{rank}:{topic}" for rank, topic in enumerate(ranked[:5], start=1)]
            if not parts:
                continue
        else:
            continue
        tallies[(*cell, question_id, "")] += 1
        for part in parts:
            tallies[(*cell, question_id, part)] += 1
    for response, kind_of, county, question_id, value in submitted_answers(found).itertuples(index=False):
        steps.setdefault((response, kind_of, county or ""), {})[question_id] = value
    partners = [p for s in questionnaire.sections for p in s.partners]
    for (_, kind_of, county), given_values in steps.items():
        for partner in partners:
            today, target = given_values.get(partner.today.id), given_values.get(partner.target.id)
            if today in list("12345") and target in list("12345"):
                gaps[(kind_of, county, partner.id, int(today), int(target))] += 1
    return tallies, gaps


def expected_statistics(found) -> dict[tuple, dict]:
    """n, mean, median, min, max and quartiles of every group, from the scoring's scores of the raw answers."""
    answers = submitted_answers(found)
    responses = db.session.execute(
        select(Response.id, Organisation.type, Organisation.county_code)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(Response.round_id == found.id, Response.status == "submitted")
    ).all()
    who = pd.DataFrame(responses, columns=["organisation", "type", "county"], dtype=object)
    scores = scoring.dimension_scores(
        answers.rename(columns={"response": "organisation"}), who, questionnaire_of(found.questionnaire_version)
    )
    numbers = answers[answers["question"].isin(["d3_staff_fte", "d4_gis_fte"])]
    numbers = numbers.assign(number=pd.to_numeric(numbers["value"])).pivot_table(
        index="response", columns="question", values="number", aggfunc="first"
    )
    values = who.set_index("organisation").join(scores).join(numbers)
    expected = {}
    types = [*sorted(set(values["type"])), "*"]
    counties = [*sorted({c for c in values["county"] if c}), "*"]
    for kind in types:
        for county in counties:
            members = values
            if kind != "*":
                members = members[members["type"] == kind]
            if county != "*":
                members = members[members["county"] == county]
            if members.empty:
                continue
            expected[(kind, county, "responses")] = {"n": len(members)}
            for measure in MEASURES:
                column = members[measure].dropna() if measure in members else pd.Series(dtype=float)
                figures = {"n": len(column)}
                if len(column):
                    figures |= {
                        "mean": statistics.fmean(column),
                        "median": statistics.median(column),
                        "minimum": column.min(),
                        "maximum": column.max(),
                        "q1": column.quantile(0.25),
                        "q3": column.quantile(0.75),
                    }
                expected[(kind, county, measure)] = figures
    return expected


def assert_consistent(found) -> None:
    tallies, gaps = expected_tallies(found)
    stored = db.session.execute(
        select(
            AnswerTally.organisation_type,
            AnswerTally.county_code,
            AnswerTally.question_id,
            AnswerTally.value,
            AnswerTally.responses,
        ).where(AnswerTally.round_id == found.id)
    ).all()
    assert {tuple(row[:4]): row[4] for row in stored} == dict(tallies)
    stored_gaps = db.session.execute(
        select(
            AmbitionGapTally.organisation_type,
            AmbitionGapTally.county_code,
            AmbitionGapTally.partner_id,
            AmbitionGapTally.today,
            AmbitionGapTally.target,
            AmbitionGapTally.responses,
        ).where(AmbitionGapTally.round_id == found.id)
    ).all()
    assert {tuple(row[:5]): row[5] for row in stored_gaps} == dict(gaps)
    rows = db.session.scalars(select(GroupStatistic).where(GroupStatistic.round_id == found.id)).all()
    expected = expected_statistics(found)
    kept = {
        (row.organisation_type, row.county_code, row.measure): row
        for row in rows
        if row.measure in ("responses", *scoring.SCORE_COLUMNS) or row.n > 0
    }
    always = ("responses", *scoring.SCORE_COLUMNS)
    wanted = {key for key, figures in expected.items() if key[2] in always or figures["n"]}
    assert set(kept) == wanted
    for key in wanted:
        for name, value in expected[key].items():
            assert getattr(kept[key], name) == pytest.approx(value), (key, name)
    submitted = db.session.scalars(
        select(Response.id).where(Response.round_id == found.id, Response.status == "submitted")
    ).all()
    scored = db.session.scalars(select(ResponseScore.response_id).where(ResponseScore.round_id == found.id)).all()
    assert sorted(scored) == sorted(submitted)


def reset(found) -> None:
    for model in (AnswerTally, AmbitionGapTally, GroupStatistic):
        db.session.execute(delete(model))
    db.session.execute(delete(ResponseScore))
    db.session.execute(delete(Response).where(Response.round_id == found.id))
    db.session.commit()


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["submit", "submit", "reopen", "edit", "import", "import_submit", "rescore"]),
        st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS, seed=st.integers(0, 10_000))
def test_the_tables_equal_the_raw_answers_after_any_sequence_of_changes(app, open_round, operations, seed):
    rng = random.Random(seed)
    with app.app_context():
        found = get_round(db.session, "2025")
        reset(found)
        for operation, codes in operations:
            if operation == "submit":
                for code in codes:
                    submit_new(found, code, rng)
            elif operation == "reopen":
                for code in codes:
                    reopen_one(found, code)
            elif operation == "edit":
                for code in codes:
                    edit_draft(found, code, rng)
            elif operation in ("import", "import_submit"):
                import_some(found, codes, rng, submit_them=operation == "import_submit")
            else:
                refresh_round_scores(db.session, found)
            db.session.commit()
            assert_consistent(found)


def snapshot() -> dict[str, set]:
    return {
        "tallies": set(db.session.execute(select(AnswerTally.__table__)).all()),
        "gaps": set(db.session.execute(select(AmbitionGapTally.__table__)).all()),
        "statistics": {
            tuple(round(v, 9) if isinstance(v, float) else v for v in row)
            for row in db.session.execute(select(GroupStatistic.__table__)).all()
        },
        "scores": {
            tuple(round(v, 9) if isinstance(v, float) else v for v in row[:-1])
            for row in db.session.execute(select(ResponseScore.__table__)).all()
        },
    }


def test_a_rescore_of_every_round_writes_what_the_submits_wrote(app, runner, open_round):
    build_rounds(app)
    with app.app_context():
        before = snapshot()
        for slug in ("2024", "2025", "2026"):
            assert_consistent(get_round(db.session, slug))
    result = runner.invoke(args=["rescore"])
    assert result.exit_code == 0, result.output
    assert "2025: poäng beräknade för 7 svar" in result.output
    with app.app_context():
        after = snapshot()
    assert after == before
    assert len(after["tallies"]) > 100 and len(after["statistics"]) > 50


def test_refreshing_counted_responses_with_and_without_a_county_keeps_the_tables(app, open_round):
    """Responses already counted are refreshed together, an agency (no county) among municipalities: the tables
    stay what the answers say and equal a rebuild of the round."""
    build_rounds(app)
    with app.app_context():
        found = get_round(db.session, "2025")
        submit_new(found, "agency-boverket", random.Random(7))
        db.session.commit()
        codes = ["agency-boverket", "kommun-2580", "kommun-0180"]
        ids = [find_response(db.session, organisation(code), found).id for code in codes]
        assert refresh_responses(db.session, found, ids) == 3
        db.session.commit()
        assert_consistent(found)
        refreshed = snapshot()
        refresh_round_scores(db.session, found)
        db.session.commit()
        assert snapshot() == refreshed


def test_drifted_tallies_are_rebuilt_when_a_response_leaves_them(app, open_round):
    build_rounds(app)
    with app.app_context():
        found = get_round(db.session, "2025")
        # A database changed by hand: Norrbotten's municipalities are no longer counted.
        db.session.execute(
            delete(AnswerTally).where(AnswerTally.organisation_type == "kommun", AnswerTally.county_code == "25")
        )
        db.session.commit()
        reopen(db.session, find_response(db.session, organisation("kommun-2580"), found), actor="admin")
        db.session.commit()
        assert_consistent(found)


def test_init_db_rebuilds_missing_aggregates(app, runner, open_round):
    build_rounds(app)
    with app.app_context():
        before = snapshot()
        # After the upgrade that adds the tables, or a database changed by hand.
        db.session.execute(delete(GroupStatistic).where(GroupStatistic.round_id == get_round(db.session, "2024").id))
        db.session.execute(delete(AnswerTally).where(AnswerTally.round_id == get_round(db.session, "2026").id))
        db.session.commit()
        assert refresh_stale_rounds(db.session) == ["2024", "2026"]
        db.session.commit()
        assert snapshot() == before
        assert refresh_stale_rounds(db.session) == []
