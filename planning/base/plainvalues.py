"""Plain Python values from what pandas and numpy hand out (numpy scalars, NA, NaN), for JSON and
for comparing values across frames."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def plain(value: object) -> object:
    """None for every kind of missing value; int, float or bool for numpy scalars; lists for
    tuples and sets; anything else as it is."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (tuple, set)):
        return list(value)
    return value
