"""The greedy allocation over package variants: the best value per 万元 first, one variant per firm, each
in the earliest year with room; then upgrades to a firm's larger variants while money is left, then
repairs for earmarked shares and city floors. Fast on any roster; it also warm-starts the MILP."""

from __future__ import annotations

import time

import numpy as np

from planning.base.progress import NullProgress, Progress
from planning.budget.candidates import EPS, Allocation, city_floors
from planning.budget.packages import Packages
from planning.budget.policy import Policy


def objective_of(p: Packages, chosen: np.ndarray, bonus: float) -> float:
    funded = chosen >= 0
    return float((p.value[funded] * (1 - bonus * chosen[funded])).sum())


def greedy(p: Packages, policy: Policy, years: list[int], bonus: float = 0.0,
           progress: Progress | None = None, fixed: np.ndarray | None = None) -> Allocation:
    """``fixed`` (per variant, a start year index or -1; e.g. the variants the LP relaxation takes whole)
    are taken first as they are; the rest are then only taken where they keep every share of the money
    spent within its limits (or bring it closer)."""
    began = time.perf_counter()
    progress = progress or NullProgress()
    state = _GreedyState(p, policy, years, strict_shares=fixed is not None)
    if fixed is not None:
        for v in np.flatnonzero(fixed >= 0).tolist():
            state.book(v, int(fixed[v]), +1)
    density = p.value / np.maximum(p.subsidy, EPS)
    # forced firms first, then the best value per 万元, then value, then stable ids
    order = np.lexsort((np.arange(len(p)), p.firm, -p.value, -density, ~p.forced))
    if fixed is None:
        _fill_floors(p, policy, state, order)
    for k, v in enumerate(order.tolist()):
        if k % 20000 == 0:
            progress.step(0.1 + 0.5 * k / max(len(p), 1))
        if p.firm[v] not in state.chosen_of:
            state.try_take(v)
    _upgrade(p, state)
    notes = [f"forced:{f}" for f in sorted(set(p.firm[p.forced].tolist()) - set(state.chosen_of))]
    worst_first = np.lexsort((-np.arange(len(p)), -p.firm, p.value, density))
    _repair_shares(p, policy, state, worst_first.tolist(), order)
    floors = city_floors(p.firm, p.city, policy)
    _repair_city_floors(p, floors, state, order, worst_first)
    status = "feasible" if not notes else "forced_firm_not_funded"
    unmet = sorted(city for city, need in floors.items() if len(state.funded_by_city.get(city, ())) < need)
    if unmet:
        status = "city_floor_not_met"
        notes.extend(f"city_floor:{city}" for city in unmet)
    for k, earmark in enumerate(policy.earmarks):
        low = earmark.min_share is not None and state.earmark_spent[k] < earmark.min_share * state.spent - 1e-6
        high = earmark.max_share is not None and state.earmark_spent[k] > earmark.max_share * state.spent + 1e-6
        if low or high:
            status = "earmark_not_met"
            notes.append(f"earmark:{earmark.id}")
    return Allocation(np.zeros(0, dtype=np.int64), "greedy", status, objective_of(p, state.chosen, bonus),
                      seconds=time.perf_counter() - began, notes=sorted(set(notes)), chosen=state.chosen)


