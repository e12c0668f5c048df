"""The allocation problem's data: the candidates (one row per firm-action that could be funded), an
allocation's answer, and the measures both solvers share (payments per year, city floors)."""

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
    subsidy: np.ndarray  # 万元: the ratio and the action's cap applied; within a funded package, what it gets
    value: np.ndarray  # the action's priority value 0-100 (explains the action; packages are valued by outcome)
    programme: np.ndarray  # object
    phasing: np.ndarray  # C x Y x Y: share of the subsidy paid in year j when starting in year i
    years: list[int]
    gain: np.ndarray  # MIIT level gain per candidate
    city: dict[int, str]  # firm -> city (for floors)
    forced: np.ndarray  # bool per candidate: its firm is forced in (gets a package)

    def __len__(self) -> int:
        return len(self.firm)


@dataclass
class Allocation:
    """Which package variant of which firm starts in which year (``chosen``: per variant, the index of its
    start year or -1), and the same per candidate (``start``)."""

    start: np.ndarray  # per candidate: index of the start year, -1 when not funded
    method: str  # "milp" | "greedy"
    status: str
    objective: float
    bound: float | None = None  # LP (dual) bound on the objective, for the MILP
    gap: float | None = None  # relative optimality gap, 0 when proven optimal
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    chosen: np.ndarray | None = None  # per package variant: index of the start year, -1 when not chosen

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


def city_floors(firm: np.ndarray, city: np.ndarray, policy: Policy) -> dict[str, int]:
    """The minimum number of funded firms per city, never more than the city has firms that could be
    funded (``firm`` and ``city``: one entry per package variant or candidate)."""
    if policy.city_min_firms <= 0:
        return {}
    firms_by_city: dict[str, set[int]] = {}
    for f, place in zip(firm.tolist(), city.tolist()):
        if place:
            firms_by_city.setdefault(place, set()).add(f)
    return {place: min(policy.city_min_firms, len(firms)) for place, firms in firms_by_city.items()}
