"""Scenarios side by side, the efficient frontier, and what-if budget cuts.

A scenario is a name plus changes to the policy and the priority weights; each is planned from the
same strategy result with its own copies of everything, so scenarios never leak into each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planning.base.bilingual import Named
from planning.budget.allocation import allocate, candidate_starts
from planning.budget.candidates import Allocation
from planning.budget.action_plan import BudgetPlan, build_plan, plan_choices, plan_lines
from planning.budget.policy import Policy, PriorityWeights, merged
from planning.base.messages import message
from planning.base.template_files import where_in
from planning.base.progress import NullProgress, PartProgress, Progress
from planning.strategy.strategies import StrategyResult


@dataclass(frozen=True)
class ScenarioSpec(Named):
    name: str
    zh: str
    en: str
    policy_changes: dict
    weight_changes: dict

    @classmethod
    def from_dict(cls, data: dict) -> "ScenarioSpec":
        name = str(data["name"])
        return cls(name, str(data.get("zh", name)), str(data.get("en", name)), dict(data.get("policy") or {}),
                   dict(data.get("weights") or {}))


def scenario_place(name: str) -> dict:
    """Where a scenario is, for the messages of the checks of its policy and weights."""
    return where_in("scenarios.json", "item", noun=message("config.noun.scenario"), id=name)


def scenario_inputs(policy_data: dict, weights_data: dict, spec: ScenarioSpec, total: float | None = None,
                    years: tuple[int, int] | None = None) -> tuple[Policy, PriorityWeights]:
    """The policy and weights of a scenario, for a budget and horizon (default: the policy's)."""
    policy = Policy.from_dict(merged(policy_data, spec.policy_changes), scenario_place(spec.name))
    if total is not None or years is not None:
        factor = float(spec.policy_changes.get("budget_factor", 1.0))
        policy = policy.with_budget(None if total is None else total * factor, years)
    weights = PriorityWeights.from_dict(merged(weights_data, spec.weight_changes), scenario_place(spec.name))
    return policy, weights


def run_scenario(strategy: StrategyResult, policy_data: dict, weights_data: dict, spec: ScenarioSpec, *,
                 total: float | None = None, years: tuple[int, int] | None = None, method: str = "auto",
                 lang: str = "zh", progress: Progress | None = None) -> BudgetPlan:
    policy, weights = scenario_inputs(policy_data, weights_data, spec, total, years)
    return build_plan(strategy, policy, weights, scenario=spec.name, method=method, lang=lang, progress=progress)


def compare(plans: list[BudgetPlan]) -> pd.DataFrame:
    """One column per scenario: funded firms, money, value, money by track/year/city/sector, KPIs."""
    columns = {}
    for plan in plans:
        s = plan.summary()
        kpis = plan.kpis
        last = kpis["by_year"][str(plan.policy.end)]
        column = {
            "budget_wan": s["budget_wan"], "funded_firms": s["funded_firms"], "funded_actions": s["funded_actions"],
            "total_subsidy_wan": s["total_subsidy_wan"], "total_investment_wan": s["total_investment_wan"],
            "total_value": s["total_value"], "optimality_gap": s["optimality_gap"],
        }
        column.update({f"track:{k}": v for k, v in s["by_track"].items()})
        column.update({f"year:{k}": v for k, v in s["by_year"].items()})
        column.update({f"city:{k}": v for k, v in s["by_city"].items()})
        column.update({f"sector:{k}": v for k, v in s["by_sector"].items()})
        column.update({f"kpi:{k}": last[k] for k in ("rd_tool_rate", "cnc_rate", "networking_rate",
                                                       "firms_level_2_plus", "firms_level_3_plus")})
        column["kpi:firms_reaching_level_2"] = kpis["firms_reaching_level_2"]
        column["kpi:firms_reaching_level_3"] = kpis["firms_reaching_level_3"]
        columns[plan.scenario] = column
    table = pd.DataFrame(columns)
    figures = [k for k in table.index if k != "optimality_gap"]  # a missing money figure is 0; a gap is unknown
    table.loc[figures] = table.loc[figures].fillna(0.0)
    return table


def frontier(strategy: StrategyResult, policy: Policy, weights: PriorityWeights, *, levels: int = 10,
             method: str = "auto", progress: Progress | None = None) -> list[dict]:
    """Value against budget at ``levels`` budgets from a tenth of the policy's budget to all of it. The
    firms' packages do not depend on the budget: they are made once and chosen among at every budget."""
    progress = progress or NullProgress()
    _, _, candidates, packages = plan_choices(strategy, policy, weights)
    points = []
    for k in range(levels):
        budget = policy.total_budget * (k + 1) / levels
        progress.step(k / levels, f"{budget:.0f}")
        allocation = allocate(packages, candidates, policy.with_budget(budget), weights.earlier_start_bonus, method,
                              PartProgress(progress, k / levels, 1 / levels))
        funded = allocation.chosen >= 0
        points.append({"budget_wan": round(budget, 4), "total_value": round(float(packages.value[funded].sum()), 4),
                       "total_subsidy_wan": round(float(packages.subsidy[funded].sum()), 4),
                       "funded_firms": int(funded.sum()), "optimality_gap": allocation.gap})
    progress.step(1.0, "")
    return points


@dataclass
class CutResult:
    fraction: float
    budget_wan: float
    kept: BudgetPlan
    dropped: pd.DataFrame  # the plan lines that no longer fit, least valuable first


def cut(plan: BudgetPlan, fraction: float, order: str = "value") -> CutResult:
    """What-if: the budget (total and every year) is cut by ``fraction``; funded packages drop out whole,
    least valuable first (``order="value"``) or least value per 万元 first (``"density"``), until the
    plan fits again. Nothing else changes, so the dropped lines are exactly who loses funding."""
    if not 0 < fraction < 1:
        raise ValueError("a cut is a fraction between 0 and 1")
    c, p = plan.candidates, plan.packages
    chosen = plan.allocation.chosen.copy()
    policy = plan.policy.with_budget(plan.policy.total_budget * (1 - fraction))
    limits = np.array([policy.yearly_budget[y] for y in policy.years])
    funded = np.flatnonzero(chosen >= 0)
    key = p.value[funded] if order == "value" else p.value[funded] / np.maximum(p.subsidy[funded], 1e-9)
    ranking = funded[np.lexsort((-funded, -p.firm[funded], key))]  # least valuable first
    paid = np.zeros((len(p), len(policy.years)))
    paid[funded] = p.pays[funded, chosen[funded], :]
    yearly = paid.sum(axis=0)
    total = float(p.subsidy[funded].sum())
    dropped = []
    for v in ranking.tolist():
        if total <= policy.total_budget + 1e-9 and (yearly <= limits + 1e-9).all():
            break
        if p.forced[v]:
            continue
        over_total = total > policy.total_budget + 1e-9
        over_years = yearly > limits + 1e-9
        if not over_total and not (paid[v] > 0)[over_years].any():
            continue  # this package pays nothing in the years that are over
        chosen[v] = -1
        total -= p.subsidy[v]
        yearly -= paid[v]
        dropped.append(v)
    allocation = _allocation_of(plan, chosen, plan.allocation.method + "+cut", "cut", [f"cut:{fraction:.0%}"])
    lines = plan_lines(plan.strategy, plan.table, c, allocation, p)
    kept = BudgetPlan(plan.strategy, policy, plan.weights, c, plan.table, allocation, lines,
                      f"{plan.scenario} −{fraction:.0%}", packages=p)
    kept.kpis = kept.project_kpis()
    kept.excluded = plan.excluded
    gone = np.full(len(p), -1, dtype=np.int64)
    gone[dropped] = plan.allocation.chosen[dropped]
    dropped_lines = plan_lines(plan.strategy, plan.table, c, _allocation_of(plan, gone, "dropped", "dropped"), p)
    dropped_lines = dropped_lines.sort_values(["value", "name"], kind="stable").reset_index(drop=True)
    return CutResult(fraction, policy.total_budget, kept, dropped_lines)


def _allocation_of(plan: BudgetPlan, chosen: np.ndarray, method: str, status: str, notes=()) -> Allocation:
    p = plan.packages
    return Allocation(candidate_starts(p, chosen, len(plan.candidates)), method, status,
                      float(p.value[chosen >= 0].sum()), notes=list(notes), chosen=chosen)
