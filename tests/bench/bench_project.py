"""Benchmark: saving and opening a 100k-firm project (targets: at most 1 s each).

    .venv/bin/python -m tests.bench.bench_project [--firms 100000] [--repeat 3]

The project holds the roster imported from the benchmark's cached 100k-row roster (see
bench_import.py; it is generated when missing), its import report, templates, overrides and one
planned scenario with its lines.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from planning.project.facade import Project
from planning.project.file_format import open_project, save_project


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from tests.bench.bench_import import make_roster  # the cached benchmark roster

    project = Project.new("benchmark")
    project.import_rosters([make_roster(args.firms)])
    project.set_override(0, "tier", "good", "benchmark")
    project.plan("baseline", total=20000.0, method="greedy")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.dtplan"
        saves, opens = [], []
        for _ in range(args.repeat):
            began = time.perf_counter()
            save_project(project, path)
            saves.append(time.perf_counter() - began)
            began = time.perf_counter()
            opened = open_project(path)
            opens.append(time.perf_counter() - began)
        size = path.stat().st_size / 2 ** 20
    assert len(opened.project.roster) == len(project.roster)
    lines = len(next(iter(project.runs.values())).lines)
    save, load = statistics.median(saves), statistics.median(opens)
    print(f"{len(project.roster)} firms, {len(project.report.issues)} import notes, {lines} plan lines, file {size:.1f} MB")
    print(f"save {save:.2f} s ({'PASS' if save <= 1 else 'FAIL'} ≤ 1 s); open {load:.2f} s ({'PASS' if load <= 1 else 'FAIL'} ≤ 1 s)")


if __name__ == "__main__":
    main()
