"""What the plan means for each firm of the roster: funded or not, with what, at which level it ends, and
why, in one sentence a planner can read to the firm. The command line writes it as JSON lines
(``plan --firms-out FILE.jsonl``); the workbook and the window show the same rows.

Coded columns (size_class, tier, track, rule, variant, programme) keep their codes, for scripts;
:func:`outcome_display` turns them into names for people. ``variant`` and ``cap_wan`` come from the
plan's lines when the allocation records them, else they are empty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planning.base import money as money_rules
from planning.base.messages import tr
from planning.budget.eligibility import reason_text
from planning.reports import formats
from planning.reports.templates import Texts

COLUMNS = ("credit_code", "name", "city", "division", "size_class", "tier", "track", "rule", "variant", "programme",
           "level_before", "level_after", "start_year", "investment_wan", "subsidy_wan", "cap_wan", "reason")


def _level(value: float) -> int | None:
    return None if np.isnan(value) else int(value)


def _joined(values) -> str:
    return ";".join(dict.fromkeys(str(v) for v in values if v is not None and v == v and str(v)))


def firm_outcomes(plan, lang: str = "zh") -> pd.DataFrame:
    """One row per roster firm, in roster order, with the columns of :data:`COLUMNS`."""
    frame = plan.strategy.frame
    lines = plan.lines
    texts = Texts.load(lang)
    n = len(frame)
    grouped = lines.groupby("firm", sort=False)
    funded = pd.Index(grouped.size().index)
    invest = grouped["investment_wan"].sum().reindex(range(n), fill_value=0.0)
    subsidy = grouped["subsidy_wan"].sum().reindex(range(n), fill_value=0.0)
    start = grouped["year"].min().reindex(range(n))
    programme = grouped["programme"].agg(_joined).reindex(range(n), fill_value="")
    variant = (grouped["variant"].agg(_joined) if "variant" in lines else pd.Series(dtype=object)).reindex(range(n))
    cap = (grouped["cap_wan"].max() if "cap_wan" in lines else pd.Series(dtype=float)).reindex(range(n))
    before = frame["miit_level"].to_numpy(dtype=float, na_value=np.nan)
    after = plan.levels_after()
    reasons = _reasons(plan, texts, funded, grouped, before, after)
    division = frame["division"].to_numpy(dtype=object)
    out = pd.DataFrame({
        "credit_code": frame["credit_code"].to_numpy(dtype=object),
        "name": frame["name"].to_numpy(dtype=object),
        "city": frame["city"].fillna("").to_numpy(dtype=object),
        "division": ["" if v is None or v != v else str(v) for v in division],
        "size_class": frame["size_class"].fillna("").to_numpy(dtype=object),
        "tier": frame["tier"].fillna("").to_numpy(dtype=object),
        "track": frame["track"].fillna("").to_numpy(dtype=object),
        "rule": frame["rule"].fillna("").to_numpy(dtype=object),
        "variant": variant.fillna("").to_numpy(dtype=object),
        "programme": programme.to_numpy(dtype=object),
        "level_before": pd.Series([_level(v) for v in before], dtype=object),
        "level_after": pd.Series([_level(v) for v in after], dtype=object),
        "start_year": pd.Series([None if v != v else int(v) for v in start.to_numpy(dtype=float)], dtype=object),
        "investment_wan": [money_rules.to_the_cent(v) for v in invest.to_numpy(dtype=float)],
        "subsidy_wan": [money_rules.to_the_cent(v) for v in subsidy.to_numpy(dtype=float)],
        "cap_wan": pd.Series([None if v != v else float(v) for v in cap.to_numpy(dtype=float)], dtype=object),
        "reason": reasons,
    }, columns=list(COLUMNS))
    return out


def _reasons(plan, texts: Texts, funded: pd.Index, grouped, before: np.ndarray, after: np.ndarray) -> list[str]:
    frame, config, policy, lang = plan.strategy.frame, plan.strategy.config, plan.policy, texts.lang
    actions = {a.id: a.label(lang) for a in config.catalogue.actions}
    sep = texts("list_separator")
    excluded = _exclusions(plan, texts)
    candidates = set(plan.table["firm"].tolist()) if len(plan.table) else set()
    forced_out = set(policy.forced_out)
    action_lists = grouped["action"].agg(lambda a: sep.join(actions.get(x, x) for x in a)) if len(funded) else {}
    years = grouped["year"].min() if len(funded) else {}
    money = grouped["subsidy_wan"].sum() if len(funded) else {}
    tracks = frame["track"].to_numpy(dtype=object)
    rules = frame["rule"].to_numpy(dtype=object)
    rule_reasons = {r.id: r.reason(lang) for r in config.rules.rules}
    codes = frame["credit_code"].to_numpy(dtype=object)
    has_actions = (frame["actions"].fillna("") != "").to_numpy()
    funded_set = set(funded.tolist())
    why_not = _why_not_chosen(plan, lang)
    ranks, ranked = plan.firm_ranks()
    out = []
    for f in range(len(frame)):
        track = config.name_of("track", tracks[f], lang) or str(tracks[f] or "")
        if f in funded_set:
            out.append(tr("outcome.funded", lang, rule=rules[f], track=track, year=int(years[f]),
                          actions=action_lists[f], subsidy=formats.money(money[f]),
                          levels=_level_change(texts, before[f], after[f])))
        elif f in excluded:
            out.append(tr("outcome.excluded", lang, reasons=texts("list_separator").join(excluded[f])))
        elif codes[f] in forced_out:
            out.append(tr("outcome.forced_out", lang))
        elif tracks[f] not in policy.funded_tracks:
            out.append(tr("outcome.not_funded_track", lang, track=track, why=rule_reasons.get(rules[f], track)))
        elif f not in candidates and not has_actions[f]:
            out.append(tr("outcome.no_actions", lang))
        elif f not in ranks:
            out.append(tr("outcome.no_payable_package", lang))
        else:
            out.append(why_not.format(rank=f"{ranks[f]:,}", count=f"{ranked:,}"))
    return out


def _why_not_chosen(plan, lang: str) -> str:
    """Why eligible firms are left out: the budget is used up (what is left pays for none of their
    packages), or the policy's other limits bind."""
    budget = float(plan.policy.total_budget)
    use = plan.total_subsidy / budget if budget else 1.0
    p, chosen = plan.packages, plan.allocation.chosen
    left_out = ~np.isin(p.firm, p.firm[chosen >= 0]) if p is not None and chosen is not None else None
    cheapest = float(p.subsidy[left_out].min()) if left_out is not None and left_out.any() else 0.0
    key = "outcome.budget_used" if budget - plan.total_subsidy < cheapest or use >= 0.99 else "outcome.not_chosen"
    # the rank and count are filled in per firm
    return tr(key, lang, use=formats.percent(use), rank="{rank}", count="{count}")


