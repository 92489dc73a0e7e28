"""Disclosure control of anonymous rounds: which group figures may be shown outside admin views.

The rule (SPEC §4, "a round with `anonymous` visibility never shows a group of fewer than 3 organisations outside
admin views"), made to hold across filters:

- A *selection* is the nation, an organisation type, a county, or a type in a county; a row of a by-type or
  by-county table is the selection of that type or county within the filters. Every selection is a sum of *cells*
  (a type in a county; organisations without a county form a cell of their own that only the type and the nation
  contain), counted per figure: the organisations that have a value for it (a score, a number answer, an answer
  to a question, a pair of steps, an organisation asked).
- A selection's figures (mean, median, quartiles, shares, counts of an answer, points) are shown only when it has
  at least 3 organisations **and** no group of fewer than 3 can be worked out by adding and subtracting the
  figures of all the selections shown: no cell of 1 or 2 organisations, and no two cells of one organisation each
  (their sum or difference), lie in the span of the selections shown. So when a county of four shows its mean and
  its three municipalities show theirs, the one left over — the region — could be computed: one of the two is
  hidden (a type in a county before a county, a county before a type, a type before the nation; the smaller
  first among equals).
  The same holds for every pair: when a selection A contains a shown B, what is in A but not in B is 0 or ≥ 3
  organisations.
- Minimum and maximum are never shown in an anonymous round: the extreme is one organisation's value.
- A selection that is hidden keeps its n (how many organisations it has), never a figure of them.

Named rounds and admin views are unaffected. Everything here is plain functions over DataFrames; the counts of the
cells come from the stored tables (`services.dashboard_data.disclosure_cells`), and every table of group figures
an anonymous round shows goes through `guard`.
"""

from functools import lru_cache

import numpy as np
import pandas as pd

from reports.groups import MIN_GROUP_SIZE

#: County of the cell of organisations without one (the same as `reports.tallies.NO_COUNTY`).
NO_COUNTY = ""
#: Never shown in an anonymous round.
EXTREMES = ["min", "max"]
#: Columns of a table of cell counts: `key` names the figure (a measure, a question, a partner).
CELL_COLUMNS = ["key", "type", "county", "n"]
#: A selection: (type or None for every type, county or None for every county).
Selection = tuple[str | None, str | None]
_TOLERANCE = 1e-9
#: Which selection a working-out uses is hidden first: the most specific.
_SPECIFICITY = {(True, True): 0, (False, True): 1, (True, False): 2, (False, False): 3}


def count_cells(frame: pd.DataFrame, key: str = "") -> pd.DataFrame:
    """Cell counts (key, type, county, n) of `frame`, one row per organisation with columns type and county (None or
    NO_COUNTY where it has none)."""
    counties = frame["county"].fillna(NO_COUNTY).astype(object)
    counts = frame.assign(county=counties).groupby(["type", "county"]).size().rename("n").reset_index()
    return counts.assign(key=key)[CELL_COLUMNS]


def _selections(cells: tuple[tuple[str, str, int], ...]) -> dict[Selection, np.ndarray]:
    """Every selection the filters can reach, as a 0/1 vector over the cells."""
    types = sorted({t for t, _c, _n in cells})
    counties = sorted({c for _t, c, _n in cells if c != NO_COUNTY})
    wanted: list[Selection] = [(None, None), *((t, None) for t in types), *((None, c) for c in counties)]
    wanted += [(t, c) for t, c, _n in cells if c != NO_COUNTY]
    vectors = {}
    for type_, county in wanted:
        vectors[(type_, county)] = np.array(
            [(type_ in (None, t)) and (county in (None, c)) for t, c, _n in cells], dtype=float
        )
    return vectors


def _exposed(matrix: np.ndarray, sizes: np.ndarray) -> list[np.ndarray]:
    """The small groups (a cell of 1–2, or two cells of 1: sum or difference) that the rows of `matrix` determine."""
    _u, singular, vt = np.linalg.svd(matrix) if len(matrix) else (None, np.array([]), np.eye(len(sizes)))
    rank = int((singular > _TOLERANCE).sum())
    null = vt[rank:]  # a vector lies in the rows' span exactly when the null space is orthogonal to it
    found = []
    small = [i for i, size in enumerate(sizes) if 0 < size < MIN_GROUP_SIZE]
    ones = [i for i in small if sizes[i] == 1]
    for i in small:
        if np.abs(null[:, i]).max(initial=0) < _TOLERANCE:
            found.append(np.eye(len(sizes))[i])
    for position, i in enumerate(ones):
        for j in ones[position + 1 :]:
            for sign in (1.0, -1.0):
                if np.abs(null[:, i] + sign * null[:, j]).max(initial=0) < _TOLERANCE:
                    found.append(np.eye(len(sizes))[i] + sign * np.eye(len(sizes))[j])
    return found


