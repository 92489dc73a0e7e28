"""Localised texts and the readers of stored names: the language asked for, else the default language."""

import pandas as pd
import pytest

from models import County
from vocabulary.localised import Localised, localised_attribute, localised_column


def test_a_localised_text_gives_the_language_asked_for_and_falls_back_to_swedish():
    text = Localised.of({"en": "Roles", "sv": "Roller", "fi": "Roolit"})
    assert [text.get(language) for language in ("sv", "en", "fi", "de")] == ["Roller", "Roles", "Roolit", "Roller"]
    assert text.languages == ("sv", "en", "fi")


def test_a_localised_text_needs_its_swedish_text():
    with pytest.raises(ValueError, match="sv"):
        Localised.of({"en": "Roles"})


def test_a_stored_name_is_read_in_the_language_asked_for_or_in_swedish():
    county = County(code="25", name_sv="Norrbottens län", name_en="Norrbotten County", geometry="{}")
    assert localised_attribute(county, "name", "en") == "Norrbotten County"
    assert localised_attribute(county, "name", "fi") == "Norrbottens län"
    assert county.name("fi") == "Norrbottens län"
    county.name_en = ""
    assert county.name("en") == "Norrbottens län"


def test_a_frame_column_is_chosen_by_language_with_the_swedish_column_as_fallback():
    frame = pd.DataFrame({"organisation": ["region-25"], "name_sv": ["Region Norrbotten"], "name_en": ["Norrbotten"]})
    assert localised_column(frame, "name", "en") == "name_en"
    assert localised_column(frame, "name", "fi") == "name_sv"
    row = frame.iloc[0]
    assert row[localised_column(row, "name", "en")] == "Norrbotten"
    assert row[localised_column(row, "name", "fi")] == "Region Norrbotten"
