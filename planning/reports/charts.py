"""The plan's charts, drawn with matplotlib's Figure API (never pyplot) so the GUI canvas, the report
and the exported PNG/SVG files share one drawing per chart.

Every ``draw_*`` function clears the Figure it is given and draws on it. Chinese needs a font with Han
glyphs: :func:`setup_fonts` registers the bundled Droid Sans Fallback and sets a per-glyph fallback
list (DejaVu Sans for Latin letters and digits, then the CJK font) for the whole process, since the
GUI canvas redraws later, outside any ``rc_context``.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from planning.reports import formats
from planning.reports import tables as plan_tables
from planning.budget.action_plan import BudgetPlan
from planning.base.paths import resource_path
from planning.reports.templates import CHART_STYLE, Texts, load

BUNDLED_FONTS = ("DroidSansFallbackFull.ttf",)
REQUIRED_FAMILIES = ("DejaVu Sans", "Droid Sans Fallback")
_registered: set[str] = set()


def chart_style() -> dict:
    return load(CHART_STYLE)


def setup_fonts(style: dict | None = None) -> list[str]:
    """Register the bundled CJK font (once) and make the family list the default; returns it."""
    for name in BUNDLED_FONTS:
        if name not in _registered:
            font_manager.fontManager.addfont(str(resource_path("fonts", name)))
            _registered.add(name)
    style = style or chart_style()
    known = {f.name for f in font_manager.fontManager.ttflist}
    families = [f for f in style.get("font_families", []) if f in known]
    for family in REQUIRED_FAMILIES:
        if family not in families:
            families.append(family)
    matplotlib.rcParams["font.family"] = families
    matplotlib.rcParams["axes.unicode_minus"] = False  # the CJK font has no U+2212
    return families


def new_figure(name: str = "default", style: dict | None = None) -> Figure:
    """A Figure of the chart's size with an Agg canvas, ready for draw_* and save."""
    style = style or chart_style()
    sizes = style.get("size_in", {})
    width, height = sizes.get(name, sizes.get("default", [7.0, 3.6]))
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def save(fig: Figure, path: Path, dpi: int | None = None) -> Path:
    """Write the figure as PNG (at the style's dpi, 300 by default), SVG or PDF, by the file suffix."""
    path = Path(path)
    fig.savefig(path, dpi=dpi or chart_style().get("dpi", 300), format=path.suffix.lstrip(".").lower(),
                facecolor="white", metadata=_metadata(path.suffix))
    return path


def png_bytes(fig: Figure, dpi: int = 300) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def _metadata(suffix: str) -> dict | None:
    suffix = suffix.lower()
    if suffix == ".svg":
        return {"Date": None}  # reproducible files
    if suffix == ".pdf":
        return {"CreationDate": None, "Creator": "DTPlan"}
    return None


# ------------------------------------------------------------------ shared pieces


class _Context:
    def __init__(self, fig: Figure, lang: str, texts: Texts | None):
        self.style = chart_style()
        setup_fonts(self.style)
        self.texts = texts or Texts.load(lang)
        self.fig = fig
        fig.clear()
        fig.set_facecolor("white")
        self.size = float(self.style.get("font_size", 9))
        self.title_size = float(self.style.get("title_size", 11))

    def title(self, key: str, **params) -> None:
        self.fig.suptitle(self.texts(f"charts.{key}", **params), fontsize=self.title_size)

    def axes(self, *args, **kwargs):
        ax = self.fig.add_subplot(*args, **kwargs)
        ax.tick_params(labelsize=self.size)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_axisbelow(True)
        return ax

    def ylabel(self, ax, text: str) -> None:
        """A unit over the axis, written horizontally (Chinese reads badly turned on its side)."""
        ax.set_ylabel(text, rotation=0, ha="left", va="bottom", fontsize=self.size)
        ax.yaxis.set_label_coords(-0.01, 1.02)

    def empty(self, ax) -> None:
        ax.text(0.5, 0.5, self.texts("charts.empty"), ha="center", va="center", fontsize=self.size + 2,
                color="#7F7F7F", transform=ax.transAxes)
        ax.set_xticks([])
        ax.set_yticks([])

    def colour(self, k: int) -> str:
        palette = self.style.get("palette") or ["#1F4E79"]
        return palette[k % len(palette)]


def _thousands(value: float, _pos=None) -> str:
    return f"{value:,.0f}"


