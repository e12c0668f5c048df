"""The unit of decision: a firm's package of actions toward a target, not a single action.

For each firm that may be funded, the package variants are the smallest set of its actions that lifts it
to each next MIIT level it can reach (cheapest level gain per 万元 first, then anything not needed
dropped) and the whole set; the policy's ``fund_partial_packages`` adds each action alone. Actions marked
``in_every_package`` (the diagnosis) come with every variant.

A variant's subsidy is its actions' subsidies kept within the caps: the level-tiered cap of the level the
variant reaches (nothing from those programmes when it reaches no capped level) and the per-firm cap,
scaled down proportionally. Its value comes from its outcome: the MIIT levels it moves the firm up
(each level reached worth what the weights say), whether the firm starts using digital R&D tools, and
points of key-process CNC and networking, times the firm's priority (sector, size, 专精特新, readiness).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planning.budget.candidates import EPS, Candidates, level_reached
from planning.budget.kpi import rd_tool_users
from planning.budget.policy import Policy, PriorityWeights

NEXT_LEVEL = "next_level"  # the smallest set lifting the firm to one level more (parameter: that level)
FULL = "full"  # every action the firm's rule recommends
SINGLE = "single"  # one action alone (only when the policy funds partial packages)


@dataclass
class Packages:
    """The package variants of every firm, as flat arrays of V variants and M memberships."""

    firm: np.ndarray  # V: the firm's row in the strategy frame
    kind: np.ndarray  # V: NEXT_LEVEL | FULL | SINGLE
    level_before: np.ndarray  # V: the level the firm starts from (1 when unknown)
    level_after: np.ndarray  # V: the level it reaches once the variant is done
    cost: np.ndarray  # V: investment, 万元
    subsidy: np.ndarray  # V: subsidy within the caps, 万元
    cap: np.ndarray  # V: the per-firm cap that applied (inf when none)
    value: np.ndarray  # V: the outcome's value
    pays: np.ndarray  # V x start year x payment year: the subsidy paid in each year
    member_start: np.ndarray  # V + 1 offsets into the member arrays
    member: np.ndarray  # M: candidate index
    member_subsidy: np.ndarray  # M: that candidate's subsidy within this variant's caps
    forced: np.ndarray  # V: its firm must be funded
    city: np.ndarray  # V: its firm's city (None when unknown)
    track: np.ndarray  # V: its firm's track
    programmes: tuple[str, ...]  # the programmes any variant draws on
    by_programme: np.ndarray  # V x P: subsidy per programme

    def __len__(self) -> int:
        return len(self.firm)

    def members(self, v: int) -> np.ndarray:
        return self.member[self.member_start[v]:self.member_start[v + 1]]

    def member_subsidies(self, v: int) -> np.ndarray:
        return self.member_subsidy[self.member_start[v]:self.member_start[v + 1]]

    def inside(self, programmes=None, tracks=None) -> np.ndarray:
        """V: each variant's subsidy that counts toward a share of some programmes and/or tracks."""
        if programmes:
            wanted = [k for k, p in enumerate(self.programmes) if p in set(programmes)]
            amount = self.by_programme[:, wanted].sum(axis=1) if wanted else np.zeros(len(self))
        else:
            amount = self.subsidy.copy()
        if tracks:
            amount = np.where(np.isin(self.track, list(tracks)), amount, 0.0)
        return amount

    def has_programme(self, programme: str) -> np.ndarray:
        if programme not in self.programmes:
            return np.zeros(len(self), dtype=bool)
        return self.by_programme[:, self.programmes.index(programme)] > EPS


