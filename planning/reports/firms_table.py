"""The per-firm table ('一企一策' list): one row per firm with its tags, track, actions and why."""

from __future__ import annotations

import pandas as pd

from planning.strategy.strategies import StrategyResult

COLUMNS = (
    ("credit_code", "统一社会信用代码", "Credit code"),
    ("name", "企业名称", "Enterprise"),
    ("city", "地市", "City"),
    ("county", "区县", "County"),
    ("division", "行业大类", "Division"),
    ("key_sector", "重点行业", "Key sector"),
    ("size_class", "企业规模", "Size"),
    ("tier", "数字化基础", "Digital foundation"),
    ("score", "得分", "Score"),
    ("track", "路径", "Track"),
    ("rule", "规则", "Rule"),
    ("actions", "措施", "Actions"),
    ("explanation", "说明", "Explanation"),
)


FUNDING_COLUMNS = (
    ("funded_actions", "获支持措施", "Funded actions"),
    ("years", "实施年度", "Years"),
    ("investment_wan", "投资（万元）", "Investment (万元)"),
    ("subsidy_wan", "补助（万元）", "Subsidy (万元)"),
    ("own_funds_wan", "自筹（万元）", "Own funds (万元)"),
)


def firms_table(result: StrategyResult, lang: str = "zh", plan=None) -> pd.DataFrame:
    frame, config = result.frame, result.config
    zh = lang == "zh"
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
        "actions": frame["actions"].map(
            lambda ids: ("、" if zh else "; ").join(catalogue[a].label(lang) for a in str(ids).split(";") if a in catalogue)),
        "explanation": [result.explain_text(i, lang) for i in range(len(frame))],
    })
    columns = list(COLUMNS)
    if plan is not None:
        funded = plan.firm_lines()
        out["funded_actions"] = funded["funded_actions"].reindex(frame.index).fillna("")
        out["years"] = funded["years"].reindex(frame.index).fillna("")
        for key in ("investment_wan", "subsidy_wan", "own_funds_wan"):
            out[key] = funded[key].reindex(frame.index).fillna(0.0).round(4)
        columns += list(FUNDING_COLUMNS)
    out.columns = [zh_label if zh else en_label for _, zh_label, en_label in columns]
    return out
