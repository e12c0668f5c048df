"""The action catalogue: what a firm can do, what it costs, what it changes, whom it suits.

Costs follow a simple editable model (a fixed part plus a part per employee, kept within a minimum and
a maximum, in 万元); the defaults are assumptions, and the template says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planning.base.bilingual import Named, in_language
from planning.strategy.conditions import Condition, FieldInfo, parse_condition
from planning.base.errors import ConfigError
from planning.base.template_files import items_with_ids, place_of, require, where_in

TRACKS = {
    "intelligence": ("智能化升级", "Intelligence upgrade"),
    "digitalization": ("关键业务环节数字化", "Key-process digitalization"),
    "ineligible": ("不符合条件", "Not eligible"),
    "review": ("需人工复核", "Needs review"),
}
FUNDED_TRACKS = ("intelligence", "digitalization")
EFFECT_KEYS = ("cnc_rate", "rd_tool_rate", "networking_rate", "level_gain")
PROVIDERS = {
    "solution_provider": ("数字化转型服务商", "Solution provider"),
    "equipment_supplier": ("设备供应商", "Equipment supplier"),
    "software_vendor": ("软件厂商", "Software vendor"),
    "platform": ("工业互联网平台", "Industrial internet platform"),
    "consultancy": ("咨询诊断机构", "Consultancy"),
}


def track_label(track: str, lang: str) -> str:
    return in_language(lang, *TRACKS.get(track, (track, track)))


@dataclass(frozen=True)
class Action(Named):
    id: str
    zh: str
    en: str
    track: str  # intelligence | digitalization | any
    scenarios: tuple[str, ...]
    sectors: tuple[str, ...] | None  # None = every sector
    fixed_wan: float
    per_employee_wan: float
    min_wan: float
    max_wan: float
    effects: dict[str, float]
    duration_months: int
    provider: str
    programme: str
    phasing: tuple[float, ...]
    skip_if: Condition
    in_every_package: bool = False  # a prerequisite (a diagnosis) that comes with every package of the firm


@dataclass(frozen=True)
class Catalogue:
    actions: tuple[Action, ...]
    scenarios: tuple[str, ...]
    default_employees: float
    raw: dict

    @classmethod
    def from_dict(cls, data: dict, fields: dict[str, FieldInfo], sector_ids: set[str],
                  where: str = "actions.json") -> "Catalogue":
        scenarios = tuple(require(data, "scenarios", list, where))
        default_employees = float(require(data, "default_employees", (int, float), where))
        actions = []
        for item, aid, at in items_with_ids(data, "actions", "action", where):
            track = require(item, "track", str, at)
            if track not in FUNDED_TRACKS + ("any",):
                raise ConfigError("action.track", where=at)
            action_scenarios = tuple(require(item, "scenarios", list, at))
            unknown = [s for s in action_scenarios if s not in scenarios]
            if unknown:
                raise ConfigError("action.unknown_scenarios", where=at, scenarios=[str(s) for s in unknown])
            sectors_raw = item.get("sectors", "all")
            if sectors_raw == "all":
                sectors = None
            elif isinstance(sectors_raw, list):
                bad = [s for s in sectors_raw if s not in sector_ids]
                if bad:
                    raise ConfigError("action.unknown_sectors", where=at, sectors=[str(s) for s in bad])
                sectors = tuple(sectors_raw)
            else:
                raise ConfigError("action.sectors", where=at)
            cost = require(item, "cost", dict, at)
            values = {key: float(require(cost, key, (int, float), place_of(at, "cost")))
                      for key in ("fixed_wan", "per_employee_wan", "min_wan", "max_wan")}
            if min(values.values()) < 0:
                raise ConfigError("action.negative_cost", where=at)
            if values["min_wan"] > values["max_wan"]:
                raise ConfigError("action.min_above_max", where=at)
            effects = require(item, "effects", dict, at)
            bad = [key for key in effects if key not in EFFECT_KEYS]
            if bad:
                raise ConfigError("action.unknown_effects", where=at, effects=[str(b) for b in bad], known=list(EFFECT_KEYS))
            phasing = tuple(float(x) for x in item.get("phasing", [1.0]))
            if not phasing or min(phasing) < 0 or abs(sum(phasing) - 1.0) > 1e-6:
                raise ConfigError("action.phasing", where=at)
            provider = item.get("provider", "solution_provider")
            if provider not in PROVIDERS:
                raise ConfigError("action.provider", where=at, known=list(PROVIDERS))
            skip_if = parse_condition(item.get("skip_if"), fields, where_in(at, "skip_if")) if item.get("skip_if") else None
            in_every_package = item.get("in_every_package", False)
            if not isinstance(in_every_package, bool):
                raise ConfigError("action.in_every_package", where=at)
            actions.append(Action(
                aid, require(item, "zh", str, at), require(item, "en", str, at), track, action_scenarios, sectors,
                values["fixed_wan"], values["per_employee_wan"], values["min_wan"], values["max_wan"],
                {key: float(v) for key, v in effects.items()}, int(item.get("duration_months", 0)),
                provider, str(item.get("programme", "sme_retrofit")), phasing, skip_if or _NEVER, in_every_package))
        return cls(tuple(actions), scenarios, default_employees, data)

    def by_id(self) -> dict[str, Action]:
        return {a.id: a for a in self.actions}

    def costs(self, frame: pd.DataFrame, action: Action) -> tuple[np.ndarray, np.ndarray]:
        """Cost in 万元 of the action for every firm, and whether the headcount was estimated."""
        employees = frame["employees"].to_numpy(dtype=float, na_value=np.nan)
        estimated = np.isnan(employees)
        employees = np.where(estimated, self.default_employees, employees)
        cost = action.fixed_wan + action.per_employee_wan * employees
        return np.clip(cost, action.min_wan, action.max_wan), estimated


_NEVER = Condition("any")  # an empty 'any' never holds
