"""Screenshots of the main views, to look at after UI changes (run by hand, not by pytest):

    .venv/bin/python -m tests.screenshots [--out /tmp/dtplan-shots] [--lang zh_CN|en] [--method greedy]

The window runs offscreen on the bundled sample roster with its own temporary settings and data
folders (nothing of the user's is read or written). Writes one PNG per view: the roster with the
detail panel, the rules editor and the policy form, the budget summary and the scenario comparison,
a chart, the report preview, and the import wizard's pages.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="/tmp/dtplan-shots")
    parser.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    parser.add_argument("--method", default="greedy", choices=("auto", "milp", "greedy"),
                        help="allocation method for the plans (greedy keeps the script quick)")
    parser.add_argument("--size", default="1440x900",
                        help="screen size WxH (less a 40-pixel taskbar); the window opens as it would on it")
    parser.add_argument("--only", default="", help="stop after the main views (main) or take all (empty)")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="dtplan-shots-"))
    if "QT_QPA_PLATFORM" not in os.environ:  # an offscreen screen of the asked size
        config = scratch / "screen.json"
        config.write_text(json.dumps({"screens": [{"name": "shots", "x": 0, "y": 0, "width": width, "height": height - 40,
                                                   "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["XDG_DATA_HOME"] = str(scratch / "data")
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QEventLoop, QTimer

    from ui.app import create_application
    from ui.settings import Settings

    settings = Settings(scratch / "settings.ini")
    settings.language = args.lang
    app = create_application([sys.argv[0]], settings)
    from planning.base.paths import sample_roster_path
    from ui.main_window import MainWindow

    def pause(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def settle(window, timeout_s: float = 180) -> None:
        """Until no task is queued or running (and the views caught up)."""
        waited = 0.0
        while (window.runner.tasks or window.doc.busy) and waited < timeout_s:
            pause(100)
            waited += 0.1
        pause(300)

    def shot(widget, name: str) -> None:
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)

    window = MainWindow(settings, settings.lang)
    if not window.isMaximized():
        window.resize(width, height - 70)  # a screen larger than the offscreen one asked
    window.show()
    window.budget.method.setCurrentIndex(window.budget.method.findData(args.method))
    window.load_sample()
    settle(window)
    if window.doc.current_plan() is None:
        window.doc.plan("baseline", method=args.method)
        settle(window)

    roster = window.roster
    window.tabs.setCurrentWidget(roster)
    row = int(window.doc.strategy.frame["actions"].str.count(";").to_numpy().argmax())
    roster.request_override(row, "track", "intelligence", "现场核查后调整为智能化升级" if args.lang == "zh_CN" else "site visit")
    settle(window)
    roster.select_firm(row)
    pause(200)
    shot(window, "01_roster_detail")

    window.tabs.setCurrentWidget(window.rules)
    window.rules.pages.setCurrentRow(0)
    pause(200)
    shot(window, "02_policy_form")
    window.rules.show_template("rules")
    pause(200)
    shot(window, "03_rules_editor")
    window.rules.show_template("actions")
    pause(200)
    shot(window, "03_catalogue_form")
    catalogue = window.rules.catalogue_form
    catalogue.costs["min_wan"].setValue(catalogue.costs["max_wan"].value() + 1)
    pause(200)
    shot(window, "03_catalogue_form_refused")
    catalogue.load()
    window.rules.show_template("scenarios")
    pause(200)
    shot(window, "03_scenarios_form")
    editor = window.rules.editors["policy"]
    window.rules.show_template("policy")
    editor.set_text(editor.editor.toPlainText().replace('"default": 0.2', '"default": 1.5'))
    pause(200)
    shot(window, "04_policy_json_error")
    editor.load()

    window.tabs.setCurrentWidget(window.budget)
    window.budget.method.setCurrentIndex(window.budget.method.findData(args.method))
    window.budget.plan()
    settle(window)
    window.budget.tabs.setCurrentIndex(0)
    pause(200)
    shot(window, "05_budget_summary")
    window.budget.tabs.setCurrentWidget(window.budget.pages["outcomes"][0])
    pause(200)
    shot(window, "05b_firm_outcomes")
    window.budget.tabs.setCurrentWidget(window.budget.pages["lines"][0])
    pause(200)
    shot(window, "05c_funded_actions")
    window.budget.plan_all()
    settle(window)
    window.budget.show_page("comparison")
    pause(200)
    shot(window, "06_scenarios_compared")
    window.doc.compute_cut(0.2)
    settle(window)
    window.budget.show_page("cuts")
    pause(200)
    shot(window, "07_budget_cut")
    window.doc.compute_frontier(levels=6, method=args.method)
    settle(window)

    window.tabs.setCurrentWidget(window.charts)
    settle(window)
    shot(window, "08_chart_levels")
    window.charts.select("frontier")
    pause(300)
    shot(window, "09_chart_frontier")

    window.tabs.setCurrentWidget(window.report)
    settle(window)
    window.report.preview.set_current_page(3)
    pause(300)
    shot(window, "10_report_preview")

    if args.only == "main":
        return finish(window, app)
    wizard = window.import_rosters([sample_roster_path()])
    wizard.resize(1100, 720)
    pause(200)
    shot(wizard, "11_import_files")
    wizard.next()
    settle(window)
    shot(wizard, "12_import_columns")
    wizard.layout_page.tabs.setCurrentIndex(1)
    pause(200)
    shot(wizard, "13_import_sheet")
    wizard.next()
    settle(window)
    shot(wizard, "14_import_report")
    wizard.preview_page.tabs.setCurrentIndex(1)
    pause(200)
    shot(wizard, "15_import_values")
    wizard.reject()

    dialog = window.show_import_report()
    pause(300)
    shot(dialog, "16_import_report_dialog")
    dialog.close()
    return finish(window, app)


def finish(window, app) -> int:
    window.doc.undo_stack.setClean()
    window.doc.extra_dirty = False
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
