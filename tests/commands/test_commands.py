"""The commands of SPEC §5: what they print, what they store, and a one-line reason with a non-zero exit on bad
arguments."""

import csv
import io

import pytest
from sqlalchemy import func, select

from extensions import db
from models import Answer, AuditEvent, Invitation, Organisation, Response, Round, User
from services.invitations import hash_token


def run(runner, *args, input=None):
    return runner.invoke(args=list(args), input=input)


def test_round_create_open_close(app, runner, reference):
    created = run(
        runner, "round", "create", "2026", "--title-sv", "Samverkanstrappan 2026", "--visibility", "anonymous"
    )
    assert created.exit_code == 0, created.output
    assert run(runner, "round", "open", "2026").exit_code == 0
    with app.app_context():
        round_ = db.session.scalar(select(Round))
        assert (round_.title_sv, round_.visibility, round_.status().value) == (
            "Samverkanstrappan 2026",
            "anonymous",
            "open",
        )
        assert len(round_.topics) >= 5  # the default topic list, to edit before opening
    assert run(runner, "round", "close", "2026").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("round", "open", "1999"), "Det finns ingen omgång ”1999”."),
        (("round", "create", "Bad Slug"), "små bokstäver"),
        (("round", "create", "2030", "--questionnaire", "v9"), "Enkäten kunde inte läsas in"),
        (("round", "create", "2030", "--opens-at", "next tuesday"), "--opens-at ska vara ett datum"),
        (("invite", "--round", "1999", "--type", "region"), "Det finns ingen omgång"),
        (
            ("invite", "--round", "2025", "--organisation", "region-99"),
            "ingen organisation med koden ”region-99”",
        ),
        (("invite", "--round", "2025"), "--organisation KOD eller --type TYP"),
        (("create-user", "a@b.se", "--role", "respondent"), "måste höra till en organisation"),
        (("create-user", "a@b.se", "--role", "respondent", "--organisation", "nope"), "ingen organisation"),
        (("create-user", "not-an-address", "--role", "admin"), "inte en e-postadress"),
        (("export-responses", "--round", "1999"), "Det finns ingen omgång"),
    ],
)
def test_bad_arguments_fail_with_one_line(app, runner, open_round, args, message):
    result = run(runner, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_an_unknown_role_is_refused_by_the_option_itself(runner, reference):
    result = run(runner, "create-user", "a@b.se", "--role", "superuser")
    assert result.exit_code == 2 and "superuser" in result.output


def test_invite_prints_code_tab_url_and_stores_only_a_hash(app, runner, open_round):
    result = run(
        runner,
        "invite",
        "--round",
        "2025",
        "--organisation",
        "region-25",
        "--organisation",
        "kommun-2580",
        "--base-url",
        "https://samverkan.example.se",
    )
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.strip().splitlines()]
    assert [code for code, _ in lines] == ["region-25", "kommun-2580"]
    for _, url in lines:
        assert url.startswith("https://samverkan.example.se/i/")
        token = url.rsplit("/", 1)[1]
        assert len(token) >= 43  # 256 bits
        with app.app_context():
            stored = db.session.scalar(select(Invitation.token_hash).where(Invitation.token_hash == hash_token(token)))
            assert stored is not None and token not in stored
    by_type = run(runner, "invite", "--round", "2025", "--type", "lst")
    assert len(by_type.output.strip().splitlines()) == 21


def test_create_user_with_password_from_stdin(app, runner, reference):
    result = run(
        runner,
        "create-user",
        "Analys@Example.se",
        "--role",
        "reviewer",
        "--password-stdin",
        input="ett-långt-lösenord-2025\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "analys@example.se" and user.password_hash.startswith("$argon2id$")
        assert "ett-långt" not in str(db.session.scalars(select(AuditEvent.detail)).all())
    short = run(runner, "create-user", "b@example.se", "--role", "admin", "--password-stdin", input="kort\n")
    assert short.exit_code != 0 and "minst 12 tecken" in short.output
    twice = run(runner, "create-user", "analys@example.se", "--role", "admin")
    assert twice.exit_code != 0 and "finns redan" in twice.output


def test_seed_demo_is_deterministic_and_realistic(app, runner):
    assert run(runner, "seed-demo", "--seed", "7").exit_code == 0
    with app.app_context():
        snapshot = db.session.execute(
            select(Organisation.code, Round.slug, Answer.question_id, Answer.value)
            .join(Response, Response.id == Answer.response_id)
            .join(Organisation, Organisation.id == Response.organisation_id)
            .join(Round, Round.id == Response.round_id)
            .order_by(Organisation.code, Round.slug, Answer.question_id)
        ).all()
        rounds = {r.slug: r.status().value for r in db.session.scalars(select(Round))}
        statuses = dict(
            db.session.execute(
                select(Response.status, func.count()).join(Round).where(Round.slug == "2025").group_by(Response.status)
            ).all()
        )
        kommuner = db.session.scalar(
            select(func.count(func.distinct(Response.organisation_id)))
            .join(Organisation)
            .where(Organisation.type == "kommun")
        )
    assert rounds == {"2023": "closed", "2024": "closed", "2025": "open"}
    assert statuses["draft"] > 0 and statuses["submitted"] > 0
    assert 30 <= kommuner <= 45
    again = run(runner, "seed-demo", "--seed", "7")
    assert again.exit_code != 0 and len(again.output.strip().splitlines()) == 1
    assert run(runner, "seed-demo", "--if-empty").exit_code == 0
    with app.app_context():
        for table in (
            "users",
            "audit_events",
            "answer_changes",
            "answers",
            "invitations",
            "responses",
            "round_topics",
            "rounds",
            "questionnaire_versions",
        ):
            db.session.execute(db.metadata.tables[table].delete())
        db.session.commit()
    assert run(runner, "seed-demo", "--seed", "7").exit_code == 0
    with app.app_context():
        assert (
            snapshot
            == db.session.execute(
                select(Organisation.code, Round.slug, Answer.question_id, Answer.value)
                .join(Response, Response.id == Answer.response_id)
                .join(Organisation, Organisation.id == Response.organisation_id)
                .join(Round, Round.id == Response.round_id)
                .order_by(Organisation.code, Round.slug, Answer.question_id)
            ).all()
        )


def test_export_responses_writes_submitted_answers_only(app, runner, open_round, tmp_path):
    from services.questionnaires import questionnaire_of
    from services.responses import get_or_create_response, save_answers, submit
    from tests.factories import organisation

    with app.app_context():
        round_ = db.session.scalar(select(Round))
        for code, text in (("region-25", '=HYPERLINK("http://x")'), ("region-01", "utkast")):
            response = get_or_create_response(db.session, organisation(code), round_)
            save_answers(
                db.session,
                response,
                {"d2_role_clarity": "4", "d8_good_example": text},
                questionnaire_of(round_.questionnaire_version),
                actor="test",
                source="web",
            )
            if code == "region-25":
                submit(db.session, response, actor="test")
        db.session.commit()
    output = tmp_path / "svar.csv"
    result = run(runner, "export-responses", "--round", "2025", "--output", str(output))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8"))))
    assert rows[0] == ["organisation", "question", "value"]
    assert rows[1:] == [
        ["region-25", "d2_role_clarity", "4"],
        ["region-25", "d8_good_example", '\'=HYPERLINK("http://x")'],
    ]
    stdout = run(runner, "export-responses", "--round", "2025")
    assert stdout.output.splitlines()[0] == "organisation,question,value"
