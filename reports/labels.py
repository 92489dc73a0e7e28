"""Names of dimensions, measures and statuses as people read them, in the page's language.

Organisation types have theirs in their registry (vocabulary/organisation_types.py).

The strings are lazy (`lazy_gettext`): they become Swedish or English when they are used inside a request and stay
English outside one, so the figure builders run without Flask too (in tests, in scripts).
"""

from flask_babel import lazy_gettext as _l

DIMENSION_LABELS = {
    "staircase": _l("Collaboration staircase"),
    "roles": _l("Roles and mandates"),
    "resources": _l("Resources"),
    "gis": _l("GIS and digital planning data"),
    "accessibility": _l("Accessibility"),
    "maturity_index": _l("Maturity index"),
}

STATUS_LABELS = {
    "submitted": _l("Submitted"),
    "draft": _l("Draft"),
    "not_started": _l("Not started"),
}

MEASURE_LABELS = {**DIMENSION_LABELS, "response_rate": _l("Response rate")}


def label(labels: dict, key) -> str:
    """The label of `key`, or the key itself when there is none (a new type or dimension still shows)."""
    return str(labels.get(key, key))
