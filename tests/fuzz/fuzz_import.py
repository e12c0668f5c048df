"""The long fuzzing campaign against ``main.py import`` (run by hand; see README.md).

    .venv/bin/python -m tests.fuzz.fuzz_import --minutes 30 --out fuzz-failures

Makes batches of hostile inputs (tests/fuzz/inputs.py) from consecutive seeds, runs them under the
memory cap (tests/fuzz/runner.py) and copies every input that breaks the contract into ``--out``, with a
``.txt`` beside it saying how; prints a count per kind of failure at the end."""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.fuzz.inputs import hostile_input, seed_files
from tests.fuzz.runner import broken_contract, run_inputs


def failure_kind(why: str) -> str:
    """A short name for a failure, numbers and paths left out, to count alike failures together."""
    first = next((line for line in why.splitlines() if line.startswith("stderr:")), why.splitlines()[0])
    rc = re.search(r"rc=(-?\d+|None)", why)
    text = re.sub(r"/\S+|\d+", "#", first)[:120]
    return f"rc={rc.group(1) if rc else '?'} {text}"


def campaign(seed: int, minutes: float, count: int, batch: int, out: Path) -> Counter:
    seeds = seed_files()
    out.mkdir(parents=True, exist_ok=True)
    kinds: Counter = Counter()
    deadline, done, n = time.monotonic() + minutes * 60, 0, seed
    while done < count and time.monotonic() < deadline:
        rng = random.Random(n)
        with tempfile.TemporaryDirectory(prefix="dtplan-fuzz-") as folder:
            paths = [hostile_input(rng, seeds, Path(folder), f"s{n}_{k:02d}") for k in range(batch)]
            for path, run in run_inputs(paths).items():
                why = broken_contract(path, run)
                if why:
                    kinds[failure_kind(why)] += 1
                    shutil.copyfile(path, out / path.name)
                    (out / (path.name + ".txt")).write_text(f"seed {n}\n{why}\n", encoding="utf-8")
                    print(f"BROKEN {path.name}: {failure_kind(why)}", flush=True)
        done += batch
        n += 1
    print(f"{done} inputs from seeds {seed}..{n - 1}; {sum(kinds.values())} broke the contract", flush=True)
    for kind, k in kinds.most_common():
        print(f"{k:6d}  {kind}")
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="first seed (each batch takes the next one)")
    parser.add_argument("--minutes", type=float, default=10, help="stop after this long")
    parser.add_argument("--count", type=int, default=10**9, help="stop after this many inputs")
    parser.add_argument("--batch", type=int, default=20, help="inputs per child process")
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"), help="folder for the failing inputs")
    args = parser.parse_args(argv)
    kinds = campaign(args.seed, args.minutes, args.count, args.batch, args.out)
    return 1 if kinds else 0


if __name__ == "__main__":
    sys.exit(main())
