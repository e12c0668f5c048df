"""Write the export set of a plan into a folder: the Excel workbook, the PDF report, the charts as
PNG and SVG, and (optionally) the same per city.

The plan and the import report may come from anywhere (rosters just imported, a project file). The
PDF needs Qt, which the core never imports: the caller passes a renderer, ``render(content, path)``
(``ui.report.render.render_pdf`` in the application).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from planning.base.progress import NullProgress, Progress

if TYPE_CHECKING:  # the writers load matplotlib and XlsxWriter: only when something is exported
    import pandas as pd

    from planning.budget.action_plan import BudgetPlan
    from planning.importing.quality_report import ImportReport
    from planning.reports.content import ReportContent

FORMATS = ("xlsx", "pdf", "png", "svg")
Renderer = Callable[["ReportContent", Path], object]
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class ExportError(Exception):
    """The export cannot be done as asked (e.g. PDF without a renderer)."""


@dataclass
class ExportOptions:
    formats: tuple[str, ...] = FORMATS
    lang: str = "zh"
    per_city: bool = False
    province: str | None = None
    today: date | None = None
    comparison: pd.DataFrame | None = None  # from planning.budget.scenarios.compare
    scenario_labels: dict[str, str] = field(default_factory=dict)
    frontier: list[dict] | None = None  # from planning.budget.scenarios.frontier


def parse_formats(text: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise ExportError(f"--format: {', '.join(unknown) or text!r} not one of {', '.join(FORMATS)}")
    return wanted


def safe_name(text: str) -> str:
    """A file name part that every file system accepts."""
    return _UNSAFE.sub("_", text).strip(" .") or "_"


def export_plan(plan: BudgetPlan, out_dir: Path, report: ImportReport | None = None,
                options: ExportOptions | None = None, renderers: dict[str, Renderer] | None = None,
                progress: Progress | None = None) -> list[Path]:
    """Write every asked format into ``out_dir``; returns the files written."""
    from planning.reports.city_plans import city_plan, funded_cities
    from planning.reports.templates import Texts

    options = options or ExportOptions()
    renderers = renderers or {}
    progress = progress or NullProgress()
    if "pdf" in options.formats and "pdf" not in renderers:
        raise ExportError("PDF export needs the Qt report renderer; run it through main.py")
    texts = Texts.load(options.lang)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stems = {key: safe_name(texts(f"file_names.{key}")) for key in ("workbook", "report", "charts", "cities")}
    written: list[Path] = []
    progress.step(0.0, "xlsx")
    written += _plan_files(plan, out_dir, report, options, renderers, stems["workbook"], stems["report"], None)
    image_formats = [f for f in options.formats if f in ("png", "svg")]
    if image_formats:
        progress.step(0.4, "charts")
        written += write_charts(plan, out_dir / stems["charts"], image_formats, options)
    if options.per_city:
        cities = funded_cities(plan)
        folder = out_dir / stems["cities"]
        for k, city in enumerate(cities):
            progress.step(0.5 + 0.5 * k / max(1, len(cities)), city or "")
            view = city_plan(plan, city, options.lang)
            name = city or texts("unknown_city")
            written += _plan_files(view, folder, None, options, renderers, f"{stems['workbook']}_{safe_name(name)}",
                                   f"{stems['report']}_{safe_name(name)}", name)
    progress.step(1.0, "")
    return written


def _plan_files(plan: BudgetPlan, folder: Path, report: ImportReport | None, options: ExportOptions,
                renderers: dict[str, Renderer], workbook_stem: str, report_stem: str, city: str | None) -> list[Path]:
    from planning.reports.workbook import write_workbook
    from planning.reports.content import build_report

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if "xlsx" in options.formats:
        path = folder / f"{workbook_stem}.xlsx"
        _atomic(path, lambda tmp: write_workbook(plan, tmp, report, lang=options.lang, city=city,
                                                 province=options.province, today=options.today))
        written.append(path)
    if "pdf" in options.formats:
        content = build_report(plan, lang=options.lang, city=city, province=options.province, today=options.today,
                               comparison=None if city else options.comparison,
                               scenario_labels=options.scenario_labels, frontier=None if city else options.frontier)
        path = folder / f"{report_stem}.pdf"
        _atomic(path, lambda tmp: renderers["pdf"](content, tmp))
        written.append(path)
    return written


def write_charts(plan: BudgetPlan, folder: Path, formats: list[str], options: ExportOptions) -> list[Path]:
    """Every chart of the plan (and the comparison and frontier, when given) as PNG (300 dpi) and SVG."""
    from planning.reports import charts
    from planning.reports.templates import Texts

    folder.mkdir(parents=True, exist_ok=True)
    texts = Texts.load(options.lang)
    draws = {name: (lambda fig, f=draw: f(fig, plan, options.lang, texts)) for name, draw in charts.PLAN_CHARTS.items()}
    if options.comparison is not None and not options.comparison.empty:
        draws["scenarios"] = lambda fig: charts.draw_scenarios(fig, options.comparison, options.lang, texts,
                                                               options.scenario_labels)
    if options.frontier:
        draws["frontier"] = lambda fig: charts.draw_frontier(fig, options.frontier, options.lang, texts,
                                                             float(plan.policy.total_budget))
    written = []
    for name, draw in draws.items():
        fig = charts.new_figure(name)
        draw(fig)
        for suffix in formats:
            path = folder / f"{name}.{suffix}"
            _atomic(path, lambda tmp: charts.save(fig, tmp))
            written.append(path)
    return written


def _atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file in the same folder, so a failure never leaves half a file."""
    tmp = path.with_name(f".{path.stem}.partial{path.suffix}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