def _barh_money(ctx: _Context, table: pd.DataFrame, title: str) -> None:
    ax = ctx.axes(1, 1, 1)
    ctx.title(title)
    limit = int(ctx.style.get("max_bars", 20))
    table = table.head(limit)
    if table.empty or float(table["subsidy_wan"].sum()) <= 0:
        ctx.empty(ax)
        return
    y = np.arange(len(table))[::-1]
    values = table["subsidy_wan"].to_numpy(dtype=float)
    bars = ax.barh(y, values, color=ctx.colour(0), height=0.7)
    ax.set_yticks(y, table["group"].tolist(), fontsize=ctx.size)
    ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.set_xlabel(ctx.texts("charts.money_xlabel"), fontsize=ctx.size)
    ax.grid(axis="x", color=ctx.style.get("grid_color", "#D9D9D9"), linewidth=0.6)
    ax.bar_label(bars, labels=[formats.money(v) for v in values], padding=3, fontsize=ctx.size - 1)
    ax.set_xlim(0, values.max() * 1.15)


# ------------------------------------------------------------------ the charts


def draw_levels_by_city(fig: Figure, plan: BudgetPlan, lang: str = "zh", texts: Texts | None = None) -> None:
    """Firms per MIIT level in each city, a pair of stacked bars: before (light) and after the plan."""
    ctx = _Context(fig, lang, texts)
    ax = ctx.axes(1, 1, 1)
    ctx.title("levels_by_city")
    before, after = plan_tables.levels_by_city(plan, ctx.texts)
    limit = int(ctx.style.get("max_bars", 20))
    before, after = before.head(limit), after.head(limit)
    if before.empty:
        ctx.empty(ax)
        return
    colours = ctx.style.get("level_colors", {})
    x = np.arange(len(before))
    width = 0.38
    for offset, table, alpha in ((-width / 2 - 0.01, before, 0.45), (width / 2 + 0.01, after, 1.0)):
        bottom = np.zeros(len(table))
        for level in plan_tables.LEVEL_KEYS:
            counts = table[level].to_numpy(dtype=float)
            ax.bar(x + offset, counts, width, bottom=bottom, color=colours.get(level, "#999999"), alpha=alpha,
                   edgecolor="white", linewidth=0.4)
            bottom += counts
    rotation = 45 if len(before) > 8 else 0
    ax.set_xticks(x, before.index.tolist(), rotation=rotation, ha="right" if rotation else "center", fontsize=ctx.size)
    ctx.ylabel(ax, ctx.texts("charts.levels_ylabel"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color=ctx.style.get("grid_color", "#D9D9D9"), linewidth=0.6)
    handles = [Patch(color=colours.get(level, "#999999"), label=ctx.texts(f"levels.{level}"))
               for level in plan_tables.LEVEL_KEYS]
    handles += [Patch(facecolor="#7F7F7F", alpha=0.45, label=ctx.texts("charts.before")),
                Patch(facecolor="#7F7F7F", label=ctx.texts("charts.after"))]
    ax.legend(handles=handles, fontsize=ctx.size - 1, ncols=1, loc="upper left", bbox_to_anchor=(1.0, 1.0),
              frameon=False)


def draw_money_by_city(fig: Figure, plan: BudgetPlan, lang: str = "zh", texts: Texts | None = None) -> None:
    ctx = _Context(fig, lang, texts)
    _barh_money(ctx, plan_tables.group_table(plan, "city", ctx.texts), "money_by_city")


def draw_money_by_sector(fig: Figure, plan: BudgetPlan, lang: str = "zh", texts: Texts | None = None) -> None:
    ctx = _Context(fig, lang, texts)
    _barh_money(ctx, plan_tables.group_table(plan, "key_sector", ctx.texts), "money_by_sector")


def draw_track_split(fig: Figure, plan: BudgetPlan, lang: str = "zh", texts: Texts | None = None) -> None:
    ctx = _Context(fig, lang, texts)
    grid = fig.add_gridspec(1, 2, width_ratios=[1.1, 1])
    ax = ctx.axes(grid[0, 0])
    ctx.title("track_split")
    lines = plan.lines
    money = lines.groupby("track")["subsidy_wan"].sum().sort_values(ascending=False)
    money = money[money > 0]
    if money.empty:
        ctx.empty(ax)
        return
    colours = ctx.style.get("track_colors", {})
    labels = plan_tables.display(plan, "track", money.index, ctx.texts)
    wedges, *_ = ax.pie(money.to_numpy(dtype=float),
                        colors=[colours.get(t, ctx.colour(k)) for k, t in enumerate(money.index)],
                        startangle=90, counterclock=False, wedgeprops={"width": 0.42, "edgecolor": "white"},
                        autopct=lambda p: f"{p:.1f}%" if p >= 2 else "", pctdistance=0.79,
                        textprops={"fontsize": ctx.size, "color": "white"})
    ax.set_aspect("equal")
    side = ctx.axes(grid[0, 1])
    side.axis("off")  # the legend's own panel, so the layout keeps it inside the figure
    side.legend(wedges, [f"{name}  {formats.money(value)}" for name, value in zip(labels, money.to_numpy())],
                fontsize=ctx.size, loc="center left", frameon=False,
                title=ctx.texts("charts.money_xlabel"), title_fontsize=ctx.size)


def draw_yearly(fig: Figure, plan: BudgetPlan, lang: str = "zh", texts: Texts | None = None,
                budget: bool = True) -> None:
    """Per year: commitments (按立项, the subsidy of the actions approved, hatched: paid over the years)
    and payments (按验收拨付, solid) and, with ``budget``, the yearly budget drawn over the payments it
    limits, so no commitment reads as an overspend (leave the budget out for one city's share)."""
    ctx = _Context(fig, lang, texts)
    ax = ctx.axes(1, 1, 1)
    ctx.title("yearly")
    table = plan_tables.year_table(plan)
    x = np.arange(len(table))
    width = 0.36
    committed = table["committed_wan"].to_numpy(dtype=float)
    paid = table["paid_wan"].to_numpy(dtype=float)
    bars1 = ax.bar(x - width / 2, committed, width, facecolor="white", edgecolor=ctx.colour(1), hatch="///",
                   linewidth=1.0, label=ctx.texts("charts.committed"))
    bars2 = ax.bar(x + width / 2, paid, width, color=ctx.colour(0), label=ctx.texts("charts.paid"))
    limits = table["budget_wan"].to_numpy(dtype=float) if budget else np.zeros(0)
    if budget:
        ax.hlines(limits, x + width / 2 - width * 0.75, x + width / 2 + width * 0.75,
                  colors=ctx.style.get("national_colors", ["#C00000"])[0], linestyles="--", linewidth=1.2,
                  label=ctx.texts("charts.budget"))
    for bars, values in ((bars1, committed), (bars2, paid)):
        ax.bar_label(bars, labels=[formats.money(v) for v in values], padding=2, fontsize=ctx.size - 2)
    ax.set_xticks(x, [str(y) for y in table["year"]], fontsize=ctx.size)
    ctx.ylabel(ax, ctx.texts("charts.yearly_ylabel"))
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    top = max(float(np.max(limits, initial=0)), float(np.max(committed, initial=0)),
              float(np.max(paid, initial=0)))
    ax.set_ylim(0, top * 1.18 if top > 0 else 1)
    ax.grid(axis="y", color=ctx.style.get("grid_color", "#D9D9D9"), linewidth=0.6)
    ax.legend(fontsize=ctx.size - 1, loc="upper center", bbox_to_anchor=(0.5, -0.08), frameon=False, ncols=1)
    if budget:
        fig.supxlabel(ctx.texts("charts.yearly_note"), fontsize=ctx.size - 1.5, color="#595959")


def draw_kpi_projection(fig: Figure, plan: BudgetPlan, lang: str = "zh", texts: Texts | None = None) -> None:
    """The three rates: baseline, each plan year and the national figures, side by side."""
    ctx = _Context(fig, lang, texts)
    ax = ctx.axes(1, 1, 1)
    ctx.title("kpi_projection")
    columns, rows = plan_tables.kpi_table(plan, ctx.texts)
    rates = [r for r in rows if r["kind"] == "rate"]
    series = [c for c in columns if c[0] != "indicator"]
    width = 0.8 / max(1, len(series))
    x = np.arange(len(rates))
    national = ctx.style.get("national_colors", ["#C00000", "#7F6000"])
    year_keys = [key for key, _ in series if key.startswith("y")]
    ramp = LinearSegmentedColormap.from_list("years", ["#9DC3E6", "#1F4E79"])
    colours = {key: ramp(k / max(1, len(year_keys) - 1)) for k, key in enumerate(year_keys)}
    colours["baseline"] = "#BFBFBF"
    national_keys = [key for key, _ in series if key.startswith("n")]
    colours.update({key: national[k % len(national)] for k, key in enumerate(national_keys)})
    for k, (key, label) in enumerate(series):
        values = np.array([np.nan if r.get(key) is None else float(r[key]) for r in rates])
        colour = colours[key]
        bars = ax.bar(x - 0.4 + width * (k + 0.5), np.nan_to_num(values), width, color=colour,
                      label=ctx.texts("charts.baseline") if key == "baseline" else label)
        if key == "baseline" or key.startswith("n") or (year_keys and key == year_keys[-1]):
            ax.bar_label(bars, labels=["" if np.isnan(v) else f"{v:.1f}" for v in values], padding=1,
                         fontsize=ctx.size - 2)
    names = [ctx.texts(f"charts.kpi_names.{r['key']}") for r in rates]
    # English names are long: a line break between words keeps neighbours apart (Chinese ones fit)
    ax.set_xticks(x, [textwrap.fill(n, 16) if " " in n else n for n in names], fontsize=ctx.size)
    ctx.ylabel(ax, ctx.texts("charts.kpi_ylabel"))
    ax.set_ylim(0, 105)
    ax.grid(axis="y", color=ctx.style.get("grid_color", "#D9D9D9"), linewidth=0.6)
    ax.legend(fontsize=ctx.size - 1, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)


def draw_frontier(fig: Figure, points: list[dict], lang: str = "zh", texts: Texts | None = None,
                  current_budget: float | None = None) -> None:
    """Firms funded against budget, from :func:`planning.budget.scenarios.frontier`."""
    ctx = _Context(fig, lang, texts)
    ax = ctx.axes(1, 1, 1)
    ctx.title("frontier")
    if not points:
        ctx.empty(ax)
        return
    budget = np.array([p["budget_wan"] for p in points], dtype=float)
    value = np.array([p["funded_firms"] for p in points], dtype=float)
    ax.plot(budget, value, marker="o", color=ctx.colour(0), linewidth=1.6, markersize=4)
    for b, v in zip(budget, value):
        ax.annotate(formats.count(v), (b, v), textcoords="offset points", xytext=(0, 5),
                    ha="center", fontsize=ctx.size - 2, color="#595959")
    if current_budget is not None:
        ax.axvline(current_budget, color=ctx.style.get("national_colors", ["#C00000"])[0], linestyle="--",
                   linewidth=1.0, label=ctx.texts("charts.frontier_current"))
        ax.legend(fontsize=ctx.size - 1, loc="lower right", frameon=False)
    ax.set_xlabel(ctx.texts("charts.frontier_xlabel"), fontsize=ctx.size)
    ctx.ylabel(ax, ctx.texts("charts.frontier_ylabel"))
    ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.set_ylim(0, value.max() * 1.12 if value.max() > 0 else 1)
    ax.grid(color=ctx.style.get("grid_color", "#D9D9D9"), linewidth=0.6)


def draw_scenarios(fig: Figure, table: pd.DataFrame, lang: str = "zh", texts: Texts | None = None,
                   labels: dict[str, str] | None = None) -> None:
    """Subsidy and firms funded per scenario, from :func:`planning.budget.scenarios.compare`."""
    ctx = _Context(fig, lang, texts)
    ctx.title("scenarios")
    if table is None or table.empty:
        ctx.empty(ctx.axes(1, 1, 1))
        return
    names = [(labels or {}).get(c, str(c)) for c in table.columns]
    x = np.arange(len(names))
    widest = max(len(n) + sum(1 for ch in n if ord(ch) > 0x2e80) for n in names)  # Chinese counts double
    rotation = 30 if len(names) * widest > 36 else 0
    for k, (row, key, colour) in enumerate((("total_subsidy_wan", "scenarios_money", ctx.colour(0)),
                                            ("funded_firms", "scenarios_firms", ctx.colour(3)))):
        ax = ctx.axes(1, 2, k + 1)
        values = table.loc[row].to_numpy(dtype=float) if row in table.index else np.zeros(len(names))
        bars = ax.bar(x, values, 0.6, color=colour)
        shown = formats.money if row == "total_subsidy_wan" else formats.count
        ax.bar_label(bars, labels=[shown(v) for v in values], padding=2, fontsize=ctx.size - 1)
        ax.set_title(ctx.texts(f"charts.{key}"), fontsize=ctx.size + 0.5)
        ax.set_xticks(x, names, rotation=rotation, ha="right" if rotation else "center", fontsize=ctx.size)
        ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
        ax.set_ylim(0, values.max() * 1.15 if len(values) and values.max() > 0 else 1)
        ax.grid(axis="y", color=ctx.style.get("grid_color", "#D9D9D9"), linewidth=0.6)


PLAN_CHARTS = {
    "levels_by_city": draw_levels_by_city,
    "money_by_city": draw_money_by_city,
    "money_by_sector": draw_money_by_sector,
    "track_split": draw_track_split,
    "yearly": draw_yearly,
    "kpi_projection": draw_kpi_projection,
}


def render_plan_chart(name: str, plan: BudgetPlan, lang: str = "zh", texts: Texts | None = None) -> Figure:
    fig = new_figure(name)
    PLAN_CHARTS[name](fig, plan, lang, texts)
    return fig
