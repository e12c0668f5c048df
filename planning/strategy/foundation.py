"""Digital-foundation scoring and enterprise size classes, from editable templates.

The score (0-100) is the weighted mean of the indicators a firm has data for: the MIIT level weighs
most, then the CNC, R&D-tool and networking rates and the ERP/MES flags. A missing indicator is never
read as zero; the firm is marked "data incomplete", and when too little is known its tier is
"insufficient data". Every firm keeps each indicator's contribution so its tier can be explained.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planning.base.bilingual import Named
from planning.base.errors import ConfigError
from planning.base.schema import FIELD_BY_KEY
from planning.base.messages import message
from planning.base.template_files import require, where_in

_SCALE_TYPES = ("map", "linear", "flag")


@dataclass(frozen=True)
class Indicator:
    field: str
    weight: float
    scale: dict

    def points(self, values: pd.Series) -> np.ndarray:
        """0-100 points per firm, NaN where the firm has no value."""
        kind = self.scale["type"]
        if kind == "flag":
            flags = values.astype("boolean")
            return np.where(flags.isna().to_numpy(), np.nan, flags.fillna(False).to_numpy(dtype=float) * 100.0)
        numbers = values.to_numpy(dtype=float, na_value=np.nan)
        if kind == "linear":
            zero, full = float(self.scale["zero"]), float(self.scale["full"])
            return np.clip((numbers - zero) / (full - zero) * 100.0, 0.0, 100.0)
        table = {float(k): float(v) for k, v in self.scale["points"].items()}
        out = np.full(len(numbers), np.nan)
        for key, pts in table.items():
            out[numbers == key] = pts
        return out


@dataclass(frozen=True)
class Tier(Named):
    id: str
    zh: str
    en: str
    min_score: float


@dataclass(frozen=True)
class FoundationConfig:
    indicators: tuple[Indicator, ...]
    tiers: tuple[Tier, ...]  # ascending by min_score
    unknown: Tier
    min_weight: float
    raw: dict

    @classmethod
    def from_dict(cls, data: dict, where: str = "foundation.json") -> "FoundationConfig":
        indicators = []
        for k, item in enumerate(require(data, "indicators", list, where)):
            at = where_in(where, "item_number", noun=message("config.noun.indicator"), number=k + 1)
            key = require(item, "field", str, at)
            if key not in FIELD_BY_KEY or FIELD_BY_KEY[key].kind not in ("level", "rate", "flag", "count", "money"):
                raise ConfigError("foundation.field", where=at, field=key)
            weight = require(item, "weight", (int, float), at)
            if weight <= 0:
                raise ConfigError("foundation.weight", where=at)
            scale = require(item, "scale", dict, at)
            if scale.get("type") not in _SCALE_TYPES:
                raise ConfigError("foundation.scale_type", where=at, known=list(_SCALE_TYPES))
            if scale["type"] == "linear":
                if require(scale, "full", (int, float), at) == require(scale, "zero", (int, float), at):
                    raise ConfigError("foundation.scale_range", where=at)
            if scale["type"] == "map":
                points = require(scale, "points", dict, at)
                try:
                    [(float(a), float(b)) for a, b in points.items()]
                except (TypeError, ValueError):
                    raise ConfigError("foundation.scale_points", where=at) from None
            indicators.append(Indicator(key, float(weight), scale))
        tiers = []
        for k, item in enumerate(require(data, "tiers", list, where)):
            at = where_in(where, "item_number", noun=message("config.noun.tier"), number=k + 1)
            tiers.append(Tier(require(item, "id", str, at), require(item, "zh", str, at), require(item, "en", str, at),
                              float(require(item, "min_score", (int, float), at))))
        if not tiers:
            raise ConfigError("foundation.no_tiers", where=where)
        if [t.min_score for t in tiers] != sorted({t.min_score for t in tiers}):
            raise ConfigError("foundation.tier_order", where=where)
        if tiers[0].min_score > 0:
            raise ConfigError("foundation.first_tier", where=where)
        unknown_raw = require(data, "unknown_tier", dict, where)
        unknown = Tier(require(unknown_raw, "id", str, where), require(unknown_raw, "zh", str, where),
                       require(unknown_raw, "en", str, where), float("nan"))
        if len({t.id for t in tiers} | {unknown.id}) != len(tiers) + 1:
            raise ConfigError("foundation.tier_ids", where=where)
        return cls(tuple(indicators), tuple(tiers), unknown, float(data.get("min_weight_for_tier", 0)), data)

    def all_tiers(self) -> tuple[Tier, ...]:
        return self.tiers + (self.unknown,)

    def aliases(self) -> dict[str, str]:
        out = {}
        for t in self.all_tiers():
            out[t.id] = out[t.zh] = out[t.en] = t.id
        return out


@dataclass
class FoundationResult:
    score: np.ndarray  # 0-100, NaN when too little is known
    tier: np.ndarray  # tier ids (object)
    contributions: np.ndarray  # n x indicators: points each indicator adds to the score (NaN = no data)
    data_incomplete: np.ndarray  # bool
    known_weight: np.ndarray


def score_foundation(frame: pd.DataFrame, config: FoundationConfig) -> FoundationResult:
    n = len(frame)
    k = len(config.indicators)
    points = np.full((n, k), np.nan)
    weights = np.array([ind.weight for ind in config.indicators])
    for j, indicator in enumerate(config.indicators):
        if indicator.field in frame:
            points[:, j] = indicator.points(frame[indicator.field])
    known = ~np.isnan(points)
    known_weight = known @ weights
    with np.errstate(invalid="ignore", divide="ignore"):
        contributions = np.where(known, points * weights / known_weight[:, None], np.nan)
        score = np.nansum(np.where(known, points * weights, 0.0), axis=1) / known_weight
    enough = known_weight >= max(config.min_weight, 1e-9)
    score = np.where(enough, score, np.nan)
    thresholds = np.array([t.min_score for t in config.tiers])
    ids = np.array([t.id for t in config.tiers], dtype=object)
    position = np.searchsorted(thresholds, np.nan_to_num(score, nan=-1.0), side="right") - 1
    tier = np.where(enough & (position >= 0), ids[np.clip(position, 0, len(ids) - 1)], config.unknown.id)
    return FoundationResult(score, tier.astype(object), contributions, ~known.all(axis=1), known_weight)


@dataclass(frozen=True)
class SizeClass(Named):
    id: str
    zh: str
    en: str
    employees_min: float
    revenue_min_wan: float


@dataclass(frozen=True)
class SizeConfig:
    classes: tuple[SizeClass, ...]  # largest first
    unknown: SizeClass
    raw: dict

    @classmethod
    def from_dict(cls, data: dict, where: str = "size_classes.json") -> "SizeConfig":
        classes = []
        for k, item in enumerate(require(data, "classes", list, where)):
            at = where_in(where, "item_number", noun=message("config.noun.class"), number=k + 1)
            classes.append(SizeClass(require(item, "id", str, at), require(item, "zh", str, at),
                                     require(item, "en", str, at),
                                     float(require(item, "employees_min", (int, float), at)),
                                     float(require(item, "revenue_min_wan", (int, float), at))))
        if not classes:
            raise ConfigError("size.no_classes", where=where)
        for bigger, smaller in zip(classes, classes[1:]):
            if bigger.employees_min < smaller.employees_min or bigger.revenue_min_wan < smaller.revenue_min_wan:
                raise ConfigError("size.order", where=where, bigger=bigger.id, smaller=smaller.id)
        raw_unknown = require(data, "unknown_class", dict, where)
        unknown = SizeClass(require(raw_unknown, "id", str, where), require(raw_unknown, "zh", str, where),
                            require(raw_unknown, "en", str, where), 0.0, 0.0)
        return cls(tuple(classes), unknown, data)

    def all_classes(self) -> tuple[SizeClass, ...]:
        return self.classes + (self.unknown,)

    def aliases(self) -> dict[str, str]:
        out = {}
        for c in self.all_classes():
            out[c.id] = out[c.zh] = out[c.en] = c.id
        return out


def size_classes(frame: pd.DataFrame, config: SizeConfig) -> np.ndarray:
    """Size class id per firm: the largest class whose lower bounds the firm reaches on every known
    indicator; 'unknown' when neither headcount nor revenue is known."""
    employees = frame["employees"].to_numpy(dtype=float, na_value=np.nan)
    revenue = frame["revenue_wan"].to_numpy(dtype=float, na_value=np.nan)
    out = np.full(len(frame), config.unknown.id, dtype=object)
    undecided = ~(np.isnan(employees) & np.isnan(revenue))
    for size in config.classes:
        reaches = (np.isnan(employees) | (employees >= size.employees_min)) & \
                  (np.isnan(revenue) | (revenue >= size.revenue_min_wan))
        hit = undecided & reaches
        out[hit] = size.id
        undecided &= ~hit
    return out
