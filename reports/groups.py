"""Groups of organisations — a county, an organisation type, the nation — and what may be shown of them.

Plain functions on the tables of `services/scores.py` (`round_scores`: one row per organisation with `type`,
`county` and score columns). The rules (SPEC §4):

- A group's statistics are n, mean, median, min and max of its organisations' values; n counts the organisations
  that have a value (a null score is left out, never counted as zero).
- In a round with `anonymous` visibility a group of fewer than 3 organisations is never shown outside admin views:
  `visible_group_statistics` drops it. Admins see every group.
- Per-organisation figures (names, codes, one organisation's scores) are shown to admins in every round and to
  reviewers in `named` rounds only. A respondent sees other organisations only as a distribution.
"""

from collections.abc import Sequence

import pandas as pd

from reports.scoring import SCORE_COLUMNS

#: The smallest group an anonymous round may show outside admin views.
MIN_GROUP_SIZE = 3
#: The group id of the whole country.
NATION = "SE"
#: Group level → the column that names the group (None: everyone is in the one group, the nation).
GROUP_LEVELS: dict[str, str | None] = {"nation": None, "type": "type", "county": "county"}
STATISTICS_COLUMNS = ["level", "group", "measure", "n", "mean", "median", "min", "max"]
ADMIN = "admin"
REVIEWER = "reviewer"
ANONYMOUS = "anonymous"


def statistics_by_group(values: pd.DataFrame, level: str, measures: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per group and measure: `level`, `group`, `measure`, `n`, `mean`, `median`, `min`, `max`.

    `measures` are the value columns to describe; by default the score columns (D1–D5, maturity index) present.

    `level` is `nation` (one group, `SE`, of every organisation), `type` (one group per organisation type) or
    `county` (one per county code; organisations without a county, such as agencies, belong to none). A group
    whose n is 0 for a measure still gets a row, with null statistics. Sorted by group, then measure as given.
    """
    if measures is None:
        measures = [column for column in SCORE_COLUMNS if column in values.columns]
    column = GROUP_LEVELS[level]
    frame = values.assign(_group=NATION if column is None else values[column])
    frame = frame.dropna(subset=["_group"])
    rows = []
    for group, members in frame.groupby("_group", sort=True):
        for measure in measures:
            series = pd.to_numeric(members[measure], errors="coerce").dropna().astype(float)
            rows.append(
                {
                    "level": level,
                    "group": group,
                    "measure": measure,
                    "n": len(series),
                    "mean": series.mean() if len(series) else float("nan"),
                    "median": series.median() if len(series) else float("nan"),
                    "min": series.min() if len(series) else float("nan"),
                    "max": series.max() if len(series) else float("nan"),
                }
            )
    table = pd.DataFrame(rows, columns=STATISTICS_COLUMNS)
    return table.astype({"n": "int64", "mean": float, "median": float, "min": float, "max": float})


def all_group_statistics(values: pd.DataFrame, measures: Sequence[str] | None = None) -> pd.DataFrame:
    """`statistics_by_group` for the nation, every organisation type and every county, one table."""
    tables = [statistics_by_group(values, level, measures) for level in GROUP_LEVELS]
    return pd.concat(tables, ignore_index=True)


def suppress_small_groups(statistics: pd.DataFrame, min_n: int = MIN_GROUP_SIZE) -> pd.DataFrame:
    """The rows of a statistics table whose n is at least `min_n`; the others are dropped, not blanked, so that
    neither a value nor the existence of a small group can be read from what is shown."""
    return statistics[statistics["n"] >= min_n].reset_index(drop=True)


def hides_small_groups(visibility: str, role: str | None) -> bool:
    """Whether the min-n rule applies: in an anonymous round, for everyone but admins."""
    return visibility == ANONYMOUS and role != ADMIN


def shows_organisations(visibility: str, role: str | None) -> bool:
    """Whether figures of single, named organisations may be shown: to admins always, to reviewers in named
    rounds, to nobody else (a respondent sees others only as a distribution)."""
    return role == ADMIN or (role == REVIEWER and visibility != ANONYMOUS)


def visible_group_statistics(
    values: pd.DataFrame,
    level: str,
    *,
    visibility: str,
    role: str | None,
    measures: Sequence[str] | None = None,
) -> pd.DataFrame:
    """`statistics_by_group`, with groups under the minimum dropped where `hides_small_groups` says so."""
    table = statistics_by_group(values, level, measures)
    return suppress_small_groups(table) if hides_small_groups(visibility, role) else table


def ambition_gap_statistics(gaps: pd.DataFrame, organisations: pd.DataFrame, level: str) -> pd.DataFrame:
    """Group statistics of the ambition gap per staircase partner (the `measure` column holds the partner id).

    `gaps` is `reports.scoring.ambition_gaps`; `organisations` has columns `organisation`, `type` and `county`.
    An organisation that rated a partner `na` on either side is not in that partner's n.
    """
    wide = gaps.pivot_table(index="organisation", columns="partner", values="gap", aggfunc="first")
    partners = sorted(gaps["partner"].unique())
    wide = wide.reindex(columns=partners)
    wide.columns.name = None
    merged = organisations[["organisation", "type", "county"]].merge(wide.reset_index(), on="organisation", how="inner")
    return statistics_by_group(merged, level, partners)
