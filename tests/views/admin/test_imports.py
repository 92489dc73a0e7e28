"""The admin import page over HTTP: check, preview, confirm; every problem with its line number and nothing
imported; the same file twice changes nothing; bad files and bad posts never give a 5xx; every check and import
audited."""

import io
import re
from datetime import timedelta

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, update

from extensions import db
from models import Answer, AnswerChange, AuditEvent, ImportUpload, Organisation, Response, ResponseScore, utcnow
from services.import_uploads import KEEP_FOR
from services.questionnaires import questionnaire_of
from services.responses import get_or_create_response, save_answers, submit
from services.rounds import create_round, get_round
from tests.factories import csrf_token, log_in, organisation, user

HEADER = "organisation,question,value\n"
GOOD = (
    HEADER
    + "region-25,d2_role_clarity,4\n"
    + 'region-25,d3_staff_fte,"4,5"\n'
    + "region-25,d7_topics,europe>digital-planning\n"
    + "kommun-0180,d1_region_today,NA\n"
    + 'kommun-0180,d8_support_wanted,\'=HYPERLINK("x")\n'
)
BAD = (
    HEADER  # 1
    + "region-99,d2_role_clarity,4\n"  # 2 unknown organisation
    + "region-25,d9_unknown,4\n"  # 3 unknown question
    + "region-25,d2_role_clarity,7\n"  # 4 out of range
    + "region-25,d3_staff_fte,många\n"  # 5 not a number
    + "kommun-0180,d2_role_clarity,3\n"  # 6 fine
    + "kommun-0180,d2_role_clarity,3\n"  # 7 repeats line 6
    + "region-25,d2_role_clarity\n"  # 8 two columns
)


@pytest.fixture
def admin(app, client, open_round):
    """The test client, logged in as an admin."""
    log_in(app, client, user(app, "forum@example.se", "admin"))
    return client


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Response, Answer, AnswerChange, ResponseScore)
        }


def stored(app) -> dict[tuple[str, str], str]:
    with app.app_context():
        rows = db.session.execute(
            select(Organisation.code, Answer.question_id, Answer.value)
            .join(Response, Response.id == Answer.response_id)
            .join(Organisation, Organisation.id == Response.organisation_id)
        )
        return {(code, question): value for code, question, value in rows}


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        found = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
        return [(event.actor, event.object_id, event.detail) for event in found]


def upload(client, content: str | bytes, filename: str = "svar.csv", *, round_slug="2025", submit_responses=False):
    data = content.encode() if isinstance(content, str) else content
    form = {
        "csrf_token": csrf_token(client.get("/admin/import/").text),
        "round": round_slug,
        "file": (io.BytesIO(data), filename),
    }
    if submit_responses:
        form["submit_responses"] = "y"
    return client.post("/admin/import/", data=form, content_type="multipart/form-data")


def confirm(client, location: str):
    token = csrf_token(client.get(location).text)
    return client.post(f"{location}/confirm", data={"csrf_token": token})


def problems_on(page) -> list[str]:
    listed = re.search(r'<div class="problem-list" id="file-problems">.*?<ol[^>]*>(.*?)</ol>', page.text, re.S)
    assert listed, "no list of problems on the page"
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", listed.group(1), re.S)]


def count_row(page, label: str) -> int:
    return int(re.search(rf"<th scope=\"row\">{label}</th><td>(\d+)</td>", page.text).group(1))


def test_a_clean_file_is_previewed_and_imported_only_on_confirmation(app, admin):
    checked = upload(admin, GOOD)
    assert checked.status_code == 303
    location = checked.headers["Location"]
    assert re.fullmatch(r"/admin/import/[A-Za-z0-9_-]{22}", location)
    preview = admin.get(location)
    assert preview.status_code == 200 and "Kontrollera innan du importerar" in preview.text
    assert count_row(preview, "Rader med svar") == 5
    assert count_row(preview, "Nya svar \\(utkast\\)") == 2
    assert count_row(preview, "Tillagda svar") == 5
    assert stored(app) == {}, "nothing is imported before the admin confirms"
    done = confirm(admin, location)
    assert done.status_code == 303 and done.headers["Location"] == location
    result = admin.get(location)
    assert "Importerat" in result.text and count_row(result, "Tillagda svar") == 5
    answers = stored(app)
    assert answers[("region-25", "d3_staff_fte")] == "4.5"
    assert answers[("kommun-0180", "d1_region_today")] == "na"
    assert answers[("kommun-0180", "d8_support_wanted")] == '=HYPERLINK("x")'
    with app.app_context():
        assert set(db.session.scalars(select(Response.status))) == {"draft"}
        assert db.session.scalar(select(ImportUpload.data)) is None, "the file is not kept after the import"
    (check_event,) = events(app, "responses.import_check")
    assert check_event[1] == "2025" and check_event[2]["result"] == "clean" and check_event[2]["file"] == "svar.csv"
    (import_event,) = events(app, "responses.import")
    assert import_event[0].startswith("user:") and import_event[2]["added"] == 5


