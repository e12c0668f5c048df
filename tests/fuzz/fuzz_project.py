"""The long fuzzing campaign against the project loader (run by hand; see README.md).

    .venv/bin/python -m tests.fuzz.fuzz_project --minutes 10 --out fuzz-project-failures [--seed 1000] [--batch 20]

Makes batches of hostile project files (tests/fuzz/project_inputs.py) from consecutive seeds and opens
them with planning.project.file_format.open_project, a batch per child process under the memory cap of
tests/subprocess_cli.py; a batch whose child died or hung is run again one file per child. Every input
that breaks the contract (opened, or refused with one line naming the file; nothing else) is copied into
``--out`` with a ``.txt`` beside it saying how; prints a count per kind of failure at the end."""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.conftest import ROOT
from tests.fuzz.project_inputs import current_project, hostile_project
from tests.subprocess_cli import cap_memory, reports_by_path, timed_out_text

FILE_TIMEOUT_S = 60
_OPEN = """
import json, sys, traceback
from planning.project.file_format import ProjectFileError, open_project
for path in sys.argv[1:]:
    try:
        open_project(path)
        outcome, text = "opened", ""
    except ProjectFileError as exc:
        outcome, text = "refused", exc.message("zh") + "\\n" + exc.message("en")
    except BaseException:
        outcome, text = "error", traceback.format_exc()
    print(json.dumps({"path": path, "outcome": outcome, "text": text}), flush=True)
"""


def open_in_child(paths: list[Path], timeout: float) -> tuple[dict[Path, dict], str]:
    """Each path's outcome, as far as the child got, and how the child ended."""
    try:
        done = subprocess.run([sys.executable, "-c", _OPEN, *map(str, paths)], cwd=ROOT, capture_output=True,
                              text=True, timeout=timeout, preexec_fn=cap_memory)
        stdout, ended = done.stdout, f"rc={done.returncode} {done.stderr[-500:]}"
    except subprocess.TimeoutExpired as exc:
        stdout, ended = timed_out_text(exc.stdout), "rc=None timed out"
    return reports_by_path(stdout), ended


def broken(path: Path, outcome: dict | None, ended: str) -> str | None:
    if outcome is None:
        return "the loader's process ended: " + ended
    if outcome["outcome"] == "error":
        return "rc=1 " + outcome["text"].strip().splitlines()[-1]
    if outcome["outcome"] == "refused":
        zh, en = outcome["text"].split("\n", 1)
        if "\n" in en or path.name not in zh or path.name not in en:
            return "refusal of several lines or without the file's name: " + outcome["text"][:300]
    return None


def campaign(seed: int, minutes: float, batch: int, out: Path) -> Counter:
    out.mkdir(parents=True, exist_ok=True)
    sound = Path(tempfile.mkdtemp(prefix="dtplan-fuzz-project-seed-"))
    seeds = [Path(p) for p in sorted((ROOT / "tests" / "fixtures").glob("*.dtplan"))] + [current_project(sound)]
    kinds: Counter = Counter()
    deadline, n = time.monotonic() + minutes * 60, seed
    while time.monotonic() < deadline:
        rng = random.Random(n)
        with tempfile.TemporaryDirectory(prefix="dtplan-fuzz-project-") as folder:
            paths = [hostile_project(rng, seeds, Path(folder), f"s{n}_{k:02d}") for k in range(batch)]
            outcomes, ended = open_in_child(paths, FILE_TIMEOUT_S * batch)
            if len(outcomes) < len(paths):
                for path in paths:
                    if path not in outcomes:
                        alone, ended = open_in_child([path], FILE_TIMEOUT_S)
                        outcomes.update(alone)
            for path in paths:
                why = broken(path, outcomes.get(path), ended)
                kinds["inputs"] += 1
                kinds[f"({outcomes.get(path, {}).get('outcome', 'ended')})"] += 1
                if why:
                    kinds[re.sub(r"\d+", "#", why.splitlines()[0])[:120]] += 1
                    shutil.copyfile(path, out / path.name)
                    (out / (path.name + ".txt")).write_text(f"seed {n}\n{why}\n", encoding="utf-8")
        n += 1
        print(f"seed {n}: {kinds['inputs']} inputs, {_broken(kinds)} broke the contract",
              file=sys.stderr, flush=True)
    shutil.rmtree(sound, ignore_errors=True)
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="fuzz the DTPlan project loader")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--out", type=Path, default=Path("fuzz-project-failures"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=20)
    args = parser.parse_args(argv)
    kinds = campaign(args.seed, args.minutes, args.batch, args.out)
    for kind, count in kinds.most_common():
        print(f"{count:6d}  {kind}")
    return 1 if _broken(kinds) else 0


def _broken(kinds: Counter) -> int:
    return sum(count for kind, count in kinds.items() if kind != "inputs" and not kind.startswith("("))


if __name__ == "__main__":
    sys.exit(main())
