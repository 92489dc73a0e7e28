"""A new interface language needs only its translation catalogue and a line of configuration.

The app here speaks Finnish as well, with a three-string catalogue compiled into the test's own directory; nothing in
the app's code knows Finnish. What has no Finnish text yet (questionnaire texts, names of rounds) shows in Swedish.
"""

import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from app import create_app
from extensions import db
from tests.api_helpers import bearer, token_for

FINNISH = {
    "Log in": "Kirjaudu sisään",
    "Skip to content": "Siirry sisältöön",
    "%(partner)s – today": "%(partner)s – tänään",
}


@pytest.fixture
def finnish_app(app, tmp_path):
    """The test app (its database already emptied by `app`) with Finnish added through configuration."""
    catalogue = Catalog(locale="fi")
    for english, finnish in FINNISH.items():
        catalogue.add(english, finnish)
    folder = tmp_path / "fi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as handle:
        write_mo(handle, catalogue)
    settings = {key: app.config[key] for key in ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "BASE_URL")}
    finnish = create_app(
        {**settings, "LANGUAGES": ("sv", "en", "fi"), "BABEL_TRANSLATION_DIRECTORIES": f"translations;{tmp_path}"}
    )
    yield finnish
    with finnish.app_context():
        db.session.remove()
        db.engine.dispose()


LANGUAGES = ("sv", "en", "fi")


def _texts(questionnaire: dict) -> dict:
    """The titles of a questionnaire answer: of its dimensions, of its items by id, of all options in order."""
    items = [item for dimension in questionnaire["dimensions"] for item in dimension["items"]]
    return {
        "dimensions": [dimension["title"] for dimension in questionnaire["dimensions"]],
        "items": {item["id"]: item["title"] for item in items},
        "options": [option["title"] for item in items for option in item["options"]],
    }


def _menu(html: str) -> list[str]:
    """The languages the page's language menu offers, by their hreflang."""
    return re.findall(r'hreflang="(\w+)"', html)


def test_a_page_in_the_new_language_is_translated_and_offers_the_other_two(finnish_app):
    client = finnish_app.test_client()
    page = client.get("/login?lang=fi").get_data(as_text=True)
    assert '<html lang="fi">' in page
    assert "Kirjaudu sisään" in page and "Siirry sisältöön" in page
    assert _menu(page) == ["sv", "en"]
    swedish = client.get("/login").get_data(as_text=True)
    assert '<html lang="sv">' in swedish and "Logga in" in swedish
    assert _menu(swedish) == ["en", "fi"] and ">Suomi</a>" in swedish


def test_the_choice_of_the_new_language_is_kept_for_the_session(finnish_app):
    client = finnish_app.test_client()
    assert client.get("/lang/fi?next=/login").status_code == 302
    assert '<html lang="fi">' in client.get("/login").get_data(as_text=True)


def test_the_api_takes_the_new_language_and_gives_swedish_where_no_finnish_text_exists(finnish_app, open_round):
    client = finnish_app.test_client()
    headers = bearer(token_for(finnish_app, "analyst@example.se", "reviewer"))
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["components"]["parameters"]["lang"]["schema"]["enum"] == ["sv", "en", "fi"]
    rounds = {
        language: client.get(f"/api/v1/rounds?lang={language}", headers=headers).get_json() for language in LANGUAGES
    }
    assert rounds["fi"] == rounds["sv"] != rounds["en"]
    path = f"/api/v1/rounds/{open_round}/questionnaire"
    texts = {
        language: _texts(client.get(f"{path}?lang={language}", headers=headers).get_json()) for language in LANGUAGES
    }
    assert texts["fi"]["dimensions"] == texts["sv"]["dimensions"] != texts["en"]["dimensions"]
    assert texts["fi"]["options"] == texts["sv"]["options"] != texts["en"]["options"]
    swedish_partner = texts["sv"]["items"]["d1_municipalities_today"].removesuffix(" – i dag")
    assert texts["fi"]["items"]["d1_municipalities_today"] == f"{swedish_partner} – tänään"
    assert client.get("/api/v1/rounds?lang=de", headers=headers).status_code == 400


def test_without_the_setting_the_new_language_is_refused(client):
    assert '<html lang="sv">' in client.get("/login?lang=fi").get_data(as_text=True)
    assert "fi" not in _menu(client.get("/login").get_data(as_text=True))


def test_a_document_without_a_text_in_the_new_language_shows_the_swedish_one(finnish_app):
    client = finnish_app.test_client()
    privacy = client.get("/privacy?lang=fi")
    assert privacy.status_code == 200
    page = privacy.get_data(as_text=True)
    assert '<html lang="fi">' in page and "<h1>Så behandlar vi personuppgifter</h1>" in page
    assert "<h1>Tillgänglighet för Samverkanstrappan</h1>" in client.get("/accessibility?lang=fi").get_data(
        as_text=True
    )