def _determined(matrix: np.ndarray, target: np.ndarray) -> tuple[bool, np.ndarray]:
    """Whether `target` is a combination of the rows of `matrix`, and the weights of the combination."""
    if not len(matrix):
        return False, np.array([])
    weights = np.linalg.lstsq(matrix.T, target, rcond=None)[0]
    return bool(np.allclose(matrix.T @ weights, target, atol=_TOLERANCE**0.5)), weights


def _to_hide(shown: dict, names: list, matrix: np.ndarray, target: np.ndarray, sizes: np.ndarray) -> Selection:
    _found, weights = _determined(matrix, target)
    used = [s for s, w in zip(names, weights, strict=True) if abs(w) > 1e-6]
    used.sort(key=lambda s: (_SPECIFICITY[(s[0] is not None, s[1] is not None)], shown[s] @ sizes, str(s)))
    for candidate in used:
        rest = np.array([shown[s] for s in names if s != candidate])
        if not _determined(rest, target)[0]:
            return candidate
    return used[0]


def _parents(selection: Selection) -> list[Selection]:
    type_, county = selection
    return [p for p in ((None, county), (type_, None), (None, None)) if p != selection]


def _without_small_complements(shown: dict[Selection, np.ndarray], sizes: np.ndarray) -> dict:
    """The first, quick pass: a selection goes when a larger one that holds it (the same county without the type,
    the same type in every county, the nation) has 1 or 2 organisations more. The widest go first, so that a
    selection already hidden holds back none inside it."""
    for selection in sorted(shown, key=lambda s: -_SPECIFICITY[(s[0] is not None, s[1] is not None)]):
        size = shown[selection] @ sizes
        for parent in _parents(selection):
            if parent in shown and 0 < shown[parent] @ sizes - size < MIN_GROUP_SIZE:
                del shown[selection]
                break
    return shown


@lru_cache(maxsize=4096)
def _shown(cells: tuple[tuple[str, str, int], ...]) -> frozenset[Selection]:
    vectors = _selections(cells)
    sizes = np.array([n for _t, _c, n in cells], dtype=float)
    shown = {s: v for s, v in vectors.items() if v @ sizes >= MIN_GROUP_SIZE}
    shown = _without_small_complements(shown, sizes)
    while shown:
        names = sorted(shown, key=lambda s: (s[0] or "", s[1] or ""))
        matrix = np.array([shown[s] for s in names])
        exposed = _exposed(matrix, sizes)
        if not exposed:
            break
        # Hide, for each group that could be worked out, a selection its working-out uses: the first, most specific
        # and smallest, whose hiding alone stops it, so the wider selections stay where they can.
        hide = {_to_hide(shown, names, matrix, target, sizes) for target in exposed}
        for selection in hide:
            del shown[selection]
    return frozenset(shown)


def shown_selections(cells: pd.DataFrame) -> frozenset[Selection]:
    """The selections whose figures may be shown, for the cell counts (type, county, n) of one figure."""
    counts: dict[tuple[str, str], int] = {}
    for type_, county, n in zip(cells["type"], cells["county"], cells["n"], strict=True):
        counts[(str(type_), str(county))] = counts.get((str(type_), str(county)), 0) + int(n)
    return _shown(tuple((t, c, n) for (t, c), n in sorted(counts.items()) if n > 0))


def is_shown(cells: pd.DataFrame, type_: str | None, county: str | None, key: str = "") -> bool:
    """Whether the selection (type or None, county or None) may show its figures of `key`."""
    return (type_ or None, county or None) in shown_selections(cells[cells["key"] == key])


def guard(
    table: pd.DataFrame,
    cells: pd.DataFrame,
    *,
    type_: str | None = None,
    county: str | None = None,
    by: str | None = None,
    key: str | None = None,
    n: str = "n",
) -> pd.DataFrame:
    """`table` of group figures of an anonymous round with the rule applied: rows whose selection may not be shown
    lose every figure but `n` and get `suppressed` True; min and max are blanked everywhere.

    The filters are `type_` and `county`; with `by` ("type" or "county") each row is that group within them (a row
    whose group is "all" is the filters' own selection). `key` names the column of the figure the row is about (a
    measure, a question, a partner), looked up in `cells` (key, type, county, n); without it every row's key is "".
    """
    table = table.copy()
    shown = {k: shown_selections(part) for k, part in cells.groupby("key")}
    keys = table[key] if key else [""] * len(table)
    groups = table[by] if by else [None] * len(table)
    hidden = []
    for row_key, group in zip(keys, groups, strict=True):
        group = None if group == "all" else group
        selection = (group if by == "type" else type_ or None, group if by == "county" else county or None)
        hidden.append(selection not in shown.get(row_key, frozenset()))
    before = table["suppressed"].to_numpy(dtype=bool) if "suppressed" in table.columns else False
    table["suppressed"] = np.asarray(hidden, dtype=bool) | before
    mask = table["suppressed"].to_numpy()
    for column in table.columns:
        if column not in (n, "suppressed", key, by) and _is_number(table[column]):
            blank = mask | (column in EXTREMES)
            table[column] = np.where(blank, np.nan, table[column].to_numpy(dtype=float))
    return table


def _is_number(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
