"""'One enterprise, one strategy': tags, track and action package for every firm, each explained.

``plan_strategies`` runs over the whole roster at once (numpy and pandas, no per-firm Python in the
hot path): sector tags, digital-foundation score and tier, size class, the first rule that holds,
the action package filtered to what suits the firm, then the planner's overrides. ``explain`` gathers
one firm's explanation on demand, as codes and values (``explanations`` puts it into words).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from planning.base.messages import MESSAGES, tr
from planning.strategy.catalogue import Catalogue, track_label
from planning.strategy.conditions import FLAG, NUMBER, TEXT, Condition, FieldInfo, evaluate, roster_fields
from planning.base.errors import ConfigError
from planning.strategy.foundation import FoundationConfig, SizeConfig, score_foundation, size_classes
from planning.strategy.overrides import OverrideStore, override_keys
from planning.base.paths import template_path
from planning.strategy.rules import RuleSet
from planning.strategy.sectors import BY_OVERRIDE, UNCLASSIFIED, SectorConfig, division_label, tag_sectors
from planning.base.template_files import read_json

TEMPLATE_FILES = {
    "key_sectors": "key_sectors.json",
    "foundation": "foundation.json",
    "size_classes": "size_classes.json",
    "actions": "actions.json",
    "rules": "rules.json",
}


def strategy_fields(sectors: SectorConfig, foundation: FoundationConfig, sizes: SizeConfig) -> dict[str, FieldInfo]:
    fields = roster_fields()
    fields.update({
        "division": FieldInfo("division", TEXT, "行业大类", "Industry division"),
        "group": FieldInfo("group", TEXT, "行业中类", "Industry group"),
        "class": FieldInfo("class", TEXT, "行业小类", "Industry class"),
        "key_sector": FieldInfo("key_sector", TEXT, "重点行业", "Key sector", sectors.aliases()),
        "tier": FieldInfo("tier", TEXT, "数字化基础", "Digital foundation", foundation.aliases()),
        "score": FieldInfo("score", NUMBER, "数字化基础得分", "Foundation score"),
        "size_class": FieldInfo("size_class", TEXT, "企业规模", "Size class", sizes.aliases()),
        "data_incomplete": FieldInfo("data_incomplete", FLAG, "数据不完整", "Data incomplete"),
    })
    return fields


@dataclass(frozen=True)
class StrategyConfig:
    sectors: SectorConfig
    foundation: FoundationConfig
    sizes: SizeConfig
    catalogue: Catalogue
    rules: RuleSet
    fields: dict[str, FieldInfo]

    @classmethod
    def from_dicts(cls, data: dict[str, dict], names: dict[str, str] | None = None) -> "StrategyConfig":
        names = names or TEMPLATE_FILES
        for key in TEMPLATE_FILES:
            if key not in data:
                raise ConfigError("missing_template", file=TEMPLATE_FILES[key])
        sectors = SectorConfig.from_dict(data["key_sectors"], names["key_sectors"])
        foundation = FoundationConfig.from_dict(data["foundation"], names["foundation"])
        sizes = SizeConfig.from_dict(data["size_classes"], names["size_classes"])
        fields = strategy_fields(sectors, foundation, sizes)
        catalogue = Catalogue.from_dict(data["actions"], fields, {s.id for s in sectors.sectors}, names["actions"])
        rules = RuleSet.from_dict(data["rules"], fields, catalogue, names["rules"])
        return cls(sectors, foundation, sizes, catalogue, rules, fields)

    @classmethod
    def load(cls, folder: Path | None = None, rules_file: Path | None = None) -> "StrategyConfig":
        folder = folder or template_path("strategy")
        data, names = {}, dict(TEMPLATE_FILES)
        for key, filename in TEMPLATE_FILES.items():
            path = folder / filename
            if key == "rules" and rules_file is not None:
                path = rules_file
                names["rules"] = rules_file.name
            data[key] = read_json(path)
        return cls.from_dicts(data, names)


    def name_of(self, key: str, value: object, lang: str) -> str:
        """Display name of a coded tag value (tier, key sector, size class, track, division)."""
        if value is None or value is pd.NA:
            return ""
        if key == "tier":
            for tier in self.foundation.all_tiers():
                if tier.id == value:
                    return tier.label(lang)
        elif key == "key_sector":
            sector = self.sectors.by_id().get(value)
            if sector:
                return sector.label(lang)
        elif key == "size_class":
            for size in self.sizes.all_classes():
                if size.id == value:
                    return size.label(lang)
        elif key == "track":
            return track_label(str(value), lang)
        elif key == "division":
            return f"{value} {division_label(str(value), lang)}"
        elif key == "credit_code_status" and f"cc.status.{value}" in MESSAGES:
            return tr(f"cc.status.{value}", lang)
        return str(value)


@dataclass
class StrategyResult:
    frame: pd.DataFrame  # the roster with the tag columns added
    contributions: np.ndarray
    config: StrategyConfig
    overrides: OverrideStore
    applied_overrides: int = 0
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.frame)

    def summary(self, lang: str = "zh") -> dict:
        frame = self.frame
        unclassified = frame.index[frame["sector_source"] == UNCLASSIFIED]
        return {
            "firms": len(frame),
            "by_track": _counts(frame["track"], ("intelligence", "digitalization", "ineligible", "review")),
            "by_sector": _counts(frame["key_sector"].fillna("unclassified")),
            "by_tier": _counts(frame["tier"], [t.id for t in self.config.foundation.all_tiers()]),
            "by_size_class": _counts(frame["size_class"], [c.id for c in self.config.sizes.all_classes()]),
            "by_rule": _counts(frame["rule"].fillna("none")),
            "unclassified": len(unclassified),
            "unclassified_firms": [
                {"name": frame.at[i, "name"], "credit_code": frame.at[i, "credit_code"],
                 "industry_name": frame.at[i, "industry_name"], "file": frame.at[i, "source_file"],
                 "sheet": frame.at[i, "source_sheet"], "row": int(frame.at[i, "source_row"])}
                for i in unclassified
            ],
            "data_incomplete": int(frame["data_incomplete"].sum()),
            "overrides": self.applied_overrides,
        }

    def explain(self, row: int) -> dict:
        return explain(self, row)


def _counts(series: pd.Series, order=None) -> dict[str, int]:
    counts = series.value_counts()
    keys = list(order) if order is not None else sorted(counts.index, key=lambda k: (-counts[k], str(k)))
    out = {str(k): int(counts.get(k, 0)) for k in keys}
    for k, v in counts.items():
        out.setdefault(str(k), int(v))
    return out


def plan_strategies(frame: pd.DataFrame, config: StrategyConfig, overrides: OverrideStore | None = None) -> StrategyResult:
    overrides = overrides or OverrideStore()
    frame = frame.copy()
    n = len(frame)
    keys = override_keys(frame) if len(overrides) else None
    overridden: list[list[str]] = [[] for _ in range(n)] if len(overrides) else []
    applied = 0

    def apply(field_name: str, column: np.ndarray) -> int:
        count = 0
        for row, override in overrides.by_row(field_name, keys).items():
            column[row] = override.value if field_name != "actions" else ";".join(override.value)
            overridden[row].append(field_name)
            count += 1
        return count

    def put(column: str, values) -> None:
        # object dtype keeps None for "no value" (pandas would otherwise infer a string dtype with NaN)
        frame[column] = pd.Series(values, index=frame.index, dtype=object)

    tags = tag_sectors(frame, config.sectors)
    for column in ("division", "group", "class", "key_sector", "sector_source"):
        put(column, tags[column].to_numpy(dtype=object))
    if len(overrides):
        key_sector = frame["key_sector"].to_numpy(dtype=object)
        division = frame["division"].to_numpy(dtype=object)
        applied += apply("key_sector", key_sector) + apply("division", division)
        source = frame["sector_source"].to_numpy(dtype=object)
        for row, fields in enumerate(overridden):
            if "key_sector" in fields or "division" in fields:
                source[row] = BY_OVERRIDE
        put("key_sector", key_sector)
        put("division", division)
        put("sector_source", source)

    foundation = score_foundation(frame, config.foundation)
    frame["score"] = foundation.score
    tier = foundation.tier
    if len(overrides):
        applied += apply("tier", tier)
    put("tier", tier)
    frame["data_incomplete"] = foundation.data_incomplete
    put("size_class", size_classes(frame, config.sizes))

    rules = config.rules.rules
    chosen = config.rules.first_match(frame, config.fields)
    rule_ids = np.array([r.id for r in rules] + [None], dtype=object)
    rule_tracks = np.array([r.track for r in rules] + ["review"], dtype=object)
    put("rule", rule_ids[chosen])
    track = rule_tracks[chosen].astype(object)
    applicable = _applicable(frame, config)
    actions = _packages(chosen, [r.actions for r in rules], applicable, config)
    if len(overrides):
        for row, override in overrides.by_row("track", keys).items():
            track[row] = override.value
            package = config.rules.track_packages.get(override.value, ())
            catalogue_ids = [a.id for a in config.catalogue.actions]
            actions[row] = ";".join(a for a in package if applicable[row, catalogue_ids.index(a)])
            overridden[row].append("track")
            applied += 1
        applied += apply("actions", actions)
    put("track", track)
    put("actions", actions)
    put("overridden", [";".join(f) for f in overridden] if overridden else [""] * n)
    return StrategyResult(frame, foundation.contributions, config, overrides, applied)


def _applicable(frame: pd.DataFrame, config: StrategyConfig) -> np.ndarray:
    """n x actions: whether each action suits each firm (sector) and the firm lacks it (skip_if)."""
    actions = config.catalogue.actions
    out = np.ones((len(frame), len(actions)), dtype=bool)
    sector = frame["key_sector"]
    for j, action in enumerate(actions):
        if action.sectors is not None:
            out[:, j] &= sector.isin(list(action.sectors)).to_numpy()
        if action.skip_if.children or action.skip_if.field:
            out[:, j] &= ~evaluate(action.skip_if, frame, config.fields)
    return out


def _packages(chosen: np.ndarray, rule_actions: list[tuple[str, ...]], applicable: np.ndarray,
              config: StrategyConfig) -> np.ndarray:
    """Each firm's actions as 'D01;D02': its rule's package, keeping the rule's order, less what
    does not apply. Decoded once per distinct (rule, applicable set)."""
    ids = [a.id for a in config.catalogue.actions]
    weights = (1 << np.arange(len(ids), dtype=np.int64))
    bits = applicable.astype(np.int64) @ weights
    rule_bits = np.array([sum(1 << ids.index(a) for a in acts) for acts in rule_actions] + [0], dtype=np.int64)
    combo = (chosen.astype(np.int64) + 1) * (1 << len(ids)) + (bits & rule_bits[chosen])
    unique, inverse = np.unique(combo, return_inverse=True)
    texts = []
    for value in unique:
        rule_index = int(value >> len(ids)) - 1
        mask = int(value & ((1 << len(ids)) - 1))
        package = rule_actions[rule_index] if rule_index >= 0 else ()
        texts.append(";".join(a for a in package if mask & (1 << ids.index(a))))
    return np.array(texts, dtype=object)[inverse]


# ------------------------------------------------------------------ explanations


def _leaves(condition: Condition) -> list[Condition]:
    if condition.field:
        return [condition]
    out = []
    for child in condition.children:
        out.extend(_leaves(child))
    return out


def explain(result: StrategyResult, row: int) -> dict:
    """Why this firm got its tags, track and actions, step by step, as codes and cell values only;
    ``planning.strategy.explanations`` puts it into words."""
    frame, config = result.frame, result.config
    rec = {key: _value(frame[key].iloc[row]) for key in frame.columns}
    overridden = set(filter(None, str(rec.get("overridden") or "").split(";")))
    contributions = [
        {"field": indicator.field, "value": rec.get(indicator.field), "weight": indicator.weight,
         "points": None if np.isnan(points) else round(float(points), 2)}
        for indicator, points in zip(config.foundation.indicators, result.contributions[row])
    ]
    rule_info = None
    planned_from_rule: tuple[str, ...] = ()
    if rec["rule"] is not None:
        rule = next(r for r in config.rules.rules if r.id == rec["rule"])
        single = frame.iloc[row: row + 1]
        rule_info = {"id": rule.id, "conditions": [
            {"condition": leaf, "value": rec.get(leaf.field), "held": bool(evaluate(leaf, single, config.fields)[0])}
            for leaf in _leaves(rule.when)]}
        if "track" not in overridden:
            planned_from_rule = rule.actions
    if "track" in overridden:
        planned_from_rule = config.rules.track_packages.get(rec["track"], ())
    catalogue = config.catalogue.by_id()
    chosen = [a for a in str(rec["actions"] or "").split(";") if a]
    left_out = []
    for a in planned_from_rule:
        if a in chosen or a not in catalogue:
            continue
        action = catalogue[a]
        suits = action.sectors is None or rec["key_sector"] in action.sectors
        left_out.append({"id": a, "why": "in_place" if suits else "sector"})
    return {
        "firm": {"name": rec["name"], "credit_code": rec["credit_code"], "city": rec["city"]},
        "sector": {"division": rec["division"], "key_sector": rec["key_sector"], "source": rec["sector_source"],
                   "industry_code": rec.get("industry_code"), "industry_name": rec.get("industry_name")},
        "foundation": {
            "score": None if rec["score"] is None else round(float(rec["score"]), 1), "tier": rec["tier"],
            "data_incomplete": bool(rec["data_incomplete"]), "contributions": contributions,
            "missing": [c["field"] for c in contributions if c["points"] is None], "overridden": "tier" in overridden,
        },
        "size_class": rec["size_class"],
        "rule": rule_info,
        "track": {"id": rec["track"], "overridden": "track" in overridden},
        "actions": chosen,
        "actions_overridden": "actions" in overridden,
        "left_out": left_out,
        "overrides": [{"field": o.field, "value": o.value, "reason": o.reason, "author": o.author, "time": o.time}
                      for o in result.overrides.for_key(_key_of(frame, row))],
    }


def _value(value: object) -> object:
    """A cell with every kind of 'no value' (None, NaN, NA, NaT) as None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def _key_of(frame: pd.DataFrame, row: int) -> str | None:
    return override_keys(frame.iloc[row: row + 1])[0]
