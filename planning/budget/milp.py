"""The exact allocation: a MILP under every policy constraint, solved by HiGHS (through highspy) with a
time limit, reporting the optimality gap and the LP bound."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from planning.budget.candidates import EPS, Allocation, Candidates, city_floors, level_reached, objective_of
from planning.budget.policy import Policy


def solve_milp(c: Candidates, policy: Policy, bonus: float = 0.0, warm: Allocation | None = None,
               time_limit: float | None = None, gap: float | None = None) -> Allocation:
    import highspy

    began = time.perf_counter()
    n, years = len(c), len(c.years)
    model = _AllocationModel(c, years)
    model.objective(bonus)
    model.budgets(policy)
    model.firm_caps()
    model.level_caps()
    model.quotas(policy)
    model.earmarks(policy)
    model.city_floors(policy)
    model.forced_firms()

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("presolve", "off")  # presolve probing costs more than it saves on these models
    h.setOptionValue("time_limit", float(time_limit if time_limit is not None else policy.time_limit))
    h.setOptionValue("mip_rel_gap", float(gap if gap is not None else policy.mip_gap))
    h.passModel(model.builder.model(highspy))
    if warm is not None:
        solution = highspy.HighsSolution()
        solution.col_value = model.warm_values(warm.start).tolist()
        h.setSolution(solution)
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    seconds = time.perf_counter() - began
    if not has_solution:
        return Allocation(np.full(n, -1, dtype=np.int64), "milp", status, 0.0, seconds=seconds)
    values = np.asarray(h.getSolution().col_value)[: n * years].reshape(n, years)
    start = np.where(values.max(axis=1) > 0.5, values.argmax(axis=1), -1).astype(np.int64)
    objective = objective_of(c, start, bonus)
    bound = float(info.mip_dual_bound)
    mip_gap = float(info.mip_gap) if np.isfinite(info.mip_gap) else None
    if status == "Optimal":
        mip_gap = max(0.0, mip_gap or 0.0)
    return Allocation(start, "milp", status, objective, bound, mip_gap, seconds)


class _AllocationModel:
    """The allocation MILP, one group of constraints per method. Column x[i, y] (at i * years + y) is 1
    when candidate i starts in year y; auxiliary binaries carry the rules that set them from a plan."""

    def __init__(self, c: Candidates, years: int):
        self.c = c
        self.years = years
        self.builder = _ModelBuilder()
        self.x = self.builder.add_binaries(len(c) * years)
        self.x_cols = self.x.reshape(len(c), years)
        self.total = np.repeat(c.subsidy, years)
        self.by_firm: dict[int, np.ndarray] = {}
        order = np.argsort(c.firm, kind="stable")
        for group in np.split(order, np.flatnonzero(np.diff(c.firm[order])) + 1):
            if len(group):
                self.by_firm[int(c.firm[group[0]])] = group

    def objective(self, bonus: float) -> None:
        value = self.c.value[:, None] * (1 - bonus * np.arange(self.years)[None, :])
        self.builder.cost[self.x] = value.ravel()

    def budgets(self, policy: Policy) -> None:
        """One start year at most per candidate; the yearly payments and the total within their budgets."""
        c, years, builder = self.c, self.years, self.builder
        if years > 1:
            for i in range(len(c)):
                builder.add_row(self.x_cols[i], np.ones(years), -np.inf, 1.0)
        pays = c.phasing * c.subsidy[:, None, None]  # C x start x pay
        for j, year in enumerate(c.years):
            builder.add_row(self.x, pays[:, :, j].ravel(), -np.inf, policy.yearly_budget[year])
        builder.add_row(self.x, self.total, -np.inf, policy.total_budget)

    def _cap_row(self, items: np.ndarray, cap: float) -> None:
        self.builder.add_row(self.x_cols[items].ravel(), np.repeat(self.c.subsidy[items], self.years), -np.inf, cap)

    def firm_caps(self) -> None:
        c = self.c
        for f, cap in c.firm_cap.items():
            items = self.by_firm.get(f)
            if items is not None and c.subsidy[items].sum() > cap + EPS:
                self._cap_row(items, cap)

    def level_caps(self) -> None:
        """A firm's subsidy in the level-capped programmes fits the cap of the level its funded candidates
        reach. The firm picks one of the subsets of its candidates that obey the rule: the LP then only
        mixes whole subsets, a far tighter relaxation than a knapsack row per firm. Firms with too many
        candidates to list their subsets use one binary per level instead."""
        c = self.c
        for f, base in c.level_base.items():
            items = self.by_firm.get(f)
            if items is None:
                continue
            if len(items) <= MAX_PATTERN_ITEMS:
                self._level_cap_patterns(items, base)
            else:
                self._level_cap_by_levels(items, base)

    def _level_cap_patterns(self, items: np.ndarray, base: int) -> None:
        c, years, builder = self.c, self.years, self.builder
        subsets = _subsets_within(c.subsidy[items], c.gain[items], c.level_capped[items], c.cap_of_level, base)
        funded_sets = [frozenset(items[list(subset)]) for subset in subsets]
        pattern = builder.add_binaries(
            len(subsets), warm=lambda start, sets=funded_sets, items=items: np.array(
                [float(frozenset(items[start[items] >= 0]) == chosen) for chosen in sets]))
        builder.add_row(pattern, np.ones(len(subsets)), 1.0, 1.0)
        for k, i in enumerate(items):
            uses = [pattern[p] for p, subset in enumerate(subsets) if k in subset]
            builder.add_row(np.concatenate([self.x_cols[i], uses]),
                            np.concatenate([np.ones(years), -np.ones(len(uses))]), 0.0, 0.0)

    def _level_cap_by_levels(self, items: np.ndarray, base: int) -> None:
        """reached[L] may be 1 only when the funded gains lift the firm to level L; the capped subsidy stays
        within the cap of the starting level plus the cap's steps up to each level reached (caps never fall
        with the level, so the solver sets every reached[L] it may)."""
        c, years, builder = self.c, self.years, self.builder
        levels = list(range(base + 1, 5))
        cols = self.x_cols[items].ravel()
        gains = np.repeat(c.gain[items], years)

        def warm(start, items=items, levels=levels, base=base):
            gained = float(c.gain[items[start[items] >= 0]].sum())
            return np.array([float(level_reached(base, gained) >= level) for level in levels])

        reached = builder.add_binaries(len(levels), warm=warm)
        for k, level in enumerate(levels):
            builder.add_row(np.concatenate([cols, [reached[k]]]),
                            np.concatenate([gains, [-(level - base - 1e-9)]]), 0.0, np.inf)
        steps = [c.cap_of_level[level] - c.cap_of_level[level - 1] for level in levels]
        capped = np.repeat(np.where(c.level_capped[items], c.subsidy[items], 0.0), years)
        builder.add_row(np.concatenate([cols, reached]), np.concatenate([capped, -np.array(steps)]),
                        -np.inf, float(c.cap_of_level[base]))

    def quotas(self, policy: Policy) -> None:
        """At most `quota` firms awarded per programme and year."""
        c, builder, by_firm = self.c, self.builder, self.by_firm
        for programme, quota in policy.quotas.items():
            firms = np.unique(c.firm[c.programme == programme])
            if len(firms) <= quota:
                continue
            items_of = {int(f): by_firm[int(f)][c.programme[by_firm[int(f)]] == programme] for f in firms}
            for y in range(self.years):
                award = builder.add_binaries(len(firms), warm=lambda start, y=y, firms=firms, items_of=items_of: np.array(
                    [float((start[items_of[int(f)]] == y).any()) for f in firms]))
                for k, f in enumerate(firms):
                    items = items_of[int(f)]
                    cols = np.concatenate([self.x_cols[items, y], [award[k]]])
                    builder.add_row(cols, np.concatenate([np.ones(len(items)), [-float(len(items))]]), -np.inf, 0.0)
                builder.add_row(award, np.ones(len(firms)), -np.inf, float(quota))

    def earmarks(self, policy: Policy) -> None:
        for earmark in policy.earmarks:
            inside = np.repeat(np.isin(self.c.programme, list(earmark.programmes)).astype(float), self.years)
            if earmark.min_share is not None:
                self.builder.add_row(self.x, self.total * (inside - earmark.min_share), 0.0, np.inf)
            if earmark.max_share is not None:
                self.builder.add_row(self.x, self.total * (inside - earmark.max_share), -np.inf, 0.0)

    def city_floors(self, policy: Policy) -> None:
        floors = city_floors(self.c, policy)
        if not floors:
            return
        builder, by_firm = self.builder, self.by_firm
        firms_in_city: dict[str, list[int]] = {}
        for f, city in self.c.city.items():
            if city in floors and f in by_firm:
                firms_in_city.setdefault(city, []).append(f)
        for city, firms in sorted(firms_in_city.items()):
            funded = builder.add_binaries(len(firms), warm=lambda start, firms=firms: np.array(
                [float((start[by_firm[f]] >= 0).any()) for f in firms]))
            for k, f in enumerate(firms):
                items = self.x_cols[by_firm[f]].ravel()
                builder.add_row(np.concatenate([items, [funded[k]]]),
                                np.concatenate([np.ones(len(items)), [-1.0]]), 0.0, np.inf)
            builder.add_row(funded, np.ones(len(firms)), float(floors[city]), np.inf)

    def forced_firms(self) -> None:
        """A forced-in firm gets at least one of its actions."""
        for f in np.unique(self.c.firm[self.c.forced]):
            items = self.by_firm[int(f)]
            self.builder.add_row(self.x_cols[items].ravel(), np.ones(len(items) * self.years), 1.0, np.inf)

    def warm_values(self, start: np.ndarray) -> np.ndarray:
        """Every column's value for a plan given by its start years."""
        values = np.zeros(self.builder.num_cols)
        chosen = np.flatnonzero(start >= 0)
        values[chosen * self.years + start[chosen]] = 1.0
        for cols, rule in self.builder.warm_rules:
            values[cols] = rule(start)
        return values