def test_importing_the_same_file_twice_changes_nothing_and_says_so(app, admin):
    confirm(admin, upload(admin, GOOD, submit_responses=True).headers["Location"])
    before = counts(app)
    with app.app_context():
        versions = dict(db.session.execute(select(Response.id, Response.version)).all())
    again = upload(admin, GOOD, submit_responses=True).headers["Location"]
    preview = admin.get(again)
    assert "Att importera filen skulle inte ändra något" in preview.text
    assert count_row(preview, "Svar som redan finns som i filen") == 5
    confirm(admin, again)
    result = admin.get(again)
    assert "Ingenting ändrades" in result.text
    assert count_row(result, "Tillagda svar") == 0 and count_row(result, "Inskickade svar") == 0
    assert counts(app) == before
    with app.app_context():
        assert dict(db.session.execute(select(Response.id, Response.version)).all()) == versions
    # Both imports are in the audit log, the second with nothing changed.
    first, second = events(app, "responses.import")
    assert first[2]["added"] == 5 and first[2]["submitted"] == 2
    assert second[2]["added"] == 0 and second[2]["unchanged"] == 5 and second[2]["file"] == "svar.csv"


def test_submit_option_submits_and_scores_the_imported_responses(app, admin):
    confirm(admin, upload(admin, GOOD, submit_responses=True).headers["Location"])
    with app.app_context():
        assert set(db.session.scalars(select(Response.status))) == {"submitted"}
        assert db.session.scalar(select(func.count()).select_from(ResponseScore)) == 2


def test_every_problem_is_listed_with_its_line_and_nothing_is_imported(app, admin, runner, tmp_path):
    before = counts(app)
    page = upload(admin, BAD, "fel.csv", submit_responses=True)
    assert page.status_code == 422
    listed = problems_on(page)
    assert [int(re.match(r"Rad (\d+):", item).group(1)) for item in listed] == [2, 3, 4, 5, 7, 8]
    assert "Upprepar rad 6" in listed[4]
    # Exactly what the command says about the same file: the same service checks it.
    path = tmp_path / "fel.csv"
    path.write_text(BAD, encoding="utf-8")
    command = runner.invoke(args=["import-responses", str(path), "--round", "2025"])
    assert command.exit_code == 1
    assert listed == [line for line in command.stderr.splitlines() if line.startswith("Rad ")]
    assert counts(app) == before and stored(app) == {}
    # The error is tied to the file field, and the choices are kept.
    field = re.search(r'<input type="file"[^>]*>', page.text).group(0)
    assert 'aria-invalid="true"' in field and "file-error" in field
    assert 'id="file-error"' in page.text and "Filen har 6 problem" in page.text
    assert 'id="error-summary"' in page.text and 'href="#file"' in page.text
    assert re.search(r'<option selected value="2025">|<option value="2025" selected>', page.text)
    checkbox = re.search(r'<input[^>]*id="submit_responses"[^>]*>', page.text)
    assert checkbox and "checked" in checkbox.group(0), checkbox
    (event,) = events(app, "responses.import_check")
    assert event[2]["result"] == "refused" and event[2]["problems"] == 6
    assert events(app, "responses.import") == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ImportUpload)) == 0


def test_the_problems_are_in_english_for_an_english_admin(app, admin):
    admin.get("/lang/en")
    page = upload(admin, HEADER + "region-99,d2_role_clarity,4\n")
    assert page.status_code == 422
    assert problems_on(page) == ["Line 2: There is no organisation with the code “region-99”."]


