"""Benchmark: the budgeted allocation.

    .venv/bin/python -m tests.bench.bench_budget [--greedy-firms 100000] [--exact-candidates 20000]

Targets: 100k firms allocated greedily in at most 2 s; 20k candidate firm-actions solved exactly
(MILP, HiGHS) to an optimality gap of at most 0.1 % in at most 10 s. The budget is set to a quarter
of what every candidate together would receive, so that the choice is real.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from planning.budget.greedy import greedy
from planning.budget.milp import solve_milp
from planning.budget.action_plan import build_candidates, candidate_table
from planning.budget.policy import Policy, PriorityWeights, load_policy, load_weights
from planning.strategy.strategies import StrategyConfig, plan_strategies
from tests.bench.bench_strategy import synthetic_frame


def strategy(n: int):
    frame = synthetic_frame(n, seed=7)
    rng = np.random.default_rng(7)
    frame["city"] = rng.choice(np.array(["合肥市", "芜湖市", "蚌埠市", "淮南市", "马鞍山市", "安庆市"], dtype=object), n)
    frame["city_code"] = "340100"
    frame["county"] = None
    return plan_strategies(frame, StrategyConfig.load())


def setup(n: int):
    result = strategy(n)
    weights = PriorityWeights.from_dict(load_weights())
    policy = Policy.from_dict(load_policy())
    table = candidate_table(result, policy, weights)
    policy = policy.with_budget(float(table["subsidy"].sum()) / 4)
    return result, policy, weights


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--greedy-firms", type=int, default=100_000)
    parser.add_argument("--exact-candidates", type=int, default=20_000)
    args = parser.parse_args()

    result, policy, weights = setup(args.greedy_firms)
    began = time.perf_counter()
    table = candidate_table(result, policy, weights)
    candidates = build_candidates(result, policy, table)
    built = time.perf_counter() - began
    allocation = greedy(candidates, policy, weights.earlier_start_bonus)
    total = time.perf_counter() - began
    print(f"greedy: {args.greedy_firms} firms, {len(candidates)} candidates, candidates {built:.2f} s + "
          f"greedy {allocation.seconds:.2f} s = {total:.2f} s (target ≤ 2 s: {'PASS' if total <= 2 else 'FAIL'}); "
          f"{int(allocation.funded.sum())} funded, status {allocation.status}")

    firms = max(100, int(args.exact_candidates / 4.0))
    result, policy, weights = setup(firms)
    table = candidate_table(result, policy, weights)
    if len(table) > args.exact_candidates:  # keep exactly the asked number of candidates
        table = table.iloc[: args.exact_candidates].reset_index(drop=True)
    candidates = build_candidates(result, policy, table)
    began = time.perf_counter()
    warm = greedy(candidates, policy, weights.earlier_start_bonus)
    exact = solve_milp(candidates, policy, weights.earlier_start_bonus, warm=warm, time_limit=10.0)
    seconds = time.perf_counter() - began
    ok = exact.gap is not None and exact.gap <= 0.001 and seconds <= 10
    print(f"milp: {len(candidates)} candidates, {seconds:.2f} s, status {exact.status}, gap "
          f"{'—' if exact.gap is None else f'{exact.gap:.4%}'}, objective {exact.objective:.1f} vs greedy "
          f"{warm.objective:.1f}, bound {exact.bound:.1f} (target gap ≤ 0.1 % in ≤ 10 s: {'PASS' if ok else 'FAIL'})")


if __name__ == "__main__":
    main()
