"""The budgeted action plan: candidates with costs, subsidies and priority values, the allocation,
plan lines, totals, the constraints' use, and the KPI projection.

``build_plan`` turns a strategy result (every firm's track and actions) and a policy into a plan a
department can fund and defend: each line says which firm does which action in which year, what it
costs, what the subsidy and the firm's own funds are, and why it was chosen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planning.budget.allocation import allocate, candidate_starts, funded_subsidies
from planning.budget.candidates import Allocation, Candidates, payments
from planning.budget.eligibility import excluded_firms, exclusion_reasons
from planning.budget.kpi import firm_levels_after, project_kpis
from planning.budget.packages import Packages, build_packages, firm_criteria
from planning.budget.policy import Policy, PriorityWeights
from planning.base.progress import NullProgress, Progress
from planning.strategy.strategies import StrategyResult


@dataclass
class BudgetPlan:
    strategy: StrategyResult
    policy: Policy
    weights: PriorityWeights
    candidates: Candidates
    table: pd.DataFrame  # one row per candidate: firm, action, cost, ratio, subsidy, value and criteria
    allocation: Allocation
    lines: pd.DataFrame  # the funded candidates, with year, money and reason (the code of the firm's rule)
    scenario: str = "baseline"
    kpis: dict = field(default_factory=dict)
    excluded: pd.DataFrame | None = None  # one row per firm and reason it may not be funded (see eligibility)
    packages: Packages | None = None  # every firm's package variants; allocation.chosen picks among them

    # -------------------------------------------------------------- figures

    @property
    def total_subsidy(self) -> float:
        return float(self.lines["subsidy_wan"].sum())

    @property
    def total_investment(self) -> float:
        return float(self.lines["investment_wan"].sum())

    def money_by(self, column: str) -> dict[str, float]:
        grouped = self.lines.groupby(column, dropna=False)["subsidy_wan"].sum().sort_values(ascending=False)
        return {("unknown" if pd.isna(k) else str(k)): round(float(v), 4) for k, v in grouped.items()}

    def money_by_year(self) -> dict[str, float]:
        paid = self.payments_by_year()
        return {str(year): round(float(paid[year]), 4) for year in self.policy.years}

    def payments_by_year(self) -> dict[int, float]:
        start = self.allocation.start
        paid = payments(self.candidates, start).sum(axis=0)
        return {year: float(paid[j]) for j, year in enumerate(self.candidates.years)}

    def investment_by_year(self) -> dict[str, float]:
        grouped = self.lines.groupby("year")["investment_wan"].sum()
        return {str(y): round(float(grouped.get(y, 0.0)), 4) for y in self.policy.years}

    def constraints(self) -> list[dict]:
        """Each limit of the policy, how much of it the plan uses, and whether it binds."""
        p, chosen = self.packages, self.allocation.chosen
        paid = self.payments_by_year()
        rows = [{"constraint": "total_budget", "limit": self.policy.total_budget, "used": self.total_subsidy}]
        for year in self.policy.years:
            rows.append({"constraint": f"budget_{year}", "limit": self.policy.yearly_budget[year], "used": paid[year]})
        total = self.total_subsidy
        funded = chosen >= 0 if p is not None and chosen is not None else None
        for earmark in self.policy.earmarks:
            inside = float(p.inside(earmark.programmes, earmark.tracks)[funded].sum()) if funded is not None else 0.0
            share = inside / total if total else 0.0
            if earmark.min_share is not None:
                rows.append({"constraint": f"earmark_min:{earmark.id}", "limit": earmark.min_share, "used": share})
            if earmark.max_share is not None:
                rows.append({"constraint": f"earmark_max:{earmark.id}", "limit": earmark.max_share, "used": share})
        for programme, quota in self.policy.quotas.items():
            for j, year in enumerate(self.policy.years):
                awarded = int((funded & (chosen == j) & p.has_programme(programme)).sum()) if funded is not None else 0
                rows.append({"constraint": f"quota:{programme}:{year}", "limit": quota, "used": awarded})
        for j, year in enumerate(self.policy.years):
            limit = self.policy.max_firms_started.get(year)
            if limit is not None:
                started = int((chosen == j).sum()) if funded is not None else 0
                rows.append({"constraint": f"batch:{year}", "limit": limit, "used": started})
        for row in rows:
            minimum = row["constraint"].startswith("earmark_min")
            row["binding"] = bool(abs(row["limit"] - row["used"]) <= 1e-6 * max(1.0, abs(row["limit"])))
            row["met"] = bool(row["used"] >= row["limit"] - 1e-6) if minimum else bool(row["used"] <= row["limit"] + 1e-6)
        return rows

    def firm_ranks(self) -> tuple[dict[int, int], int]:
        """Firm row -> its place among the firms that have a package, by the best value per 万元 of its
        packages (1 is the best), and how many firms have one."""
        p = self.packages
        if p is None or not len(p):
            return {}, 0
        density = pd.Series(p.value / np.maximum(p.subsidy, 1e-9)).groupby(p.firm).max()
        order = density.sort_values(ascending=False, kind="stable")
        return {int(f): k + 1 for k, f in enumerate(order.index)}, len(order)

    def funded_by_variant(self) -> dict[str, int]:
        """How many firms are funded with each kind of package."""
        if "variant" not in self.lines or not len(self.lines):
            return {}
        firms = self.lines.drop_duplicates("firm")
        return {str(k): int(v) for k, v in firms["variant"].value_counts().sort_index().items()}

    def excluded_counts(self) -> dict[str, int]:
        """How many firms each eligibility rule keeps out of some or all funding, by reason code."""
        if self.excluded is None or not len(self.excluded):
            return {}
        return {str(k): int(v) for k, v in self.excluded.groupby("reason")["firm"].nunique().items()}

    def solver_info(self) -> dict:
        a = self.allocation
        return {"method": a.method, "status": a.status, "objective": round(a.objective, 6),
                "bound": None if a.bound is None else round(a.bound, 6),
                "optimality_gap": None if a.gap is None else round(a.gap, 8), "seconds": round(a.seconds, 3),
                "notes": [n for n in a.notes if n]}

    def summary(self, lang: str = "zh") -> dict:
        lines = self.lines
        return {
            "scenario": self.scenario,
            "years": f"{self.policy.start}-{self.policy.end}",
            "budget_wan": round(self.policy.total_budget, 4),
            "funded_firms": int(lines["firm"].nunique()),
            "funded_actions": len(lines),
            "total_subsidy_wan": round(self.total_subsidy, 4),
            "total_investment_wan": round(self.total_investment, 4),
            "own_funds_wan": round(float(lines["own_funds_wan"].sum()), 4),
            "total_value": round(float(lines["value"].sum()), 4),
            "by_city": self.money_by("city"),
            "by_sector": self.money_by("key_sector"),
            "by_track": self.money_by("track"),
            "by_programme": self.money_by("programme"),
            "by_year": self.money_by_year(),
            "investment_by_year": self.investment_by_year(),
            "optimality_gap": None if self.allocation.gap is None else round(self.allocation.gap, 8),
            "excluded_firms": self.excluded_counts(),
            "funded_by_variant": self.funded_by_variant(),
            "solver": self.solver_info(),
            "constraints": self.constraints(),
            "kpis": self.kpis,
        }

    def project_kpis(self) -> dict:
        return project_kpis(self.strategy.frame, self.strategy.config.catalogue.actions, self.policy.years, self.lines)

    def levels_after(self) -> np.ndarray:
        """Each roster firm's MIIT level once its funded actions are done (NaN where unknown)."""
        return firm_levels_after(self.strategy.frame, self.strategy.config.catalogue.actions, self.lines)

    def firm_lines(self) -> pd.DataFrame:
        """One row per funded firm: its actions, years and money."""
        grouped = self.lines.groupby("firm", sort=False)
        return pd.DataFrame({
            "credit_code": grouped["credit_code"].first(),
            "name": grouped["name"].first(),
            "city": grouped["city"].first(),
            "funded_actions": grouped["action"].agg(";".join),
            "years": grouped["year"].agg(lambda ys: ";".join(str(y) for y in ys)),
            "investment_wan": grouped["investment_wan"].sum(),
            "subsidy_wan": grouped["subsidy_wan"].sum(),
            "own_funds_wan": grouped["own_funds_wan"].sum(),
            "value": grouped["value"].sum(),
        })

    def explain_value(self, firm_row: int) -> list[dict]:
        """Each candidate action of a firm: its value, made of the weighted criteria (by key), and its money."""
        table = self.table[self.table["firm"] == firm_row]
        out = []
        for index, row in table.iterrows():
            criteria = []
            for key in PriorityWeights.CRITERIA:
                weight = self.weights.weights[key]
                criteria.append({"criterion": key,
                                 "score": round(float(row[key]), 4), "weight": round(weight, 4),
                                 "points": round(100 * weight * float(row[key]), 3)})
            start = self.allocation.start[index]
            out.append({
                "action": row["action"],
                "value": round(float(row["value"]), 3), "criteria": criteria,
                "investment_wan": round(float(row["cost"]), 4), "ratio": round(float(row["ratio"]), 4),
                "subsidy_wan": round(float(row["subsidy"]), 4),
                "funded": bool(start >= 0), "year": int(self.candidates.years[start]) if start >= 0 else None,
            })
        return out


