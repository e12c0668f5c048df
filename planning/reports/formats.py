"""How the plan's numbers read, the same in the report, the workbook's texts, the window and the command
line, in both languages: money in 万元 with thousands separators and one decimal, shares as percentages,
counts with thousands separators, and the plan's quality in the planner's words."""

from __future__ import annotations

import math

from planning.base.messages import tr

MISSING = "—"
MONEY_FORMAT = "#,##0.0"  # the same, as a spreadsheet number format


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def money(value) -> str:
    """万元, one decimal: 12,345.6."""
    return MISSING if _missing(value) else f"{float(value):,.1f}"


def _signed(value, fmt, digits: int) -> str:
    """A change: +1,234.5 / −1,234.5, and no sign when it rounds to nothing."""
    if _missing(value):
        return MISSING
    rounded = round(float(value), digits)
    text = fmt(abs(rounded))
    return text if rounded == 0 else ("+" if rounded > 0 else "−") + text


def signed_money(value) -> str:
    return _signed(value, money, 1)


def percent(value, digits: int = 1) -> str:
    """A share (0-1) as a percentage: 12.3%."""
    return MISSING if _missing(value) else f"{100 * float(value):.{digits}f}%"


def points(value) -> str:
    """A rate already in percentage points (0-100): 12.3."""
    return MISSING if _missing(value) else f"{float(value):.1f}"


def signed_points(value) -> str:
    return _signed(value, points, 1)


def count(value) -> str:
    """Firms, actions: 1,234."""
    return MISSING if _missing(value) else f"{int(round(float(value))):,}"


def signed_count(value) -> str:
    return _signed(value, count, 0)


def plan_quality_value(gap: float | None, lang: str | None = None) -> str:
    """'已证明距最优不超过 0.3 %' from the allocation's proven gap (rounded up, so the claim holds);
    "" when nothing is proven."""
    if _missing(gap) or not 0 <= float(gap) <= 1:
        return ""
    if float(gap) <= 1e-9:
        return tr("plan.quality_optimal", lang)
    return tr("plan.quality", lang, gap=f"{math.ceil(1000 * float(gap) - 1e-9) / 10:.1f}")


def plan_quality(gap: float | None, lang: str | None = None) -> str:
    """'方案质量：已证明距最优不超过 0.3 %', or "" when nothing is proven."""
    value = plan_quality_value(gap, lang)
    return tr("plan.quality_line", lang, label=tr("plan.quality_label", lang), value=value) if value else ""
