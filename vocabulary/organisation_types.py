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
    OrganisationTypeEntry(
        code="region",
        singular=_l("Region"),
        plural=_l("Regions"),
        colour="#0072B2",
        demo_level=2.9,
        demo_participation=0.85,
    ),
    OrganisationTypeEntry(
        code="lst",
        singular=_l("County administrative board"),
        plural=_l("County administrative boards"),
        colour="#D55E00",
        demo_level=2.6,
        demo_participation=0.7,
    ),
    OrganisationTypeEntry(
        code="kommun",
        singular=_l("Municipality"),
        plural=_l("Municipalities"),
        colour="#009E73",
        demo_level=2.3,
        demo_participation=0.55,
    ),
    OrganisationTypeEntry(
        code="agency",
        singular=_l("National agency"),
        plural=_l("National agencies"),
        colour="#CC79A7",
        demo_level=2.5,
        demo_participation=0.6,
    ),
    OrganisationTypeEntry(
        code="other",
        singular=_l("Other organisation"),
        plural=_l("Other organisations"),
        colour="#E69F00",
        demo_level=2.7,
        demo_participation=0.9,
    ),
)


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