MAX_PATTERN_ITEMS = 4  # up to 16 subsets per capped firm; beyond, one binary per level solves faster


def _subsets_within(subsidies: np.ndarray, gains: np.ndarray, capped: np.ndarray, cap_of_level: np.ndarray,
                    base: int) -> list[tuple[int, ...]]:
    """Every subset of a firm's items (as index tuples, the empty one included) whose subsidy in the capped
    programmes fits the cap of the level the subset's gains reach from ``base``."""
    out = []
    for mask in range(1 << len(subsidies)):
        members = [k for k in range(len(subsidies)) if mask >> k & 1]
        cap = cap_of_level[level_reached(base, float(gains[members].sum()))]
        if subsidies[members][capped[members]].sum() <= cap + EPS:
            out.append(tuple(members))
    return out


class _ModelBuilder:
    """Accumulates a sparse MILP row by row, then hands HiGHS a column-wise matrix."""

    def __init__(self):
        self.num_cols = 0
        self.cost = np.zeros(0)
        self.rows: list[tuple[np.ndarray, np.ndarray]] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        # auxiliary columns and how to set them from a plan's start years (for a warm start)
        self.warm_rules: list[tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]] = []

    def add_binaries(self, count: int, warm: Callable[[np.ndarray], np.ndarray] | None = None) -> np.ndarray:
        cols = np.arange(self.num_cols, self.num_cols + count)
        self.num_cols += count
        self.cost = np.concatenate([self.cost, np.zeros(count)])
        if warm is not None:
            self.warm_rules.append((cols, warm))
        return cols

    def add_row(self, cols, coefs, lower: float, upper: float) -> None:
        cols = np.asarray(cols, dtype=np.int64)
        coefs = np.asarray(coefs, dtype=float)
        keep = coefs != 0
        self.rows.append((cols[keep], coefs[keep]))
        self.lower.append(lower)
        self.upper.append(upper)

    def model(self, highspy):
        lp = highspy.HighsLp()
        lp.num_col_ = self.num_cols
        lp.num_row_ = len(self.rows)
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.col_cost_ = self.cost
        lp.col_lower_ = np.zeros(self.num_cols)
        lp.col_upper_ = np.ones(self.num_cols)
        inf = highspy.kHighsInf
        lp.row_lower_ = np.array([-inf if not np.isfinite(v) else v for v in self.lower])
        lp.row_upper_ = np.array([inf if not np.isfinite(v) else v for v in self.upper])
        lengths = np.array([len(r[0]) for r in self.rows], dtype=np.int64)
        row_index = np.repeat(np.arange(len(self.rows)), lengths)
        cols = np.concatenate([r[0] for r in self.rows]) if self.rows else np.zeros(0, dtype=np.int64)
        vals = np.concatenate([r[1] for r in self.rows]) if self.rows else np.zeros(0)
        order = np.lexsort((row_index, cols))
        matrix = highspy.HighsSparseMatrix()
        matrix.format_ = highspy.MatrixFormat.kColwise
        matrix.num_col_ = self.num_cols
        matrix.num_row_ = len(self.rows)
        matrix.start_ = np.concatenate([[0], np.cumsum(np.bincount(cols, minlength=self.num_cols))]).astype(np.int32)
        matrix.index_ = row_index[order].astype(np.int32)
        matrix.value_ = vals[order]
        lp.a_matrix_ = matrix
        lp.integrality_ = [highspy.HighsVarType.kInteger] * self.num_cols
        return lp
