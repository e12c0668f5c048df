"""Run many inputs through ``main.py import --json`` cheaply and judge each by the contract: exit 0 with
the JSON summary, or exit 2 with one line naming the file; never a traceback, a signal, a hang or more
memory than the cap.

Inputs go through ``main.main`` one after another in one capped child process (one start-up for many
files); whatever that child could not report cleanly (it died, hung, or native code wrote to its stderr)
is run again one file per process, so that each outcome belongs to one file."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT
from tests.subprocess_cli import CliRun, assert_clean_outcome, cap_memory, run_import

BATCH_TIMEOUT_S = 120
FILE_TIMEOUT_S = 60

_BATCH = """
import contextlib, io, json, sys
import main
for path in sys.argv[1:]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main.main(["import", path, "--json", "--lang", "en"])
        except SystemExit as exc:
            code = exc.code
    print(json.dumps({"path": path, "code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}), flush=True)
"""


def run_inputs(paths: list[Path]) -> dict[Path, CliRun]:
    """Each input's outcome."""
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", _BATCH, *map(str, paths)], cwd=ROOT, capture_output=True,
                              text=True, timeout=BATCH_TIMEOUT_S, preexec_fn=cap_memory)
        stdout, clean = done.stdout, done.returncode == 0 and not done.stderr.strip()
    except subprocess.TimeoutExpired as exc:
        stdout = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        clean = False
    seconds = (time.monotonic() - started) / max(len(paths), 1)
    runs = {}
    for line in stdout.splitlines():
        try:
            r = json.loads(line)
        except json.JSONDecodeError:
            continue
        runs[Path(r["path"])] = CliRun(["import", r["path"]], r["code"], r["stdout"], r["stderr"], seconds)
    if not clean:  # who died, hung or wrote to the real stderr: each one alone
        suspects = [p for p in paths if p not in runs] if done_partly(runs, paths) else paths
        for path in suspects:
            runs[path] = run_import(path, "--json", "--lang", "en", timeout=FILE_TIMEOUT_S)
    return runs


def done_partly(runs: dict, paths: list[Path]) -> bool:
    """Whether the batch stopped at one input (so the ones it reported are trustworthy)."""
    return 0 < len(runs) < len(paths)


def broken_contract(path: Path, run: CliRun) -> str | None:
    """Why ``run`` breaks the contract, or None when it keeps it."""
    try:
        assert_clean_outcome(run, path.name)
    except AssertionError as exc:
        return str(exc) or run.describe()
    except json.JSONDecodeError:
        return "exit 0 without a JSON summary: " + run.describe()
    return None