def build_packages(c: Candidates, frame: pd.DataFrame, catalogue, policy: Policy,
                   weights: PriorityWeights) -> Packages:
    actions = catalogue.actions
    always = np.array([a.in_every_package for a in actions], dtype=bool)
    effects = {key: np.array([a.effects.get(key, 0.0) for a in actions]) for key in ("cnc_rate", "rd_tool_rate", "networking_rate")}
    base_level = frame["miit_level"].to_numpy(dtype=float, na_value=np.nan)
    base_level = np.clip(np.where(np.isnan(base_level), 1, base_level), 1, 4).astype(int)
    priority = firm_priority(frame, weights)
    rates = {key: frame[key].to_numpy(dtype=float, na_value=np.nan) for key in effects}
    users, _ = rd_tool_users(frame)  # as the KPI counts them: a firm that takes up the tools moves the indicator
    tracks = frame["track"].to_numpy(dtype=object)
    cities = frame["city"].to_numpy(dtype=object)
    cap_of_level = _cap_of_level(policy)
    capped_programme = np.isin(c.programme, list(policy.level_cap_programmes))
    density = c.gain / np.maximum(c.cost, EPS)

    variants: list[tuple[int, str, np.ndarray]] = []
    order = np.argsort(c.firm, kind="stable")
    for group in np.split(order, np.flatnonzero(np.diff(c.firm[order])) + 1):
        if not len(group):
            continue
        f = int(c.firm[group[0]])
        for kind, items in _variants_of(group, c.gain, density, always[c.action[group]], int(base_level[f]),
                                        policy.fund_partial_packages):
            variants.append((f, kind, items))

    n = len(variants)
    firm = np.array([v[0] for v in variants], dtype=np.int64)
    kind = np.array([v[1] for v in variants], dtype=object)
    lengths = np.array([len(v[2]) for v in variants], dtype=np.int64)
    member_start = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    member = np.concatenate([v[2] for v in variants]).astype(np.int64) if n else np.zeros(0, dtype=np.int64)
    owner = np.repeat(np.arange(n), lengths)
    gain = np.bincount(owner, weights=c.gain[member], minlength=n)
    before = base_level[firm] if n else np.zeros(0, dtype=int)
    after = np.minimum(4, before + np.floor(gain + 1e-9).astype(int))

    # the level-tiered cap of the level reached, then the per-firm cap, both by scaling down
    member_subsidy = c.subsidy[member].astype(float)
    capped = capped_programme[member]
    capped_total = np.bincount(owner, weights=np.where(capped, member_subsidy, 0.0), minlength=n)
    level_cap = cap_of_level[after] if n else np.zeros(0)
    scale = np.where(capped_total > level_cap + EPS, level_cap / np.maximum(capped_total, EPS), 1.0)
    member_subsidy = np.where(capped, member_subsidy * scale[owner], member_subsidy)
    total = np.bincount(owner, weights=member_subsidy, minlength=n)
    firm_cap = np.full(n, np.inf if policy.firm_cap is None else policy.firm_cap)
    over = total > firm_cap + EPS
    member_subsidy = member_subsidy * np.where(over, firm_cap / np.maximum(total, EPS), 1.0)[owner]
    subsidy = np.bincount(owner, weights=member_subsidy, minlength=n)
    cap = np.where(np.bincount(owner, weights=capped, minlength=n) > 0, np.minimum(level_cap, firm_cap), firm_cap)

    value = _outcome(before, after, member, owner, n, c, effects, rates, users, firm, weights) * priority[firm] \
        if n else np.zeros(0)
    years = len(c.years)
    pays = np.zeros((n, years, years))
    np.add.at(pays, owner, c.phasing[member] * member_subsidy[:, None, None])
    programmes = tuple(sorted(set(c.programme[member].tolist())))
    by_programme = np.zeros((n, len(programmes)))
    if n:
        column = np.searchsorted(np.array(programmes, dtype=object), c.programme[member])
        np.add.at(by_programme, (owner, column), member_subsidy)

    keep = subsidy > EPS  # a variant the caps leave nothing for is not a funded package
    packages = Packages(firm, kind, before, after, np.bincount(owner, weights=c.cost[member], minlength=n), subsidy,
                        cap, np.round(value, 6), pays, member_start, member, member_subsidy,
                        np.isin(firm, np.unique(c.firm[c.forced])), cities[firm] if n else np.zeros(0, dtype=object),
                        tracks[firm] if n else np.zeros(0, dtype=object), programmes, by_programme)
    return packages if keep.all() else packages_subset(packages, np.flatnonzero(keep))


def packages_subset(p: Packages, keep: np.ndarray) -> Packages:
    """The variants ``keep`` (indices), in that order."""
    lengths = np.diff(p.member_start)[keep]
    starts = p.member_start[keep]
    take = np.concatenate([np.arange(s, s + k) for s, k in zip(starts, lengths)]).astype(np.int64) if len(keep) else np.zeros(0, dtype=np.int64)
    return Packages(p.firm[keep], p.kind[keep], p.level_before[keep], p.level_after[keep], p.cost[keep],
                    p.subsidy[keep], p.cap[keep], p.value[keep], p.pays[keep],
                    np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64), p.member[take], p.member_subsidy[take],
                    p.forced[keep], p.city[keep], p.track[keep], p.programmes, p.by_programme[keep])