class _GreedyState:
    """What the greedy plan has used so far: budgets, quotas, batches, earmarks and funded firms."""

    def __init__(self, p: Packages, policy: Policy, years: list[int], strict_shares: bool = False):
        self.p = p
        self.strict_shares = strict_shares
        self.policy = policy
        self.years = len(years)
        self.yearly_left = np.array([policy.yearly_budget[y] for y in years], dtype=float)
        self.total_left = float(policy.total_budget)
        self.spent = 0.0
        self.chosen = np.full(len(p), -1, dtype=np.int64)
        self.chosen_of: dict[int, int] = {}  # firm -> its chosen variant
        self.subsidy = p.subsidy.tolist()
        self.firm = p.firm.tolist()
        self.inside = [p.inside(e.programmes, e.tracks).tolist() for e in policy.earmarks]
        self.earmark_spent = [0.0] * len(policy.earmarks)
        self.quota_programmes = {programme: p.has_programme(programme).tolist() for programme in policy.quotas}
        self.quota_used: dict[tuple[str, int], int] = {}
        self.started_limit = [policy.max_firms_started.get(y) for y in years]
        self.started = [0] * self.years
        self.funded_by_city: dict[str, set[int]] = {}

    def fit(self, v: int) -> int:
        """The earliest start year in which variant v fits every constraint, or -1."""
        s = self.subsidy[v]
        if s > self.total_left + EPS:
            return -1
        if self.strict_shares:
            if not self.shares_hold(v):
                return -1
        elif not self.shares_of_budget_hold(v):
            return -1
        return self.first_year(v)

    def shares_of_budget_hold(self, v: int) -> bool:
        """Shares kept against the whole budget (repaired against the money spent afterwards)."""
        s = self.subsidy[v]
        budget = self.policy.total_budget
        for k, earmark in enumerate(self.policy.earmarks):
            inside = self.inside[k][v]
            if earmark.max_share is not None and self.earmark_spent[k] + inside > earmark.max_share * budget + EPS:
                return False
            if earmark.min_share is not None and \
                    self.spent - self.earmark_spent[k] + s - inside > (1 - earmark.min_share) * budget + EPS:
                return False
        return True

    def shares_hold(self, v: int) -> bool:
        """Every share of the money spent stays within its limits with v taken, or moves toward them."""
        spent = self.spent + self.subsidy[v]
        for k, earmark in enumerate(self.policy.earmarks):
            before = self.earmark_spent[k] / self.spent if self.spent > EPS else None
            after = (self.earmark_spent[k] + self.inside[k][v]) / spent
            if earmark.min_share is not None and after < earmark.min_share - EPS and (before is None or after < before):
                return False
            if earmark.max_share is not None and after > earmark.max_share + EPS and (before is None or after > before):
                return False
        return True

    def others_hold_without(self, v: int, k: int) -> bool:
        """Whether every minimum share other than k that holds still holds once v is given back."""
        spent = self.spent - self.subsidy[v]
        if spent <= EPS:
            return False
        for j, earmark in enumerate(self.policy.earmarks):
            if j == k or earmark.min_share is None or self.earmark_spent[j] < earmark.min_share * self.spent - EPS:
                continue
            if self.earmark_spent[j] - self.inside[j][v] < earmark.min_share * spent - EPS:
                return False
        return True

    def first_year(self, v: int) -> int:
        pays = self.p.pays[v]
        for year in range(self.years):
            if self.started_limit[year] is not None and self.started[year] >= self.started_limit[year]:
                continue
            if any(has[v] and self.quota_used.get((programme, year), 0) >= self.policy.quotas[programme]
                   for programme, has in self.quota_programmes.items()):
                continue
            if (pays[year] <= self.yearly_left + EPS).all():
                return year
        return -1

    def try_take(self, v: int) -> bool:
        year = self.fit(v)
        if year >= 0:
            self.book(v, year, +1)
        return year >= 0

    def book(self, v: int, year: int, sign: int) -> None:
        s = self.subsidy[v] * sign
        f = self.firm[v]
        self.yearly_left -= sign * self.p.pays[v, year]
        self.total_left -= s
        self.spent += s
        for k, inside in enumerate(self.inside):
            self.earmark_spent[k] += sign * inside[v]
        for programme, has in self.quota_programmes.items():
            if has[v]:
                self.quota_used[(programme, year)] = self.quota_used.get((programme, year), 0) + sign
        self.started[year] += sign
        city = self.p.city[v]
        if sign > 0:
            self.chosen[v] = year
            self.chosen_of[f] = v
            if city:
                self.funded_by_city.setdefault(city, set()).add(f)
        else:
            self.chosen[v] = -1
            del self.chosen_of[f]
            if city:
                self.funded_by_city[city].discard(f)

    def give_back(self, v: int) -> None:
        self.book(v, int(self.chosen[v]), -1)


def _fill_floors(p: Packages, policy: Policy, state: "_GreedyState", order: np.ndarray) -> None:
    """Before anything else, each minimum share gets its share of the whole budget from the best packages
    that count toward it (mostly): then it holds of whatever is spent in the end. The scarcest first: the
    share with the least money on offer for what it needs."""
    floors = [(k, e.min_share * policy.total_budget) for k, e in enumerate(policy.earmarks) if e.min_share]
    floors.sort(key=lambda item: (sum(state.inside[item[0]]) / max(item[1], EPS), item[0]))
    for k, target in floors:
        inside = state.inside[k]
        for v in order.tolist():
            if state.earmark_spent[k] >= target - EPS:
                break
            if p.firm[v] not in state.chosen_of and inside[v] >= 0.5 * state.subsidy[v]:
                state.try_take(v)


