"""One city's share of a plan, as a plan of its own (for the per-city workbooks and reports).

The city's firms, candidates and funding decisions are taken as they are, so every figure of the city
view adds up to the city's lines of the provincial plan; the policy (budgets, limits) stays
province-wide, and the KPI baseline and projection cover the city's firms only.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from planning.budget.candidates import Allocation
from planning.budget.packages import packages_subset
from planning.budget.action_plan import BudgetPlan, build_candidates, plan_lines
from planning.strategy.strategies import StrategyResult


def funded_cities(plan: BudgetPlan) -> list[str | None]:
    """Cities with funded lines, most money first; None stands for firms without a known city."""
    money = plan.lines.groupby("city", sort=False, dropna=False)["subsidy_wan"].sum()
    money = money.sort_values(ascending=False, kind="stable")
    return [c if isinstance(c, str) else None for c in money.index]


def city_plan(plan: BudgetPlan, city: str | None, lang: str = "zh") -> BudgetPlan:
    frame = plan.strategy.frame
    column = frame["city"]
    keep = (column.isna() if city is None else column == city).to_numpy(dtype=bool)
    rows = np.flatnonzero(keep)
    new_index = np.full(len(frame), -1, dtype=np.int64)
    new_index[rows] = np.arange(len(rows))
    strategy = StrategyResult(frame.iloc[rows].reset_index(drop=True), plan.strategy.contributions[rows],
                              plan.strategy.config, plan.strategy.overrides, plan.strategy.applied_overrides,
                              list(plan.strategy.notes))
    inside = keep[plan.table["firm"].to_numpy(dtype=np.int64)]
    table = plan.table[inside].reset_index(drop=True)
    table["firm"] = new_index[table["firm"].to_numpy(dtype=np.int64)]
    candidates = build_candidates(strategy, plan.policy, table)
    a = plan.allocation
    variants = np.flatnonzero(keep[plan.packages.firm])
    candidate_index = np.cumsum(inside) - 1
    packages = packages_subset(plan.packages, variants)
    packages = replace(packages, firm=new_index[packages.firm], member=candidate_index[packages.member])
    chosen = a.chosen[variants]
    allocation = Allocation(a.start[inside], a.method, a.status, float(packages.value[chosen >= 0].sum()),
                            None, a.gap, a.seconds, list(a.notes), chosen=chosen)
    lines = plan_lines(strategy, table, candidates, allocation, packages)
    view = BudgetPlan(strategy, plan.policy, plan.weights, candidates, table, allocation, lines, plan.scenario,
                      packages=packages)
    view.kpis = view.project_kpis()
    return view
