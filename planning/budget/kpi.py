"""KPI projection: the province's baseline and where the plan takes it, year by year.

Rates (digital R&D tools, key-process CNC, equipment networking) are means over the firms that report
them; an action's effect counts from the year it completes (its start year plus its duration) and
never takes a rate above 100. A firm moves up one MIIT level each time the level gains of its
completed actions add up to one, up to level 4. Firms without a baseline value are not projected.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from planning.base.paths import template_path
from planning.base.template_files import read_json
from planning.strategy.catalogue import Action

RATES = ("rd_tool_rate", "cnc_rate", "networking_rate")


def national_references() -> list[dict]:
    try:
        return read_json(template_path("policy", "national_kpis.json")).get("references", [])
    except Exception:  # the projection still works without the reference figures
        return []


def _levels(levels: np.ndarray) -> dict[str, int]:
    out = {str(k): int((levels == k).sum()) for k in (1, 2, 3, 4)}
    out["unknown"] = int(np.isnan(levels).sum())
    return out


def _rates(values: dict[str, np.ndarray]) -> dict[str, float | None]:
    out = {}
    for key, column in values.items():
        present = column[~np.isnan(column)]
        out[key] = round(float(present.mean()), 3) if len(present) else None
    return out


def project_kpis(frame: pd.DataFrame, catalogue: Sequence[Action], years: Sequence[int], lines: pd.DataFrame) -> dict:
    """The roster's KPIs before the plan and after each year of it, from the plan's funded lines."""
    base_rates = {key: frame[key].to_numpy(dtype=float, na_value=np.nan) for key in RATES}
    base_level = frame["miit_level"].to_numpy(dtype=float, na_value=np.nan)
    firm = lines["firm"].to_numpy(dtype=np.int64)
    action_index = {a.id: k for k, a in enumerate(catalogue)}
    k = lines["action"].map(action_index).to_numpy(dtype=np.int64)
    durations = np.array([max(1, a.duration_months) for a in catalogue])[k] if len(k) else np.zeros(0)
    done_year = lines["year"].to_numpy(dtype=np.int64) + np.ceil(durations / 12.0).astype(np.int64) - 1
    effects = {key: np.array([a.effects.get(key, 0.0) for a in catalogue])[k] if len(k) else np.zeros(0)
               for key in RATES + ("level_gain",)}

    by_year = {}
    for year in years:
        done = done_year <= year
        rates = {}
        for key in RATES:
            gained = np.bincount(firm[done], weights=effects[key][done], minlength=len(frame))
            rates[key] = np.minimum(100.0, base_rates[key] + gained)
        gain = np.bincount(firm[done], weights=effects["level_gain"][done], minlength=len(frame))
        level = np.minimum(4.0, base_level + np.floor(gain + 1e-9))
        by_year[str(year)] = {**_rates(rates), "levels": _levels(level),
                              "firms_level_2_plus": int((level >= 2).sum()),
                              "firms_level_3_plus": int((level >= 3).sum())}
    final_levels = firm_levels_after(frame, catalogue, lines)
    return {
        "baseline": {**_rates(base_rates), "levels": _levels(base_level),
                     "firms_level_2_plus": int((base_level >= 2).sum()),
                     "firms_level_3_plus": int((base_level >= 3).sum())},
        "by_year": by_year,
        "levels_before": _levels(base_level),
        "levels_after": _levels(final_levels),
        "firms_reaching_level_2": int(((base_level < 2) & (final_levels >= 2)).sum()),
        "firms_reaching_level_3": int(((base_level < 3) & (final_levels >= 3)).sum()),
        "national": national_references(),
        "firms_with_data": {key: int((~np.isnan(base_rates[key])).sum()) for key in RATES},
    }


def firm_levels_after(frame: pd.DataFrame, catalogue: Sequence[Action], lines: pd.DataFrame) -> np.ndarray:
    """Each roster firm's MIIT level once all its funded lines are done (NaN where unknown)."""
    base_level = frame["miit_level"].to_numpy(dtype=float, na_value=np.nan)
    if not len(lines):
        return base_level
    gain_of = {a.id: a.effects.get("level_gain", 0.0) for a in catalogue}
    gains = lines["action"].map(gain_of).to_numpy(dtype=float)
    gain = np.bincount(lines["firm"].to_numpy(dtype=np.int64), weights=gains, minlength=len(frame))
    return np.minimum(4.0, base_level + np.floor(gain + 1e-9))
