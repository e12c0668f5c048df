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

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from planning.budget.policy import Policy
from planning.base.progress import NullProgress, Progress

EPS = 1e-9


@dataclass
class Candidates:
    """One row per (firm, action) that could be funded. Arrays share the same length C."""

    firm: np.ndarray  # row of the firm in the strategy frame
    action: np.ndarray  # index of the action in the catalogue
    cost: np.ndarray  # investment, 万元
    subsidy: np.ndarray  # 万元
    value: np.ndarray  # priority value 0-100
    programme: np.ndarray  # object
    phasing: np.ndarray  # C x Y x Y: share of the subsidy paid in year j when starting in year i
    years: list[int]
    firm_cap: dict[int, float]  # firm -> cap on its total subsidy (only firms that could exceed it)
    level_cap: dict[int, float]  # firm -> cap on its subsidy for the level-capped programmes
    level_capped: np.ndarray  # bool per candidate: its programme counts against the level cap
    city: dict[int, str]  # firm -> city (for floors)
    forced: np.ndarray  # bool per candidate: its firm is forced in (gets at least one action)

    def __len__(self) -> int:
        return len(self.firm)


@dataclass
class Allocation:
    start: np.ndarray  # per candidate: index of the start year, -1 when not funded
    method: str  # "milp" | "greedy"
    status: str
    objective: float
    bound: float | None = None  # LP (dual) bound on the objective, for the MILP
    gap: float | None = None  # relative optimality gap, 0 when proven optimal
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def funded(self) -> np.ndarray:
        return self.start >= 0


def payments(c: Candidates, start: np.ndarray) -> np.ndarray:
    """C x Y subsidy paid per year by each funded candidate."""
    out = np.zeros((len(c), len(c.years)))
    chosen = np.flatnonzero(start >= 0)
    out[chosen] = c.phasing[chosen, start[chosen], :] * c.subsidy[chosen, None]
    return out


def objective_of(c: Candidates, start: np.ndarray, bonus: float) -> float:
    chosen = start >= 0
    return float((c.value[chosen] * (1 - bonus * start[chosen])).sum())


# ------------------------------------------------------------------ greedy


def greedy(c: Candidates, policy: Policy, bonus: float = 0.0, progress: Progress | None = None) -> Allocation:
    """Best value per 万元 first, each in the earliest year with room; then floors and forced firms."""
    began = time.perf_counter()
    progress = progress or NullProgress()
    n, years = len(c), len(c.years)
    start = np.full(n, -1, dtype=np.int64)
    yearly_left = np.array([policy.yearly_budget[y] for y in c.years], dtype=float)
    state = _GreedyState(c, policy, yearly_left, policy.total_budget)
    density = c.value / np.maximum(c.subsidy, EPS)
    # forced firms first, then the best value per 万元, then value, then stable ids
    order = np.lexsort((c.action, c.firm, -c.value, -density, ~c.forced))
    notes: list[str] = []
    subsidy = state.subsidy
    for k, i in enumerate(order.tolist()):
        if k % 50000 == 0:
            progress.step(0.1 + 0.6 * k / max(n, 1))
        if subsidy[i] > state.total_left + EPS:
            continue
        year = state.fit(i)
        if year >= 0:
            state.take(i, year)
            start[i] = year
    notes.extend(f"forced:{f}" for f in sorted(set(c.firm[c.forced].tolist()) - set(c.firm[start >= 0].tolist())))
    _repair_shares(c, policy, state, start, density, order)
    _repair_city_floors(c, policy, state, start, density)
    status = "feasible" if not notes else "forced_firm_not_funded"
    unmet = _unmet_floors(c, policy, start)
    if unmet:
        status = "city_floor_not_met"
        notes.extend(f"city_floor:{city}" for city in unmet)
    for earmark in policy.earmarks:
        inside = sum(state.programme_spent.get(p, 0.0) for p in earmark.programmes)
        low = earmark.min_share is not None and inside < earmark.min_share * state.spent - 1e-6
        high = earmark.max_share is not None and inside > earmark.max_share * state.spent + 1e-6
        if low or high:
            status = "earmark_not_met"
            notes.append(f"earmark:{earmark.id}")
    return Allocation(start, "greedy", status, objective_of(c, start, bonus), seconds=time.perf_counter() - began,
                      notes=sorted(set(notes)))


