"""Every string a user can see exists in Swedish and English."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import PROJECT

SOURCES = [
    "app.py",
    "config.py",
    "commands",
    "forms",
    "models",
    "questionnaire",
    "reports",
    "services",
    "views",
    "vocabulary",
    "templates",
]


def test_the_swedish_catalogue_translates_every_string_in_the_code(tmp_path):
    template = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    sources = [s for s in SOURCES if (PROJECT / s).exists()]
    subprocess.run(
        [
            str(pybabel),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(template),
            *sources,
        ],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as handle:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    with (PROJECT / "translations/sv/LC_MESSAGES/messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale="sv")
    translated = {}
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        translated[key] = all(strings) and "fuzzy" not in message.flags
    missing = sorted(wanted - translated.keys())
    untranslated = sorted(key for key in wanted & translated.keys() if not translated[key])
    assert not missing, f"not in the Swedish catalogue (run `make extract-messages`): {missing}"
    assert not untranslated, f"untranslated or fuzzy in Swedish: {untranslated}"
    assert not catalogue.fuzzy


def test_swedish_is_the_default_and_english_is_one_click_away(client):
    home = client.get("/")
    assert '<html lang="sv">' in home.text and "Logga in" in home.text
    switch = client.get("/lang/en?next=/")
    assert switch.status_code == 302
    english = client.get("/")
    assert '<html lang="en">' in english.text and "Log in" in english.text
    assert 'hreflang="sv"' in english.text
    assert client.get("/?lang=sv").text.count("Logga in") >= 1


@pytest.mark.parametrize("target", ["/%0Ax", "/%0D%0ASet-Cookie:%20x=1", "/%7F"])
def test_a_language_switch_to_a_target_with_a_control_character_goes_to_the_start_page(client, target):
    switch = client.get(f"/lang/en?next={target}")
    assert switch.status_code == 302 and switch.headers["Location"] == "/"
    assert '<html lang="en">' in client.get("/").text