def _level_change(texts: Texts, before: float, after: float) -> str:
    if np.isnan(before):
        return ""
    name = {k: texts(f"levels.{k}") for k in ("1", "2", "3", "4")}
    if after > before:
        return tr("outcome.levels", texts.lang, before=name[str(int(before))], after=name[str(int(after))])
    return tr("outcome.levels_same", texts.lang, before=name[str(int(before))])


def _exclusions(plan, texts: Texts) -> dict[int, list[str]]:
    """Firm row -> the sentences of the eligibility rules that keep it out (plan.excluded)."""
    excluded = plan.excluded
    if excluded is None or not len(excluded):
        return {}
    config = plan.strategy.config
    out: dict[int, list[str]] = {}
    for row in excluded.itertuples(index=False):
        programmes = texts("list_separator").join(
            texts(f"programmes.{p}") if texts.has(f"programmes.{p}") else p for p in str(row.programmes).split(";") if p)
        size = config.name_of("size_class", row.size_class, texts.lang) or str(row.size_class or "")
        out.setdefault(int(row.firm), []).append(reason_text(str(row.reason), texts.lang, size=size,
                                                             programmes=programmes))
    return out


def outcome_display(plan, outcomes: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The rows for people: coded columns as names, the level as its name."""
    config = plan.strategy.config
    texts = Texts.load(lang)
    out = outcomes.copy()
    for key in ("size_class", "tier", "track", "division"):
        out[key] = [config.name_of(key, v, lang) or v if v else "" for v in out[key]]
    out["programme"] = [texts("list_separator").join(
        texts(f"programmes.{p}") if texts.has(f"programmes.{p}") else p for p in str(v).split(";") if p)
        for v in out["programme"]]
    out["variant"] = [texts(f"variants.{v}") if v and texts.has(f"variants.{v}") else v for v in out["variant"]]
    for key in ("level_before", "level_after"):
        out[key] = [texts(f"levels.{v}") if v is not None and v == v else texts("levels.unknown") for v in out[key]]
    return out


def write_jsonl(outcomes: pd.DataFrame, path) -> None:
    """One JSON object per row (UTF-8, one line each); missing values as null."""
    import json
    from pathlib import Path

    with Path(path).open("w", encoding="utf-8", newline="\n") as out:
        for record in outcomes.to_dict("records"):
            clean = {k: (None if isinstance(v, float) and v != v else v) for k, v in record.items()}
            out.write(json.dumps(clean, ensure_ascii=False, default=str) + "\n")
