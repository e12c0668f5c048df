"""The subsidy policy and the priority weights: editable data, validated when loaded.

Both are plain dictionaries on disk (``templates/policy/``) and in project files; scenarios change a
few entries of each (:func:`merged`). Another budget or horizon (:meth:`Policy.with_budget`, behind
``plan --budget/--years`` and the policy form) keeps the policy's yearly profile: the yearly budgets
keep their shares by position in the horizon, a longer horizon extends them with the mean share and a
shorter one truncates them, renormalised to the total (:meth:`Policy.yearly_profile`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from planning.base.bilingual import Named
from planning.strategy.catalogue import FUNDED_TRACKS, TRACKS
from planning.base.errors import ConfigError
from planning.base.paths import template_path
from planning.base.messages import message
from planning.base.template_files import place_of, read_json, require, where_in


def merged(base: dict, changes: dict) -> dict:
    """A copy of ``base`` with ``changes`` applied recursively (dicts merge, other values replace)."""
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _share(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ConfigError("policy.share", where=where, value=repr(value))
    return float(value)


def _amount(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ConfigError("policy.amount", where=where, value=repr(value))
    return float(value)


@dataclass(frozen=True)
class Earmark(Named):
    id: str
    zh: str
    en: str
    programmes: tuple[str, ...]  # empty: the money of every programme
    min_share: float | None
    max_share: float | None
    tracks: tuple[str, ...] = ()  # when given, only the money of firms on these tracks counts


@dataclass(frozen=True)
class Eligibility:
    fund_unclassified_industry: bool = False
    sme_only_programmes: tuple[str, ...] = ()
    sme_size_classes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict, where: str) -> "Eligibility":
        fund = data.get("fund_unclassified_industry", False)
        if not isinstance(fund, bool):
            raise ConfigError("policy.flag", where=place_of(where, "eligibility.fund_unclassified_industry"))
        lists = {}
        for key in ("sme_only_programmes", "sme_size_classes"):
            value = data.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise ConfigError("policy.id_list", where=place_of(where, f"eligibility.{key}"))
            lists[key] = tuple(value)
        if lists["sme_only_programmes"] and not lists["sme_size_classes"]:
            raise ConfigError("policy.sme_sizes", where=place_of(where, "eligibility"))
        return cls(fund, lists["sme_only_programmes"], lists["sme_size_classes"])


@dataclass(frozen=True)
class Policy:
    start: int
    end: int
    total_budget: float
    yearly_budget: dict[int, float]
    funded_tracks: tuple[str, ...]
    ratio_default: float
    ratio_by_track: dict[str, float]
    ratio_by_sector: dict[str, float]
    ratio_by_action: dict[str, float]
    action_cap: dict[str, float]
    firm_cap: float | None
    level_cap_programmes: tuple[str, ...]
    level_caps: dict[int, float]
    quotas: dict[str, int]
    earmarks: tuple[Earmark, ...]
    city_min_firms: int
    forced_in: tuple[str, ...]
    forced_out: tuple[str, ...]
    eligibility: Eligibility
    fund_partial_packages: bool
    max_firms_started: dict[int, int]  # year -> the most firms whose package may start that year
    time_limit: float
    mip_gap: float
    max_nodes: int  # a limit on the search that does not depend on the machine's speed, so plans repeat
    max_exact_candidates: int
    raw: dict = field(repr=False, default_factory=dict)

    @property
    def years(self) -> list[int]:
        return list(range(self.start, self.end + 1))

    @classmethod
    def from_dict(cls, data: dict, where: str = "subsidy_policy.json") -> "Policy":
        horizon = require(data, "horizon", dict, where)
        start = require(horizon, "start", int, place_of(where, "horizon"))
        end = require(horizon, "end", int, place_of(where, "horizon"))
        if not 2000 <= start <= end <= start + 10:
            raise ConfigError("policy.horizon", where=place_of(where, "horizon"), start=start, end=end)
        factor = float(data.get("budget_factor", 1.0))
        if factor <= 0:
            raise ConfigError("policy.budget_factor", where=place_of(where, "budget_factor"))
        total = _amount(require(data, "total_budget_wan", (int, float), where), place_of(where, "total_budget_wan")) * factor
        years = list(range(start, end + 1))
        yearly_raw = data.get("yearly_budget_wan") or {}
        yearly = {}
        for year in years:
            if str(year) in yearly_raw:
                yearly[year] = _amount(yearly_raw[str(year)], place_of(where, "yearly_budget_wan", year)) * factor
            else:
                yearly[year] = total  # no yearly limit beyond the total
        unknown_years = [y for y in yearly_raw if not str(y).isdigit() or int(y) not in years]
        if unknown_years:
            raise ConfigError("policy.years_outside", where=place_of(where, "yearly_budget_wan"),
                              years=[str(y) for y in unknown_years])
        funded = tuple(data.get("funded_tracks", FUNDED_TRACKS))
        bad = [t for t in funded if t not in FUNDED_TRACKS]
        if bad:
            raise ConfigError("policy.unfunded_tracks", where=place_of(where, "funded_tracks"), tracks=[str(t) for t in bad])
        ratio = require(data, "subsidy_ratio", dict, where)
        by_track = {k: _share(v, place_of(where, "subsidy_ratio.by_track", k)) for k, v in (ratio.get("by_track") or {}).items()}
        bad = [t for t in by_track if t not in TRACKS]
        if bad:
            raise ConfigError("policy.unknown_tracks", where=place_of(where, "subsidy_ratio.by_track"),
                              tracks=[str(t) for t in bad])
        level_cap = data.get("firm_cap_by_level_reached") or {}
        level_caps = {}
        for level, cap in (level_cap.get("caps_wan") or {}).items():
            if str(level) not in ("1", "2", "3", "4"):
                raise ConfigError("policy.level", where=place_of(where, "firm_cap_by_level_reached"), level=repr(level))
            level_caps[int(level)] = _amount(cap, place_of(where, "firm_cap_by_level_reached", level))
        ordered = [level_caps[k] for k in sorted(level_caps)]
        if any(low > high for low, high in zip(ordered, ordered[1:])):
            raise ConfigError("policy.level_caps_order", where=place_of(where, "firm_cap_by_level_reached"))
        earmarks = []
        for k, item in enumerate(data.get("earmarks") or []):
            at = where_in(where, "item_number", noun=message("config.noun.earmark"), number=k + 1)
            low = item.get("min_share")
            high = item.get("max_share")
            if low is None and high is None:
                raise ConfigError("policy.earmark_bounds", where=at)
            programmes = item.get("programmes") or []
            tracks = item.get("tracks") or []
            if not isinstance(programmes, list) or not isinstance(tracks, list) or not (programmes or tracks):
                raise ConfigError("policy.earmark_targets", where=at)
            bad = [t for t in tracks if t not in FUNDED_TRACKS]
            if bad:
                raise ConfigError("policy.unknown_tracks", where=at, tracks=[str(t) for t in bad])
            earmarks.append(Earmark(
                str(item.get("id", f"earmark{k + 1}")), str(item.get("zh", item.get("id", ""))),
                str(item.get("en", item.get("id", ""))), tuple(programmes),
                None if low is None else _share(low, place_of(at, "min_share")),
                None if high is None else _share(high, place_of(at, "max_share")), tuple(tracks)))
        quotas = {}
        for programme, quota in (data.get("programme_quota_per_year") or {}).items():
            if isinstance(quota, bool) or not isinstance(quota, int) or quota < 0:
                raise ConfigError("policy.whole_number", where=place_of(where, "programme_quota_per_year", programme))
            quotas[programme] = quota
        floor = data.get("city_floor") or {}
        solver = data.get("solver") or {}
        packages = data.get("packages") or {}
        partial = packages.get("fund_partial_packages", False)
        if not isinstance(partial, bool):
            raise ConfigError("policy.flag", where=place_of(where, "packages.fund_partial_packages"))
        started = {}
        for year, count in (packages.get("max_firms_started_per_year") or {}).items():
            if not str(year).isdigit() or int(year) not in years:
                raise ConfigError("policy.years_outside", where=place_of(where, "packages.max_firms_started_per_year"),
                                  years=[str(year)])
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ConfigError("policy.whole_number", where=place_of(where, "packages.max_firms_started_per_year", year))
            started[int(year)] = count
        firm_cap = data.get("firm_cap_wan")
        return cls(
            start=start, end=end, total_budget=total, yearly_budget=yearly, funded_tracks=funded,
            ratio_default=_share(ratio.get("default", 0.0), place_of(where, "subsidy_ratio.default")),
            ratio_by_track=by_track,
            ratio_by_sector={k: _share(v, place_of(where, "subsidy_ratio.by_sector", k)) for k, v in (ratio.get("by_sector") or {}).items()},
            ratio_by_action={k: _share(v, place_of(where, "subsidy_ratio.by_action", k)) for k, v in (ratio.get("by_action") or {}).items()},
            action_cap={k: _amount(v, place_of(where, "action_cap_wan", k)) for k, v in (data.get("action_cap_wan") or {}).items()},
            firm_cap=None if firm_cap is None else _amount(firm_cap, place_of(where, "firm_cap_wan")),
            level_cap_programmes=tuple(level_cap.get("programmes") or ()),
            level_caps=level_caps,
            quotas=quotas,
            earmarks=tuple(earmarks),
            city_min_firms=int(floor.get("min_firms", 0)),
            forced_in=tuple(str(c) for c in data.get("forced_in") or ()),
            forced_out=tuple(str(c) for c in data.get("forced_out") or ()),
            eligibility=Eligibility.from_dict(data.get("eligibility") or {}, where),
            fund_partial_packages=partial,
            max_firms_started=started,
            time_limit=float(solver.get("time_limit_s", 10)),
            mip_gap=float(solver.get("mip_rel_gap", 0.01)),
            max_nodes=int(solver.get("max_nodes", 2000)),
            max_exact_candidates=int(solver.get("max_exact_candidates", 60000)),
            raw=data,
        )

    def check_against_strategy(self, config, where: str = "subsidy_policy.json") -> None:
        """``check_against`` the catalogue, sectors and size classes of a StrategyConfig."""
        actions = config.catalogue.actions
        self.check_against({a.id for a in actions}, {s.id for s in config.sectors.sectors},
                           {a.programme for a in actions}, where, size_classes={c.id for c in config.sizes.all_classes()})

    def check_against(self, action_ids: set[str], sector_ids: set[str], programmes: set[str],
                      where: str = "subsidy_policy.json", *, size_classes: set[str] | None = None) -> None:
        """Names in the policy must exist in the catalogue, the sector list and the size classes."""
        checks = [(self.ratio_by_action, action_ids, "subsidy_ratio.by_action"),
                  (self.action_cap, action_ids, "action_cap_wan"),
                  (self.ratio_by_sector, sector_ids, "subsidy_ratio.by_sector"),
                  (self.quotas, programmes, "programme_quota_per_year"),
                  (self.eligibility.sme_only_programmes, programmes, "eligibility.sme_only_programmes")]
        if size_classes is not None:
            checks.append((self.eligibility.sme_size_classes, size_classes, "eligibility.sme_size_classes"))
        for name, known, what in checks:
            bad = [k for k in name if k not in known]
            if bad:
                raise ConfigError("policy.unknown_names", where=place_of(where, what), names=[str(b) for b in bad])
        for earmark in self.earmarks:
            bad = [p for p in earmark.programmes if p not in programmes]
            if bad:
                raise ConfigError("policy.unknown_programmes", programmes=[str(b) for b in bad],
                                  where=where_in(where, "item", noun=message("config.noun.earmark"), id=earmark.id))

    def with_budget(self, total: float | None = None, years: tuple[int, int] | None = None) -> "Policy":
        """The policy for another total budget and/or horizon. The yearly budgets keep the policy's yearly
        profile (see :meth:`yearly_profile`), scaled to the total."""
        data = copy.deepcopy(self.raw)
        data.pop("budget_factor", None)
        new_total = self.total_budget if total is None else total
        start, end = years if years is not None else (self.start, self.end)
        data["horizon"] = {"start": start, "end": end}
        data["total_budget_wan"] = new_total
        data["yearly_budget_wan"] = self.yearly_profile(end - start + 1, new_total, start)
        started = (data.get("packages") or {}).get("max_firms_started_per_year")
        if started:
            data["packages"]["max_firms_started_per_year"] = {y: n for y, n in started.items()
                                                              if str(y).isdigit() and start <= int(y) <= end}
        return Policy.from_dict(data)

    def yearly_profile(self, span: int, total: float, start: int) -> dict[str, float]:
        """The yearly budgets of a horizon of ``span`` years from ``start`` for a total of ``total``, shaped
        like this policy's. The profile is each year's share of the yearly budgets the policy sets, by
        position in the horizon (first year, second year, ...): a longer horizon extends it with the mean
        share, a shorter one truncates it, and the shares are renormalised to add up to what they added up to
        before relative to the total (so yearly budgets that leave room beyond the total keep that room).
        A year the policy sets no budget for stays without a yearly limit; a policy with no yearly budgets
        gives none."""
        given = self.raw.get("yearly_budget_wan") or {}
        old = [self.yearly_budget[y] if str(y) in given else None for y in self.years]
        known = [v for v in old if v is not None]
        if not known:
            return {}
        mean = sum(known) / len(known)
        profile = [old[k] if k < len(old) else mean for k in range(span)]
        kept = sum(v for v in profile if v is not None)
        room = sum(known) / self.total_budget if self.total_budget > 0 else 1.0
        count = sum(v is not None for v in profile)
        return {str(start + k): round(v / kept * room * total if kept > 0 else room * total / count, 6)
                for k, v in enumerate(profile) if v is not None}


@dataclass(frozen=True)
class PriorityWeights:
    weights: dict[str, float]  # normalised to sum 1
    uplift_level_full: float
    uplift_points_full: float
    sector_default: float
    sector_priority: dict[str, float]
    size: dict[str, float]
    specialized: dict[str, float]
    readiness_by_tier: dict[str, float]
    incomplete_penalty: float
    earlier_start_bonus: float
    package_value: "PackageValue"
    raw: dict = field(repr=False, default_factory=dict)

    CRITERIA = ("kpi_uplift", "sector_priority", "size", "specialized", "readiness")
    FIRM_CRITERIA = ("sector_priority", "size", "specialized", "readiness")

    @classmethod
    def from_dict(cls, data: dict, where: str = "priority_weights.json") -> "PriorityWeights":
        weights = require(data, "weights", dict, where)
        bad = [k for k in weights if k not in cls.CRITERIA]
        if bad:
            raise ConfigError("policy.unknown_criteria", where=place_of(where, "weights"), criteria=[str(b) for b in bad],
                              known=list(cls.CRITERIA))
        values = {k: float(weights.get(k, 0)) for k in cls.CRITERIA}
        if any(v < 0 for v in values.values()) or sum(values.values()) <= 0:
            raise ConfigError("policy.weights_zero", where=place_of(where, "weights"))
        total = sum(values.values())
        uplift = data.get("kpi_uplift") or {}
        sector = data.get("sector_priority") or {}
        readiness = data.get("readiness") or {}
        return cls(
            weights={k: v / total for k, v in values.items()},
            uplift_level_full=float(uplift.get("level_gain_full", 1.0)),
            uplift_points_full=float(uplift.get("rate_points_full", 40)),
            sector_default=_share(sector.get("default", 0.5), place_of(where, "sector_priority.default")),
            sector_priority={k: _share(v, place_of(where, "sector_priority", k)) for k, v in (sector.get("by_sector") or {}).items()},
            size={k: _share(v, place_of(where, "size", k)) for k, v in (data.get("size") or {}).items()},
            specialized={k: _share(v, place_of(where, "specialized", k)) for k, v in (data.get("specialized") or {}).items()},
            readiness_by_tier={k: _share(v, place_of(where, "readiness", k)) for k, v in (readiness.get("by_tier") or {}).items()},
            incomplete_penalty=_share(readiness.get("incomplete_penalty", 0.0), place_of(where, "readiness.incomplete_penalty")),
            earlier_start_bonus=_share(data.get("earlier_start_bonus", 0.0), place_of(where, "earlier_start_bonus")),
            package_value=PackageValue.from_dict(data.get("package_value") or {}, place_of(where, "package_value")),
            raw=data,
        )


@dataclass(frozen=True)
class PackageValue:
    """What a package's outcome is worth: each MIIT level reached, a firm starting to use digital R&D
    tools, and each point of key-process CNC and networking rate, in points of ``scale``."""
    level_reached: dict[int, float]
    rd_tool_uptake: float
    per_cnc_point: float
    per_networking_point: float
    priority_floor: float
    scale: float = 100.0

    @classmethod
    def from_dict(cls, data: dict, where: str) -> "PackageValue":
        levels = data.get("level_reached", {"2": 1.0, "3": 1.5, "4": 2.0})
        if not isinstance(levels, dict) or any(str(k) not in ("1", "2", "3", "4") for k in levels):
            raise ConfigError("policy.levels", where=place_of(where, "level_reached"))

        def number(key: str, default: float) -> float:
            value = data.get(key, default)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ConfigError("policy.number", where=place_of(where, key), value=repr(value))
            return float(value)

        return cls({int(k): _amount(v, place_of(where, "level_reached", k)) for k, v in levels.items()},
                   number("rd_tool_uptake", 0.3), number("per_cnc_point", 0.01), number("per_networking_point", 0.005),
                   _share(data.get("priority_floor", 0.5), place_of(where, "priority_floor")))


def load_policy(path=None) -> dict:
    return read_json(path or template_path("policy", "subsidy_policy.json"))


def load_weights(path=None) -> dict:
    return read_json(path or template_path("policy", "priority_weights.json"))


def load_scenarios(path=None) -> list[dict]:
    data = read_json(path or template_path("policy", "scenarios.json"))
    scenarios = require(data, "scenarios", list, "scenarios.json")
    names = [s.get("name") for s in scenarios]
    if len(set(names)) != len(names) or not all(isinstance(n, str) and n for n in names):
        raise ConfigError("scenario.unique_names", where="scenarios.json")
    return scenarios
