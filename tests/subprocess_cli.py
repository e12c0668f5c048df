"""Running ``main.py import`` in a child process with a time limit and a memory cap.

A reader that crashes (calamine aborts the whole process when asked for billions of cells) or hangs
must fail one test, not kill or stall pytest.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

MEMORY_CAP = 3 * 1024**3  # bytes of address space for the child


def cap_memory() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


@dataclass
class CliRun:
    args: list[str]
    returncode: int | None  # None when it timed out; negative: killed by that signal
    stdout: str
    stderr: str
    seconds: float

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    def describe(self) -> str:
        return (f"main.py {' '.join(self.args)} -> rc={self.returncode} in {self.seconds:.1f}s\n"
                f"stderr: {self.stderr[-2000:]}\nstdout: {self.stdout[:500]}")


def timed_out_text(stream: bytes | str | None) -> str:
    """What a child that timed out had written (subprocess hands it over as bytes even in text mode)."""
    return stream.decode(errors="replace") if isinstance(stream, bytes) else (stream or "")


def run_import(*args: object, timeout: float = 60, env: dict | None = None) -> CliRun:
    argv = ["import", *map(str, args)]
    started = time.monotonic()
    child_env = dict(os.environ, **(env or {}))
    child_env.setdefault("RUST_BACKTRACE", "0")
    try:
        done = subprocess.run([sys.executable, "main.py", *argv], cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout, preexec_fn=cap_memory, env=child_env)
    except subprocess.TimeoutExpired as exc:
        return CliRun(argv, None, timed_out_text(exc.stdout), timed_out_text(exc.stderr), time.monotonic() - started)
    return CliRun(argv, done.returncode, done.stdout, done.stderr, time.monotonic() - started)


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


@dataclass
class BatchRun:
    runs: dict  # Path -> CliRun, for the inputs the child reported before it ended
    returncode: int | None  # the child's; None when it timed out
    stderr: str  # what reached the child's real stderr (native code, a crash)

    @property
    def clean(self) -> bool:
        return self.returncode == 0 and not self.stderr.strip()


def run_batch(paths: list[Path], timeout: float = 120) -> BatchRun:
    """``main.main(["import", path, "--json", "--lang", "en"])`` for each path, one after another in one
    capped child process: one start-up (~1 s) for many files. Each outcome is reported as soon as it is
    known, so a child that dies or hangs still tells what it did before."""
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", _BATCH, *map(str, paths)], cwd=ROOT, capture_output=True,
                              text=True, timeout=timeout, preexec_fn=cap_memory)
        stdout, stderr, returncode = done.stdout, done.stderr, done.returncode
    except subprocess.TimeoutExpired as exc:
        stdout, stderr, returncode = timed_out_text(exc.stdout), timed_out_text(exc.stderr), None
    seconds = (time.monotonic() - started) / max(len(paths), 1)
    runs = {path: CliRun(["import", r["path"]], r["code"], r["stdout"], r["stderr"], seconds)
            for path, r in reports_by_path(stdout).items()}
    return BatchRun(runs, returncode, stderr)


def reports_by_path(stdout: str) -> dict[Path, dict]:
    """The one-line JSON reports a batch child printed, by the path each is about; anything else is
    skipped (what a dying child left half written)."""
    reports = {}
    for line in stdout.splitlines():
        try:
            r = json.loads(line)
        except json.JSONDecodeError:
            continue
        reports[Path(r["path"])] = r
    return reports


SUMMARY_KEYS = {"enterprise_rows", "enterprises", "skipped", "rejected", "invalid_credit_codes",
                "missing_credit_codes", "duplicate_credit_codes", "revenue_total_wan", "by_city", "by_level",
                "warnings"}


def assert_clean_outcome(run: CliRun, file_name: str) -> None:
    """Exit 0 with the JSON summary, or exit 2 with one line naming the file; nothing else."""
    assert not run.timed_out, "timed out: " + run.describe()
    assert run.returncode is not None and run.returncode >= 0, "killed by a signal: " + run.describe()
    assert "Traceback" not in run.stderr, run.describe()
    assert "panicked" not in run.stderr, run.describe()
    assert run.returncode in (0, 2), run.describe()
    if run.returncode == 0:
        summary = json.loads(run.stdout)
        assert SUMMARY_KEYS <= set(summary), run.describe()
    else:
        lines = run.stderr.splitlines()
        assert len(lines) == 1 and lines[0].strip(), run.describe()
        assert file_name in lines[0], run.describe()
