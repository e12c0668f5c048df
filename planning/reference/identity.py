"""Firm identity: a firm is its credit code when the code is valid (GB 32100), else its folded name.

The importer merges duplicates by this key and overrides are stored under it (so they survive a re-import of
a corrected roster). Merged projects match firms by :func:`merge_keys`, stricter for firms without a valid
code: the name *and* the county, so that two 宏达机械厂 in different counties stay two firms.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planning.base.textnorm import fold
from planning.reference import creditcode

NAME_KEY_PREFIX = "name:"
COUNTY_SEPARATOR = "@"


def firm_keys(frame: pd.DataFrame) -> np.ndarray:
    """Each firm's key: its valid credit code, else ``name:`` and its folded name; None with neither."""
    valid = frame["credit_code_status"].isin(list(creditcode.ACCEPTED)).to_numpy()
    keys = np.where(valid, frame["credit_code"].to_numpy(dtype=object), None).astype(object)
    names = frame["name"].to_numpy(dtype=object)
    for i in np.flatnonzero(~valid):
        if isinstance(names[i], str) and names[i]:
            keys[i] = NAME_KEY_PREFIX + fold(names[i])
    return keys


def merge_keys(frame: pd.DataFrame) -> np.ndarray:
    """Each firm's key across submissions: its valid credit code, else ``name:``, its folded name, ``@`` and
    its folded county (empty when unknown); None with neither code nor name."""
    keys = firm_keys(frame)
    counties = frame["county"].to_numpy(dtype=object) if "county" in frame.columns else np.full(len(frame), None)
    for i, key in enumerate(keys):
        if isinstance(key, str) and key.startswith(NAME_KEY_PREFIX):
            county = counties[i]
            keys[i] = key + COUNTY_SEPARATOR + (fold(county) if isinstance(county, str) else "")
    return keys


def shown_key(key: str) -> str:
    """The key as a reader knows the firm: the code, or the name without its prefix."""
    return key.removeprefix(NAME_KEY_PREFIX)
