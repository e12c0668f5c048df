"""The per-firm table ('一企一策' list): one row per firm with its tags, track, actions and why."""

from __future__ import annotations

import pandas as pd

from planning.reports.templates import Texts
from planning.strategy.explanations import explanation_text
from planning.strategy.strategies import StrategyResult

# Keys of the workbook style's columns, which name them in each language.
COLUMNS = ("credit_code", "name", "city", "county", "division", "key_sector", "size_class", "tier", "score", "track",
           "rule", "action_list", "explanation")
FUNDING_COLUMNS = ("funded_actions", "years", "investment_wan", "subsidy_wan", "own_funds_wan")


def firms_table(result: StrategyResult, lang: str = "zh", plan=None) -> pd.DataFrame:
    frame, config = result.frame, result.config
    texts = Texts.load(lang)
    separator = texts("list_separator")
    catalogue = config.catalogue.by_id()
    out = pd.DataFrame({
        "credit_code": frame["credit_code"], "name": frame["name"], "city": frame["city"],
        "county": frame["county"],
        "division": frame["division"].map(lambda v: config.name_of("division", v, lang), na_action="ignore"),
        "key_sector": frame["key_sector"].map(lambda v: config.name_of("key_sector", v, lang), na_action="ignore"),
        "size_class": frame["size_class"].map(lambda v: config.name_of("size_class", v, lang)),
        "tier": frame["tier"].map(lambda v: config.name_of("tier", v, lang)),
        "score": frame["score"].round(1),
        "track": frame["track"].map(lambda v: config.name_of("track", v, lang)),
        "rule": frame["rule"],
        "action_list": frame["actions"].map(
            lambda ids: separator.join(catalogue[a].label(lang) for a in str(ids).split(";") if a in catalogue)),
        "explanation": [explanation_text(result, i, lang) for i in range(len(frame))],
    })
    columns = list(COLUMNS)
    if plan is not None:
        funded = plan.firm_lines()
        out["funded_actions"] = funded["funded_actions"].reindex(frame.index).fillna("")
        out["years"] = funded["years"].reindex(frame.index).fillna("")
        for key in ("investment_wan", "subsidy_wan", "own_funds_wan"):
            out[key] = funded[key].reindex(frame.index).fillna(0.0).round(4)
        columns += list(FUNDING_COLUMNS)
    out.columns = texts.column_names(columns)
    return out
