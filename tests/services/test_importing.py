"""import-responses (SPEC §5): every row checked first; any problem → every problem with its line number and
nothing imported; the same file twice changes nothing; the change history is kept."""

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from extensions import db
from models import Answer, AnswerChange, AuditEvent, Response, ResponseScore
from services.import_files import read_table
from services.importing import ImportRefused, import_table
from services.rounds import get_round

HEADER = "organisation,question,value\n"
GOOD = (
    HEADER
    + "region-25,d2_role_clarity,4\n"
    + 'region-25,d3_staff_fte,"4,5"\n'
    + "region-25,d2_instruments,transport-plan|rus-spatial\n"
    + "region-25,d7_topics,europe>digital-planning\n"
    + 'region-25,d8_good_example,"Två rader:\nen gemensam karta"\n'
    + "\n"
    + "kommun-0180,d1_region_today,NA\n"
    + "kommun-0180,d6_barriers,other\n"
    + 'kommun-0180,d8_support_wanted,\'=HYPERLINK("x")\n'
)


def counts() -> dict[str, int]:
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Response, Answer, AnswerChange, AuditEvent, ResponseScore)
    }


def run_import(text: str | bytes, *, submit: bool = False, slug: str = "2025", filename: str = "f.csv"):
    data = text.encode() if isinstance(text, str) else text
    summary = import_table(
        db.session, get_round(db.session, slug), read_table(data, filename), submit=submit, actor="cli"
    )
    db.session.commit()
    return summary


def problems_of(text: str | bytes, filename: str = "f.csv") -> list[tuple[int, str]]:
    with pytest.raises(ImportRefused) as refused:
        run_import(text, filename=filename)
    db.session.rollback()
    return [(problem.line, problem.message) for problem in refused.value.problems]


def answers() -> dict[tuple[str, str], str]:
    from models import Organisation

    rows = db.session.execute(
        select(Organisation.code, Answer.question_id, Answer.value)
        .join(Response, Response.id == Answer.response_id)
        .join(Organisation, Organisation.id == Response.organisation_id)
    )
    return {(code, question): value for code, question, value in rows}


def test_a_good_file_imports_canonical_values_as_drafts_with_history(app, open_round):
    with app.app_context():
        summary = run_import(GOOD)
        assert (summary.rows, summary.organisations, summary.created, summary.added) == (8, 2, 2, 8)
        stored = answers()
        assert stored[("region-25", "d3_staff_fte")] == "4.5"
        assert stored[("region-25", "d2_instruments")] == "rus-spatial|transport-plan"  # questionnaire order
        assert stored[("region-25", "d8_good_example")] == "Två rader:\nen gemensam karta"
        assert stored[("kommun-0180", "d1_region_today")] == "na"
        assert stored[("kommun-0180", "d8_support_wanted")] == '=HYPERLINK("x")'
        assert set(db.session.scalars(select(Response.status))) == {"draft"}
        changes = db.session.scalars(select(AnswerChange)).all()
        assert len(changes) == 8
        assert {(c.changed_by, c.source, c.old_value is None) for c in changes} == {("import", "import", True)}
        assert db.session.scalar(select(func.count()).select_from(ResponseScore)) == 0
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "responses.import"))
        assert event.actor == "cli" and event.detail["added"] == 8


def test_importing_the_same_file_twice_changes_nothing(app, open_round):
    with app.app_context():
        run_import(GOOD, submit=True)
        before = counts()
        versions = dict(db.session.execute(select(Response.id, Response.version)).all())
        again = run_import(GOOD, submit=True)
        assert again.changes == 0 and again.unchanged == 8
        assert counts() == before
        assert dict(db.session.execute(select(Response.id, Response.version)).all()) == versions


def test_submit_submits_the_drafts_and_scores_them(app, open_round):
    with app.app_context():
        run_import(GOOD, submit=True)
        assert set(db.session.scalars(select(Response.status))) == {"submitted"}
        assert set(db.session.scalars(select(Response.submitted_by))) == {"import"}
        assert db.session.scalar(select(func.count()).select_from(ResponseScore)) == 2
        submits = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "response.submit")).all()
        assert len(submits) == 2 and {event.actor for event in submits} == {"cli"}


def test_a_changed_value_is_updated_and_an_empty_one_clears_with_history(app, open_round):
    with app.app_context():
        run_import(GOOD)
        summary = run_import(HEADER + "region-25,d2_role_clarity,2\nregion-25,d3_staff_fte,\nregion-25,d5_digital,\n")
        assert (summary.changed, summary.cleared, summary.unchanged) == (1, 1, 1)
        stored = answers()
        assert stored[("region-25", "d2_role_clarity")] == "2" and ("region-25", "d3_staff_fte") not in stored
        assert stored[("region-25", "d2_instruments")] == "rus-spatial|transport-plan"  # untouched
        history = db.session.execute(
            select(AnswerChange.question_id, AnswerChange.old_value, AnswerChange.new_value).order_by(AnswerChange.id)
        ).all()[-2:]
        assert set(history) == {("d2_role_clarity", "4", "2"), ("d3_staff_fte", "4.5", None)}