# ------------------------------------------------------------------ building the plan


def _ratios(table: pd.DataFrame, policy: Policy) -> np.ndarray:
    ratio = np.full(len(table), policy.ratio_default)
    by_track = table["track"].map(policy.ratio_by_track).to_numpy(dtype=float, na_value=np.nan)
    ratio = np.where(np.isnan(by_track), ratio, by_track)
    by_sector = table["key_sector"].map(policy.ratio_by_sector).to_numpy(dtype=float, na_value=np.nan)
    ratio = np.where(np.isnan(by_sector), ratio, by_sector)
    by_action = table["action"].map(policy.ratio_by_action).to_numpy(dtype=float, na_value=np.nan)
    return np.where(np.isnan(by_action), ratio, by_action)


def _phasing(phasing: tuple[float, ...], years: int) -> np.ndarray:
    """years x years: share paid in year j when starting in year i; tranches past the horizon are
    paid in its last year."""
    out = np.zeros((years, years))
    for start in range(years):
        for k, share in enumerate(phasing):
            out[start, min(start + k, years - 1)] += share
    return out


def firm_actions(strategy: StrategyResult, policy: Policy) -> pd.DataFrame:
    """One row per action of every firm on a funded track (forced-out firms left out): firm, action, track,
    key sector, programme, and the reason code it may not be funded for ("" when it may)."""
    frame = strategy.frame
    catalogue = strategy.config.catalogue
    action_index = {a.id: k for k, a in enumerate(catalogue.actions)}
    eligible = frame["track"].isin(list(policy.funded_tracks)).to_numpy()
    if policy.forced_out:
        eligible = eligible & ~frame["credit_code"].isin(list(policy.forced_out)).to_numpy()
    firms = np.flatnonzero(eligible & (frame["actions"].fillna("") != "").to_numpy())
    actions = frame["actions"].to_numpy(dtype=object)[firms]
    split = pd.Series(actions, index=firms).str.split(";").explode()
    split = split[split.notna() & (split != "")]
    firm = split.index.to_numpy(dtype=np.int64)
    action_ids = split.to_numpy(dtype=object)
    index = np.array([action_index[a] for a in action_ids], dtype=np.int64)
    programme = np.array([catalogue.actions[k].programme for k in index], dtype=object)
    return pd.DataFrame({
        "firm": firm,
        "action": pd.Series(action_ids, dtype=object),
        "action_index": index,
        "track": pd.Series(frame["track"].to_numpy(dtype=object)[firm], dtype=object),
        "key_sector": pd.Series(frame["key_sector"].to_numpy(dtype=object)[firm], dtype=object),
        "programme": pd.Series(programme, dtype=object),
        "reason": pd.Series(exclusion_reasons(frame, firm, programme, policy), dtype=object),
    })


