"""The organisation types: one registry of their codes, names, colours and demo profiles.

A new type is one entry here, its two names in the catalogues, and reference data: `load-reference` writes the
codes into the `organisation_types` table, which `organisations.type` refers to, and organisations of the new type
can then be loaded. Everything else (filters, labels, charts, the API's enum, `invite --type`, the questionnaire's
`applies_to`) reads this list, in this order.

The names are lazy (`lazy_gettext`): they take the language of the request they are shown in.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString


@dataclass(frozen=True)
class OrganisationTypeEntry:
    #: The code stored in `organisations.type` and used in files, the API and organisation codes (`kommun-0180`).
    code: str
    #: One organisation of the type ("Municipality").
    singular: LazyString
    #: The type as a group ("Municipalities").
    plural: LazyString
    #: Its colour in every chart (Okabe & Ito, colour-blind safe).
    colour: str
    #: Demo data: the type's mean step on the staircase before local variation.
    demo_level: float
    #: Demo data: the share of the type's organisations that answer a round (before the yearly increase).
    demo_participation: float


#: The registry, in the order types are listed and charted.
ORGANISATION_TYPES: tuple[OrganisationTypeEntry, ...] = (
    # code, singular, plural, colour (Okabe–Ito), demo level, demo participation
    OrganisationTypeEntry("region", _l("Region"), _l("Regions"), "#0072B2", 2.9, 0.85),
    OrganisationTypeEntry(
        "lst", _l("County administrative board"), _l("County administrative boards"), "#D55E00", 2.6, 0.7
    ),
    OrganisationTypeEntry("kommun", _l("Municipality"), _l("Municipalities"), "#009E73", 2.3, 0.55),
    OrganisationTypeEntry("agency", _l("National agency"), _l("National agencies"), "#CC79A7", 2.5, 0.6),
    OrganisationTypeEntry("other", _l("Other organisation"), _l("Other organisations"), "#E69F00", 2.7, 0.9),
)  # fmt: skip


def type_codes() -> tuple[str, ...]:
    """The codes, in the registry's order. Read at call time, so nothing holds a copy of an older registry."""
    return tuple(entry.code for entry in ORGANISATION_TYPES)


def organisation_type(code: str) -> OrganisationTypeEntry:
    """The registry entry of `code`; KeyError for a code that is not registered."""
    for entry in ORGANISATION_TYPES:
        if entry.code == code:
            return entry
    raise KeyError(code)


def singular_name(code: str) -> str:
    """ "Municipality" in the request's language; an unregistered code shows as itself."""
    return str(organisation_type(code).singular) if code in type_codes() else code


def plural_name(code: str) -> str:
    """ "Municipalities" in the request's language; an unregistered code shows as itself."""
    return str(organisation_type(code).plural) if code in type_codes() else code
