"""The exact allocation: a MILP over package variants, solved by HiGHS (through highspy) with a time limit,
reporting the optimality gap and the LP bound.

Column z[v, y] (at v * years + y) is 1 when variant v starts in year y. The caps are already in each
variant's subsidy, so what is left is a knapsack with one choice per firm and a few linking rows: the
yearly budgets with each variant's phasing, the total, earmarked shares, programme quotas and batch sizes
per year, city floors and forced firms. Its LP relaxation is tight, which is what lets HiGHS prove small
gaps at province scale. A cancel request stops the solver within its next callback.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from planning.base.progress import Cancelled, NullProgress, Progress
from planning.budget.candidates import Allocation, city_floors
from planning.budget.greedy import greedy, objective_of
from planning.budget.packages import Packages
from planning.budget.policy import Policy


def solve_milp(p: Packages, policy: Policy, years: list[int], bonus: float = 0.0, warm: Allocation | None = None,
               time_limit: float | None = None, gap: float | None = None,
               progress: Progress | None = None) -> Allocation:
    import highspy

    progress = progress or NullProgress()
    began = time.perf_counter()
    model = _AllocationModel(p, policy, years)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("time_limit", float(time_limit if time_limit is not None else policy.time_limit))
    h.setOptionValue("mip_rel_gap", float(gap if gap is not None else policy.mip_gap))
    h.setOptionValue("mip_max_nodes", int(policy.max_nodes))
    h.setOptionValue("mip_heuristic_run_feasibility_jump", False)  # slow and no help on these models
    warm = _better_start(h, p, policy, years, bonus, warm)
    h.passModel(model.lp(highspy, bonus))
    if warm is not None and warm.chosen is not None:
        solution = highspy.HighsSolution()
        solution.col_value = model.warm_values(warm.chosen).tolist()
        h.setSolution(solution)

    def interrupt(event) -> None:
        if progress.cancelled():
            event.interrupt()

    h.cbSimplexInterrupt += interrupt
    h.cbIpmInterrupt += interrupt
    h.cbMipInterrupt += interrupt
    h.run()
    if progress.cancelled():
        raise Cancelled()
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    seconds = time.perf_counter() - began
    n, span = len(p), len(years)
    if info.primal_solution_status != 2:  # kSolutionStatusFeasible
        return Allocation(np.zeros(0, dtype=np.int64), "milp", status, 0.0, seconds=seconds,
                          chosen=np.full(n, -1, dtype=np.int64))
    values = np.asarray(h.getSolution().col_value).reshape(n, span) if n else np.zeros((0, span))
    chosen = np.where(values.max(axis=1, initial=0.0) > 0.5, values.argmax(axis=1), -1).astype(np.int64)
    mip_gap = float(info.mip_gap) if np.isfinite(info.mip_gap) else None
    if status == "Optimal":
        mip_gap = max(0.0, mip_gap or 0.0)
    return Allocation(np.zeros(0, dtype=np.int64), "milp", status, objective_of(p, chosen, bonus),
                      float(info.mip_dual_bound), mip_gap, seconds, chosen=chosen)


ROUNDING_MARGIN = 0.001  # shares kept this much inside their limits in the LP that the start is rounded from


def _better_start(h, p: Packages, policy: Policy, years: list[int], bonus: float,
                  warm: Allocation | None) -> Allocation | None:
    """The LP relaxation is nearly integral: taking the variants it takes whole, then filling greedily, gives
    a start close to the bound, which spares HiGHS most of its search. Dropping the few fractional firms
    moves the shares of the money a little, so the LP keeps them a margin inside their limits. The better
    of that start and ``warm``."""
    margin = tuple(replace(e, min_share=None if e.min_share is None else min(1.0, e.min_share + ROUNDING_MARGIN),
                           max_share=None if e.max_share is None else max(0.0, e.max_share - ROUNDING_MARGIN))
                   for e in policy.earmarks)
    import highspy

    lp = _AllocationModel(p, replace(policy, earmarks=margin), years).lp(highspy, bonus)
    lp.integrality_ = []
    h.passModel(lp)
    h.run()
    if h.getInfo().primal_solution_status != 2:
        return warm
    relaxed = np.asarray(h.getSolution().col_value).reshape(len(p), len(years))
    whole = np.where(relaxed.max(axis=1) > 1 - 1e-6, relaxed.argmax(axis=1), -1)
    guided = greedy(p, policy, years, bonus, fixed=whole)
    if warm is None or (guided.status == "feasible" and guided.objective > warm.objective) or warm.status != "feasible":
        return guided
    return warm


class _AllocationModel:
    """The rows of the allocation MILP, gathered as (row, column, coefficient) triplets."""

    def __init__(self, p: Packages, policy: Policy, years: list[int]):
        self.p = p
        self.years = len(years)
        self.rows: list[int] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.row_of: list[np.ndarray] = []
        n, span = len(p), self.years
        self.z = np.arange(n * span).reshape(n, span)
        self._one_per_firm()
        pays = p.pays  # V x start x payment year
        for j, year in enumerate(years):
            self._row(self.z.ravel(), pays[:, :, j].ravel(), -np.inf, policy.yearly_budget[year])
        every = np.repeat(p.subsidy, span)
        self._row(self.z.ravel(), every, -np.inf, policy.total_budget)
        for earmark in policy.earmarks:
            inside = np.repeat(p.inside(earmark.programmes, earmark.tracks), span)
            if earmark.min_share is not None:
                self._row(self.z.ravel(), inside - earmark.min_share * every, 0.0, np.inf)
            if earmark.max_share is not None:
                self._row(self.z.ravel(), inside - earmark.max_share * every, -np.inf, 0.0)
        for programme, quota in policy.quotas.items():
            has = np.flatnonzero(p.has_programme(programme))
            if len(np.unique(p.firm[has])) > quota:
                for y in range(span):
                    self._row(self.z[has, y], np.ones(len(has)), -np.inf, float(quota))
        for y, year in enumerate(years):
            limit = policy.max_firms_started.get(year)
            if limit is not None and len(np.unique(p.firm)) > limit:
                self._row(self.z[:, y], np.ones(n), -np.inf, float(limit))
        for city, floor in sorted(city_floors(p.firm, p.city, policy).items()):
            inside = np.flatnonzero(p.city == city)
            self._row(self.z[inside].ravel(), np.ones(len(inside) * span), float(floor), np.inf)

    def _row(self, cols: np.ndarray, coefs: np.ndarray, lower: float, upper: float) -> None:
        keep = coefs != 0
        self.row_of.append(np.full(int(keep.sum()), len(self.lower), dtype=np.int64))
        self.cols.append(np.asarray(cols, dtype=np.int64)[keep])
        self.vals.append(np.asarray(coefs, dtype=float)[keep])
        self.lower.append(lower)
        self.upper.append(upper)

    def _one_per_firm(self) -> None:
        """At most one variant and start year per firm (at least one for a forced firm), as a block of rows."""
        p, span = self.p, self.years
        firms, firm_row = np.unique(p.firm, return_inverse=True)
        forced = np.zeros(len(firms), dtype=bool)
        forced[firm_row[p.forced]] = True
        first = len(self.lower)
        self.row_of.append(first + np.repeat(firm_row, span))
        self.cols.append(self.z.ravel())
        self.vals.append(np.ones(len(p) * span))
        self.lower.extend(np.where(forced, 1.0, -np.inf).tolist())
        self.upper.extend([1.0] * len(firms))

    def lp(self, highspy, bonus: float):
        n_cols = len(self.p) * self.years
        lp = highspy.HighsLp()
        lp.num_col_ = n_cols
        lp.num_row_ = len(self.lower)
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.col_cost_ = (self.p.value[:, None] * (1 - bonus * np.arange(self.years)[None, :])).ravel()
        lp.col_lower_ = np.zeros(n_cols)
        lp.col_upper_ = np.ones(n_cols)
        inf = highspy.kHighsInf
        lp.row_lower_ = np.where(np.isfinite(self.lower), self.lower, -inf)
        lp.row_upper_ = np.where(np.isfinite(self.upper), self.upper, inf)
        rows = np.concatenate(self.row_of) if self.row_of else np.zeros(0, dtype=np.int64)
        cols = np.concatenate(self.cols) if self.cols else np.zeros(0, dtype=np.int64)
        vals = np.concatenate(self.vals) if self.vals else np.zeros(0)
        order = np.lexsort((rows, cols))
        matrix = highspy.HighsSparseMatrix()
        matrix.format_ = highspy.MatrixFormat.kColwise
        matrix.num_col_ = n_cols
        matrix.num_row_ = len(self.lower)
        matrix.start_ = np.concatenate([[0], np.cumsum(np.bincount(cols, minlength=n_cols))]).astype(np.int32)
        matrix.index_ = rows[order].astype(np.int32)
        matrix.value_ = vals[order]
        lp.a_matrix_ = matrix
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_cols
        return lp

    def warm_values(self, chosen: np.ndarray) -> np.ndarray:
        values = np.zeros(len(self.p) * self.years)
        picked = np.flatnonzero(chosen >= 0)
        values[self.z[picked, chosen[picked]]] = 1.0
        return values
