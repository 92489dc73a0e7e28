"""The dashboards' filters: round, organisation type and county, read from a plain GET form.

A value that does not exist never causes an error: the page says what was wrong, shows the field with its error
and falls back to all (or, for the round, to the latest round with answers).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from models import Round, Visibility
from reports.groups import MIN_GROUP_SIZE
from services import dashboard_data
from vocabulary.localised import localised_column
from vocabulary.organisation_types import plural_name, type_codes


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass
class Control:
    """A field of the filter form: its name, label, options, the chosen value and an error message if any.

    A `select` lists its options; a `text` field (for an organisation code when the selection is too large to
    list) shows `hint` under its label.
    """

    name: str
    label: str
    options: list[Option]
    selected: str = ""
    error: str | None = None
    kind: str = "select"
    hint: str | None = None


@dataclass
class Filters:
    round: Round | None
    type: str | None
    county: str | None
    args: MultiDict
    locale: str
    rounds: list[Round]
    counties: pd.DataFrame
    errors: dict[str, str] = field(default_factory=dict)
    controls: list[Control] = field(default_factory=list)

    @property
    def anonymous(self) -> bool:
        return self.round is not None and self.round.visibility == Visibility.ANONYMOUS

    @property
    def min_n(self) -> int | None:
        """Groups smaller than this are not shown (SPEC §4): only in anonymous rounds."""
        return MIN_GROUP_SIZE if self.anonymous else None

    def select(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of `frame` (with columns type and county) that the type and county filters keep."""
        if self.type:
            frame = frame[frame["type"] == self.type]
        if self.county:
            frame = frame[frame["county"] == self.county]
        return frame

    def county_names(self) -> dict[str, str]:
        column = localised_column(self.counties, "name", self.locale)
        return dict(zip(self.counties["county"], self.counties[column], strict=True))

    def query(self, **changes) -> dict[str, str]:
        """The filter's query parameters (without empty ones), with `changes` applied; for links and downloads."""
        params = {key: value for key, value in self.args.items() if value and key != "download"}
        params.update({key: value for key, value in changes.items() if value is not None})
        return {key: value for key, value in params.items() if value}

    def add_control(self, control: Control) -> None:
        if control.error:
            self.errors[control.name] = control.error
        self.controls.append(control)


def read_filters(session: Session, args: MultiDict, locale: str) -> Filters:
    rounds = dashboard_data.rounds(session)
    counties = dashboard_data.counties(session)
    errors: dict[str, str] = {}
    found = None
    slug = args.get("round", "").strip()
    if slug:
        found = next((r for r in rounds if r.slug == slug), None)
        if found is None:
            errors["round"] = _("There is no round “%(slug)s”. Showing the latest round instead.", slug=slug)
    found = found or dashboard_data.default_round(session)
    organisation_type = args.get("type", "").strip() or None
    if organisation_type and organisation_type not in type_codes():
        errors["type"] = _("“%(type)s” is not an organisation type. Showing all types.", type=organisation_type)
        organisation_type = None
    county = args.get("county", "").strip() or None
    if county and county not in set(counties["county"]):
        errors["county"] = _("There is no county with the code “%(code)s”. Showing all counties.", code=county)
        county = None
    filters = Filters(found, organisation_type, county, args, locale, rounds, counties, errors)
    filters.controls = _controls(filters)
    return filters


def _controls(filters: Filters) -> list[Control]:
    names = filters.county_names()
    return [
        Control(
            "round",
            _("Round"),
            [Option(r.slug, r.title(filters.locale)) for r in reversed(filters.rounds)],
            filters.round.slug if filters.round else "",
            filters.errors.get("round"),
        ),
        Control(
            "type",
            _("Organisation type"),
            [Option("", _("All types")), *(Option(t, plural_name(t)) for t in type_codes())],
            filters.type or "",
            filters.errors.get("type"),
        ),
        Control(
            "county",
            _("County"),
            [Option("", _("All counties")), *(Option(code, name) for code, name in names.items())],
            filters.county or "",
            filters.errors.get("county"),
        ),
    ]


def choose(filters: Filters, name: str, label_text: str, options: list[Option], default: str, message: str) -> str:
    """A page's own select (organisation, measure, region): the chosen value, or `default` with an error shown.

    `message` is the error for an unknown value; it may use %(value)s.
    """
    wanted = filters.args.get(name, "").strip()
    known = {option.value for option in options}
    error = None
    if wanted and wanted not in known:
        error = message % {"value": wanted}
        wanted = ""
    chosen = wanted or default
    filters.add_control(Control(name, label_text, options, chosen, error))
    return chosen


def choose_code(
    filters: Filters, name: str, label_text: str, hint: str, known: Callable[[str], bool], message: str
) -> str:
    """A page's text field for an organisation code, where the selection has too many organisations to list: the
    code typed if `known(code)`, else "" with an error shown (`message` may use %(value)s)."""
    wanted = filters.args.get(name, "").strip()
    error = None
    if wanted and not known(wanted):
        error = message % {"value": wanted}
        wanted = ""
    filters.add_control(Control(name, label_text, [], wanted, error, kind="text", hint=hint))
    return wanted
