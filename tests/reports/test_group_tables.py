"""The dashboards' group figures from the pre-aggregated tables are the figures the per-organisation computation
gives (tests/reference/group_tables.py on every submitted organisation's scores and answers), for every kind of
selection, on the demo data."""

import pandas as pd
import pytest

from extensions import db
from reports import group_tables, groups, scoring
from services import dashboard_data
from services.dashboard_data import NOT_STARTED
from services.rounds import get_round
from tests.reference import group_tables as reference

SELECTIONS = [(None, None), ("kommun", None), ("region", None), ("agency", None), (None, "25"), ("kommun", "01")]
MEASURES = [*scoring.SCORE_COLUMNS]


@pytest.fixture
def demo(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


def select(frame: pd.DataFrame, type_: str | None, county: str | None) -> pd.DataFrame:
    if type_:
        frame = frame[frame["type"] == type_]
    if county:
        frame = frame[frame["county"] == county]
    return frame


def assert_same(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    """Same columns, rows and numbers (floats to the last few bits: pandas sums a group's values in another order
    when it computes one group than when it computes several)."""
    ours, theirs = ours.reset_index(drop=True), theirs.reset_index(drop=True)
    assert list(ours.columns) == list(theirs.columns)
    assert len(ours) == len(theirs)
    for column in ours.columns:
        if pd.api.types.is_float_dtype(theirs[column]) or pd.api.types.is_float_dtype(ours[column]):
            assert list(ours[column].astype(float)) == pytest.approx(list(theirs[column].astype(float)), nan_ok=True)
        else:
            assert list(ours[column]) == list(theirs[column]), column


def test_group_statistics_are_the_statistics_of_the_selections_organisations(app, demo):
    with app.app_context():
        for slug in ("2024", "2025"):
            found = get_round(db.session, slug)
            scores = dashboard_data.round_scores(db.session, found)
            for type_, county in SELECTIONS:
                chosen = select(scores, type_, county)
                assert dashboard_data.selection_size(db.session, found, type_=type_, county=county) == len(chosen)
                for by in (None, "type", "county"):
                    values = chosen.dropna(subset=["county"]) if by == "county" else chosen
                    ours = dashboard_data.group_statistics(
                        db.session, found, MEASURES, type_=type_, county=county, by=by, min_n=3
                    )
                    assert_same(ours, groups.describe(values, MEASURES, by=by, min_n=3))


def test_number_answers_trends_and_participation(app, demo):
    with app.app_context():
        found = get_round(db.session, "2025")
        scores = dashboard_data.round_scores(db.session, found)
        answers = dashboard_data.round_answers(db.session, found, ["d3_staff_fte", "d4_gis_fte"])
        every = dashboard_data.rounds(db.session)
        trend = dashboard_data.trend_scores(db.session, every)
        participation = dashboard_data.round_participation(db.session, found)
        for type_, county in SELECTIONS:
            chosen = select(scores, type_, county)
            for question, by in (("d3_staff_fte", "type"), ("d4_gis_fte", "county")):
                values = reference.numeric_answers(answers, chosen, question)
                values = values.dropna(subset=["county"]) if by == "county" else values
                theirs = groups.describe(values, ["value"], by=by).assign(measure=question)
                ours = dashboard_data.group_statistics(db.session, found, [question], type_=type_, county=county, by=by)
                assert_same(ours, theirs)
            min_n = {"2023": None, "2024": 3, "2025": None}
            ours = dashboard_data.trend_statistics(db.session, every, MEASURES, min_n, type_=type_, county=county)
            assert_same(ours, reference.trend_statistics(select(trend, type_, county), MEASURES, min_n))
            sizes = dashboard_data.trend_sizes(db.session, every, type_=type_, county=county)
            theirs = select(trend, type_, county).groupby(["round", "type"]).size().rename("value").reset_index()
            assert_same(sizes, theirs)
            counts = dashboard_data.participation_counts(db.session, found, type_=type_, county=county)
            theirs = select(participation, type_, county).groupby(["type", "county", "status"], dropna=False).size()
            assert counts.set_index(["type", "county", "status"])["count"].sort_index().to_dict() == (
                theirs.sort_index().to_dict()
            )
            assert set(counts["status"]) <= {"submitted", "draft", NOT_STARTED}


def test_tallied_charts_are_the_charts_of_the_raw_answers(app, demo):
    with app.app_context():
        found = get_round(db.session, "2025")
        questionnaire = dashboard_data.questionnaire(found)
        scores = dashboard_data.round_scores(db.session, found)
        answers = dashboard_data.round_answers(db.session, found)
        partners = [p for s in questionnaire.sections for p in s.partners]
        topics = [t.topic_id for t in found.topics]
        for type_, county in SELECTIONS:
            chosen = select(scores, type_, county)
            raw = answers[answers["organisation"].isin(chosen["organisation"])]
            tallied = dashboard_data.answer_tallies(
                db.session, [found], list(set(answers["question"])), type_=type_, county=county, by="type"
            )
            assert_same(
                group_tables.step_distribution(tallied, questionnaire, 3),
                reference.step_distribution(raw, questionnaire, 3),
            )
            gaps = dashboard_data.gap_tallies(db.session, found, type_=type_, county=county)
            assert_same(
                group_tables.gap_summary(gaps, [p.id for p in partners]),
                reference.gap_summary(scoring.ambition_gaps(raw, questionnaire), [p.id for p in partners]),
            )
            for question in ("d3_funding_horizon", "d4_gis_access", "d4_tools", "d6_barriers", "d7_formats"):
                options = list(questionnaire.question(question).option_ids())
                assert_same(
                    group_tables.option_shares(tallied, question, options, "type", 3),
                    reference.option_shares(raw, chosen, question, options, "type", 3),
                )
            rankings = tallied[tallied["question"] == "d7_topics"]
            raw_rankings = raw[raw["question"] == "d7_topics"]
            points = group_tables.priority_points(rankings, topics)
            assert_same(points, scoring.priority_points(raw_rankings, topics))
            assert points.attrs["responses"] == len(raw_rankings)
            assert_same(
                group_tables.priority_by_group(rankings, topics, "type", 3),
                reference.priority_by_group(raw_rankings, chosen, topics, "type", 3),
            )
            today = {p.today.id for p in partners}
            steps = raw[raw["question"].isin(today)].assign(step=lambda t: pd.to_numeric(t["value"], errors="coerce"))
            steps = steps.dropna(subset=["step"]).groupby("question")["step"]
            theirs = pd.DataFrame({"n": steps.size(), "mean": steps.mean()}).reset_index()
            assert_same(group_tables.mean_steps(tallied[tallied["question"].isin(today)], ["question"]), theirs)


def test_the_api_priorities_come_from_the_tallies(app, demo):
    from services.stored_tables import round_priorities

    with app.app_context():
        found = get_round(db.session, "2025")
        rankings = dashboard_data.round_answers(db.session, found, ["d7_topics"])
        table = round_priorities(db.session, found)
        expected = scoring.priority_points(rankings, [t.topic_id for t in found.topics])
    assert_same(table[["topic", "points", "top3_share", "n"]], expected)
    assert table.attrs["responses"] == len(rankings)
