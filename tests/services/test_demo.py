"""The demo data obeys the app's own rules: every round `seed-demo` writes, at either scale, goes out through
`export-responses` and comes back in through `import-responses` with no problem, and the copy has the same scores
and the same forum priorities as the original."""

import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy import func, select

from extensions import db
from models import Answer, AnswerChange, AuditEvent, Response, Round
from services.rounds import get_round
from services.stored_tables import round_priorities, round_scores

ROUNDS = {"demo": 3, "national": 10}


def run(runner, *args):
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


def stored_tables(slug: str):
    """The round's scores and priorities as the dashboards and the API read them, without the round's own name."""
    found = get_round(db.session, slug)
    priorities = round_priorities(db.session, found)
    return round_scores(db.session, found), priorities, priorities.attrs["responses"]


@pytest.mark.slow
@pytest.mark.parametrize("scale", ["demo", "national"])
def test_every_seeded_round_exports_and_imports_again_with_the_same_scores_and_priorities(app, runner, tmp_path, scale):
    run(runner, "seed-demo", "--scale", scale)
    with app.app_context():
        slugs = list(db.session.scalars(select(Round.slug).order_by(Round.slug)))
    assert len(slugs) == ROUNDS[scale]
    for slug in slugs:
        exported, copied = tmp_path / f"{slug}.csv", tmp_path / f"copy-{slug}.csv"
        run(runner, "export-responses", "--round", slug, "--output", str(exported))
        run(runner, "round", "create", f"copy-{slug}")
        imported = run(runner, "import-responses", str(exported), "--round", f"copy-{slug}", "--submit")
        assert "Rad " not in imported.output  # not one problem line
        run(runner, "export-responses", "--round", f"copy-{slug}", "--output", str(copied))
        assert copied.read_bytes() == exported.read_bytes(), slug
        with app.app_context():
            scores, priorities, ranked = stored_tables(slug)
            copy_scores, copy_priorities, copy_ranked = stored_tables(f"copy-{slug}")
        assert len(scores) > 30 and scores["maturity_index"].notna().any(), slug
        assert_frame_equal(copy_scores, scores)
        assert_frame_equal(copy_priorities, priorities)
        assert copy_ranked == ranked > 0


def test_seeded_responses_are_written_as_respondents_write_them(app, runner):
    """Through the answer store: a history row for every answer, one version for the answers and one for the
    submit, an audit event for each submit, and the times of the year the round was open."""
    run(runner, "seed-demo")
    with app.app_context():
        responses = db.session.scalars(select(Response)).all()
        answers = db.session.scalar(select(func.count()).select_from(Answer))
        history = db.session.execute(select(AnswerChange.source, func.count()).group_by(AnswerChange.source)).all()
        submits = db.session.scalars(select(AuditEvent.object_id).where(AuditEvent.action == "response.submit")).all()
        slugs = {found.id: found.slug for found in db.session.scalars(select(Round))}
    submitted = [response for response in responses if response.status == "submitted"]
    assert history == [("seed", answers)]
    assert {response.version for response in submitted} == {3}
    assert {response.version for response in responses if response.status == "draft"} == {2}
    assert sorted(submits) == sorted(str(response.id) for response in submitted)
    for response in responses:
        year = int(slugs[response.round_id])
        assert response.created_at.year == year and response.updated_at.year == year
        assert (response.submitted_at == response.updated_at) == (response.status == "submitted")