def _variants_of(items: np.ndarray, gain: np.ndarray, density: np.ndarray, always: np.ndarray, base: int,
                 partial: bool) -> list[tuple[str, np.ndarray]]:
    """A firm's variants: (kind, candidate indices). For each level above ``base`` that all its actions
    reach, the smallest set that reaches it: add actions by level gain per 万元 until the level is
    reached, then drop any the level does not need (the least gain per 万元 first); then the whole set."""
    required = items[always]
    optional = items[~always]
    optional = optional[np.lexsort((optional, -density[optional]))]
    top = level_reached(base, float(gain[items].sum()))
    out: list[tuple[str, np.ndarray]] = []
    seen: set[frozenset] = set()

    def offer(kind: str, chosen: np.ndarray) -> None:
        key = frozenset(chosen.tolist())
        if chosen.size and key not in seen:
            seen.add(key)
            out.append((kind, np.sort(chosen)))

    for target in range(base + 1, top + 1):
        chosen: list[int] = []
        reached = float(gain[required].sum())
        for i in optional.tolist():
            if level_reached(base, reached) >= target:
                break
            chosen.append(i)
            reached += float(gain[i])
        for i in sorted(chosen, key=lambda i: (density[i], -i)):
            if level_reached(base, reached - float(gain[i])) >= target:
                chosen.remove(i)
                reached -= float(gain[i])
        offer(NEXT_LEVEL, np.concatenate([required, np.array(chosen, dtype=np.int64)]))
    offer(FULL, items)
    if partial:
        for i in optional.tolist():
            offer(SINGLE, np.concatenate([required, [i]]).astype(np.int64))
    return out


def _cap_of_level(policy: Policy) -> np.ndarray:
    """Index 0-4: the level-tiered cap by the level reached: the cap of the highest level listed that is
    reached; nothing below the lowest level listed; no cap when the policy has none."""
    if not policy.level_caps:
        return np.full(5, np.inf)
    defined = sorted(policy.level_caps)
    return np.array([policy.level_caps[max(lvl for lvl in defined if lvl <= r)] if any(lvl <= r for lvl in defined)
                     else 0.0 for r in range(5)])


def firm_priority(frame: pd.DataFrame, weights: PriorityWeights) -> np.ndarray:
    """Per firm, the multiplier its outcome is worth: the floor plus the rest weighted by the firm's
    criteria (sector priority, size, 专精特新, readiness), 0-1 each."""
    criteria = firm_criteria(frame, weights)
    keys = [k for k in PriorityWeights.FIRM_CRITERIA if weights.weights.get(k, 0.0) > 0]
    total = sum(weights.weights[k] for k in keys)
    mean = sum(weights.weights[k] * criteria[k] for k in keys) / total if total > 0 else np.ones(len(frame))
    floor = weights.package_value.priority_floor
    return floor + (1 - floor) * mean


def firm_criteria(frame: pd.DataFrame, weights: PriorityWeights) -> dict[str, np.ndarray]:
    """Per firm, each firm criterion's score 0-1."""
    sector = pd.Series(frame["key_sector"].to_numpy(dtype=object)).map(weights.sector_priority)
    size = pd.Series(frame["size_class"].to_numpy(dtype=object)).map(weights.size)
    specialized = frame["specialized"].astype("boolean").to_numpy(dtype=object, na_value=None)
    readiness = pd.Series(frame["tier"].to_numpy(dtype=object)).map(weights.readiness_by_tier).fillna(0.0).to_numpy(dtype=float)
    incomplete = frame["data_incomplete"].to_numpy(dtype=bool)
    return {
        "sector_priority": sector.fillna(weights.sector_default).to_numpy(dtype=float),
        "size": size.fillna(0.5).to_numpy(dtype=float),
        "specialized": np.array([weights.specialized.get("yes" if v is True else "no" if v is False else "unknown", 0.0)
                                 for v in specialized], dtype=float),
        "readiness": np.maximum(0.0, readiness - np.where(incomplete, weights.incomplete_penalty, 0.0)),
    }


def _outcome(before, after, member, owner, n, c: Candidates, effects, rates, users, firm,
             weights: PriorityWeights) -> np.ndarray:
    """V: the value of each variant's outcome before the firm's priority: levels reached, R&D tools taken
    up, key-process CNC and networking points (within what the firm has left to gain)."""
    value_of = weights.package_value
    level_value = np.array([value_of.level_reached.get(level, 0.0) for level in range(5)])
    reached = np.cumsum(level_value)
    out = reached[after] - reached[before]

    def points(key: str) -> np.ndarray:
        return np.bincount(owner, weights=effects[key][c.action[member]], minlength=n)

    for key, per_point in (("cnc_rate", value_of.per_cnc_point), ("networking_rate", value_of.per_networking_point)):
        base = rates[key][firm]
        headroom = np.where(np.isnan(base), 100.0, np.maximum(100.0 - base, 0.0))
        out = out + per_point * np.minimum(points(key), headroom)
    out = out + value_of.rd_tool_uptake * ((points("rd_tool_rate") > 0) & ~users[firm])
    return value_of.scale * out
