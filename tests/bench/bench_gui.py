"""GUI benchmark: cold start to a visible window, opening a 100k-firm project to a filled roster
table, and sorting the 100k rows.

    .venv/bin/python -m tests.bench.bench_gui [--firms 100000] [--repeat 3] [--platform xvfb|offscreen]

Targets: cold start ≤ 2 s; open ≤ 2 s; sort ≤ 0.3 s. Each run is a fresh process. Cold start is
timed by the parent from spawning ``python`` to the child's report that the window is exposed
(interpreter start and every import included). Open and sort are timed inside the child: from
``doc.open(path)`` until the roster table holds every firm and has painted, and from ``model.sort``
to the end of the repaint. The project (the cached benchmark roster of bench_import, imported, with a
greedy baseline plan) is built once into ``_cache/``. With ``xvfb`` (default when Xvfb is installed and
there is no display) the window is shown on a virtual X server, as on a desktop; ``offscreen`` uses
Qt's offscreen platform.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CACHE = HERE / "_cache"
TARGETS = {"cold_start": 2.0, "open_to_table": 2.0, "sort": 0.3}
SORT_COLUMNS = ("name", "score", "city", "revenue_wan", "track")


def project_path(firms: int) -> Path:
    path = CACHE / f"gui_{firms}_v1.dtplan"
    if path.exists():
        return path
    sys.path.insert(0, str(ROOT))
    from planning.project.facade import Project
    from planning.project.file_format import save_project
    from tests.bench.bench_import import make_roster

    print(f"building the {firms:,}-firm project (once)…", file=sys.stderr)
    project = Project.new("benchmark")
    project.import_rosters([make_roster(firms)])
    project.plan("baseline", method="greedy")
    CACHE.mkdir(parents=True, exist_ok=True)
    save_project(project, path)
    return path


# ------------------------------------------------------------------ children


def child_start() -> None:
    """What ``python main.py`` does up to the visible window (no sample import)."""
    scratch = Path(tempfile.mkdtemp(prefix="dtplan-bench-"))
    os.environ["XDG_DATA_HOME"] = str(scratch / "data")
    from ui.app import create_application
    from ui.settings import Settings

    settings = Settings(scratch / "settings.ini")
    app = create_application([sys.argv[0]], settings)
    from ui.main_window import MainWindow

    window = MainWindow(settings, settings.lang)
    window.show()
    deadline = time.monotonic() + 10
    while not (window.windowHandle() and window.windowHandle().isExposed()) and time.monotonic() < deadline:
        app.processEvents()
    app.processEvents()
    print("VISIBLE", flush=True)
    window.ask = lambda *a: 0x00800000  # Discard
    window.close()
    shutil.rmtree(scratch, ignore_errors=True)


def child_open(path: str) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="dtplan-bench-"))
    os.environ["XDG_DATA_HOME"] = str(scratch / "data")
    from ui.app import create_application
    from ui.settings import Settings

    settings = Settings(scratch / "settings.ini")
    app = create_application([sys.argv[0]], settings)
    from ui.main_window import MainWindow

    window = MainWindow(settings, settings.lang)
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    model, table = window.roster.model, window.roster.table
    began = time.perf_counter()
    window.doc.open(Path(path))
    while not (window.doc.strategy is not None and model.rowCount() == len(window.doc.strategy)):
        app.processEvents()
        time.sleep(0.001)
    table.viewport().repaint()
    opened = time.perf_counter() - began
    sorts = {}
    for key in SORT_COLUMNS:
        column = model.column_of(key)
        times = []
        for order in (0, 1, 0):
            began = time.perf_counter()
            table.sortByColumn(column, __import__("PySide6.QtCore").QtCore.Qt.SortOrder(order))
            table.viewport().repaint()
            app.processEvents()
            times.append(time.perf_counter() - began)
        sorts[key] = statistics.median(times)
    began = time.perf_counter()
    window.roster.search.setText("合肥")
    window.roster.apply_filter()
    table.viewport().repaint()
    search = time.perf_counter() - began
    rows = model.rowCount()
    window.runner.cancel_all()
    window.ask = lambda *a: 0x00800000
    window.close()
    print("RESULT " + json.dumps({"open_to_table": opened, "sorts": sorts, "search": search,
                                  "firms": model.n, "search_rows": rows}), flush=True)
    shutil.rmtree(scratch, ignore_errors=True)


# ------------------------------------------------------------------ parent


def environment(platform: str) -> tuple[list[str], dict]:
    env = dict(os.environ)
    prefix: list[str] = []
    if platform == "xvfb":
        env.pop("QT_QPA_PLATFORM", None)
        prefix = ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24"]
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT)
    return prefix, env


def cold_start(platform: str) -> float:
    prefix, env = environment(platform)
    began = time.perf_counter()
    child = subprocess.Popen(prefix + [sys.executable, "-m", "tests.bench.bench_gui", "--child", "start"], cwd=ROOT,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in child.stdout:
        if line.startswith("VISIBLE"):
            elapsed = time.perf_counter() - began
            break
    else:
        raise RuntimeError("the window never showed")
    child.wait(60)
    return elapsed


def open_and_sort(platform: str, path: Path) -> dict:
    prefix, env = environment(platform)
    out = subprocess.run(prefix + [sys.executable, "-m", "tests.bench.bench_gui", "--child", "open", str(path)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(out.stderr[-2000:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    default = "xvfb" if shutil.which("xvfb-run") and not os.environ.get("DISPLAY") else "offscreen"
    parser.add_argument("--platform", choices=("xvfb", "offscreen"), default=default)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        sys.path.insert(0, str(ROOT))
        child_start() if args.child[0] == "start" else child_open(args.child[1])
        return 0
    path = project_path(args.firms)
    starts, runs = [], []
    for _ in range(args.repeat):
        starts.append(cold_start(args.platform))
        runs.append(open_and_sort(args.platform, path))
    start = statistics.median(starts)
    opened = statistics.median(r["open_to_table"] for r in runs)
    sorts = {k: statistics.median(r["sorts"][k] for r in runs) for k in SORT_COLUMNS}
    worst_sort = max(sorts.values())
    search = statistics.median(r["search"] for r in runs)

    def verdict(value: float, key: str) -> str:
        return "PASS" if value <= TARGETS[key] else "FAIL"

    print(f"platform {args.platform}; {runs[0]['firms']:,} firms; median of {args.repeat} runs")
    print(f"cold start to a visible window  {start:6.2f} s  ({verdict(start, 'cold_start')} ≤ {TARGETS['cold_start']} s)")
    print(f"open project to a filled table  {opened:6.2f} s  ({verdict(opened, 'open_to_table')} ≤ {TARGETS['open_to_table']} s)")
    for key, value in sorts.items():
        print(f"sort by {key:<12}            {value:6.3f} s  ({verdict(value, 'sort')} ≤ {TARGETS['sort']} s)")
    print(f"search '合肥' ({runs[0]['search_rows']:,} rows)      {search:6.3f} s")
    return 0 if start <= TARGETS["cold_start"] and opened <= TARGETS["open_to_table"] and worst_sort <= TARGETS["sort"] else 1


if __name__ == "__main__":
    sys.exit(main())
