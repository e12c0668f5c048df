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
from dataclasses import dataclass, replace

import numpy as np

from planning.base.progress import Cancelled, NullProgress, Progress
from planning.budget.candidates import Allocation, city_floors
from planning.budget.greedy import greedy, objective_of
from planning.budget.packages import Packages
from planning.budget.policy import Policy


FULL_SEARCH_COLUMNS = 40_000  # above this many columns the search runs on the relaxation's columns only


def solve_milp(p: Packages, policy: Policy, years: list[int], bonus: float = 0.0, warm: Allocation | None = None,
               time_limit: float | None = None, gap: float | None = None,
               progress: Progress | None = None) -> Allocation:
    """The LP relaxation first: its bound, and a plan rounded from
    it that is often within the gap asked for already. Otherwise HiGHS searches, from the best start, on
    every column of a small model, or on the relaxation's columns of a large one; the gap reported is
    always against the relaxation's bound, which holds for every plan."""
    import highspy

    progress = progress or NullProgress()
    began = time.perf_counter()
    tolerance = float(gap if gap is not None else policy.mip_gap)
    model = _AllocationModel(p, policy, years)
    cost = model.cost(bonus)

    def interrupt(event) -> None:
        if progress.cancelled():
            event.interrupt()

    starts = [warm] if warm is not None and warm.status == "feasible" else []
    relaxation = _relax(model, bonus, progress, interrupt)
    if relaxation is None:
        return _nothing(p, "Infeasible", began)
    bound = relaxation.bound
    rounded = _rounded(p, policy, years, bonus, relaxation)
    if rounded.status != "feasible":
        # dropping the few fractional firms moved a share of the money past its limit: round again from a
        # relaxation that keeps the shares a margin inside their limits
        inner = replace(policy, earmarks=tuple(
            replace(e, min_share=None if e.min_share is None else min(1.0, e.min_share + ROUNDING_MARGIN),
                    max_share=None if e.max_share is None else max(0.0, e.max_share - ROUNDING_MARGIN))
            for e in policy.earmarks))
        tighter = _relax(_AllocationModel(p, inner, years), bonus, progress, interrupt)
        if tighter is not None:
            rounded = _rounded(p, policy, years, bonus, tighter)
    if rounded.status == "feasible":
        starts.append(rounded)
    best = max(starts, key=lambda a: a.objective) if starts else None
    if best is not None and tolerance > 0 and _gap(bound, best.objective) <= tolerance:
        return _answer(best.chosen, "Optimal", best.objective, bound, began)

    search = len(cost) <= FULL_SEARCH_COLUMNS or tolerance == 0
    columns = np.arange(len(cost)) if search else np.union1d(
        relaxation.columns, model.columns_of(best.chosen) if best is not None else np.zeros(0, dtype=np.int64))
    if not search:  # with the other columns of the firms the relaxation is undecided about
        undecided = np.unique(relaxation.columns[(relaxation.values[relaxation.columns] < 1 - 1e-6)] // len(years))
        columns = np.union1d(columns, model.z[undecided].ravel())
    h = _highs(interrupt)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("time_limit", max(1.0, float(time_limit if time_limit is not None else policy.time_limit)
                                       - (time.perf_counter() - began)))
    h.setOptionValue("mip_rel_gap", tolerance)
    h.setOptionValue("mip_max_nodes", int(policy.max_nodes))
    h.setOptionValue("mip_heuristic_run_feasibility_jump", False)  # slow and no help on these models
    h.passModel(model.lp(highspy, bonus, columns))
    if best is not None:
        solution = highspy.HighsSolution()
        solution.col_value = model.warm_values(best.chosen)[columns].tolist()
        h.setSolution(solution)
    h.run()
    if progress.cancelled():
        raise Cancelled()
    status = h.modelStatusToString(h.getModelStatus())
    if h.getInfo().primal_solution_status != 2:  # kSolutionStatusFeasible
        if best is not None:
            return _answer(best.chosen, status, best.objective, bound, began)
        return _nothing(p, status, began)
    values = np.zeros(len(cost))
    values[columns] = np.asarray(h.getSolution().col_value)
    values = values.reshape(len(p), len(years))
    chosen = np.where(values.max(axis=1, initial=0.0) > 0.5, values.argmax(axis=1), -1).astype(np.int64)
    objective = objective_of(p, chosen, bonus)
    if best is not None and best.objective > objective:
        chosen, objective = best.chosen, best.objective
    if search and status == "Optimal":
        bound = min(bound, float(h.getInfo().mip_dual_bound))
    answer = _answer(chosen, status, objective, bound, began)
    if search and status == "Optimal" and tolerance == 0:
        answer.gap = 0.0
    return answer


ROUNDING_MARGIN = 0.001


@dataclass
class _Relaxation:
    values: np.ndarray  # per column
    bound: float  # the relaxation's optimum: no plan does better
    columns: np.ndarray  # the columns it uses


def _relax(model: "_AllocationModel", bonus: float, progress: Progress, interrupt) -> _Relaxation | None:
    """The LP relaxation, by the interior point method with crossover (on these models several times faster
    than the simplex method at province scale). None when it is infeasible."""
    import highspy

    h = _highs(interrupt)
    h.setOptionValue("solver", "ipm")
    lp = model.lp(highspy, bonus)
    lp.integrality_ = []
    h.passModel(lp)
    h.run()
    if progress.cancelled():
        raise Cancelled()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    values = np.clip(np.asarray(h.getSolution().col_value), 0.0, 1.0)
    return _Relaxation(values, float(h.getInfo().objective_function_value), np.flatnonzero(values > 1e-9))


def _rounded(p: Packages, policy: Policy, years: list[int], bonus: float, relaxation) -> Allocation:
    """The variants the relaxation takes whole, then a greedy fill that keeps the shares."""
    relaxed = relaxation.values.reshape(len(p), len(years))
    whole = np.where(relaxed.max(axis=1, initial=0.0) > 1 - 1e-6, relaxed.argmax(axis=1), -1)
    return greedy(p, policy, years, bonus, fixed=whole)


def _highs(interrupt):
    """A quiet, single-threaded HiGHS that stops when ``interrupt`` says so."""
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("presolve", "off")  # it spends seconds and removes almost nothing from these models
    h.cbSimplexInterrupt += interrupt
    h.cbIpmInterrupt += interrupt
    h.cbMipInterrupt += interrupt
    return h


def _nothing(p: Packages, status: str, began: float) -> Allocation:
    return Allocation(np.zeros(0, dtype=np.int64), "milp", status, 0.0, seconds=time.perf_counter() - began,
                      chosen=np.full(len(p), -1, dtype=np.int64))


def _gap(bound: float, objective: float) -> float:
    return max(0.0, (bound - objective) / max(abs(objective), 1e-9))


def _answer(chosen: np.ndarray, status: str, objective: float, bound: float, began: float) -> Allocation:
    return Allocation(np.zeros(0, dtype=np.int64), "milp", status, objective, bound, _gap(bound, objective),
                      time.perf_counter() - began, chosen=chosen)


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
        self.firm_rows = len(firms)
        self.row_of.append(first + np.repeat(firm_row, span))
        self.cols.append(self.z.ravel())
        self.vals.append(np.ones(len(p) * span))
        self.lower.extend(np.where(forced, 1.0, -np.inf).tolist())
        self.upper.extend([1.0] * len(firms))

    def cost(self, bonus: float) -> np.ndarray:
        return (self.p.value[:, None] * (1 - bonus * np.arange(self.years)[None, :])).ravel()

    def columns_of(self, chosen: np.ndarray) -> np.ndarray:
        picked = np.flatnonzero(chosen >= 0)
        return self.z[picked, chosen[picked]]

    def lp(self, highspy, bonus: float, columns: np.ndarray | None = None):
        """The MILP over ``columns`` (default: all), every row kept."""
        n_all = len(self.p) * self.years
        columns = np.arange(n_all) if columns is None else columns
        position = np.full(n_all, -1, dtype=np.int64)
        position[columns] = np.arange(len(columns))
        n_cols = len(columns)
        lp = highspy.HighsLp()
        lp.num_col_ = n_cols
        lp.num_row_ = len(self.lower)
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.col_cost_ = self.cost(bonus)[columns]
        lp.col_lower_ = np.zeros(n_cols)
        lp.col_upper_ = np.ones(n_cols)
        inf = highspy.kHighsInf
        lp.row_lower_ = np.where(np.isfinite(self.lower), self.lower, -inf)
        lp.row_upper_ = np.where(np.isfinite(self.upper), self.upper, inf)
        rows = np.concatenate(self.row_of) if self.row_of else np.zeros(0, dtype=np.int64)
        cols = position[np.concatenate(self.cols)] if self.cols else np.zeros(0, dtype=np.int64)
        vals = np.concatenate(self.vals) if self.vals else np.zeros(0)
        keep = cols >= 0
        rows, cols, vals = rows[keep], cols[keep], vals[keep]
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
