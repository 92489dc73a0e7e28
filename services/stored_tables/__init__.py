"""The stored scores and tables: computed once, when answers change state, and read cheaply by dashboards and the
API.

`response_scores` holds the SPEC §4 scores of every submitted response; `answer_tallies`, `ambition_gap_tallies`
and `group_statistics` are pre-aggregated from the same responses so that no dashboard reads raw answers per view.
The modules, each using only those above it:

- `inputs.py` reads what the tables are computed from (responses, answers, stored scores) in bulk;
- `compute.py` computes a round's scores and tables from that, for the whole round or what a few responses change
  (pure pandas, through `reports.scoring` and `reports.tallies`);
- `write.py` writes the computed rows;
- `refresh.py` decides when and how much: a submit or reopen, an import, seeding, a stale round, `flask rescore`;
- `read.py` reads the stored rows for the dashboards and the API.
"""

from services.stored_tables.read import (
    PRIORITY_COLUMNS,
    ROUND_SCORE_COLUMNS,
    round_priorities,
    round_scores,
    rounds_scores,
)
from services.stored_tables.refresh import (
    refresh_response_scores,
    refresh_responses,
    refresh_round_scores,
    refresh_stale_rounds,
    rescore_rounds,
)

__all__ = [
    "PRIORITY_COLUMNS",
    "ROUND_SCORE_COLUMNS",
    "refresh_response_scores",
    "refresh_responses",
    "refresh_round_scores",
    "refresh_stale_rounds",
    "rescore_rounds",
    "round_priorities",
    "round_scores",
    "rounds_scores",
]
