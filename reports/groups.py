"""Groups of organisations — a county, an organisation type, the nation — and what may be shown of them.

The rules (SPEC §4):

- A group's statistics are n, mean, median, min and max of its organisations' values; n counts the organisations
  that have a value (a null score is left out, never counted as zero). Quartiles (`q1`, `q3`) are added so that a
  distribution can be drawn as a box without sending any single organisation's value to the page.
- In a round with `anonymous` visibility no group of fewer than `MIN_GROUP_SIZE` organisations is shown outside
  admin views: every table of groups takes `min_n` (None where the rule does not apply) and `suppress` blanks the
  figures of a smaller group, marking it `suppressed`. That alone does not hold across filters (two groups of
  three or more can differ by one organisation): `reports.disclosure` applies the whole rule, and no min or max.
- Per-organisation figures (names, codes, one organisation's scores) are shown to admins in every round and to
  reviewers in `named` rounds only. A respondent sees other organisations only as a distribution.
"""

import numpy as np
import pandas as pd

from reports import scoring

#: The smallest group an anonymous round may show outside admin views.
MIN_GROUP_SIZE = 3
STATISTICS = ["n", "mean", "median", "min", "max", "q1", "q3"]
ADMIN = "admin"
REVIEWER = "reviewer"
ANONYMOUS = "anonymous"


def hides_small_groups(visibility: str, role: str | None) -> bool:
    """Whether the min-n rule applies: in an anonymous round, for everyone but admins."""
    return visibility == ANONYMOUS and role != ADMIN


def shows_organisations(visibility: str, role: str | None) -> bool:
    """Whether figures of single, named organisations may be shown: to admins always, to reviewers in named
    rounds, to nobody else (a respondent sees others only as a distribution)."""
    return role == ADMIN or (role == REVIEWER and visibility != ANONYMOUS)


def suppress(table: pd.DataFrame, min_n: int | None, n: str = "n") -> pd.DataFrame:
    """Blank every figure of a row whose group has fewer than `min_n` organisations; adds `suppressed`."""
    table = table.copy()
    table["suppressed"] = False if min_n is None else table[n] < min_n
    if min_n is not None:
        figures = [c for c in table.columns if c not in (n, "suppressed") and pd.api.types.is_numeric_dtype(table[c])]
        table[figures] = table[figures].astype(float)
        table.loc[table["suppressed"], figures] = np.nan
    return table


def describe(values: pd.DataFrame, columns: list[str], by: str | None = None, min_n: int | None = None) -> pd.DataFrame:
    """Long table of group statistics: [`by`,] `measure`, n, mean, median, min, max, q1, q3, suppressed.

    n, mean, median, min and max are `scoring.group_statistics` (nulls left out); a group with n < `min_n` keeps
    its n but loses its figures.
    """
    if values.empty:
        return pd.DataFrame(columns=[*([by] if by else []), "measure", *STATISTICS, "suppressed"])
    if by is None:
        stats = scoring.group_statistics(values[columns])
        stats["q1"] = values[columns].quantile(0.25)
        stats["q3"] = values[columns].quantile(0.75)
        table = stats.rename_axis("measure").reset_index()
    else:
        stats = scoring.group_statistics(values[[by, *columns]], by)
        stats.columns = stats.columns.set_names(["measure", "statistic"])
        table = stats.stack("measure", future_stack=True)
        grouped = values.groupby(by)[columns]
        for name, share in (("q1", 0.25), ("q3", 0.75)):
            table[name] = grouped.quantile(share).rename_axis(columns="measure").stack(future_stack=True)
        table = table.reindex(columns=STATISTICS).reset_index()
        table["measure"] = pd.Categorical(table["measure"], categories=columns)
        table = table.sort_values([by, "measure"], kind="mergesort")
        table["measure"] = table["measure"].astype(str)
        table = table.reset_index(drop=True)
        table.columns.name = None
    table["n"] = table["n"].astype(int)
    return suppress(table, min_n)
