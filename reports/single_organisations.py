"""Tables about single organisations, for the charts that show them one by one (shown only where
`reports.groups.shows_organisations` allows): plain functions, DataFrames in and out."""

import pandas as pd

from questionnaire.model import Questionnaire


def partner_steps(answers: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Organisation × partner: the step today (1–5), NaN where not answered, not applicable or not asked."""
    today = {p.today.id: p.id for s in questionnaire.sections for p in s.partners}
    rows = answers[answers["question"].isin(today.keys())]
    rows = rows.assign(partner=rows["question"].map(today), step=pd.to_numeric(rows["value"], errors="coerce"))
    wide = rows.pivot_table(index="organisation", columns="partner", values="step", aggfunc="first")
    return wide.reindex(columns=[p for p in today.values() if p in wide.columns])


def counterpart_pairs(scores: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    """Region and länsstyrelse of the same county, per measure: county, measure, region, lst, difference.

    `difference` = region − länsstyrelse. Only counties where both have submitted and both scores exist; sorted by
    the size of the difference, largest first (ties by county and measure).
    """
    pair = scores[scores["type"].isin(["region", "lst"])].dropna(subset=["county"])
    long = pair.melt(id_vars=["county", "type"], value_vars=measures, var_name="measure", value_name="score")
    wide = long.pivot_table(index=["county", "measure"], columns="type", values="score", aggfunc="first")
    wide = wide.reindex(columns=["region", "lst"]).dropna().reset_index()
    wide.columns.name = None
    wide["difference"] = wide["region"] - wide["lst"]
    wide["size"] = wide["difference"].abs()
    wide = wide.sort_values(["size", "county", "measure"], ascending=[False, True, True], kind="mergesort")
    return wide.drop(columns="size").reset_index(drop=True)
