"""Benchmark: planning a province, against importing its roster in the same run.

    .venv/bin/python -m tests.bench.bench_budget [--sizes 10000,40000,80000] [--budget-share 0.25]

For each size, the generated roster of tests/bench/bench_import.py (cached) is imported, tagged by the
strategy rules and planned with the default policy, its budget set to a share of what every firm's
largest package would receive (so that the choice is real). Printed per size: the import time, then
the plan's stages (candidates and packages, greedy, LP relaxation and rounding, MILP search), the LP
bound, the incumbent, the proven gap, and the plan's time as a multiple of the import's. Target: a
proven gap of at most 1 % within 10 times the import time.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from planning.budget.action_plan import build_candidates, candidate_table
from planning.budget.allocation import allocate
from planning.budget.packages import build_packages
from planning.budget.policy import Policy, PriorityWeights, load_policy, load_weights
from planning.importing.importer import import_rosters
from planning.strategy.strategies import StrategyConfig, plan_strategies
from tests.bench.bench_import import make_roster


class _Clock:
    def __init__(self):
        self.marks: list[tuple[str, float]] = []
        self.began = time.perf_counter()

    def mark(self, name: str) -> None:
        self.marks.append((name, time.perf_counter()))

    def stages(self) -> str:
        out, last = [], self.began
        for name, at in self.marks:
            out.append(f"{name} {at - last:.1f} s")
            last = at
        return ", ".join(out)


def run(n: int, budget_share: float) -> str:
    path = make_roster(n)
    began = time.perf_counter()
    roster = import_rosters([path])
    imported = time.perf_counter() - began
    config = StrategyConfig.load()
    strategy = plan_strategies(roster.frame, config)
    weights = PriorityWeights.from_dict(load_weights())
    policy = Policy.from_dict(load_policy())

    clock = _Clock()
    table = candidate_table(strategy, policy, weights)
    candidates = build_candidates(strategy, policy, table)
    packages = build_packages(candidates, strategy.frame, config.catalogue, policy, weights)
    clock.mark("packages")
    largest = {}
    for f, s in zip(packages.firm.tolist(), packages.subsidy.tolist()):
        largest[f] = max(largest.get(f, 0.0), s)
    policy = policy.with_budget(budget_share * sum(largest.values()))
    allocation = allocate(packages, candidates, policy, weights.earlier_start_bonus, "milp")
    clock.mark("allocation")
    planned = time.perf_counter() - clock.began
    firms = len(np.unique(packages.firm))
    gap = "—" if allocation.gap is None else f"{allocation.gap:.2%}"
    return (f"{n:>6} firms: import {imported:.1f} s | {firms} firms with {len(packages)} package variants, "
            f"budget {policy.total_budget:,.0f} 万元 | plan {planned:.1f} s ({clock.stages()}; MILP {allocation.seconds:.1f} s "
            f"of it, status {allocation.status}) | bound {allocation.bound or 0:,.1f}, incumbent "
            f"{allocation.objective:,.1f}, gap {gap} | plan/import {planned / imported:.1f}× "
            f"(target gap ≤ 1 % within 10×: "
            f"{'PASS' if allocation.gap is not None and allocation.gap <= 0.01 and planned <= 10 * imported else 'FAIL'}); "
            f"{int((allocation.chosen >= 0).sum())} firms funded")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,40000,80000")
    parser.add_argument("--budget-share", type=float, default=0.25)
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        print(run(n, args.budget_share), flush=True)


if __name__ == "__main__":
    main()
