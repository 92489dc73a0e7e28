"""Texts in several languages, and readers that give a stored name in the reader's language.

The rule everywhere: the text in the language asked for, else the text in the default language (Swedish). So a
new interface language shows every name that has no translation yet in Swedish rather than failing or showing
nothing.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from vocabulary.languages import DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Localised:
    """One text in several languages, always with the default language. Immutable and hashable."""

    #: (language, text) pairs, the default language's first; build it with `Localised.of`.
    translations: tuple[tuple[str, str], ...]
    #: The same pairs as a dict: a questionnaire page reads a few hundred texts, so the lookup must be cheap.
    _by_language: dict[str, str] = field(init=False, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_language", dict(self.translations))

    @classmethod
    def of(cls, texts: Mapping[str, str]) -> "Localised":
        default = texts.get(DEFAULT_LANGUAGE)
        if not default:
            raise ValueError(f"a localised text needs its {DEFAULT_LANGUAGE} text")
        others = tuple((language, text) for language, text in texts.items() if language != DEFAULT_LANGUAGE)
        return cls(((DEFAULT_LANGUAGE, default), *others))

    def get(self, language: str) -> str:
        """The text in `language`, falling back to the default language."""
        return self._by_language.get(language) or self.translations[0][1]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(language for language, _text in self.translations)


def localised_attribute(record: Any, field: str, language: str) -> str:
    """`record.<field>_<language>` (an ORM object or any object), falling back to the default language.

    Stored names come as one column per language (`name_sv`, `name_en`); a language without a column, or with an
    empty value, reads the default language's column.
    """
    value = getattr(record, f"{field}_{language}", None)
    return value if value else getattr(record, f"{field}_{DEFAULT_LANGUAGE}")


def localised_column(columns: Any, field: str, language: str) -> str:
    """The column of a frame (or anything with `.columns`, or a list of names) holding `field` in `language`.

    `name` in English reads `name_en`; in a language the frame has no column for, `name_sv`.
    """
    names = columns.columns if hasattr(columns, "columns") else columns
    column = f"{field}_{language}"
    return column if column in names else f"{field}_{DEFAULT_LANGUAGE}"