class _GreedyState:
    """What the greedy plan has used so far: budgets, caps, quotas, earmarks and funded firms.

    Kept in plain Python lists and dicts: the greedy loop visits every candidate once, and numpy's
    per-call overhead on tiny arrays would dominate."""

    def __init__(self, c: Candidates, policy: Policy, yearly_left: np.ndarray, total_left: float):
        self.c = c
        self.policy = policy
        self.years = len(c.years)
        self.yearly_left = [float(v) for v in yearly_left]
        self.total_left = float(total_left)
        self.subsidy = c.subsidy.tolist()
        self.firm = c.firm.tolist()
        self.level_capped = c.level_capped.tolist()
        self.programme = c.programme.tolist()
        # payments by start year, per distinct phasing (one per action)
        self.action = c.action.tolist()
        self.shares = {}
        for i in np.unique(c.action, return_index=True)[1]:
            # per start year, the (payment year, share) pairs that are not zero
            self.shares[int(c.action[i])] = [tuple((j, float(x)) for j, x in enumerate(c.phasing[i, y]) if x)
                                             for y in range(self.years)]
        self.inside = [np.isin(c.programme, list(e.programmes)).tolist() for e in policy.earmarks]
        self.earmark_spent = [0.0] * len(policy.earmarks)
        self.earmark_min = [e.min_share for e in policy.earmarks]
        self.earmark_max = [e.max_share for e in policy.earmarks]
        firms = int(c.firm.max()) + 1 if len(c.firm) else 0
        inf = float("inf")
        self.firm_cap = [inf] * firms
        for f, cap in c.firm_cap.items():
            self.firm_cap[f] = cap
        self.level_cap = [inf] * firms
        for f, cap in c.level_cap.items():
            self.level_cap[f] = cap
        self.firm_used = [0.0] * firms
        self.level_used = [0.0] * firms
        self.items_of_firm = [0] * firms
        self.city_of = [None] * firms
        for f, city in c.city.items():
            self.city_of[f] = city
        self.funded_by_city: dict[str, set[int]] = {}
        self.quota_used: dict[tuple[str, int], dict[int, int]] = {}  # (programme, year) -> firm -> items
        self.programme_spent: dict[str, float] = {}
        self.spent = 0.0

    def fit(self, i: int) -> int:
        """The earliest start year in which candidate i fits every constraint, or -1."""
        s = self.subsidy[i]
        f = self.firm[i]
        if self.firm_used[f] + s > self.firm_cap[f] + EPS:
            return -1
        if self.level_capped[i] and self.level_used[f] + s > self.level_cap[f] + EPS:
            return -1
        budget = self.policy.total_budget
        for k, inside in enumerate(self.inside):
            # shares are kept against the whole budget here, and repaired against the money spent after
            if inside[i]:
                high = self.earmark_max[k]
                if high is not None and self.earmark_spent[k] + s > high * budget + EPS:
                    return -1
            else:
                low = self.earmark_min[k]
                if low is not None and self.spent - self.earmark_spent[k] + s > (1 - low) * budget + EPS:
                    return -1
        programme = self.programme[i]
        quota = self.policy.quotas.get(programme)
        left = self.yearly_left
        for year, shares in enumerate(self.shares[self.action[i]]):
            short = False
            for j, share in shares:  # a plain loop: a generator here costs a third of the greedy's time
                if share * s > left[j] + EPS:
                    short = True
                    break
            if short:
                continue
            if quota is not None:
                awarded = self.quota_used.get((programme, year), {})
                if f not in awarded and len(awarded) >= quota:
                    continue
            return year
        return -1

    def _book(self, i: int, year: int, sign: int) -> None:
        s = self.subsidy[i] * sign
        f = self.firm[i]
        for j, share in self.shares[self.action[i]][year]:
            self.yearly_left[j] -= share * s
        self.total_left -= s
        self.spent += s
        self.firm_used[f] += s
        if self.level_capped[i]:
            self.level_used[f] += s
        for k, inside in enumerate(self.inside):
            if inside[i]:
                self.earmark_spent[k] += s
        programme = self.programme[i]
        self.programme_spent[programme] = self.programme_spent.get(programme, 0.0) + s
        if programme in self.policy.quotas:
            awarded = self.quota_used.setdefault((programme, year), {})
            awarded[f] = awarded.get(f, 0) + sign
            if not awarded[f]:
                del awarded[f]
        count = self.items_of_firm[f] + sign
        self.items_of_firm[f] = count
        city = self.city_of[f]
        if city:
            firms = self.funded_by_city.setdefault(city, set())
            firms.add(f) if count > 0 else firms.discard(f)

    def take(self, i: int, year: int) -> None:
        self._book(i, year, +1)

    def give_back(self, i: int, year: int) -> None:
        self._book(i, year, -1)


