"""KPI projection in MIIT's definitions: the province's baseline and where the plan takes it, year by year.

- 数字化研发设计工具普及率 is a share of enterprises: a firm uses digital R&D tools when its reported
  rate is above a threshold (``rd_tool_use_above`` in national_kpis.json) or it is flagged as having CAD/PLM (optional roster columns ``has_cad``/``has_plm``);
  a completed action that brings R&D tools (CAD/PLM, digital twin) makes it a user. The share is taken
  over the firms whose use is known.
- 关键工序数控化率 is a share of key processes; the roster only gives each firm's percentage, so the
  province's figure is an estimate: the mean over the reporting firms, each firm weighted equally.
- The equipment networking rate is the same firm-weighted mean.
- The level distribution counts firms per MIIT level (1-4, unknown).

An action's effect counts from the year it completes: its start year plus its duration, and not
before its last payment tranche (paid on acceptance). Rates never go above 100. A firm moves up one
MIIT level each time the level gains of its completed actions add up to one, up to level 4. Each
figure carries a definition code (text: ``indicator.definition.<code>`` in the message catalogue); national
reference figures are compared only where they are defined the same way.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from planning.base.paths import template_path
from planning.base.template_files import read_json
from planning.strategy.catalogue import Action

RATES = ("rd_tool_rate", "cnc_rate", "networking_rate")
RD_TOOL_FLAGS = ("has_cad", "has_plm")
DEFINITIONS = {
    "rd_tool_rate": "rd_tool_firm_share",
    "cnc_rate": "cnc_firm_weighted",
    "networking_rate": "networking_firm_weighted",
    "levels": "miit_level_firms",
}


def _national_file() -> dict:
    try:
        return read_json(template_path("policy", "national_kpis.json"))
    except Exception:  # the projection still works without the reference figures
        return {}


def national_references() -> list[dict]:
    """The national figures, each with the keys of the indicators defined as ours (``comparable``)."""
    references = _national_file().get("references", [])
    out = []
    for ref in references:
        definitions = ref.get("definitions") or {}
        comparable = [key for key in RATES if ref.get(key) is not None and definitions.get(key) == DEFINITIONS[key]]
        out.append({**ref, "comparable": comparable})
    return out


def completion_years(catalogue: Sequence[Action], lines: pd.DataFrame) -> np.ndarray:
    """Per plan line, the year its action completes: the start year plus its duration, and at the earliest
    the year of its last payment tranche."""
    if not len(lines):
        return np.zeros(0, dtype=np.int64)
    years_taken = np.array([max(int(np.ceil(max(1, a.duration_months) / 12.0)), len(a.phasing) or 1)
                            for a in catalogue] + [1], dtype=np.int64)  # last: an action not in the catalogue
    k = _action_rows(catalogue, lines)
    return lines["year"].to_numpy(dtype=np.int64) + years_taken[k] - 1


def _action_rows(catalogue: Sequence[Action], lines: pd.DataFrame) -> np.ndarray:
    """Per line, its action's index in the catalogue; one past the end for an action it does not hold
    (which then moves nothing)."""
    action_index = {a.id: k for k, a in enumerate(catalogue)}
    return lines["action"].map(action_index).fillna(len(catalogue)).to_numpy(dtype=np.int64)


def _effect(catalogue: Sequence[Action], key: str, k: np.ndarray) -> np.ndarray:
    return np.array([a.effects.get(key, 0.0) for a in catalogue] + [0.0], dtype=float)[k] if len(k) else np.zeros(0)


def _levels(levels: np.ndarray) -> dict[str, int]:
    out = {str(k): int((levels == k).sum()) for k in (1, 2, 3, 4)}
    out["unknown"] = int(np.isnan(levels).sum())
    return out


def _mean(column: np.ndarray) -> float | None:
    present = column[~np.isnan(column)]
    return round(float(present.mean()), 3) if len(present) else None


def _share(users: np.ndarray, known: np.ndarray) -> float | None:
    return round(100.0 * float(users[known].sum()) / int(known.sum()), 3) if known.any() else None


def rd_tool_users(frame: pd.DataFrame, above: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per firm: whether it uses digital R&D tools (a reported rate above ``above``, by default the
    threshold in national_kpis.json, or a CAD/PLM flag), and whether that is known."""
    if above is None:
        above = float(_national_file().get("rd_tool_use_above", 0))
    rate = frame["rd_tool_rate"].to_numpy(dtype=float, na_value=np.nan)
    users = np.nan_to_num(rate, nan=-np.inf) > above
    known = ~np.isnan(rate)
    for flag in RD_TOOL_FLAGS:
        if flag in frame:
            values = frame[flag].astype("boolean")
            users |= values.fillna(False).to_numpy(dtype=bool)
            known |= values.notna().to_numpy(dtype=bool)
    return users, known


