"""export-responses as CSV and XLSX, the codebook, and formula neutralisation that import reads back exactly."""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from extensions import db
from questionnaire.loader import VERSIONS_DIR, load_file
from questionnaire.values import normalise
from services.csv_format import HEADER, read_csv, write_csv
from services.questionnaires import questionnaire_of
from services.responses import get_or_create_response, save_answers, submit
from services.rounds import create_round, get_round
from services.xlsx_format import Sheet, read_xlsx, write_xlsx
from tests.factories import organisation

TEXT_QUESTION = load_file(VERSIONS_DIR / "v1.yaml").question("d8_good_example")
TRICKY = [
    '=HYPERLINK("http://x","klicka")',
    "+46 70 123 45 67",
    "-5 % jämfört med förra året",
    "@kommunen",
    "'citerad",
    "''=två apostrofer",
    "rad ett\nrad två\n\tindragen",
    'citat "inne i" texten, med komma',
]


def seed_tricky_answers(app) -> None:
    with app.app_context():
        found = get_round(db.session, "2025")
        questionnaire = questionnaire_of(found.questionnaire_version)
        for index, text in enumerate(TRICKY):
            code = f"region-{index + 1:02d}" if index + 1 != 2 else "region-25"
            response = get_or_create_response(db.session, organisation(code), found)
            values = {"d8_good_example": text, "d2_role_clarity": str(index % 5 + 1), "d3_staff_fte": "1.25"}
            save_answers(db.session, response, values, questionnaire, actor="t", source="web")
            submit(db.session, response, actor="t")
        db.session.commit()


def test_xlsx_export_has_text_cells_no_formulas_and_a_codebook(app, runner, open_round, tmp_path):
    seed_tricky_answers(app)
    path = tmp_path / "svar.xlsx"
    result = runner.invoke(args=["export-responses", "--round", "2025", "--output", str(path)])
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    assert book.sheetnames == ["responses", "codebook"]
    sheet = book["responses"]
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == list(HEADER)
    assert all(cell.data_type == "s" for row in rows for cell in row)
    texts = {row[2].value: row[2] for row in rows[1:] if row[1].value == "d8_good_example"}
    assert texts['=HYPERLINK("http://x","klicka")'].quotePrefix
    assert "'''=två apostrofer" in texts  # a value beginning with an apostrophe gets one more
    codebook = list(book["codebook"].values)
    assert codebook[0][:4] == ("question", "dimension", "dimension_code", "type")


def test_the_codebook_describes_every_question_once(app, runner, open_round, tmp_path):
    path = tmp_path / "kodbok.csv"
    result = runner.invoke(
        args=["export-responses", "--round", "2025", "--output", "/dev/null", "--codebook", str(path)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    questionnaire = load_file(VERSIONS_DIR / "v1.yaml")
    assert [row["question"] for row in rows] == [q.id for q in questionnaire.questions()]
    by_id = {row["question"]: row for row in rows}
    personal = by_id["d2_personal_dependence"]
    assert (personal["dimension"], personal["type"], personal["scored"], personal["reverse"]) == (
        "roles", "scale", "true", "true",
    )  # fmt: skip
    assert personal["values"] == "1|2|3|4|5|na"
    assert personal["labels_sv"].startswith("Stämmer inte alls|")
    assert by_id["d1_lst_target"]["scored"] == "false" and by_id["d1_lst_target"]["staircase_role"] == "target"
    assert by_id["d1_lst_today"]["applies_to"] == "region|kommun"
    assert by_id["d7_topics"]["values"].split("|")[:2] == ["national-level", "regional-collaboration"]
    assert by_id["d3_staff_fte"]["maximum"] == "500" and by_id["d3_staff_fte"]["unit_en"] == "full-time equivalents"
    assert by_id["d8_good_example"]["title_en"].startswith("Is there a good example")
    workbook_path = tmp_path / "kodbok.xlsx"
    assert runner.invoke(args=["export-responses", "--round", "2025", "--codebook", str(workbook_path)]).exit_code == 0
    assert load_workbook(workbook_path).sheetnames == ["codebook"]


def test_export_and_import_give_back_the_same_answers_in_both_formats(app, runner, open_round, tmp_path):
    seed_tricky_answers(app)
    original = tmp_path / "original.csv"
    assert runner.invoke(args=["export-responses", "--round", "2025", "--output", str(original)]).exit_code == 0
    text = original.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'+46" in text and "'-5 %" in text and "'@kommunen" in text
    for file_format, slug in (("csv", "2030"), ("xlsx", "2031")):
        with app.app_context():
            create_round(db.session, slug, actor="t")
            db.session.commit()
        exported = tmp_path / f"svar.{file_format}"
        assert runner.invoke(args=["export-responses", "--round", "2025", "--output", str(exported)]).exit_code == 0
        imported = runner.invoke(args=["import-responses", str(exported), "--round", slug, "--submit"])
        assert imported.exit_code == 0, imported.output
        again = tmp_path / f"again-{slug}.csv"
        assert runner.invoke(args=["export-responses", "--round", slug, "--output", str(again)]).exit_code == 0
        assert again.read_text(encoding="utf-8") == text, file_format
    with app.app_context():
        from models import Answer

        stored = set(db.session.scalars(select(Answer.value).where(Answer.question_id == "d8_good_example")))
        assert set(TRICKY) <= stored


def test_xlsx_goes_to_stdout_as_bytes_when_no_file_is_given(runner, open_round):
    result = runner.invoke(args=["export-responses", "--round", "2025", "--format", "xlsx"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"PK\x03\x04")
    assert load_workbook(io.BytesIO(result.stdout_bytes)).sheetnames == ["responses", "codebook"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=60))
def test_any_text_answer_reads_back_unchanged_from_csv_and_xlsx(raw):
    value = normalise(TEXT_QUESTION, raw)
    if value is None:
        return
    buffer = io.StringIO()
    write_csv([("region-25", "d8_good_example", value)], buffer)
    rows = list(read_csv(buffer.getvalue()))
    assert rows[1][1] == ["region-25", "d8_good_example", value]
    book = io.BytesIO()
    write_xlsx([Sheet("responses", HEADER, [("region-25", "d8_good_example", value)])], book)
    read = list(read_xlsx(book.getvalue()))
    assert read[1].cells == ["region-25", "d8_good_example", value] and read[1].formula_columns == ()