def _repair_shares(c: Candidates, policy: Policy, state: _GreedyState, start: np.ndarray,
                   density: np.ndarray, order: np.ndarray) -> None:
    """When less than the whole budget was spent, shares of the money spent may be off: give back the
    least valuable items of a programme over its maximum share; and, under a minimum share, the least
    valuable items of the other programmes, spending what that frees on the earmarked ones."""

    def share_of(k: int) -> float:
        return state.earmark_spent[k] / state.spent if state.spent > EPS else 0.0

    worst_first = None
    for k, earmark in enumerate(policy.earmarks):
        if earmark.max_share is None or share_of(k) <= earmark.max_share + EPS:
            continue
        worst_first = worst_first if worst_first is not None else np.lexsort((-c.action, -c.firm, c.value, density))
        inside = state.inside[k]
        for i in worst_first.tolist():
            if share_of(k) <= earmark.max_share + EPS:
                break
            if start[i] >= 0 and inside[i] and not c.forced[i]:
                state.give_back(i, int(start[i]))
                start[i] = -1
    for k, earmark in enumerate(policy.earmarks):
        if earmark.min_share is None or share_of(k) >= earmark.min_share - EPS:
            continue
        worst_first = worst_first if worst_first is not None else np.lexsort((-c.action, -c.firm, c.value, density))
        inside = state.inside[k]
        refill = [i for i in order.tolist() if inside[i] and start[i] < 0]
        for i in worst_first.tolist():
            if share_of(k) >= earmark.min_share - EPS:
                break
            if start[i] < 0 or inside[i] or c.forced[i]:
                continue
            state.give_back(i, int(start[i]))
            start[i] = -1
            still = []
            for j in refill:
                year = state.fit(j) if state.subsidy[j] <= state.total_left + EPS else -1
                if year >= 0:
                    state.take(j, year)
                    start[j] = year
                else:
                    still.append(j)
            refill = still


def city_floors(c: Candidates, policy: Policy) -> dict[str, int]:
    """The minimum number of funded firms per city, never more than the city has candidates for."""
    if policy.city_min_firms <= 0:
        return {}
    firms_by_city: dict[str, set[int]] = {}
    for f, city in c.city.items():
        if city:
            firms_by_city.setdefault(city, set()).add(f)
    return {city: min(policy.city_min_firms, len(firms)) for city, firms in firms_by_city.items()}


def _unmet_floors(c: Candidates, policy: Policy, start: np.ndarray) -> list[str]:
    funded: dict[str, set[int]] = {}
    for f in set(c.firm[start >= 0].tolist()):
        if c.city.get(f):
            funded.setdefault(c.city[f], set()).add(f)
    return sorted(city for city, need in city_floors(c, policy).items() if len(funded.get(city, ())) < need)


def _repair_city_floors(c: Candidates, policy: Policy, state: _GreedyState, start: np.ndarray,
                        density: np.ndarray) -> None:
    """Fund the best candidates of cities below their floor, releasing the least valuable items of
    other cities (never below their own floor, never forced firms) when the money is short."""
    floors = city_floors(c, policy)
    short = [city for city in sorted(floors) if len(state.funded_by_city.get(city, ())) < floors[city]]
    if not short:
        return
    by_city: dict[str, list[int]] = {}
    for i in np.lexsort((c.action, c.firm, -c.value, -density)):
        city = c.city.get(int(c.firm[i]))
        if city in short:
            by_city.setdefault(city, []).append(int(i))
    releasable = [int(i) for i in np.lexsort((-c.action, -c.firm, c.value, density)) if start[i] >= 0]
    for city in short:
        for i in by_city.get(city, []):
            if len(state.funded_by_city.get(city, ())) >= floors[city]:
                break
            if start[i] >= 0 or int(c.firm[i]) in state.funded_by_city.get(city, ()):
                continue
            year = state.fit(i)
            while year < 0 and _release_one(c, floors, state, start, releasable, protect=city):
                year = state.fit(i)
            if year >= 0:
                state.take(i, year)
                start[i] = year


