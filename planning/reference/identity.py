"""Firm identity: a firm is its credit code when the code is valid (GB 32100), else its folded name.

The importer merges duplicates by this key, overrides are stored under it (so they survive a re-import of a
corrected roster) and merged projects match firms by it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planning.base.textnorm import fold
from planning.reference import creditcode

NAME_KEY_PREFIX = "name:"


def firm_keys(frame: pd.DataFrame) -> np.ndarray:
    """Each firm's key: its valid credit code, else ``name:`` and its folded name; None with neither."""
    valid = frame["credit_code_status"].isin(list(creditcode.ACCEPTED)).to_numpy()
    keys = np.where(valid, frame["credit_code"].to_numpy(dtype=object), None).astype(object)
    names = frame["name"].to_numpy(dtype=object)
    for i in np.flatnonzero(~valid):
        if isinstance(names[i], str) and names[i]:
            keys[i] = NAME_KEY_PREFIX + fold(names[i])
    return keys


def shown_key(key: str) -> str:
    """The key as a reader knows the firm: the code, or the name without its prefix."""
    return key.removeprefix(NAME_KEY_PREFIX)
