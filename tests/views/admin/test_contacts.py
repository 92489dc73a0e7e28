"""An admin edits an organisation's names and its contact persons through the real pages (SPEC §8)."""

import re

import pytest
from sqlalchemy import select

from extensions import db
from models import Contact, Organisation
from tests.views.admin.test_rounds import Admin, audit_actions

ORG = "/admin/organisations/kommun-0180"


@pytest.fixture
def admin(app, reference):
    return Admin(app)


def _contacts(app, code="kommun-0180"):
    with app.app_context():
        query = select(Contact.name, Contact.email, Contact.role, Contact.language).join(Organisation)
        return [tuple(row) for row in db.session.execute(query.where(Organisation.code == code).order_by(Contact.id))]


def _contact_id(app, email):
    with app.app_context():
        return db.session.scalar(select(Contact.id).where(Contact.email == email))


def _add(admin, **fields):
    data = {"name": "Anna Andersson", "email": "anna@stockholm.example", "role": "planeringschef", "language": "sv"}
    return admin.post(f"{ORG}/contacts/new", {**data, **fields}, page=f"{ORG}/contacts/new")


def _error_beside(html: str, field: str) -> str:
    """The error text tied to the field by aria-describedby."""
    match = re.search(rf'<p class="error-message" id="{field}-error">(.*?)</p>', html, re.S)
    assert match, f"no error beside {field}"
    assert f'aria-describedby="{field}-error"' in html
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_an_admin_adds_a_contact_and_sees_it_on_the_organisation_page(app, admin):
    added = _add(admin)
    assert added.status_code == 302 and added.headers["Location"].startswith(ORG)
    assert _contacts(app) == [("Anna Andersson", "anna@stockholm.example", "planeringschef", "sv")]
    page = admin.get(ORG)
    assert "Anna Andersson" in page.text and "planeringschef" in page.text and "Kontaktpersoner" in page.text
    assert "contact.add" in audit_actions(app)


def test_a_bad_address_is_refused_beside_the_field_and_what_was_typed_stays(app, admin):
    refused = _add(admin, email="anna-at-stockholm", name="Anna Änglund")
    assert refused.status_code == 422
    assert _error_beside(refused.text, "email") == "Fel: Ange en e-postadress, till exempel namn@kommun.se."
    assert 'value="Anna Änglund"' in refused.text and 'value="anna-at-stockholm"' in refused.text
    assert 'value="planeringschef"' in refused.text
    assert "Inget sparades. Rätta följande:" in refused.text
    assert _contacts(app) == []
    english = admin.post(
        f"{ORG}/contacts/new?lang=en", {"name": "", "email": "x", "language": "en"}, page=f"{ORG}/contacts/new"
    )
    assert english.status_code == 422
    assert _error_beside(english.text, "email") == "Error: Enter an e-mail address such as name@kommun.se."
    assert _error_beside(english.text, "name") == "Error: Enter the contact person's name."
    assert _contacts(app) == []


def test_the_same_address_twice_is_refused_whatever_its_case(app, admin):
    assert _add(admin).status_code == 302
    again = _add(admin, email="ANNA@Stockholm.example", name="Anna igen")
    assert again.status_code == 422
    assert "anna@stockholm.example är redan kontaktperson" in _error_beside(again.text, "email")
    assert 'value="Anna igen"' in again.text
    assert len(_contacts(app)) == 1
    # Another organisation may have the same person.
    other = admin.post(
        "/admin/organisations/kommun-2580/contacts/new",
        {"name": "Anna Andersson", "email": "anna@stockholm.example", "language": "sv"},
        page="/admin/organisations/kommun-2580/contacts/new",
    )
    assert other.status_code == 302 and len(_contacts(app, "kommun-2580")) == 1


def test_an_admin_edits_and_removes_a_contact(app, admin):
    _add(admin)
    contact_id = _contact_id(app, "anna@stockholm.example")
    path = f"{ORG}/contacts/{contact_id}"
    form = admin.get(path)
    assert form.status_code == 200 and 'value="Anna Andersson"' in form.text
    bad = admin.post(path, {"name": "Anna A", "email": "inte en adress", "role": "chef", "language": "en"}, page=path)
    assert bad.status_code == 422 and 'value="inte en adress"' in bad.text and 'value="Anna A"' in bad.text
    assert _contacts(app) == [("Anna Andersson", "anna@stockholm.example", "planeringschef", "sv")]
    good = admin.post(
        path, {"name": "Anna A", "email": "anna.a@stockholm.example", "role": "GIS-samordnare", "language": "en"}
    )
    assert good.status_code == 302
    assert _contacts(app) == [("Anna A", "anna.a@stockholm.example", "GIS-samordnare", "en")]
    assert "contact.update" in audit_actions(app)
    removed = admin.post(f"{path}/remove", page=ORG)
    assert removed.status_code == 302
    assert _contacts(app) == []
    assert "contact.remove" in audit_actions(app)
    assert admin.get(path).status_code == 404


def test_a_contact_is_reached_only_through_its_own_organisation(app, admin):
    _add(admin)
    contact_id = _contact_id(app, "anna@stockholm.example")
    assert admin.get(f"/admin/organisations/kommun-2580/contacts/{contact_id}").status_code == 404
    wrong = admin.post(f"/admin/organisations/kommun-2580/contacts/{contact_id}/remove")
    assert wrong.status_code == 404
    assert len(_contacts(app)) == 1
    assert admin.get("/admin/organisations/kommun-9999/contacts/new").status_code == 404


def test_an_admin_renames_an_organisation(app, admin):
    path = f"{ORG}/names"
    page = admin.get(path)
    assert page.status_code == 200 and 'value="Stockholms stad"' in page.text
    empty = admin.post(path, {"name_sv": "", "name_en": "City of Stockholm (new)"}, page=path)
    assert empty.status_code == 422
    assert _error_beside(empty.text, "name_sv") == "Fel: Ange namnet på svenska."
    assert 'value="City of Stockholm (new)"' in empty.text
    english = admin.post(f"{path}?lang=en", {"name_sv": "Stockholm", "name_en": ""}, page=path)
    assert _error_beside(english.text, "name_en") == "Error: Give the name in English."
    saved = admin.post(path, {"name_sv": "Stockholms kommun", "name_en": "Stockholm Municipality"}, page=path)
    assert saved.status_code == 302
    with app.app_context():
        found = db.session.scalar(select(Organisation).where(Organisation.code == "kommun-0180"))
        assert (found.name_sv, found.name_en) == ("Stockholms kommun", "Stockholm Municipality")
    assert audit_actions(app).count("organisation.rename") == 1
    assert "Stockholms kommun" in admin.get(ORG).text


def test_a_post_without_the_csrf_token_changes_nothing(app, admin):
    refused = admin.client.post(f"{ORG}/contacts/new", data={"name": "A", "email": "a@stockholm.example"})
    assert refused.status_code == 400
    assert _contacts(app) == []