def candidate_table(strategy: StrategyResult, policy: Policy, weights: PriorityWeights,
                    actions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The firm actions that may be funded (``actions`` from :func:`firm_actions`), with their cost, subsidy
    and priority value."""
    frame = strategy.frame
    catalogue = strategy.config.catalogue
    actions = firm_actions(strategy, policy) if actions is None else actions
    table = actions[actions["reason"] == ""].drop(columns="reason").reset_index(drop=True)
    firm = table["firm"].to_numpy(dtype=np.int64)
    cost = np.zeros(len(table))
    estimated = np.zeros(len(table), dtype=bool)
    employees = frame["employees"].to_numpy(dtype=float, na_value=np.nan)[firm]
    for k, action in enumerate(catalogue.actions):
        rows = np.flatnonzero(table["action_index"].to_numpy() == k)
        if len(rows):
            sub = pd.DataFrame({"employees": employees[rows]})
            cost[rows], estimated[rows] = catalogue.costs(sub, action)
    table["cost"] = cost
    table["employees_estimated"] = estimated
    table["ratio"] = _ratios(table, policy)
    caps = table["action"].map(policy.action_cap).to_numpy(dtype=float, na_value=np.inf)
    table["subsidy"] = np.minimum(table["ratio"].to_numpy() * cost, caps)
    _add_value(table, strategy, weights)
    keep = table["subsidy"].to_numpy() > 0
    return table[keep].reset_index(drop=True)


def _add_value(table: pd.DataFrame, strategy: StrategyResult, weights: PriorityWeights) -> None:
    frame = strategy.frame
    catalogue = strategy.config.catalogue.actions
    firm = table["firm"].to_numpy()
    k = table["action_index"].to_numpy()
    level_gain = np.array([a.effects.get("level_gain", 0.0) for a in catalogue])[k]
    points = np.zeros(len(table))
    for key in ("cnc_rate", "rd_tool_rate", "networking_rate"):
        gain = np.array([a.effects.get(key, 0.0) for a in catalogue])[k]
        base = frame[key].to_numpy(dtype=float, na_value=np.nan)[firm]
        headroom = np.where(np.isnan(base), 100.0, 100.0 - base)
        points += np.minimum(gain, np.maximum(headroom, 0.0))
    table["kpi_uplift"] = np.minimum(1.0, level_gain / weights.uplift_level_full + points / weights.uplift_points_full)
    for key, scores in firm_criteria(frame, weights).items():
        table[key] = scores[firm]
    value = np.zeros(len(table))
    for key, weight in weights.weights.items():
        value += weight * table[key].to_numpy(dtype=float)
    table["value"] = np.round(100.0 * value, 6)


def build_candidates(strategy: StrategyResult, policy: Policy, table: pd.DataFrame) -> Candidates:
    frame = strategy.frame
    catalogue = strategy.config.catalogue.actions
    years = policy.years
    per_action = np.stack([_phasing(a.phasing, len(years)) for a in catalogue]) if catalogue else np.zeros((0, 1, 1))
    firm = table["firm"].to_numpy(dtype=np.int64)
    action = table["action_index"].to_numpy(dtype=np.int64)
    gain = np.array([a.effects.get("level_gain", 0.0) for a in catalogue])[action] if len(action) else np.zeros(0)
    codes = frame["credit_code"].to_numpy(dtype=object)
    forced_firms = set(np.flatnonzero(np.isin(codes, list(policy.forced_in)))) if policy.forced_in else set()
    cities = frame["city"].to_numpy(dtype=object)
    city_codes = frame["city_code"].to_numpy(dtype=object) if "city_code" in frame else cities
    return Candidates(
        firm=firm, action=action, cost=table["cost"].to_numpy(dtype=float), subsidy=table["subsidy"].to_numpy(dtype=float),
        value=table["value"].to_numpy(dtype=float), programme=table["programme"].to_numpy(dtype=object),
        phasing=per_action[action] if len(action) else np.zeros((0, len(years), len(years))),
        years=years, gain=gain,
        city={int(f): (cities[f] if city_codes[f] is not None else None) for f in np.unique(firm)},
        forced=np.isin(firm, list(forced_firms)),
    )


def plan_lines(strategy: StrategyResult, table: pd.DataFrame, c: Candidates, allocation: Allocation,
               packages: Packages | None = None) -> pd.DataFrame:
    """The funded candidates. Each line's reason is the code of the rule that gave the firm its track; with
    the line's track, value and ratio it is rendered in the reader's language at the edge. With the
    packages, each line also says its firm's package (kind, levels before and after, the cap that applied)
    and carries its share of the package's value, by subsidy."""
    frame = strategy.frame
    chosen = np.flatnonzero(allocation.start >= 0)
    firm = c.firm[chosen]
    rows = table.iloc[chosen]
    years = np.array(c.years)[allocation.start[chosen]] if len(chosen) else np.array([], dtype=int)
    lines = pd.DataFrame({
        "firm": firm,
        "credit_code": frame["credit_code"].to_numpy(dtype=object)[firm],
        "name": frame["name"].to_numpy(dtype=object)[firm],
        "city": frame["city"].to_numpy(dtype=object)[firm],
        "county": frame["county"].to_numpy(dtype=object)[firm],
        "key_sector": frame["key_sector"].to_numpy(dtype=object)[firm],
        "track": frame["track"].to_numpy(dtype=object)[firm],
        "tier": frame["tier"].to_numpy(dtype=object)[firm],
        "action": rows["action"].to_numpy(dtype=object),
        "programme": rows["programme"].to_numpy(dtype=object),
        "year": years.astype(int),
        "investment_wan": rows["cost"].to_numpy(dtype=float),
        "subsidy_wan": rows["subsidy"].to_numpy(dtype=float),
        "own_funds_wan": rows["cost"].to_numpy(dtype=float) - rows["subsidy"].to_numpy(dtype=float),
        "ratio": rows["ratio"].to_numpy(dtype=float),
        "value": rows["value"].to_numpy(dtype=float),
        "reason": frame["rule"].to_numpy(dtype=object)[firm],
    })
    if packages is not None and allocation.chosen is not None:
        _add_package_columns(lines, chosen, packages, allocation.chosen, c)
    return lines.sort_values(["city", "name", "year", "action"], kind="stable").reset_index(drop=True)


def _add_package_columns(lines: pd.DataFrame, chosen: np.ndarray, p: Packages, picked: np.ndarray,
                         c: Candidates) -> None:
    """The package columns of the lines of funded candidates ``chosen``."""
    variant_of = np.full(len(c), -1, dtype=np.int64)
    for v in np.flatnonzero(picked >= 0).tolist():
        variant_of[p.members(v)] = v
    v = variant_of[chosen]
    lines["variant"] = p.kind[v] if len(v) else pd.Series(dtype=object)
    lines["level_before"] = p.level_before[v].astype(int) if len(v) else pd.Series(dtype=int)
    lines["level_after"] = p.level_after[v].astype(int) if len(v) else pd.Series(dtype=int)
    lines["cap_wan"] = np.where(np.isfinite(p.cap[v]), p.cap[v], np.nan) if len(v) else pd.Series(dtype=float)
    share = lines["subsidy_wan"].to_numpy(dtype=float) / np.maximum(p.subsidy[v], 1e-12) if len(v) else np.zeros(0)
    lines["value"] = np.round(p.value[v] * share, 6) if len(v) else pd.Series(dtype=float)


def build_plan(strategy: StrategyResult, policy: Policy, weights: PriorityWeights, *, scenario: str = "baseline",
               method: str = "auto", lang: str = "zh", progress: Progress | None = None) -> BudgetPlan:
    progress = progress or NullProgress()
    actions, table, candidates, packages = plan_choices(strategy, policy, weights, progress)
    allocation = allocate(packages, candidates, policy, weights.earlier_start_bonus, method, progress)
    plan = _plan_of(strategy, policy, weights, scenario, actions, table, candidates, packages, allocation)
    progress.step(1.0, "")
    return plan


def restore_plan(strategy: StrategyResult, policy: Policy, weights: PriorityWeights, lines: pd.DataFrame,
                 solver: dict, scenario: str = "baseline") -> BudgetPlan | None:
    """The plan whose funded lines are ``lines`` (as stored in a project), without choosing again: each
    firm's funded actions name one of its package variants and its start year. None when they do not (the
    inputs changed in a way the caller did not notice), so the caller plans again. ``solver``: the stored
    summary's solver figures."""
    actions, table, candidates, packages = plan_choices(strategy, policy, weights, NullProgress())
    names = np.array([a.id for a in strategy.config.catalogue.actions], dtype=object)
    variant_of = {}
    for v in range(len(packages)):
        variant_of[(int(packages.firm[v]), frozenset(names[candidates.action[packages.members(v)]].tolist()))] = v
    chosen = np.full(len(packages), -1, dtype=np.int64)
    for firm, mine in lines.groupby("firm"):
        v = variant_of.get((int(firm), frozenset(mine["action"].tolist())))
        years = set(mine["year"].tolist())
        if v is None or len(years) != 1 or next(iter(years)) not in policy.years:
            return None
        chosen[v] = policy.years.index(int(next(iter(years))))
    allocation = Allocation(candidate_starts(packages, chosen, len(candidates)), solver.get("method", "milp"),
                            solver.get("status", ""), float(packages.value[chosen >= 0].sum()), solver.get("bound"),
                            solver.get("optimality_gap"), float(solver.get("seconds", 0.0)), list(solver.get("notes", [])),
                            chosen=chosen)
    return _plan_of(strategy, policy, weights, scenario, actions, table, candidates, packages, allocation)


def plan_choices(strategy: StrategyResult, policy: Policy, weights: PriorityWeights, progress: Progress | None = None):
    """What may be chosen: every firm's actions, the candidates with their money, and the package variants."""
    policy.check_against_strategy(strategy.config)
    (progress or NullProgress()).step(0.0, "candidates")
    actions = firm_actions(strategy, policy)
    table = candidate_table(strategy, policy, weights, actions)
    candidates = build_candidates(strategy, policy, table)
    packages = build_packages(candidates, strategy.frame, strategy.config.catalogue, policy, weights)
    return actions, table, candidates, packages


def _plan_of(strategy, policy, weights, scenario, actions, table, candidates, packages, allocation) -> BudgetPlan:
    table["requested_subsidy"] = table["subsidy"]
    table["subsidy"] = candidates.subsidy = funded_subsidies(packages, allocation.chosen, candidates.subsidy)
    lines = plan_lines(strategy, table, candidates, allocation, packages)
    plan = BudgetPlan(strategy, policy, weights, candidates, table, allocation, lines, scenario, packages=packages)
    plan.excluded = excluded_firms(strategy.frame, actions[actions["reason"] != ""])
    plan.kpis = plan.project_kpis()
    return plan
