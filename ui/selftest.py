"""``main.py --self-test``: proves an installed (or frozen) DTPlan works end to end, offline.

With Qt's offscreen platform it loads the translations and the bundled font, imports the bundled
sample roster, plans the baseline scenario, renders a chart, writes the Excel plan and the PDF report
into a temporary folder and checks them (the workbook's total subsidy equals the plan's, the PDF
embeds the CJK font and holds Chinese text), and checks that the user guide is there in both
languages. It writes a JSON result and returns 0 when every check passed, 1 otherwise. Nothing is written into the install folder.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path


def _check(results: list[dict], name: str, func) -> object:
    began = time.perf_counter()
    try:
        detail = func()
        results.append({"check": name, "ok": True, "detail": detail, "seconds": round(time.perf_counter() - began, 3)})
        return detail
    except Exception as exc:  # every failure is a result, never a crash
        results.append({"check": name, "ok": False, "detail": f"{type(exc).__name__}: {exc}",
                        "trace": traceback.format_exc(limit=5), "seconds": round(time.perf_counter() - began, 3)})
        return None


def run_self_test(out: Path | None = None) -> int:
    app = _offscreen_app()
    folder = Path(tempfile.mkdtemp(prefix="dtplan-selftest-"))
    out = out or folder / "self-test.json"
    results: list[dict] = []
    state: dict = {}  # the project and its plan, once imported and planned
    _check(results, "translations", lambda: check_translations(app))
    _check(results, "font", lambda: check_font(app))
    _check(results, "user_guide", check_user_guide)
    _check(results, "import_and_plan", lambda: import_and_plan(state))
    if "plan" in state:
        _check(results, "chart", lambda: check_chart(state, folder))
        _check(results, "workbook", lambda: check_workbook(state, folder))
        _check(results, "pdf_report", lambda: check_pdf_report(state, folder))
    from .selftest_install import run_install_checks

    install_checks = run_install_checks(app, state, folder, _check)
    ok = all(r["ok"] for r in results) and len(results) == 7 and all(r["ok"] for r in install_checks) \
        and len(install_checks) == 5
    write_result(out, ok, folder, results, install_checks)
    return 0 if ok else 1


def _offscreen_app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_API", "pyside6")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["dtplan", "-platform", "offscreen"])


def check_translations(app) -> dict:
    from .app import install_translations

    loaded = install_translations(app, "zh")
    if len(loaded) < 2:
        raise RuntimeError(f"expected DTPlan's and Qt's Chinese translations, loaded {loaded}")
    probe = app.translate("MainWindow", "&File")
    return {"files": [Path(p).name for p in loaded], "File menu": probe}


def check_font(app) -> object:
    from .app import register_font

    family = register_font(app)
    if not family:
        raise RuntimeError("font not registered")
    return family


def check_user_guide() -> dict:
    """The offline guide F1 opens: its index and every page and image it lists, in both languages."""
    from planning.base.paths import resource_path

    from .help_window import INDEX, contents, guide_folder

    found = {}
    for lang in ("zh", "en"):
        folder = guide_folder(lang)
        pages = [INDEX] + [href for href, _title in contents(folder)]
        images = {src for page in pages
                  for src in re.findall(r'<img src="([^"]+)"', (folder / page).read_text(encoding="utf-8"))}
        missing = [name for name in pages + sorted(images) if not (folder / name).is_file()]
        if len(pages) < 2 or missing:
            raise RuntimeError(f"the {folder.name} guide lacks {missing or 'its pages'}")
        found[folder.name] = {"pages": len(pages), "images": len(images)}
    if not resource_path("guide", "measures.json").is_file():
        raise RuntimeError("the measures' descriptions are missing")
    return found


def import_and_plan(state: dict) -> dict:
    from planning.base.paths import sample_roster_path
    from planning.project.facade import Project

    project = Project.from_rosters([sample_roster_path()], title="自检 self-test")
    state["project"] = project
    state["plan"] = project.plan("baseline", total=3000.0, years=(2025, 2027), method="greedy")
    summary = state["plan"].summary()
    if summary["funded_firms"] <= 0:
        raise RuntimeError("no firm funded")
    return {"firms": len(project.roster), "funded_firms": summary["funded_firms"],
            "total_subsidy_wan": summary["total_subsidy_wan"]}


def check_chart(state: dict, folder: Path) -> dict:
    from planning.reports import charts

    figure = charts.render_plan_chart("money_by_city", state["plan"], "zh")
    path = charts.save(figure, folder / "money_by_city.png")
    if path.stat().st_size < 5000:
        raise RuntimeError("the chart image is nearly empty")
    return {"png_bytes": path.stat().st_size}


def check_workbook(state: dict, folder: Path) -> dict:
    import openpyxl

    [path] = state["project"].export(folder, ("xlsx",), plan=state["plan"], lang="zh")
    expected = round(float(state["plan"].lines["subsidy_wan"].sum()), 2)
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sheets = book.sheetnames
        found = _sheet_adding_up(book, expected)
    finally:
        book.close()
    if found is None:
        raise RuntimeError(f"no sheet's subsidy column adds up to the plan's {expected} 万元 (sheets {sheets})")
    return {"sheets": len(sheets), "total_subsidy_wan": expected, "checked_sheet": found}


def _sheet_adding_up(book, expected: float) -> str | None:
    """The first sheet whose subsidy column (the first header naming 补助) sums to ``expected``."""
    for sheet in book.worksheets:
        rows = sheet.iter_rows(values_only=True)
        for header in rows:
            if header and any(isinstance(c, str) and "补助" in c for c in header):
                column = next(i for i, c in enumerate(header) if isinstance(c, str) and "补助" in c)
                total = sum(r[column] for r in rows if r and isinstance(r[column], (int, float)))
                if abs(total - expected) < 0.01 or abs(total - 2 * expected) < 0.01:  # with or without a total row
                    return sheet.title
                break
    return None


def check_pdf_report(state: dict, folder: Path) -> dict:
    from .report.render import render_pdf

    [path] = state["project"].export(folder, ("pdf",), plan=state["plan"], lang="zh", renderers={"pdf": render_pdf})
    data = Path(path).read_bytes()
    if not data.startswith(b"%PDF"):
        raise RuntimeError("not a PDF")
    if b"/FontFile2" not in data and b"/FontFile3" not in data:
        raise RuntimeError("no embedded font in the PDF")
    if b"Droid" not in data:
        raise RuntimeError("the bundled CJK font is not embedded")
    return {"bytes": len(data)}


def write_result(out: Path, ok: bool, folder: Path, results: list[dict], install_checks: list[dict]) -> None:
    """The JSON result, and one line per check on the console."""
    from planning import __version__
    from planning.base.paths import bundle_root

    from .selftest_install import install_info

    report = {"ok": ok, "version": __version__, "frozen": bool(getattr(sys, "frozen", False)),
              "bundle": str(bundle_root()), "platform": sys.platform, "folder": str(folder), "checks": results,
              "install_checks": install_checks, **install_info()}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    for r in results + install_checks:
        print(f"{'OK ' if r['ok'] else 'FAIL'} {r['check']}: {r['detail']}")
    print(f"self-test {'passed' if ok else 'FAILED'}; result in {out}")