def _release_one(c: Candidates, floors: dict[str, int], state: _GreedyState, start: np.ndarray,
                 releasable: list[int], protect: str) -> bool:
    """Give back the least valuable funded item that can go; False when none can."""
    for position, i in enumerate(releasable):
        if start[i] < 0:
            continue
        f = int(c.firm[i])
        city = c.city.get(f)
        if c.forced[i] or city == protect:
            continue
        if state.items_of_firm[f] == 1 and city in floors and \
                len(state.funded_by_city.get(city, ())) <= floors[city]:
            continue  # would drop that city below its own floor
        state.give_back(i, int(start[i]))
        start[i] = -1
        del releasable[position]
        return True
    return False


# ------------------------------------------------------------------ exact: MILP with HiGHS


def solve_milp(c: Candidates, policy: Policy, bonus: float = 0.0, warm: Allocation | None = None,
               time_limit: float | None = None, gap: float | None = None) -> Allocation:
    import highspy

    began = time.perf_counter()
    n, years = len(c), len(c.years)
    builder = _ModelBuilder()
    x = builder.add_binaries(n * years)  # x[i, y] at column i * years + y
    x_cols = x.reshape(n, years)
    value = c.value[:, None] * (1 - bonus * np.arange(years)[None, :])
    builder.cost[x] = value.ravel()

    if years > 1:  # one start year at most
        for i in range(n):
            builder.add_row(x_cols[i], np.ones(years), -np.inf, 1.0)
    pays = c.phasing * c.subsidy[:, None, None]  # C x start x pay
    for j, year in enumerate(c.years):
        builder.add_row(x, pays[:, :, j].ravel(), -np.inf, policy.yearly_budget[year])
    total = np.repeat(c.subsidy, years)
    builder.add_row(x, total, -np.inf, policy.total_budget)

    by_firm: dict[int, np.ndarray] = {}
    order = np.argsort(c.firm, kind="stable")
    bounds = np.flatnonzero(np.diff(c.firm[order])) + 1
    for group in np.split(order, bounds):
        if len(group):
            by_firm[int(c.firm[group[0]])] = group
    for f, cap in c.firm_cap.items():
        items = by_firm.get(f)
        if items is not None and c.subsidy[items].sum() > cap + EPS:
            builder.add_row(x_cols[items].ravel(), np.repeat(c.subsidy[items], years), -np.inf, cap)
    for f, cap in c.level_cap.items():
        items = by_firm.get(f)
        if items is None:
            continue
        items = items[c.level_capped[items]]
        if not len(items) or c.subsidy[items].sum() <= cap + EPS:
            continue
        subsets = _subsets_within(c.subsidy[items], cap) if len(items) <= MAX_PATTERN_ITEMS else None
        if subsets is None:
            builder.add_row(x_cols[items].ravel(), np.repeat(c.subsidy[items], years), -np.inf, cap)
            continue
        # The firm picks one of the subsets of its capped actions that fit under its cap: the LP then
        # only mixes whole subsets, a far tighter relaxation than one knapsack row per firm.
        funded_sets = [frozenset(items[list(subset)]) for subset in subsets]
        pattern = builder.add_binaries(
            len(subsets), warm=lambda start, sets=funded_sets, items=items: np.array(
                [float(frozenset(items[start[items] >= 0]) == chosen) for chosen in sets]))
        builder.add_row(pattern, np.ones(len(subsets)), 1.0, 1.0)
        for k, i in enumerate(items):
            uses = [pattern[p] for p, subset in enumerate(subsets) if k in subset]
            builder.add_row(np.concatenate([x_cols[i], uses]),
                            np.concatenate([np.ones(years), -np.ones(len(uses))]), 0.0, 0.0)

    for programme, quota in policy.quotas.items():
        in_programme = c.programme == programme
        firms = np.unique(c.firm[in_programme])
        if len(firms) <= quota:
            continue
        for y in range(years):
            award = builder.add_binaries(len(firms), warm=lambda start, y=y, firms=firms, programme=programme: np.array(
                [float((start[by_firm[int(f)][c.programme[by_firm[int(f)]] == programme]] == y).any()) for f in firms]))
            for k, f in enumerate(firms):
                items = by_firm[int(f)]
                items = items[c.programme[items] == programme]
                cols = np.concatenate([x_cols[items, y], [award[k]]])
                builder.add_row(cols, np.concatenate([np.ones(len(items)), [-float(len(items))]]), -np.inf, 0.0)
            builder.add_row(award, np.ones(len(firms)), -np.inf, float(quota))

    for earmark in policy.earmarks:
        inside = np.repeat(np.isin(c.programme, list(earmark.programmes)).astype(float), years)
        if earmark.min_share is not None:
            builder.add_row(x, total * (inside - earmark.min_share), 0.0, np.inf)
        if earmark.max_share is not None:
            builder.add_row(x, total * (inside - earmark.max_share), -np.inf, 0.0)

    floors = city_floors(c, policy)
    if floors:
        firms_in_city: dict[str, list[int]] = {}
        for f, city in c.city.items():
            if city in floors and f in by_firm:
                firms_in_city.setdefault(city, []).append(f)
        for city, firms in sorted(firms_in_city.items()):
            funded = builder.add_binaries(len(firms), warm=lambda start, firms=firms: np.array(
                [float((start[by_firm[f]] >= 0).any()) for f in firms]))
            for k, f in enumerate(firms):
                items = x_cols[by_firm[f]].ravel()
                builder.add_row(np.concatenate([items, [funded[k]]]),
                                np.concatenate([np.ones(len(items)), [-1.0]]), 0.0, np.inf)
            builder.add_row(funded, np.ones(len(firms)), float(floors[city]), np.inf)

    for f in np.unique(c.firm[c.forced]):  # a forced-in firm gets at least one of its actions
        builder.add_row(x_cols[by_firm[int(f)]].ravel(), np.ones(len(by_firm[int(f)]) * years), 1.0, np.inf)

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("presolve", "off")  # presolve probing costs more than it saves on these models
    h.setOptionValue("time_limit", float(time_limit if time_limit is not None else policy.time_limit))
    h.setOptionValue("mip_rel_gap", float(gap if gap is not None else policy.mip_gap))
    h.passModel(builder.model(highspy))
    if warm is not None:
        solution = highspy.HighsSolution()
        values = np.zeros(builder.num_cols)
        chosen = np.flatnonzero(warm.start >= 0)
        values[chosen * years + warm.start[chosen]] = 1.0
        for cols, rule in builder.warm_rules:
            values[cols] = rule(warm.start)
        solution.col_value = values.tolist()
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


MAX_PATTERN_ITEMS = 8  # up to 256 subsets per capped firm


def _subsets_within(subsidies: np.ndarray, cap: float) -> list[tuple[int, ...]]:
    """Every subset of the items (as index tuples, the empty one included) whose subsidy fits the cap."""
    out = []
    for mask in range(1 << len(subsidies)):
        members = tuple(k for k in range(len(subsidies)) if mask >> k & 1)
        if subsidies[list(members)].sum() <= cap + EPS:
            out.append(members)
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


def allocate(c: Candidates, policy: Policy, bonus: float = 0.0, method: str = "auto",
             progress: Progress | None = None) -> Allocation:
    """Greedy first (fast, always an answer); then the exact MILP when the problem is not too large,
    warm-started from the greedy plan. The MILP's plan is kept unless it found nothing better."""
    progress = progress or NullProgress()
    progress.step(0.05, "greedy")
    first = greedy(c, policy, bonus, progress)
    if method == "greedy" or len(c) == 0:
        if method != "greedy":
            first.notes.append("no_candidates" if len(c) == 0 else "")
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
