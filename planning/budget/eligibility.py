"""Who may be funded, as policy data (``eligibility`` in the subsidy policy).

- A firm whose industry is unknown (no division could be established, so nobody knows it is a
  manufacturer) needs review: none of its actions is funded until its industry is resolved, by an
  override or a better roster (unless the policy sets ``fund_unclassified_industry``).
- Programmes listed in ``sme_only_programmes`` admit only firms of the size classes in ``sme_size_classes``
  (ids of templates/strategy/size_classes.json): a large enterprise, or one whose size is unknown, gets
  nothing from them, but may still be funded by other programmes.

Each excluded candidate carries a reason code; the plan keeps one row per firm and reason
(:func:`excluded_firms`), rendered at the edge through the catalogue (``budget.excluded.<code>``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planning.base.messages import tr
from planning.budget.policy import Policy
from planning.strategy.sectors import UNCLASSIFIED

UNCLASSIFIED_INDUSTRY = "unclassified_industry"
NOT_SME = "not_sme"


def exclusion_reasons(frame: pd.DataFrame, firm: np.ndarray, programme: np.ndarray, policy: Policy) -> np.ndarray:
    """Per candidate (its firm's row in ``frame`` and its programme): the reason code it may not be funded
    for, or "" when it may."""
    reason = np.full(len(firm), "", dtype=object)
    rules = policy.eligibility
    if rules.sme_only_programmes:
        size = frame["size_class"].to_numpy(dtype=object)[firm]
        not_sme = np.isin(programme, list(rules.sme_only_programmes)) & ~np.isin(size, list(rules.sme_size_classes))
        reason[not_sme] = NOT_SME
    if not rules.fund_unclassified_industry:
        reason[frame["sector_source"].to_numpy(dtype=object)[firm] == UNCLASSIFIED] = UNCLASSIFIED_INDUSTRY
    return reason


def excluded_firms(frame: pd.DataFrame, excluded: pd.DataFrame) -> pd.DataFrame:
    """One row per firm and reason from the excluded candidates (columns firm, action, programme, reason):
    who the firm is, its size class, and the actions and programmes left out."""
    columns = ["firm", "credit_code", "name", "city", "size_class", "reason", "actions", "programmes"]
    if not len(excluded):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    grouped = excluded.groupby(["firm", "reason"], sort=True)
    out = grouped.agg(actions=("action", ";".join),
                      programmes=("programme", lambda p: ";".join(dict.fromkeys(p)))).reset_index()
    firm = out["firm"].to_numpy(dtype=np.int64)
    for column in ("credit_code", "name", "city", "size_class"):
        out[column] = frame[column].to_numpy(dtype=object)[firm]
    return out[columns]


def reason_text(reason: str, lang: str | None = None, size: str = "", programmes: str = "") -> str:
    """The sentence for an exclusion, in the reader's language; ``size`` and ``programmes`` are names
    already rendered by the caller."""
    return tr(f"budget.excluded.{reason}", lang, size=size, programmes=programmes)
