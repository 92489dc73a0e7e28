"""Contact persons are personal data: in export-person, erase-person (command and page) and prune-contacts."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from extensions import db
from models import AuditEvent, Contact, Invitation, utcnow
from services.contacts import ContactDetails, add_contact
from tests.factories import invitation_link, organisation
from tests.views.admin.test_rounds import Admin

PERSON = "lena@lulea.example"


@pytest.fixture(autouse=True)
def swedish(monkeypatch):
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")


@pytest.fixture
def contacts(app, reference):
    """Lena is a contact of two organisations; Olle of one."""
    with app.app_context():
        for code, name, email in (
            ("kommun-2580", "Lena Luleå", "Lena@Lulea.example"),
            ("region-25", "Lena Luleå", PERSON),
            ("kommun-2580", "Olle Öberg", "olle@lulea.example"),
        ):
            add_contact(db.session, organisation(code), ContactDetails(name, email, "planeringschef"), actor="test")
        db.session.commit()


def _emails(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Contact.email).order_by(Contact.email)))


def test_export_person_lists_the_contact_rows(app, runner, contacts):
    exported = runner.invoke(args=["export-person", "LENA@lulea.example"])
    assert exported.exit_code == 0, exported.output
    rows = json.loads(exported.output)["contact_persons"]
    assert sorted(row["organisation"] for row in rows) == ["kommun-2580", "region-25"]
    assert {(row["name"], row["email"], row["role"], row["language"]) for row in rows} == {
        ("Lena Luleå", PERSON, "planeringschef", "sv")
    }


def test_erase_person_removes_the_contact_rows_and_leaves_the_others(app, runner, contacts):
    erased = runner.invoke(args=["erase-person", PERSON, "--yes"])
    assert erased.exit_code == 0, erased.output
    assert "Borttagen som kontaktperson för 2 organisationer." in erased.output
    assert _emails(app) == ["olle@lulea.example"]
    with app.app_context():
        events = db.session.scalars(select(AuditEvent)).all()
        assert not [e for e in events if "lena" in json.dumps(e.detail).lower()]
    assert runner.invoke(args=["export-person", PERSON]).exit_code != 0  # nothing is stored any more


def test_the_privacy_page_shows_exports_and_erases_a_contact(app, contacts):
    admin = Admin(app)
    found = admin.get(f"/admin/privacy/?email={PERSON}")
    assert found.status_code == 200
    assert "Kontaktperson för Luleå kommun" in found.text and "Kontaktperson för Region Norrbotten" in found.text
    exported = admin.post("/admin/privacy/export", {"email": PERSON}, page="/admin/privacy/")
    assert len(json.loads(exported.data)["contact_persons"]) == 2
    erased = admin.post("/admin/privacy/erase", {"email": PERSON, "confirm": "y"}, page="/admin/privacy/")
    assert erased.status_code == 302
    assert "Borttagen som kontaktperson för 2 organisationer." in admin.get("/admin/privacy/").text
    assert _emails(app) == ["olle@lulea.example"]


def test_prune_removes_old_contacts_of_organisations_no_longer_invited(app, runner, open_round, contacts):
    with app.app_context():
        long_ago = utcnow() - timedelta(days=app.config["CONTACT_RETENTION_DAYS"] + 1)
        for contact in db.session.scalars(select(Contact).where(Contact.email == PERSON)):
            contact.updated_at = long_ago
        db.session.commit()
    # Luleå is invited now, so its old contact stays; Region Norrbotten has not been invited since.
    invitation_link(app, open_round, "kommun-2580")
    dry = runner.invoke(args=["prune-contacts", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "1 kontaktpersoner för organisationer som inte bjudits in på 730 dagar" in dry.output
    assert len(_emails(app)) == 3
    done = runner.invoke(args=["prune-contacts"])
    assert done.exit_code == 0, done.output
    with app.app_context():
        left = db.session.execute(select(Contact.email, Contact.organisation_id).order_by(Contact.email)).all()
        codes = {row.organisation_id for row in left}
        assert [row.email for row in left] == [PERSON, "olle@lulea.example"]
        assert codes == {organisation("kommun-2580").id}
        assert db.session.scalar(select(Invitation.id)) is not None