BAD = (
    HEADER  # line 1
    + "region-99,d2_role_clarity,4\n"  # 2 unknown organisation
    + "region-25,d9_unknown,4\n"  # 3 unknown question
    + "agency-boverket,d2_goals_in_plans,4\n"  # 4 not asked of agencies
    + "region-25,d2_role_clarity,7\n"  # 5 out of range
    + "region-25,d3_funding_horizon,sometimes\n"  # 6 unknown option
    + "region-25,d7_topics,europe>digital-planning>accessibility>cross-border>project-bank>national-level\n"  # 7
    + "region-01,d7_topics,europe>digital-planning>europe\n"  # 8 repeated topic
    + "region-25,d3_staff_fte,många\n"  # 9 not a number
    + 'region-25,d8_good_example,"en\ntext över\ntre rader"\n'  # 10–12, valid
    + "region-25,d4_gis_fte,900\n"  # 13 number out of range
    + "region-25,d8_good_example,igen\n"  # 14 repeats line 10
    + "region-25,d2_role_clarity\n"  # 15 two columns
    + "region-25,d7_topics,not-a-topic\n"  # 16 not a topic of the round
    + "region-25,d4_tools,none|web-gis\n"  # 17 "none" with another option
)


def test_a_bad_file_is_refused_whole_with_every_problem_and_its_line(app, open_round):
    with app.app_context():
        before = counts()
        problems = problems_of(BAD)
        assert [line for line, _ in problems] == [2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15, 16, 17]
        messages = dict(problems)
        assert "region-99" in messages[2]
        assert "d9_unknown" in messages[3]
        assert "d2_goals_in_plans" in messages[4] and "agency" in messages[4]
        assert messages[5].startswith("d2_role_clarity: ")
        assert "sometimes" in messages[6]
        assert "5" in messages[7]
        assert messages[8].startswith("d7_topics: ")
        assert "många" in messages[9]
        assert "200" in messages[13]
        assert "10" in messages[14]
        assert "3" in messages[15]
        assert "not-a-topic" in messages[16]
        assert messages[17].startswith("d4_tools: ")
        assert counts() == before


def test_a_submitted_response_cannot_change_but_the_same_values_are_fine(app, open_round):
    with app.app_context():
        run_import(GOOD, submit=True)
        assert run_import(GOOD).changes == 0
        problems = problems_of(HEADER + "kommun-0180,d8_support_wanted,ny text\nregion-25,d2_role_clarity,4\n")
        assert [line for line, _ in problems] == [2]
        assert "kommun-0180" in problems[0][1]


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("", 1),
        ("\n\n", 1),
        ("org,question,value\nregion-25,d2_role_clarity,4\n", 1),
        ("region-25,d2_role_clarity,4\n", 1),
        (HEADER + 'region-25,d8_good_example,"not closed\n', 2),
    ],
)
def test_a_file_without_its_header_or_broken_csv_is_refused(app, open_round, content, line):
    with app.app_context():
        problems = problems_of(content)
        assert problems[0][0] == line


def test_utf8_with_bom_and_semicolons_from_a_swedish_excel_are_accepted(app, open_round):
    with app.app_context():
        data = "\ufefforganisation;question;value\r\nregion-25;d3_staff_fte;1,5\r\n".encode()
        assert run_import(data).added == 1
        assert answers()[("region-25", "d3_staff_fte")] == "1.5"


def test_text_that_is_not_utf8_is_refused_with_its_line(app, open_round):
    with app.app_context():
        data = (HEADER + "region-25,d2_role_clarity,4\nregion-25,d8_good_example,Gävle\n").encode("latin-1")
        assert [line for line, _ in problems_of(data)] == [3]


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_file_imports_with_numbers_typed_as_numbers_and_refuses_formulas(app, open_round):
    with app.app_context():
        data = workbook(
            [["organisation", "question", "value"], ["region-25", "d3_staff_fte", 2.5], ["region-25", "d5_digital", 4]]
        )
        assert run_import(data, filename="svar.xlsx").added == 2
        assert answers()[("region-25", "d3_staff_fte")] == "2.5"
        formula = workbook([["organisation", "question", "value"], ["region-25", "d5_mobility", "=2+2"]])
        assert [line for line, _ in problems_of(formula, "svar.xlsx")] == [2]


def test_the_command_prints_every_problem_and_exits_non_zero(app, runner, open_round, tmp_path):
    bad = tmp_path / "svar.csv"
    bad.write_text(BAD, encoding="utf-8")
    result = runner.invoke(args=["import-responses", str(bad), "--round", "2025"])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [
        f"Rad {n}" for n in (2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15, 16, 17)
    ]
    assert lines[-1] == "Filen har 13 problem; ingenting importerades."
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import-responses", "nowhere.csv", "--round", "2025"), "Kan inte läsa nowhere.csv"),
        (("import-responses", "nowhere.csv", "--round", "1999"), "Det finns ingen omgång ”1999”."),
    ],
)
def test_bad_arguments_fail_with_one_line(runner, open_round, args, message):
    result = runner.invoke(args=list(args))
    assert result.exit_code != 0 and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_file_that_is_not_a_workbook_fails_with_one_line(runner, open_round, tmp_path):
    broken = tmp_path / "svar.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = runner.invoke(args=["import-responses", str(broken), "--round", "2025"])
    assert result.exit_code != 0 and "Excel" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_long_file_shows_progress_on_stderr_and_imports(app, runner, open_round, tmp_path):
    from models import Organisation
    from services.questionnaires import questionnaire_of

    with app.app_context():
        questionnaire = questionnaire_of(get_round(db.session, "2025").questionnaire_version)
        rows = [
            f"{code},{question.id},{index % 5 + 1}"
            for index, (code, kind) in enumerate(db.session.execute(select(Organisation.code, Organisation.type)))
            for question in questionnaire.questions_for(kind)
            if question.type == "scale"
        ]
    assert len(rows) > 5000
    path = tmp_path / "stor.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import-responses", str(path), "--round", "2025", "--submit"])
    assert result.exit_code == 0, result.output
    assert f"Importerar {len(rows)} rader" in result.stderr
    assert f"{len(rows)} rader" in result.stdout
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == len(rows)
        assert db.session.scalar(select(func.count()).select_from(ResponseScore)) > 300
