"""Ordered 'one enterprise, one strategy' rules: the first rule that holds decides a firm's track and
action package. Rules are data (see ``templates/strategy/rules.json``), validated when loaded."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planning.base.bilingual import Named, in_language
from planning.strategy.catalogue import TRACKS, Catalogue
from planning.strategy.conditions import Condition, FieldInfo, evaluate, parse_condition
from planning.base.errors import ConfigError
from planning.base.template_files import require, where_in


@dataclass(frozen=True)
class Rule(Named):
    id: str
    zh: str
    en: str
    when: Condition
    track: str
    actions: tuple[str, ...]
    reason_zh: str
    reason_en: str

    def reason(self, lang: str) -> str:
        return in_language(lang, self.reason_zh, self.reason_en)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    track_packages: dict[str, tuple[str, ...]]  # the package a track override brings
    raw: dict

    @classmethod
    def from_dict(cls, data: dict, fields: dict[str, FieldInfo], catalogue: Catalogue,
                  where: str = "rules.json") -> "RuleSet":
        known_actions = set(catalogue.by_id())
        rules = []
        seen = set()
        for k, item in enumerate(require(data, "rules", list, where)):
            if not isinstance(item, dict):
                raise ConfigError("not_object", where=where_in(where, "rule_number", number=k + 1))
            rid = require(item, "id", str, where_in(where, "rule_number", number=k + 1))
            at = where_in(where, "rule", id=rid)
            if rid in seen:
                raise ConfigError("rule.duplicate", where=at)
            seen.add(rid)
            track = require(item, "track", str, at)
            if track not in TRACKS:
                raise ConfigError("rule.unknown_track", where=at, track=track, known=list(TRACKS))
            actions = tuple(item.get("actions", []))
            unknown = [a for a in actions if a not in known_actions]
            if unknown:
                raise ConfigError("unknown_actions", where=at, actions=[str(a) for a in unknown])
            if track in ("ineligible", "review") and actions:
                raise ConfigError("rule.unfunded_actions", where=at, track=dict(zip(("zh", "en"), TRACKS[track])))
            when = parse_condition(item.get("when", {}), fields, at)
            rules.append(Rule(rid, require(item, "zh", str, at), require(item, "en", str, at), when, track, actions,
                              str(item.get("reason_zh", "")), str(item.get("reason_en", ""))))
        packages = {}
        for track, actions in (data.get("track_packages") or {}).items():
            at = where_in(where, "track_packages", track=track)
            if track not in TRACKS:
                raise ConfigError("unknown_track", where=at)
            unknown = [a for a in actions if a not in known_actions]
            if unknown:
                raise ConfigError("unknown_actions", where=at, actions=[str(a) for a in unknown])
            packages[track] = tuple(actions)
        return cls(tuple(rules), packages, data)

    def first_match(self, frame: pd.DataFrame, fields: dict[str, FieldInfo]) -> np.ndarray:
        """Index of the first rule that holds for each firm, -1 when none does."""
        chosen = np.full(len(frame), -1, dtype=np.int32)
        open_rows = np.ones(len(frame), dtype=bool)
        for index, rule in enumerate(self.rules):
            if not open_rows.any():
                break
            hit = open_rows & evaluate(rule.when, frame, fields)
            chosen[hit] = index
            open_rows &= ~hit
        return chosen
