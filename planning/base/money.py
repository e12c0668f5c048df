"""Money is held in 万元 as floats and compared, totalled and shown to the cent (1 万元 = 1,000,000 分):
two sums of the same amounts added in another order may differ in the last bits, never in cents."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

CENTS_PER_WAN = 1_000_000
DECIMALS = 6  # of 万元: the cent


def cents(wan: float) -> int:
    return int(round(float(wan) * CENTS_PER_WAN))


def to_the_cent(wan: float) -> float:
    """Rounded to the cent; NaN and infinities (from hostile data) pass as they are."""
    return cents(wan) / CENTS_PER_WAN if np.isfinite(wan) else float(wan)


def total(amounts: Iterable[float]) -> float:
    """The sum of amounts in 万元, to the cent."""
    return to_the_cent(float(np.asarray(amounts, dtype=float).sum()))


def same_money(a: float, b: float) -> bool:
    return cents(a) == cents(b)
