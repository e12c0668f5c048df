"""Choosing which firms' packages to fund, and in which year, to get the most value for the budget.

The choice is one package variant per firm, or none (see packages.py). The exact method is a MILP solved
by HiGHS (through highspy) under every policy constraint: total and yearly budgets with each package's
phasing, programme quotas and batch sizes per year, earmarks (minimum and maximum shares of programmes
and tracks), a minimum number of funded firms per city, and forced-in firms. It runs with a time limit
and reports the optimality gap and the LP bound. The greedy method (best value per 万元 first, then
upgrades and repairs) serves very large rosters, warm starts the MILP and stands in when the MILP finds
nothing in time. Both are deterministic.
"""

from __future__ import annotations

import numpy as np

from planning.base.progress import NullProgress, Progress
from planning.budget.candidates import EPS, Allocation, Candidates
from planning.budget.greedy import greedy
from planning.budget.milp import solve_milp
from planning.budget.packages import Packages
from planning.budget.policy import Policy


def allocate(p: Packages, c: Candidates, policy: Policy, bonus: float = 0.0, method: str = "auto",
             progress: Progress | None = None) -> Allocation:
    """Greedy first (fast, always an answer); then the exact MILP when the problem is not too large,
    warm-started from the greedy plan. The MILP's plan is kept unless it found nothing better. The answer
    says, per candidate, the start year of the package it belongs to (``start``)."""
    progress = progress or NullProgress()
    progress.step(0.05, "greedy")
    chosen = _choose(p, policy, c.years, bonus, method, progress)
    chosen.start = candidate_starts(p, chosen.chosen, len(c))
    return chosen


def _choose(p: Packages, policy: Policy, years: list[int], bonus: float, method: str, progress: Progress) -> Allocation:
    first = greedy(p, policy, years, bonus, progress)
    if method == "greedy":
        return first
    if len(p) == 0:
        first.notes.append("no_candidates")
        return first
    if method == "auto" and len(p) > policy.max_exact_candidates:
        first.notes.append("too_large_for_exact")
        return first
    try:
        import highspy  # noqa: F401
    except ImportError:
        first.notes.append("solver_missing")
        return first
    progress.step(0.6, "milp")
    exact = solve_milp(p, policy, years, bonus, warm=first, progress=progress)
    progress.step(0.95, "")
    if (exact.chosen >= 0).any() or not (first.chosen >= 0).any():
        if exact.objective + EPS >= first.objective or first.status != "feasible":
            return exact
    first.notes.append(f"milp_{exact.status}")
    return first


def candidate_starts(p: Packages, chosen: np.ndarray, candidates: int) -> np.ndarray:
    """Per candidate: the start year of the chosen variant it belongs to, -1 when none."""
    start = np.full(candidates, -1, dtype=np.int64)
    for v in np.flatnonzero(chosen >= 0).tolist():
        start[p.members(v)] = chosen[v]
    return start


def funded_subsidies(p: Packages, chosen: np.ndarray, requested: np.ndarray) -> np.ndarray:
    """Per candidate: its subsidy within the caps of the chosen variant it belongs to; the requested
    subsidy (ratio and action cap only) when it is in no chosen variant."""
    out = requested.astype(float).copy()
    for v in np.flatnonzero(chosen >= 0).tolist():
        out[p.members(v)] = p.member_subsidies(v)
    return out
