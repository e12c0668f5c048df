"""A fingerprint of everything a scenario's plan depends on: the roster, the overrides, the templates, the
scenario's budget, horizon and method, and the planner's own version. A stored plan whose fingerprint
matches the project's is shown as it is; any other is planned again."""

from __future__ import annotations

import hashlib
import json

import pandas as pd

# Bump when the allocation would choose differently from the same inputs.
PLANNER_VERSION = "packages-1"


def inputs_digest(roster: pd.DataFrame, overrides, templates: dict) -> str:
    """What every scenario of a project depends on: the roster, the overrides and the templates."""
    digest = hashlib.sha256()
    digest.update(PLANNER_VERSION.encode())
    digest.update(pd.util.hash_pandas_object(roster.astype(object).where(roster.notna(), None), index=True)
                  .to_numpy().tobytes())
    digest.update(json.dumps(list(roster.columns), ensure_ascii=False).encode())
    rows = sorted((str(k), str(f), json.dumps(o.value, ensure_ascii=False, default=str))
                  for (k, f), o in overrides.overrides.items())
    digest.update(json.dumps(rows, ensure_ascii=False).encode())
    digest.update(json.dumps(templates, ensure_ascii=False, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def plan_fingerprint(inputs: str, scenario: str, params: dict) -> str:
    """One scenario's fingerprint: the project's ``inputs_digest`` with its budget, horizon and method."""
    return hashlib.sha256(json.dumps([inputs, scenario, params], ensure_ascii=False, sort_keys=True,
                                     default=str).encode()).hexdigest()
