"""The interface languages: one list, in configuration (`LANGUAGES`, default `sv,en`), Swedish the default.

Adding a language takes a translation catalogue (`translations/<code>/LC_MESSAGES/messages.po`) and, where wanted,
the questionnaire texts in it. Every stored text that lacks the language shows in the default language; an
interface string the catalogue lacks shows in English, its message id, as gettext does.
"""

from collections.abc import Sequence
from functools import cache

from babel import Locale, UnknownLocaleError
from flask import current_app, has_app_context
from flask_babel import get_locale

#: The language of the interface when nobody chose another, and of every text that lacks the one asked for.
DEFAULT_LANGUAGE = "sv"

#: Every stored text (questionnaire files, names of organisations, counties, rounds and topics) is written in
#: these; other languages are optional.
BASE_LANGUAGES: tuple[str, ...] = ("sv", "en")


def parse_languages(setting: str | None) -> tuple[str, ...]:
    """The languages of a `LANGUAGES` setting ("sv,en,fi"), in the order the language menu shows them.

    The default language is always among them; an unknown code stops the start with one clear line.
    """
    codes = [code.strip() for code in (setting or "").split(",") if code.strip()]
    if not codes:
        return BASE_LANGUAGES
    for code in codes:
        if not is_language_code(code):
            raise SystemExit(f"LANGUAGES: {code!r} is not a language code (such as sv, en, fi)")
    if DEFAULT_LANGUAGE not in codes:
        raise SystemExit(f"LANGUAGES must include the default language {DEFAULT_LANGUAGE}, not only {setting!r}")
    return tuple(dict.fromkeys(codes))


def is_language_code(code: str) -> bool:
    """Whether `code` names a language that Babel (CLDR) knows, so its name and formats exist."""
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return False
    return code.isalpha() and code.islower()


def configured_languages() -> tuple[str, ...]:
    """The app's languages; outside an app (scripts, pure tests) the base languages."""
    if has_app_context():
        return tuple(current_app.config["LANGUAGES"])
    return BASE_LANGUAGES


def current_language() -> str:
    """The language of this request (or command), as Flask-Babel selected it; the default outside one."""
    locale = get_locale() if has_app_context() else None
    return str(locale) if locale is not None else DEFAULT_LANGUAGE


def other_languages(language: str, languages: Sequence[str] | None = None) -> list[str]:
    """The languages a reader of `language` may switch to, in the configured order."""
    return [code for code in (languages or configured_languages()) if code != language]


@cache
def language_name(code: str) -> str:
    """The name of a language in that language, capitalised as a menu entry: "Svenska", "English", "Suomi"."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]
