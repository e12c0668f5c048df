"""The allocation problem's data: the candidates (one row per firm-action that could be funded), an
allocation's answer, and the measures both solvers share (payments per year, objective, city floors)."""

from __future__ import annotations

from dataclasses import dataclass, field

import math

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
    level_capped: np.ndarray  # bool per candidate: its programme counts against the level-tiered cap
    gain: np.ndarray  # MIIT level gain per candidate
    level_base: dict[int, int]  # firm -> level it starts from (only firms the level-tiered cap can bind)
    cap_of_level: np.ndarray  # 5 values: the level-tiered cap by the level reached (index 1-4)
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


def level_reached(base: int, gain: float) -> int:
    """The MIIT level a firm starting at ``base`` reaches once actions worth ``gain`` are done."""
    return int(min(4, base + math.floor(gain + 1e-9)))


def level_cap_holds(c: Candidates, funded: np.ndarray) -> bool:
    """Whether one firm's subsidy in the level-capped programmes fits the cap of the level its funded
    candidates (``funded``: their indices, all of the same firm) make it reach."""
    if not len(funded):
        return True
    base = c.level_base.get(int(c.firm[funded[0]]))
    if base is None:
        return True
    cap = c.cap_of_level[level_reached(base, float(c.gain[funded].sum()))]
    return float(c.subsidy[funded[c.level_capped[funded]]].sum()) <= cap + EPS


def level_cap_breaches(c: Candidates, start: np.ndarray) -> list[int]:
    """The firms whose subsidy in the level-capped programmes exceeds the cap of the level reached with
    their funded candidates."""
    funded = np.flatnonzero(start >= 0)
    return [f for f in c.level_base if not level_cap_holds(c, funded[c.firm[funded] == f])]


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
