"""Choosing which firm-actions to fund, and in which year, to get the most value for the budget.

The candidates are the actions of every firm on a funded track. The exact method is a MILP solved by
HiGHS (through highspy) under every policy constraint: total and yearly budgets with each action's
phasing, per-firm caps (also tiered by the level the firm will reach), programme quotas per year,
earmarks (minimum and maximum shares), a minimum number of funded firms per city, and forced-in and
forced-out firms. It runs with a time limit and reports the optimality gap and the LP bound. The
greedy method (best value per 万元 first, then repairs for the floors) serves very large rosters, warm
starts the MILP and stands in when the MILP finds nothing in time. Both are deterministic.
"""

from __future__ import annotations

from planning.base.progress import NullProgress, Progress
from planning.budget.candidates import EPS, Allocation, Candidates
from planning.budget.greedy import greedy
from planning.budget.milp import solve_milp
from planning.budget.policy import Policy


def allocate(c: Candidates, policy: Policy, bonus: float = 0.0, method: str = "auto",
             progress: Progress | None = None) -> Allocation:
    """Greedy first (fast, always an answer); then the exact MILP when the problem is not too large,
    warm-started from the greedy plan. The MILP's plan is kept unless it found nothing better."""
    progress = progress or NullProgress()
    progress.step(0.05, "greedy")
    first = greedy(c, policy, bonus, progress)
    if method == "greedy":
        return first
    if len(c) == 0:
        first.notes.append("no_candidates")
        return first
    if method == "auto" and len(c) > policy.max_exact_candidates:
        first.notes.append("too_large_for_exact")
        return first
    try:
        import highspy  # noqa: F401
    except ImportError:
        first.notes.append("solver_missing")
        return first
    progress.step(0.7, "milp")
    exact = solve_milp(c, policy, bonus, warm=first)
    progress.step(0.95, "")
    if exact.funded.any() or not first.funded.any():
        if exact.objective + EPS >= first.objective or first.status != "feasible":
            return exact
    first.notes.append(f"milp_{exact.status}")
    return first
