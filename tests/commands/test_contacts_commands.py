"""`contacts import FILE` and `contacts export [--output F]` (SPEC §8), run as the real commands on real files."""

import pytest
from sqlalchemy import func, select

from extensions import db
from models import AuditEvent, Contact

HEADER = "organisation,name,email,role\n"
GOOD = (
    HEADER
    + "kommun-0180,Anna Andersson,Anna.Andersson@stockholm.example,planeringschef\n"
    + "kommun-0180,Bo Berg,bo.berg@stockholm.example,GIS-samordnare\n"
    + "kommun-2580,Cecilia Ek,cecilia@lulea.example,\n"
)


@pytest.fixture(autouse=True)
def swedish(monkeypatch):
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")


def _file(tmp_path, text: str, name: str = "contacts.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _contacts(app) -> list[tuple[str, str, str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(Contact.organisation_id, Contact.name, Contact.email, Contact.role).order_by(Contact.email)
        )
        return [tuple(row) for row in rows]


def _events(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent))


def test_import_adds_the_contacts_and_a_second_import_changes_nothing(app, runner, reference, tmp_path):
    path = _file(tmp_path, GOOD)
    first = runner.invoke(args=["contacts", "import", path])
    assert first.exit_code == 0, first.output
    assert "3 kontaktpersoner: 3 tillagda, 0 ändrade, 0 oförändrade." in first.output
    stored = _contacts(app)
    assert [row[2] for row in stored] == [
        "anna.andersson@stockholm.example",
        "bo.berg@stockholm.example",
        "cecilia@lulea.example",
    ]
    events = _events(app)
    again = runner.invoke(args=["contacts", "import", path])
    assert again.exit_code == 0, again.output
    assert "3 kontaktpersoner: 0 tillagda, 0 ändrade, 3 oförändrade." in again.output
    assert _contacts(app) == stored
    assert _events(app) == events


def test_a_known_address_updates_name_and_role_whatever_its_case(app, runner, reference, tmp_path):
    assert runner.invoke(args=["contacts", "import", _file(tmp_path, GOOD)]).exit_code == 0
    changed = HEADER + "kommun-0180,Anna Andersson-Lind,ANNA.ANDERSSON@stockholm.example,samhällsbyggnadschef\n"
    result = runner.invoke(args=["contacts", "import", _file(tmp_path, changed, "changed.csv")])
    assert result.exit_code == 0, result.output
    assert "1 kontaktpersoner: 0 tillagda, 1 ändrade, 0 oförändrade." in result.output
    names = {email: (name, role) for _org, name, email, role in _contacts(app)}
    assert len(names) == 3
    assert names["anna.andersson@stockholm.example"] == ("Anna Andersson-Lind", "samhällsbyggnadschef")


BAD = (
    HEADER
    + "kommun-0180,Anna Andersson,anna@stockholm.example,planeringschef\n"  # line 2: good
    + "kommun-0180,Bo Berg,inte-en-adress,GIS-samordnare\n"  # line 3: bad address
    + "kommun-9999,Cecilia Ek,cecilia@nowhere.example,\n"  # line 4: unknown organisation
    + "kommun-0180,Anna A,ANNA@stockholm.example,chef\n"  # line 5: repeats line 2
    + "kommun-2580,Dan Dahl\n"  # line 6: columns missing
    + "kommun-2580,,dan@lulea.example,\n"  # line 7: no name
)


def test_every_bad_line_is_named_and_nothing_is_imported(app, runner, reference, tmp_path):
    result = runner.invoke(args=["contacts", "import", _file(tmp_path, BAD)])
    assert result.exit_code != 0
    lines = result.stderr.splitlines()
    assert lines[0] == "Rad 3: ”inte-en-adress” är inte en e-postadress."
    assert lines[1] == "Rad 4: Det finns ingen organisation med koden ”kommun-9999”."
    assert lines[2] == "Rad 5: Upprepar rad 2 (samma organisation och e-postadress)."
    assert lines[3] == "Rad 6: Väntade 4 kolumner (organisation, name, email, role), hittade 2."
    assert lines[4] == "Rad 7: Namnet saknas."
    assert lines[5] == "Filen har 5 problem; ingenting importerades."
    assert _contacts(app) == []
    assert _events(app) == 0


def test_the_problems_are_in_english_under_an_english_shell(app, runner, reference, tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    result = runner.invoke(args=["contacts", "import", _file(tmp_path, BAD)])
    assert result.exit_code != 0
    assert "Line 3: “inte-en-adress” is not an e-mail address." in result.stderr
    assert "Line 5: Repeats line 2 (the same organisation and e-mail)." in result.stderr
    assert _contacts(app) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Rad 1: Filen är tom. Den behöver rubrikraden ”organisation,name,email,role”."),
        ("\n\n", "Rad 1: Filen är tom."),
        ("organisation,name,email\nkommun-0180,Anna,anna@stockholm.example\n", "Rad 1: Första raden måste vara"),
        ("organisation;name;email;role\nkommun-0180;Anna;anna@@x;\n", "Rad 2: ”anna@@x” är inte en e-postadress."),
        (
            HEADER + f"kommun-0180,{'A' * 201},a@stockholm.example,\n",
            "Rad 2: Ett namn eller en roll får vara högst 200",
        ),
    ],
)
def test_an_empty_file_a_missing_column_or_a_too_long_name_is_refused(app, runner, reference, tmp_path, text, message):
    result = runner.invoke(args=["contacts", "import", _file(tmp_path, text)])
    assert result.exit_code != 0
    assert message in result.stderr
    assert _contacts(app) == []


def test_a_missing_file_is_one_line_and_no_traceback(app, runner, reference, tmp_path):
    result = runner.invoke(args=["contacts", "import", str(tmp_path / "saknas.csv")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "saknas.csv" in result.stderr


def test_export_then_import_changes_nothing(app, runner, reference, tmp_path):
    tricky = HEADER + 'kommun-0180,"Ek, Eva",eva@stockholm.example,=chef\n' + GOOD.removeprefix(HEADER)
    assert runner.invoke(args=["contacts", "import", _file(tmp_path, tricky)]).exit_code == 0
    stored, events = _contacts(app), _events(app)
    output = tmp_path / "export.csv"
    exported = runner.invoke(args=["contacts", "export", "--output", str(output)])
    assert exported.exit_code == 0, exported.output
    text = output.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "organisation,name,email,role"
    assert 'kommun-0180,"Ek, Eva",eva@stockholm.example,\'=chef' in text  # a formula is never written as one
    assert len(text.splitlines()) == 5
    again = runner.invoke(args=["contacts", "import", str(output)])
    assert again.exit_code == 0, again.output
    assert "4 kontaktpersoner: 0 tillagda, 0 ändrade, 4 oförändrade." in again.output
    assert _contacts(app) == stored
    assert _events(app) == events + 1  # the export itself is recorded, the import changed nothing


def test_export_to_stdout(app, runner, reference, tmp_path):
    assert runner.invoke(args=["contacts", "import", _file(tmp_path, GOOD)]).exit_code == 0
    result = runner.invoke(args=["contacts", "export"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "organisation,name,email,role",
        "kommun-0180,Anna Andersson,anna.andersson@stockholm.example,planeringschef",
        "kommun-0180,Bo Berg,bo.berg@stockholm.example,GIS-samordnare",
        "kommun-2580,Cecilia Ek,cecilia@lulea.example,",
    ]
