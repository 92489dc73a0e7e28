"""Every database read of the dashboards and of `/results`, returned as plain DataFrames.

Views, page builders and figure builders never touch the database: they call these functions and work on what
comes back. The column names are the contract.

Group figures come from the tables kept when answers change state, never from raw answers per view, so a page costs
the same at ten thousand responses a round as at ten (`services/stored_tables/`, rules in `reports/tallies.py`):

- `group_statistics`, `trend_statistics` → the tables of `reports.groups.describe` per selection or per round
  (n, mean, median, min, max, q1, q3, suppressed) of the scores and the number answers, for the selection;
- `selection_size`, `trend_sizes` → how many submitted responses a selection has (per round and type);
- `answer_tallies`, `gap_tallies` → pre-counted answers and ambition gaps of the selection (`count` column);
- `participation_counts` → type, county, status, count (submitted, draft, not_started), counted by the database;
- `statistic_cells`, `tally_cells`, `gap_cells`, `participation_cells` → key, type, county, n: how many organisations
  each cell of the whole round has per figure, what `reports.disclosure` decides an anonymous round's figures on.

Per-organisation reads, for single organisations and for selections of at most a page's limit:

- `round_scores` → organisation, name_sv, name_en, type, county, the five dimensions, maturity_index (stored
  scores of submitted responses; optionally only some types, a county or some organisations);
- `round_answers` → organisation, question, value (submitted responses only; optionally some organisations);
- `followable_organisations` → organisation, name_sv, name_en of a selection over rounds, or None when too many;
- `round_participation`, `trend_scores`, `trend_answers` → the same per organisation (the checks of the
  aggregates compare with these).
"""

from services.dashboard_data.cells import gap_cells, participation_cells, statistic_cells, tally_cells
from services.dashboard_data.groups import (
    answer_tallies,
    gap_tallies,
    group_statistics,
    participation_counts,
    selection_size,
    trend_sizes,
    trend_statistics,
)
from services.dashboard_data.rows import (
    ANSWER_COLUMNS,
    NOT_STARTED,
    ORGANISATION_COLUMNS,
    PARTICIPATION_COLUMNS,
    SCORE_COLUMNS,
    STATUSES,
    counties,
    county_geojson,
    default_round,
    find_round,
    followable_organisations,
    organisations,
    questionnaire,
    round_answers,
    round_participation,
    round_scores,
    round_topics,
    rounds,
    submitted_rounds,
    trend_answers,
    trend_scores,
)

__all__ = [
    "ANSWER_COLUMNS",
    "NOT_STARTED",
    "ORGANISATION_COLUMNS",
    "PARTICIPATION_COLUMNS",
    "SCORE_COLUMNS",
    "STATUSES",
    "answer_tallies",
    "counties",
    "county_geojson",
    "default_round",
    "find_round",
    "followable_organisations",
    "gap_cells",
    "gap_tallies",
    "group_statistics",
    "organisations",
    "participation_cells",
    "participation_counts",
    "questionnaire",
    "round_answers",
    "round_participation",
    "round_scores",
    "round_topics",
    "rounds",
    "selection_size",
    "statistic_cells",
    "submitted_rounds",
    "tally_cells",
    "trend_answers",
    "trend_scores",
    "trend_sizes",
    "trend_statistics",
]