def _figures(rates: dict[str, np.ndarray], users: np.ndarray, known: np.ndarray, level: np.ndarray) -> dict:
    return {"rd_tool_rate": _share(users, known), "cnc_rate": _mean(rates["cnc_rate"]),
            "networking_rate": _mean(rates["networking_rate"]), "levels": _levels(level),
            "firms_level_2_plus": int((level >= 2).sum()), "firms_level_3_plus": int((level >= 3).sum()),
            "rd_tool_users": int(users[known].sum()), "rd_tool_known": int(known.sum())}


def project_kpis(frame: pd.DataFrame, catalogue: Sequence[Action], years: Sequence[int], lines: pd.DataFrame) -> dict:
    """The roster's KPIs before the plan and at the end of each year of it, from the plan's funded lines."""
    base_rates = {key: frame[key].to_numpy(dtype=float, na_value=np.nan) for key in ("cnc_rate", "networking_rate")}
    base_users, base_known = rd_tool_users(frame)
    base_level = frame["miit_level"].to_numpy(dtype=float, na_value=np.nan)
    firm = lines["firm"].to_numpy(dtype=np.int64)
    k = _action_rows(catalogue, lines) if len(lines) else np.zeros(0, dtype=np.int64)
    done_year = completion_years(catalogue, lines)
    effects = {key: _effect(catalogue, key, k) for key in RATES + ("level_gain",)}

    by_year = {}
    for year in years:
        done = done_year <= year
        rates = {}
        for key, base in base_rates.items():
            gained = np.bincount(firm[done], weights=effects[key][done], minlength=len(frame))
            rates[key] = np.minimum(100.0, base + gained)
        adopted = np.zeros(len(frame), dtype=bool)
        adopted[firm[done & (effects["rd_tool_rate"] > 0)]] = True
        gain = np.bincount(firm[done], weights=effects["level_gain"][done], minlength=len(frame))
        level = np.minimum(4.0, base_level + np.floor(gain + 1e-9))
        by_year[str(year)] = _figures(rates, base_users | adopted, base_known | adopted, level)
    final_levels = firm_levels_after(frame, catalogue, lines)
    baseline = _figures(base_rates, base_users, base_known, base_level)
    final = by_year[str(years[-1])] if len(years) else baseline
    firms_with_data = {"rd_tool_rate": int(base_known.sum()),
                       **{key: int((~np.isnan(base)).sum()) for key, base in base_rates.items()}}
    return {
        "baseline": baseline,
        "by_year": by_year,
        "levels_before": _levels(base_level),
        "levels_after": _levels(final_levels),
        "firms_reaching_level_2": int(((base_level < 2) & (final_levels >= 2)).sum()),
        "firms_reaching_level_3": int(((base_level < 3) & (final_levels >= 3)).sum()),
        "national": national_references(),
        "firms_with_data": firms_with_data,
        "definitions": dict(DEFINITIONS),
        "indicators": {key: {"definition": DEFINITIONS[key], "baseline": baseline[key], "final": final[key],
                             "firms_with_data": firms_with_data[key]} for key in RATES}
        | {"levels": {"definition": DEFINITIONS["levels"], "baseline": baseline["levels"], "final": final["levels"],
                      "firms_with_data": int((~np.isnan(base_level)).sum())}},
    }


def firm_levels_after(frame: pd.DataFrame, catalogue: Sequence[Action], lines: pd.DataFrame) -> np.ndarray:
    """Each roster firm's MIIT level once all its funded lines are done (NaN where unknown)."""
    base_level = frame["miit_level"].to_numpy(dtype=float, na_value=np.nan)
    if not len(lines):
        return base_level
    gain_of = {a.id: a.effects.get("level_gain", 0.0) for a in catalogue}
    gains = lines["action"].map(gain_of).fillna(0.0).to_numpy(dtype=float)
    gain = np.bincount(lines["firm"].to_numpy(dtype=np.int64), weights=gains, minlength=len(frame))
    return np.minimum(4.0, base_level + np.floor(gain + 1e-9))
