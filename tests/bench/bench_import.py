"""Import benchmark: DTPlan's whole import against pandas+openpyxl and against raw python-calamine.

Generates Excel-style rosters (21 columns, Chinese headers, a shared-strings table, as Excel, WPS and
LibreOffice write them) of 10k / 100k / 500k rows, caches them under tests/bench/_cache/, and times in
fresh subprocesses, median of --repeat runs:

  dtplan    planning.importing.importer.import_rosters([path]) -> validated roster, the file read in the
            reader process (planning.importing.readers.isolation), as the window and the command line do
  in-process  the same import with the file read in the measuring process (what the reader process costs)
  openpyxl  pandas.read_excel(path, engine="openpyxl")
  calamine  CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()

Only the call is timed (interpreter start and module imports are not; the reader process's start is); peak
memory is the process's ru_maxrss, so it includes the imported modules; the reader process's peak is
reported beside it. Results are printed and written as JSON under
tests/bench/results/.

    .venv/bin/python -m tests.bench.bench_import --sizes 10000,100000 --repeat 3
    .venv/bin/python tests/bench/bench_import.py --sizes 500000 --skip-openpyxl-above 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CACHE = HERE / "_cache"
RESULTS = HERE / "results"
FORMAT_VERSION = 2  # bump when the generated roster changes, to invalidate the cache
SEED = 4754
TOOLS = ("dtplan", "in-process", "calamine", "openpyxl")
# size -> (max DTPlan / raw calamine time, max DTPlan peak MB)
TARGETS = {100_000: (1.5, 600.0), 500_000: (1.5, 2.5 * 1024)}


# ------------------------------------------------------------------ rosters


def roster_path(n: int) -> Path:
    return CACHE / f"roster_{n}_s{SEED}_v{FORMAT_VERSION}.xlsx"


def make_roster(n: int) -> Path:
    """The cached roster of ``n`` firms, written in XlsxWriter's normal mode (shared strings)."""
    path = roster_path(n)
    if path.exists():
        return path
    sys.path.insert(0, str(ROOT))
    from tests.synthetic_roster import CLEAN_HEADERS, _workbook, clean_formats, generate_firms, write_clean_rows

    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    print(f"generating {n:,} firms ...", file=sys.stderr, flush=True)
    firms = generate_firms(n, SEED)
    tmp = path.with_suffix(".tmp.xlsx")
    # constant_memory mode would write inline strings, which Excel and WPS never do; the normal mode
    # keeps a shared-strings table (with the firms, about 4 KB of memory per row: ~2 GB at 500k).
    workbook = _workbook(tmp)
    formats = clean_formats(workbook)
    sheet = workbook.add_worksheet("企业名单")
    sheet.merge_range(0, 0, 0, len(CLEAN_HEADERS) - 1, "安徽省制造业企业名单（基准测试用，企业均为虚构）")
    sheet.write_row(1, 0, CLEAN_HEADERS, formats["header"])
    write_clean_rows(sheet, firms, 2, formats)
    del firms
    gc.collect()
    print(f"writing {tmp.name} ...", file=sys.stderr, flush=True)
    workbook.close()
    check_shared_strings(tmp)
    tmp.replace(path)
    print(f"{path.name}: {path.stat().st_size / 2**20:.1f} MB in {time.perf_counter() - started:.0f} s",
          file=sys.stderr, flush=True)
    return path


def check_shared_strings(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        if "xl/sharedStrings.xml" not in names:
            raise SystemExit(f"{path}: no shared-strings table")
        with zf.open("xl/worksheets/sheet1.xml") as fh:
            head = fh.read(1 << 16)
        if b't="s"' not in head or b"inlineStr" in head:
            raise SystemExit(f"{path}: cells are not shared strings")


# ------------------------------------------------------------------ one measured run (a subprocess)


def worker(tool: str, path: str, expected_rows: int) -> None:
    if tool in ("dtplan", "in-process"):
        sys.path.insert(0, str(ROOT))
        from planning.importing import importer
        from planning.importing.importer import import_rosters

        if tool == "in-process":
            from planning.importing.readers.grids import open_workbook

            importer.open_untrusted = lambda path, cfg, split=False, **_: open_workbook(path, cfg, split)

        def run():
            roster = import_rosters([path])
            assert roster.report.enterprises == expected_rows, roster.report.enterprises
            return len(roster.frame)
    elif tool == "openpyxl":
        import openpyxl  # noqa: F401
        import pandas as pd

        def run():
            return len(pd.read_excel(path, engine="openpyxl"))
    elif tool == "calamine":
        from python_calamine import CalamineWorkbook

        def run():
            return len(CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python())
    else:
        raise SystemExit(f"unknown tool {tool}")
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    rows = run()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    reader_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"tool": tool, "seconds": seconds, "peak_mb": peak, "base_mb": base, "rows": rows,
                      "reader_peak_mb": reader_peak}))


