"""``main.py --self-test``: proves an installed (or frozen) DTPlan works end to end, offline.

With Qt's offscreen platform it loads the translations and the bundled font, imports the bundled
sample roster, plans the baseline scenario, renders a chart, writes the Excel plan and the PDF report
into a temporary folder and checks them (the workbook's total subsidy equals the plan's, the PDF
embeds the CJK font and holds Chinese text). It writes a JSON result and returns 0 when every check
passed, 1 otherwise. Nothing is written into the install folder.
"""

from __future__ import annotations

import json
import os
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
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_API", "pyside6")
    from PySide6.QtWidgets import QApplication

    from planning import __version__
    from planning.paths import bundle_root, sample_roster_path

    from .app import install_translations, register_font

    folder = Path(tempfile.mkdtemp(prefix="dtplan-selftest-"))
    out = out or folder / "self-test.json"
    results: list[dict] = []
    app = QApplication.instance() or QApplication(["dtplan", "-platform", "offscreen"])

    def translations():
        loaded = install_translations(app, "zh")
        if len(loaded) < 2:
            raise RuntimeError(f"expected DTPlan's and Qt's Chinese translations, loaded {loaded}")
        probe = app.translate("MainWindow", "&File")
        return {"files": [Path(p).name for p in loaded], "File menu": probe}

    _check(results, "translations", translations)
    _check(results, "font", lambda: register_font(app) or (_ for _ in ()).throw(RuntimeError("font not registered")))

    state: dict = {}

    def plan():
        from planning.project import Project

        project = Project.new("自检 self-test")
        project.import_rosters([sample_roster_path()])
        state["project"] = project
        state["plan"] = project.plan("baseline", total=3000.0, years=(2025, 2027), method="greedy")
        summary = state["plan"].summary()
        if summary["funded_firms"] <= 0:
            raise RuntimeError("no firm funded")
        return {"firms": len(project.roster), "funded_firms": summary["funded_firms"],
                "total_subsidy_wan": summary["total_subsidy_wan"]}

    _check(results, "import_and_plan", plan)

    def chart():
        from planning import charts

        figure = charts.render_plan_chart("money_by_city", state["plan"], "zh")
        path = charts.save(figure, folder / "money_by_city.png")
        if path.stat().st_size < 5000:
            raise RuntimeError("the chart image is nearly empty")
        return {"png_bytes": path.stat().st_size}

    def workbook():
        import openpyxl

        from planning.export_workbook import write_workbook

        path = folder / "plan.xlsx"
        write_workbook(state["plan"], path, state["project"].report, lang="zh")
        book = openpyxl.load_workbook(path, read_only=True)
        sheets = book.sheetnames
        lines = state["plan"].lines
        expected = round(float(lines["subsidy_wan"].sum()), 2)
        found = None
        for sheet in book.worksheets:  # the per-firm plan sheet has a subsidy column summing to the plan
            rows = sheet.iter_rows(values_only=True)
            for header in rows:
                if header and any(isinstance(c, str) and "补助" in c for c in header):
                    column = next(i for i, c in enumerate(header) if isinstance(c, str) and "补助" in c)
                    total = sum(r[column] for r in rows if r and isinstance(r[column], (int, float)))
                    if abs(total - expected) < 0.01 or abs(total - 2 * expected) < 0.01:  # with or without a total row
                        found = sheet.title
                    break
            if found:
                break
        book.close()
        if found is None:
            raise RuntimeError(f"no sheet's subsidy column adds up to the plan's {expected} 万元 (sheets {sheets})")
        return {"sheets": len(sheets), "total_subsidy_wan": expected, "checked_sheet": found}

    def pdf():
        from planning.report_content import build_report

        from .report_render import render_pdf

        path = render_pdf(build_report(state["plan"], lang="zh"), folder / "report.pdf")
        data = Path(path).read_bytes()
        if not data.startswith(b"%PDF"):
            raise RuntimeError("not a PDF")
        if b"/FontFile2" not in data and b"/FontFile3" not in data:
            raise RuntimeError("no embedded font in the PDF")
        if b"Droid" not in data:
            raise RuntimeError("the bundled CJK font is not embedded")
        return {"bytes": len(data)}

    if "plan" in state:
        _check(results, "chart", chart)
        _check(results, "workbook", workbook)
        _check(results, "pdf_report", pdf)
    from .selftest_install import install_info, run_install_checks

    install_checks = run_install_checks(app, state, folder, _check)
    ok = all(r["ok"] for r in results) and len(results) == 6 and all(r["ok"] for r in install_checks) \
        and len(install_checks) == 5
    report = {"ok": ok, "version": __version__, "frozen": bool(getattr(sys, "frozen", False)),
              "bundle": str(bundle_root()), "platform": sys.platform, "folder": str(folder), "checks": results,
              "install_checks": install_checks, **install_info()}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    for r in results + install_checks:
        print(f"{'OK ' if r['ok'] else 'FAIL'} {r['check']}: {r['detail']}")
    print(f"self-test {'passed' if ok else 'FAILED'}; result in {out}")
    return 0 if ok else 1