@pytest.mark.parametrize(
    "content, line, words",
    [
        (HEADER + 'region-25,d2_role_clarity,4\nregion-25,d8_good_example,"not closed\n', 3, "inte giltig CSV"),
        (HEADER + "region-25,d2_role_clarity,4\nregion-25,d2_role_clarity,4\n", 3, "Upprepar rad 2"),
        ("organisation;fråga;värde\nregion-25;d2_role_clarity;4\n", 1, "rubrikraden"),
        ("\ufeff\n\n", 1, "Filen är tom"),
        (b"organisation,question,value\nregion-25,d2_role_clarity,\xff\n", 2, "inte UTF-8"),
    ],
    ids=["unclosed-quote", "duplicate-row", "wrong-header", "only-a-bom", "not-utf8"],
)
def test_broken_files_are_refused_with_the_line(app, admin, content, line, words):
    page = upload(admin, content)
    assert page.status_code == 422
    assert any(item.startswith(f"Rad {line}:") and words in item for item in problems_on(page)), problems_on(page)
    assert stored(app) == {}


@pytest.mark.parametrize(
    "content, filename, words",
    [
        (b"%PDF-1.4 binary", "svar.pdf", "måste vara en CSV-fil (.csv) eller en Excel-arbetsbok (.xlsx)"),
        (b"\xd0\xcf\x11\xe0old excel", "svar.xls", "äldre Excel-fil (.xls)"),
        (b"", "svar.csv", "Filen är tom"),
        (b"  \n", "svar.csv", "Filen är tom"),
        (b"PK\x03\x04 not really a workbook", "svar.xlsx", "varken CSV-text eller en Excel-arbetsbok"),
        (b"this is not a workbook", "svar.xlsx", "varken CSV-text eller en Excel-arbetsbok"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bild.csv", "inte UTF-8"),
    ],
    ids=["pdf", "xls", "empty", "blank", "zip-named-xlsx", "text-named-xlsx", "png-named-csv"],
)
def test_a_file_that_is_not_csv_or_xlsx_gets_a_clear_message(app, admin, content, filename, words):
    page = upload(admin, content, filename)
    assert page.status_code == 422, page.status_code
    assert words in page.text
    assert 'aria-invalid="true"' in re.search(r'<input type="file"[^>]*>', page.text).group(0)
    assert stored(app) == {}


def test_no_file_and_no_round_are_named_on_the_form(app, admin):
    token = csrf_token(admin.get("/admin/import/").text)
    page = admin.post("/admin/import/", data={"csrf_token": token, "round": "1999"})
    assert page.status_code == 422
    assert "Välj en fil att importera." in page.text and "Det finns ingen sådan omgång" in page.text


def test_a_file_for_the_wrong_round_is_refused(app, admin):
    """The 2026 file imported into 2025 by mistake: 2025's response is submitted and 2026's new topic is unknown."""
    with app.app_context():
        found = get_round(db.session, "2025")
        response = get_or_create_response(db.session, organisation("kommun-0180"), found)
        answers = {"d2_role_clarity": "4"}
        save_answers(
            db.session, response, answers, questionnaire_of(found.questionnaire_version), actor="t", source="web"
        )
        submit(db.session, response, actor="test")
        create_round(db.session, "2026", actor="test")
        db.session.commit()
    before = counts(app)
    meant_for_2026 = HEADER + "kommun-0180,d2_role_clarity,2\nkommun-0180,d7_topics,climate-adaptation\n"
    page = upload(admin, meant_for_2026)
    assert page.status_code == 422
    listed = problems_on(page)
    assert listed[0].startswith("Rad 2:") and "är inskickat" in listed[0]
    assert listed[1].startswith("Rad 3:") and "climate-adaptation" in listed[1]
    assert counts(app) == before


def test_a_file_that_became_wrong_before_the_confirmation_is_refused_whole(app, admin):
    location = upload(admin, GOOD).headers["Location"]
    # Meanwhile Region Norrbotten answers and submits on its own.
    with app.app_context():
        found = get_round(db.session, "2025")
        response = get_or_create_response(db.session, organisation("region-25"), found)
        save_answers(
            db.session,
            response,
            {"d2_role_clarity": "1"},
            questionnaire_of(found.questionnaire_version),
            actor="t",
            source="web",
        )
        submit(db.session, response, actor="test")
        db.session.commit()
    before = counts(app)
    refused = confirm(admin, location)
    assert refused.status_code == 409
    assert "Svaren har ändrats sedan filen kontrollerades" in refused.text
    assert any(item.startswith("Rad 2:") for item in problems_on(refused))
    assert counts(app) == before
    assert admin.get(location).status_code == 200 and "Kontrollera innan du importerar" in admin.get(location).text


def test_a_double_confirmation_imports_once(app, admin):
    location = upload(admin, GOOD).headers["Location"]
    token = csrf_token(admin.get(location).text)
    assert admin.post(f"{location}/confirm", data={"csrf_token": token}).status_code == 303
    second = admin.post(f"{location}/confirm", data={"csrf_token": token}, follow_redirects=True)
    assert second.status_code == 200 and "Importerat" in second.text and "går inte längre att importera" in second.text
    assert len(events(app, "responses.import")) == 1


def test_a_file_waits_only_so_long_and_only_for_its_admin(app, admin):
    location = upload(admin, GOOD).headers["Location"]
    other = app.test_client()
    log_in(app, other, user(app, "kollega@example.se", "admin"))
    assert other.get(location).status_code == 404
    assert other.post(f"{location}/confirm", data={"csrf_token": csrf_token(other.get("/").text)}).status_code == 404
    with app.app_context():
        db.session.execute(update(ImportUpload).values(created_at=utcnow() - KEEP_FOR - timedelta(minutes=1)))
        db.session.commit()
    page = admin.get(location)
    assert "Filen väntar inte längre" in page.text and "Importera till omgång" not in page.text
    late = confirm(admin, location)
    assert late.status_code == 303
    assert "går inte längre att importera" in admin.get(late.headers["Location"]).text
    assert stored(app) == {}


def test_a_checked_file_can_be_discarded(app, admin):
    location = upload(admin, GOOD).headers["Location"]
    token = csrf_token(admin.get(location).text)
    discarded = admin.post(f"{location}/discard", data={"csrf_token": token}, follow_redirects=True)
    assert "Filen kastades; ingenting importerades." in discarded.text
    assert confirm(admin, location).status_code == 303
    assert stored(app) == {}
    assert len(events(app, "responses.import_discard")) == 1


def test_an_xlsx_workbook_is_imported_like_a_csv_file(app, admin):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["organisation", "question", "value"])
    sheet.append(["region-25", "d2_role_clarity", 4])
    sheet.append(["region-25", "d3_staff_fte", 4.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    location = upload(admin, buffer.getvalue(), "svar.xlsx").headers["Location"]
    confirm(admin, location)
    assert stored(app) == {("region-25", "d2_role_clarity"): "4", ("region-25", "d3_staff_fte"): "4.5"}


def test_a_formula_in_an_xlsx_cell_is_a_problem_with_its_row(app, admin):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["organisation", "question", "value"])
    sheet.append(["region-25", "d2_role_clarity", "=1+3"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = upload(admin, buffer.getvalue(), "svar.xlsx")
    assert page.status_code == 422
    assert problems_on(page)[0].startswith("Rad 2:") and "formel" in problems_on(page)[0]


def test_a_file_over_the_size_limit_gets_the_form_with_a_message(app, admin):
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    token = csrf_token(admin.get("/admin/import/").text)
    boundary = "boundary-1234567890"
    large = HEADER + "region-25,d2_role_clarity,4\n" * 80_000
    # The body written out by hand: the test client would spool a body this large to a temporary file that is
    # never read (the app refuses it unread) and so never closed.
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="round"\r\n\r\n2025\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="stor.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n{large}\r\n--{boundary}--\r\n"
    ).encode()
    assert len(body) > app.config["MAX_CONTENT_LENGTH"]
    page = admin.post("/admin/import/", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert page.status_code == 413
    assert "Filen är större än 2 MB" in page.text and 'type="file"' in page.text
    assert stored(app) == {}


def test_posts_without_a_csrf_token_change_nothing(app, admin):
    location = upload(admin, GOOD).headers["Location"]
    before = counts(app)
    no_token = admin.post(
        "/admin/import/",
        data={"round": "2025", "file": (io.BytesIO(GOOD.encode()), "svar.csv")},
        content_type="multipart/form-data",
    )
    assert no_token.status_code == 400
    assert admin.post(f"{location}/confirm").status_code == 400
    assert admin.post(f"{location}/discard").status_code == 400
    assert counts(app) == before
    assert len(events(app, "responses.import_check")) == 1  # only the upload above


def test_non_admins_cannot_upload(app, client, open_round):
    log_in(app, client, user(app, "analys@myndighet.example", "reviewer"))
    token = csrf_token(client.get("/").text)
    refused = client.post(
        "/admin/import/",
        data={"csrf_token": token, "round": "2025", "file": (io.BytesIO(GOOD.encode()), "svar.csv")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 403
    assert events(app, "responses.import_check") == [] and stored(app) == {}
