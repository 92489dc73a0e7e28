"""The organisation types: one registry, and a new type is one entry there plus reference data."""

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from extensions import db
from models import Organisation, OrganisationType
from questionnaire.checks import QuestionnaireError, check_applies_to
from services.reference import load_reference
from tests.factories import log_in, user
from vocabulary import organisation_types
from vocabulary.organisation_types import (
    OrganisationTypeEntry,
    organisation_type,
    plural_name,
    singular_name,
    type_codes,
)

UNIVERSITY = OrganisationTypeEntry(
    code="university",
    singular=_l("University"),
    plural=_l("Universities"),
    colour="#56B4E9",
    demo_level=2.4,
    demo_participation=0.5,
)


def test_the_registry_names_each_type_in_the_request_s_language(app):
    assert type_codes() == ("region", "lst", "kommun", "agency", "other")
    with app.test_request_context("/?lang=sv"):
        assert (singular_name("lst"), plural_name("lst")) == ("Länsstyrelse", "Länsstyrelser")
    with app.test_request_context("/?lang=en"):
        assert (singular_name("kommun"), plural_name("kommun")) == ("Municipality", "Municipalities")
    assert singular_name("unknown-type") == plural_name("unknown-type") == "unknown-type"
    assert len({organisation_type(code).colour for code in type_codes()}) == len(type_codes())


def test_the_database_refuses_a_type_the_registry_does_not_have(app, reference):
    with app.app_context():
        assert sorted(db.session.scalars(select(OrganisationType.code))) == sorted(type_codes())
        db.session.add(
            Organisation(code="university-umu", name_sv="Umeå universitet", name_en="Umeå", type="university")
        )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


@pytest.fixture
def universities(monkeypatch, app):
    """The registry with one entry more, and a university as reference data."""
    monkeypatch.setattr(organisation_types, "ORGANISATION_TYPES", (*organisation_types.ORGANISATION_TYPES, UNIVERSITY))
    with app.app_context():
        load_reference(db.session)
        db.session.add(
            Organisation(
                code="university-umu",
                name_sv="Umeå universitet",
                name_en="Umeå University",
                type="university",
                county_code="24",
            )
        )
        db.session.commit()


def test_a_new_type_is_one_registry_entry_plus_reference_data(app, client, universities, open_round):
    assert check_applies_to(["university", "kommun"], "items[0].applies_to") == ("university", "kommun")
    log_in(app, client, user(app, "admin@example.se", "admin"))
    listed = client.get("/admin/organisations/?type=university&lang=en").get_data(as_text=True)
    assert "Umeå University" in listed and "Region Norrbotten" not in listed
    assert '<option value="university" selected>University</option>' in listed
    dashboard = client.get(f"/dashboard/overview?round={open_round}&type=university&lang=en")
    assert dashboard.status_code == 200
    page = dashboard.get_data(as_text=True)
    assert "is not an organisation type" not in page
    assert '<option value="university" selected>Universities</option>' in page


def test_without_its_registry_entry_a_type_is_unknown_everywhere(client, reference):
    with pytest.raises(QuestionnaireError, match="unknown organisation type 'university'"):
        check_applies_to(["university"], "items[0].applies_to")
