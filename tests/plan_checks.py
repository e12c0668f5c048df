"""An independent check of every policy constraint on a plan, read from its lines as a department would:
money per year from each line's phasing, whole packages, caps by the level the funded package reaches,
quotas, batches, shares, city floors, forced firms and eligibility."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planning.budget.policy import Policy
from planning.strategy.sectors import UNCLASSIFIED


def violations(plan, pol: Policy | None = None) -> list[str]:
    pol = pol or plan.policy
    frame = plan.strategy.frame
    actions = plan.strategy.config.catalogue.by_id()
    lines = plan.lines
    out = []
    years = pol.years
    total = float(lines["subsidy_wan"].sum())
    if total > pol.total_budget + 1e-6:
        out.append(f"total {total} > {pol.total_budget}")
    paid = dict.fromkeys(years, 0.0)
    for action, year, money in zip(lines["action"], lines["year"], lines["subsidy_wan"]):
        for k, share in enumerate(actions[action].phasing):
            paid[min(int(year) + k, years[-1])] += share * money
    for year in years:
        if paid[year] > pol.yearly_budget[year] + 1e-6:
            out.append(f"year {year}: {paid[year]} > {pol.yearly_budget[year]}")
    caps = [0.0] * 5
    for level in range(5):
        listed = [pol.level_caps[k] for k in pol.level_caps if k <= level]
        caps[level] = max(listed) if listed else (0.0 if pol.level_caps else np.inf)
    variants = _variants_by_firm(plan)
    for firm, mine in lines.groupby("firm"):
        if mine["year"].nunique() != 1:
            out.append(f"firm {firm}: its package starts in several years")
        funded = frozenset(mine["action"])
        if not pol.fund_partial_packages and funded not in variants.get(firm, ()):
            out.append(f"firm {firm}: {sorted(funded)} is not one of its packages")
        if pol.firm_cap is not None and mine["subsidy_wan"].sum() > pol.firm_cap + 1e-6:
            out.append(f"firm cap {firm}")
        base = frame.at[firm, "miit_level"]
        base = 1 if pd.isna(base) else int(base)
        gain = sum(actions[a].effects.get("level_gain", 0.0) for a in mine["action"])
        reached = min(4, base + int(np.floor(gain + 1e-9)))
        capped = mine.loc[mine["programme"].isin(list(pol.level_cap_programmes)), "subsidy_wan"].sum()
        if capped > caps[reached] + 1e-6:
            out.append(f"level cap {firm}: {capped} at level {reached}")
        if frame.at[firm, "sector_source"] == UNCLASSIFIED and not pol.eligibility.fund_unclassified_industry:
            out.append(f"unclassified firm {firm} funded")
        sme_only = mine["programme"].isin(list(pol.eligibility.sme_only_programmes))
        if sme_only.any() and frame.at[firm, "size_class"] not in pol.eligibility.sme_size_classes:
            out.append(f"firm {firm} of size {frame.at[firm, 'size_class']} in an SME-only programme")
    start_of = lines.groupby("firm")["year"].first()
    for programme, quota in pol.quotas.items():
        for year in years:
            awarded = lines.loc[(lines["programme"] == programme) & (lines["year"] == year), "firm"].nunique()
            if awarded > quota:
                out.append(f"quota {programme} {year}: {awarded} > {quota}")
    for year, limit in pol.max_firms_started.items():
        if (start_of == year).sum() > limit:
            out.append(f"batch {year}: {(start_of == year).sum()} > {limit}")
    for earmark in pol.earmarks:
        inside = np.ones(len(lines), dtype=bool)
        if earmark.programmes:
            inside &= lines["programme"].isin(list(earmark.programmes)).to_numpy()
        if earmark.tracks:
            inside &= lines["track"].isin(list(earmark.tracks)).to_numpy()
        share = lines["subsidy_wan"].to_numpy()[inside].sum()
        if earmark.min_share is not None and share < earmark.min_share * total - 1e-6:
            out.append(f"earmark min {earmark.id}: {share / total:.4f}")
        if earmark.max_share is not None and share > earmark.max_share * total + 1e-6:
            out.append(f"earmark max {earmark.id}: {share / total:.4f}")
    if pol.city_min_firms and plan.packages is not None:
        p = plan.packages
        fundable: dict[str, set[int]] = {}
        for f, city in zip(p.firm.tolist(), p.city.tolist()):
            if city:
                fundable.setdefault(city, set()).add(f)
        funded_firms = set(lines["firm"].tolist())
        for city, firms in fundable.items():
            if len(firms & funded_firms) < min(pol.city_min_firms, len(firms)):
                out.append(f"city floor {city}")
    for code in pol.forced_in:
        if code not in set(lines["credit_code"]):
            out.append(f"forced firm {code}")
    return out


def _variants_by_firm(plan) -> dict[int, set[frozenset]]:
    p, c = plan.packages, plan.candidates
    catalogue = plan.strategy.config.catalogue.actions
    out: dict[int, set[frozenset]] = {}
    for v in range(len(p)):
        out.setdefault(int(p.firm[v]), set()).add(frozenset(catalogue[a].id for a in c.action[p.members(v)]))
    return out


def honest(plan) -> list[str]:
    """The violations of a plan that it does not own up to: an exact plan must have none; the greedy (also
    the stand-in when no plan meets every constraint) may miss a share of the money or a city floor, but
    then its constraints table or its notes say so."""
    found = violations(plan)
    if plan.allocation.method != "greedy":
        return found
    unmet = {row["constraint"].split(":")[1] for row in plan.constraints() if not row["met"]}
    reported = {note.split(":", 1)[1] for note in plan.allocation.notes if note.startswith("city_floor:")}
    return [v for v in found if not (v.startswith("earmark") and v.split()[2].rstrip(":") in unmet)
            and not (v.startswith("city floor") and v.split()[2] in reported)]
