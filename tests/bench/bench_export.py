"""Benchmark: the Excel plan workbook of a 100k-firm plan against pandas + openpyxl.

    .venv/bin/python -m tests.bench.bench_export [--firms 100000] [--repeat 3] [--stream]

Builds a synthetic plan once (100k invented firms in six Anhui cities, greedy allocation with a
budget large enough to fund every candidate, about 3.5 actions per firm) and caches it in
``_cache/``. Then, interleaved and each in a fresh subprocess:

- ``dtplan``: ``planning.reports.workbook.write_workbook(plan, path)``, the whole workbook (summary,
  four money sheets and the one-row-per-action '一企一策' sheet, print setup, formats), including
  building its tables from the plan;
- ``openpyxl``: ``DataFrame.to_excel(path, engine="openpyxl", index=False)`` of the same
  '一企一策' table, built before the clock starts.

With ``--stream`` a third contender, ``streamed``, is the same export forced into XlsxWriter's
``constant_memory`` mode (used by itself above ``STREAM_ABOVE_CELLS``).

Only the call is timed. Peak memory is the subprocess's ``ru_maxrss``; ``base`` is the resident
size after loading the plan, so ``peak - base`` is what the export itself needs. Prints medians and
the ratio and writes them as JSON to ``results/``. Target: dtplan at least 3x faster.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / "_cache"
RESULTS = HERE / "results"
TARGET_RATIO = 3.0


def build_plan(firms: int):
    from planning.budget.action_plan import build_plan as build
    from planning.budget.policy import Policy, PriorityWeights, load_policy, load_weights
    from tests.bench.bench_budget import strategy

    result = strategy(firms)
    data = load_policy()
    data["programme_quota_per_year"] = {}
    data["earmarks"] = []
    policy = Policy.from_dict(data).with_budget(1e9, (2025, 2027))
    return build(result, policy, PriorityWeights.from_dict(load_weights()), method="greedy")


def cached_plan(firms: int) -> Path:
    path = CACHE / f"export_plan_{firms}_v1.pkl"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        began = time.perf_counter()
        plan = build_plan(firms)
        with path.open("wb") as fh:
            pickle.dump(plan, fh, protocol=pickle.HIGHEST_PROTOCOL)
        print(f"built the plan: {firms} firms, {len(plan.lines)} lines in {time.perf_counter() - began:.0f} s")
    return path


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def child(kind: str, plan_path: str, out: str) -> None:
    with open(plan_path, "rb") as fh:
        plan = pickle.load(fh)
    if kind in ("dtplan", "streamed"):
        from planning.reports import workbook as export_workbook
        from planning.reports.workbook import write_workbook

        if kind == "streamed":
            export_workbook.STREAM_ABOVE_CELLS = 0
        base = _rss_mb()
        began = time.perf_counter()
        write_workbook(plan, Path(out))
    else:
        from planning.reports import tables as plan_tables
        from planning.reports.templates import Texts

        table = plan_tables.action_plan(plan, Texts.load("zh"))
        base = _rss_mb()
        began = time.perf_counter()
        table.to_excel(out, engine="openpyxl", index=False)
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "base_mb": base, "lines": len(plan.lines)}))


def run(kind: str, plan_path: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "tests.bench.bench_export", "--child", kind, str(plan_path), str(out)],
                          cwd=HERE.parent.parent, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def check(path: Path, plan_path: Path) -> None:
    """The workbook's totals are the plan's (read back from the small sheet only)."""
    import openpyxl

    from planning.base import money

    with plan_path.open("rb") as fh:
        plan = pickle.load(fh)
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb.worksheets[1].iter_rows(values_only=True))
    total = rows[-1]
    assert money.same_money(total[4], plan.lines["subsidy_wan"].sum()), (total, plan.total_subsidy)
    wb.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stream", action="store_true", help="also time the streamed (constant_memory) export")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "PLAN", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    plan_path = cached_plan(args.firms)
    out_dir = CACHE / "export_out"
    out_dir.mkdir(exist_ok=True)
    runs: dict[str, list[dict]] = {"dtplan": [], "openpyxl": []}
    if args.stream:
        runs["streamed"] = []
    for k in range(args.repeat):
        for kind in runs:
            result = run(kind, plan_path, out_dir / f"{kind}.xlsx")
            runs[kind].append(result)
            print(f"run {k + 1} {kind:>8}: {result['seconds']:7.1f} s, peak {result['peak_mb']:6.0f} MB "
                  f"(after loading the plan {result['base_mb']:.0f} MB)", flush=True)
    check(out_dir / "dtplan.xlsx", plan_path)
    median = {kind: statistics.median(r["seconds"] for r in results) for kind, results in runs.items()}
    peak = {kind: statistics.median(r["peak_mb"] for r in results) for kind, results in runs.items()}
    extra = {kind: statistics.median(r["peak_mb"] - r["base_mb"] for r in results) for kind, results in runs.items()}
    ratio = median["openpyxl"] / median["dtplan"]
    lines = runs["dtplan"][0]["lines"]
    print(f"\n{args.firms} firms, {lines} plan lines (median of {args.repeat}):")
    for kind in runs:
        print(f"  {kind:>8}: {median[kind]:7.1f} s, peak {peak[kind]:6.0f} MB, of which the export {extra[kind]:5.0f} MB")
    print(f"  ratio openpyxl/dtplan: {ratio:.2f}x (target >= {TARGET_RATIO:.0f}x: "
          f"{'PASS' if ratio >= TARGET_RATIO else 'FAIL'})")
    if args.stream:
        print(f"  ratio openpyxl/streamed: {median['openpyxl'] / median['streamed']:.2f}x")
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"bench_export_{stamp}.json").write_text(json.dumps(
        {"firms": args.firms, "lines": lines, "runs": runs, "median_seconds": median, "median_peak_mb": peak,
         "median_export_mb": extra, "ratio": ratio}, indent=1))


if __name__ == "__main__":
    main()
