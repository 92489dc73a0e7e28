"""The list of interface languages comes from configuration, with Swedish always among them."""

import pytest

from vocabulary.languages import language_name, other_languages, parse_languages


def test_the_languages_setting_is_a_comma_separated_list_defaulting_to_swedish_and_english():
    assert parse_languages(None) == ("sv", "en")
    assert parse_languages("") == ("sv", "en")
    assert parse_languages(" sv, en ,fi,sv") == ("sv", "en", "fi")


@pytest.mark.parametrize(("setting", "message"), [("sv,xx", "'xx' is not a language code"), ("en,fi", "default")])
def test_a_wrong_languages_setting_stops_the_start_with_one_clear_line(setting, message):
    with pytest.raises(SystemExit, match=message):
        parse_languages(setting)


def test_each_language_is_offered_by_its_own_name():
    assert other_languages("sv", ("sv", "en", "fi")) == ["en", "fi"]
    assert [language_name(code) for code in ("sv", "en", "fi")] == ["Svenska", "English", "Suomi"]