def _upgrade(p: Packages, state: _GreedyState) -> None:
    """While money is left, move funded firms to a more valuable variant of theirs, the best extra value per
    extra 万元 first."""
    funded_value = {f: p.value[v] for f, v in state.chosen_of.items()}
    funded_subsidy = {f: p.subsidy[v] for f, v in state.chosen_of.items()}
    moves = [(float((p.value[v] - funded_value[f]) / max(p.subsidy[v] - funded_subsidy[f], EPS)), v)
             for v, f in enumerate(p.firm.tolist()) if f in funded_value and p.value[v] > funded_value[f] + EPS]
    for _, v in sorted(moves, key=lambda m: (-m[0], m[1])):
        f = int(p.firm[v])
        current = state.chosen_of.get(f)
        if current is None or p.value[v] <= p.value[current] + EPS:
            continue
        year = int(state.chosen[current])
        state.give_back(current)
        if not state.try_take(v):
            state.book(current, year, +1)


def _repair_shares(p: Packages, policy: Policy, state: _GreedyState, worst_first: list[int], order: np.ndarray) -> None:
    """When less than the whole budget was spent, shares of the money spent may be off: give back the
    least valuable packages that push a share over its maximum; and, under a minimum share, the least
    valuable packages that pull it down, spending what that frees on packages that count toward it."""

    def share_of(k: int) -> float:
        return state.earmark_spent[k] / state.spent if state.spent > EPS else 0.0

    for k, earmark in enumerate(policy.earmarks):
        if earmark.max_share is None or share_of(k) <= earmark.max_share + EPS:
            continue
        inside = state.inside[k]
        for v in worst_first:
            if share_of(k) <= earmark.max_share + EPS:
                break
            if state.chosen[v] >= 0 and inside[v] > EPS and not p.forced[v]:
                state.give_back(v)
    for _ in range(MIN_SHARE_ROUNDS):  # raising one share can lower another: go round until all hold
        short = [k for k, e in enumerate(policy.earmarks) if e.min_share is not None and share_of(k) < e.min_share - EPS]
        if not short:
            return
        for k in short:
            _raise_share(p, state, k, policy.earmarks[k].min_share, worst_first, order)


MIN_SHARE_ROUNDS = 4


def _raise_share(p: Packages, state: "_GreedyState", k: int, min_share: float, worst_first: list[int],
                 order: np.ndarray) -> None:
    """Give back the least valuable packages that pull share k down, spending what that frees on packages
    that do not, until the share holds: in rounds, each freeing about what the share lacks and then
    refilling in one pass."""
    inside = state.inside[k]
    pulls_down = [inside[v] < min_share * state.subsidy[v] - EPS for v in range(len(p))]
    refill = [v for v in order.tolist() if not pulls_down[v] and state.chosen[v] < 0]
    releasable = iter([v for v in worst_first if state.chosen[v] >= 0 and pulls_down[v] and not p.forced[v]])
    for _ in range(RAISE_ROUNDS):
        lacking = min_share * state.spent - state.earmark_spent[k]
        if lacking <= EPS:
            return
        freed = 0.0
        for v in releasable:
            if state.chosen[v] < 0 or not state.others_hold_without(v, k):
                continue
            freed += state.subsidy[v]
            state.give_back(v)
            if freed >= lacking / max(min_share, EPS):
                break
        else:
            if freed <= 0:
                return
        still = []
        for w in refill:
            if int(p.firm[w]) not in state.chosen_of and not state.try_take(w):
                still.append(w)
        refill = still


RAISE_ROUNDS = 20


def _repair_city_floors(p: Packages, floors: dict[str, int], state: _GreedyState, order: np.ndarray,
                        worst_first: np.ndarray) -> None:
    """Fund the best packages of cities below their floor, releasing the least valuable packages of other
    cities (never below their own floor, never forced firms) when the money is short."""
    short = [city for city in sorted(floors) if len(state.funded_by_city.get(city, ())) < floors[city]]
    if not short:
        return
    by_city: dict[str, list[int]] = {}
    for v in order.tolist():
        if p.city[v] in short:
            by_city.setdefault(p.city[v], []).append(v)
    releasable = [v for v in worst_first.tolist() if state.chosen[v] >= 0]
    for city in short:
        for v in by_city.get(city, []):
            if len(state.funded_by_city.get(city, ())) >= floors[city]:
                break
            if int(p.firm[v]) in state.chosen_of:
                continue
            while not state.try_take(v) and _release_one(p, floors, state, releasable, protect=city):
                pass


def _release_one(p: Packages, floors: dict[str, int], state: _GreedyState, releasable: list[int], protect: str) -> bool:
    """Give back the least valuable funded package that can go; False when none can."""
    for position, v in enumerate(releasable):
        if state.chosen[v] < 0:
            continue
        city = p.city[v]
        if p.forced[v] or city == protect:
            continue
        if city in floors and len(state.funded_by_city.get(city, ())) <= floors[city]:
            continue  # would drop that city below its own floor
        state.give_back(v)
        del releasable[position]
        return True
    return False
