"""The greedy allocation: best value per 万元 first, each in the earliest year with room, then repairs
for earmarked shares and city floors. Fast on any roster; it also warm-starts the MILP."""

from __future__ import annotations

import time

import numpy as np

from planning.base.progress import NullProgress, Progress
from planning.budget.candidates import EPS, Allocation, Candidates, city_floors, level_reached, objective_of
from planning.budget.policy import Policy


def greedy(c: Candidates, policy: Policy, bonus: float = 0.0, progress: Progress | None = None) -> Allocation:
    """Best value per 万元 first, each in the earliest year with room; then floors and forced firms."""
    began = time.perf_counter()
    progress = progress or NullProgress()
    n = len(c)
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
        self.gain = c.gain.tolist()
        self.level_base = [None] * firms  # only firms the level-tiered cap can bind
        for f, base in c.level_base.items():
            self.level_base[f] = base
        self.cap_of_level = c.cap_of_level.tolist()
        self.firm_used = [0.0] * firms
        self.level_used = [0.0] * firms
        self.gained = [0.0] * firms
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
        if self.level_base[f] is not None and not self.level_cap_holds(i, +1):
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

    def level_cap_holds(self, i: int, sign: int) -> bool:
        """Whether the firm of candidate i stays within the cap of the level it reaches once i is taken
        (sign +1) or given back (-1)."""
        f = self.firm[i]
        base = self.level_base[f]
        if base is None:
            return True
        used = self.level_used[f] + (sign * self.subsidy[i] if self.level_capped[i] else 0.0)
        return used <= self.cap_of_level[level_reached(base, self.gained[f] + sign * self.gain[i])] + EPS

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
        self.gained[f] += sign * self.gain[i]
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
            if start[i] >= 0 and inside[i] and not c.forced[i] and state.level_cap_holds(i, -1):
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
            if start[i] < 0 or inside[i] or c.forced[i] or not state.level_cap_holds(i, -1):
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
        if c.forced[i] or city == protect or not state.level_cap_holds(i, -1):
            continue
        if state.items_of_firm[f] == 1 and city in floors and \
                len(state.funded_by_city.get(city, ())) <= floors[city]:
            continue  # would drop that city below its own floor
        state.give_back(i, int(start[i]))
        start[i] = -1
        del releasable[position]
        return True
    return False