def measure(tool: str, path: Path, n: int, timeout: float) -> dict:
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", tool, str(path), str(n)],
                         cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise SystemExit(f"{tool} failed on {path.name}:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ the benchmark


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for package in ("pandas", "numpy", "openpyxl", "python-calamine", "XlsxWriter"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = None
    return found


def run(sizes: list[int], repeat: int, skip_openpyxl_above: int, timeout: float) -> dict:
    results = {"date": dt.datetime.now().isoformat(timespec="seconds"), "python": sys.version.split()[0],
               "platform": platform.platform(), "cpus": os.cpu_count(), "versions": versions(),
               "repeat": repeat, "sizes": {}}
    for n in sizes:
        path = make_roster(n)
        tools = [t for t in TOOLS if not (t == "openpyxl" and n > skip_openpyxl_above)]
        runs: dict[str, list[dict]] = {t: [] for t in tools}
        for k in range(repeat):
            for tool in tools:  # interleaved, so that a slow spell of the machine hits every tool
                result = measure(tool, path, n, timeout)
                runs[tool].append(result)
                print(f"  {n:>7,} rows  run {k + 1}/{repeat}  {tool:<8} {result['seconds']:8.2f} s "
                      f"{result['peak_mb']:8.0f} MB", file=sys.stderr, flush=True)
        entry = {"file_mb": round(path.stat().st_size / 2**20, 2), "tools": {}}
        for tool, rs in runs.items():
            entry["tools"][tool] = {
                "median_s": statistics.median(r["seconds"] for r in rs),
                "runs_s": [round(r["seconds"], 3) for r in rs],
                "peak_mb": statistics.median(r["peak_mb"] for r in rs),
                "base_mb": statistics.median(r["base_mb"] for r in rs),
                "reader_peak_mb": statistics.median(r["reader_peak_mb"] for r in rs),
                "rows": rs[0]["rows"],
            }
        t = entry["tools"]
        entry["dtplan_over_calamine"] = t["dtplan"]["median_s"] / t["calamine"]["median_s"]
        entry["in_process_over_calamine"] = t["in-process"]["median_s"] / t["calamine"]["median_s"]
        if "openpyxl" in t:
            entry["openpyxl_over_dtplan"] = t["openpyxl"]["median_s"] / t["dtplan"]["median_s"]
        if n in TARGETS:
            max_ratio, max_mb = TARGETS[n]
            entry["targets"] = {
                f"time within {max_ratio}x of raw calamine": entry["dtplan_over_calamine"] <= max_ratio,
                f"peak <= {max_mb:.0f} MB": t["dtplan"]["peak_mb"] <= max_mb,
            }
        results["sizes"][str(n)] = entry
    return results


def table(results: dict) -> str:
    head = ("| rows | DTPlan s | in-process s | raw calamine s | openpyxl s | DTPlan / calamine | "
            "in-process / calamine | openpyxl / DTPlan | DTPlan peak MB (+ reader) | in-process peak MB | "
            "calamine peak MB | openpyxl peak MB |")
    lines = [head, "|" + "---|" * 12]
    for n, e in results["sizes"].items():
        t = e["tools"]
        op = t.get("openpyxl")
        cells = [f"{int(n):,}", f"{t['dtplan']['median_s']:.2f}", f"{t['in-process']['median_s']:.2f}",
                 f"{t['calamine']['median_s']:.2f}", f"{op['median_s']:.2f}" if op else "skipped",
                 f"{e['dtplan_over_calamine']:.2f}", f"{e['in_process_over_calamine']:.2f}",
                 f"{e['openpyxl_over_dtplan']:.2f}" if op else "–",
                 f"{t['dtplan']['peak_mb']:.0f} (+ {t['dtplan']['reader_peak_mb']:.0f})",
                 f"{t['in-process']['peak_mb']:.0f}", f"{t['calamine']['peak_mb']:.0f}",
                 f"{op['peak_mb']:.0f}" if op else "–"]
        lines.append("| " + " | ".join(cells) + " |")
    for n, e in results["sizes"].items():
        for target, ok in e.get("targets", {}).items():
            lines.append(f"{'PASS' if ok else 'FAIL'}  {int(n):,} rows: {target}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        worker(argv[1], argv[2], int(argv[3]))
        return 0
    parser = argparse.ArgumentParser(description="DTPlan import benchmark")
    parser.add_argument("--sizes", default="10000,100000,500000", help="comma-separated row counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool and size (median)")
    parser.add_argument("--skip-openpyxl-above", type=int, default=100_000, metavar="N",
                        help="do not run openpyxl on rosters of more than N rows (default 100000)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed for one run")
    parser.add_argument("--generate-only", action="store_true", help="only build the cached rosters")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.generate_only:
        for n in sizes:
            make_roster(n)
        return 0
    results = run(sizes, args.repeat, args.skip_openpyxl_above, args.timeout)
    text = table(results)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench_import_{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    results["table"] = text
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwritten {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
