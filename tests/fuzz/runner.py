"""Run many inputs through ``main.py import --json`` cheaply and judge each by the contract: exit 0 with
the JSON summary, or exit 2 with one line naming the file; never a traceback, a signal, a hang or more
memory than the cap.

Inputs go through ``main.main`` one after another in one capped child process (one start-up for many
files); whatever that child could not report cleanly (it died, hung, or native code wrote to its stderr)
is run again one file per process, so that each outcome belongs to one file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.subprocess_cli import CliRun, assert_clean_outcome, run_batch, run_import

FILE_TIMEOUT_S = 60


def run_inputs(paths: list[Path]) -> dict[Path, CliRun]:
    """Each input's outcome."""
    batch = run_batch(paths)
    runs = dict(batch.runs)
    if not batch.clean:  # who died, hung or wrote to the real stderr: each one alone
        stopped_at_one = 0 < len(runs) < len(paths)
        for path in [p for p in paths if p not in runs] if stopped_at_one else paths:
            runs[path] = run_import(path, "--json", "--lang", "en", timeout=FILE_TIMEOUT_S)
    return runs


def broken_contract(path: Path, run: CliRun) -> str | None:
    """Why ``run`` breaks the contract, or None when it keeps it."""
    try:
        assert_clean_outcome(run, path.name)
    except AssertionError as exc:
        return str(exc) or run.describe()
    except json.JSONDecodeError:
        return "exit 0 without a JSON summary: " + run.describe()
    return None
