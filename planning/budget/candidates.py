"""The allocation problem's data: the candidates (one row per firm-action that could be funded), an
allocation's answer, and the measures both solvers share (payments per year, objective, city floors)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from planning.budget.policy import Policy

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


def city_floors(c: Candidates, policy: Policy) -> dict[str, int]:
    """The minimum number of funded firms per city, never more than the city has candidates for."""
    if policy.city_min_firms <= 0:
        return {}
    firms_by_city: dict[str, set[int]] = {}
    for f, city in c.city.items():
        if city:
            firms_by_city.setdefault(city, set()).add(f)
    return {city: min(policy.city_min_firms, len(firms)) for city, firms in firms_by_city.items()}
