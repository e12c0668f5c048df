"""Benchmark: tagging plus rules over N firms (target: 100k firms in at most 0.5 s).

    .venv/bin/python -m tests.bench.bench_strategy [--sizes 10000,100000,500000] [--repeat 5]

Builds a roster frame in memory with the importer's columns and dtypes, then times
``plan_strategies`` (sector tags, foundation score and tier, size class, rules, action packages).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from planning.strategy.strategies import StrategyConfig, plan_strategies

TARGET_SECONDS = {100_000: 0.5}


def synthetic_frame(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    divisions = np.array([str(d) for d in range(13, 44)])
    codes = np.char.add(rng.choice(divisions, n), rng.integers(10, 99, n).astype(str))
    codes = codes.astype(object)
    codes[rng.random(n) < 0.1] = None
    level = rng.choice([1, 2, 3, 4], n, p=[0.4, 0.35, 0.2, 0.05]).astype(float)
    level[rng.random(n) < 0.15] = np.nan

    def rate(missing: float) -> np.ndarray:
        values = np.clip(rng.normal(50, 20, n), 0, 100)
        values[rng.random(n) < missing] = np.nan
        return values

    def flags() -> pd.arrays.BooleanArray:
        values = pd.array(rng.random(n) < 0.4, dtype="boolean")
        values[rng.random(n) < 0.2] = pd.NA
        return values

    names = np.char.add("测试企业", np.arange(n).astype(str)).astype(object)
    return pd.DataFrame({
        "credit_code": np.char.add("91340100MA", np.arange(n).astype(str)).astype(object),
        "credit_code_status": np.where(rng.random(n) < 0.97, "valid", "bad_check").astype(object),
        "name": names,
        "city": rng.choice(np.array(["合肥市", "芜湖市", "蚌埠市"], dtype=object), n),
        "industry_code": codes,
        "industry_name": pd.Series([None] * n, dtype=object),
        "revenue_wan": rng.lognormal(7, 1.5, n),
        "employees": np.round(rng.lognormal(4, 1, n)),
        "miit_level": pd.array(level, dtype="Int8"),
        "cnc_rate": rate(0.2), "rd_tool_rate": rate(0.3), "networking_rate": rate(0.2),
        "has_erp": flags(), "has_mes": flags(), "specialized": flags(),
        "established": pd.array(np.full(n, np.datetime64("2010-01-01", "s"))),
    })


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,500000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    config = StrategyConfig.load()
    print(f"{'firms':>8} {'median s':>9} {'min s':>7} {'target':>7}")
    for n in (int(s) for s in args.sizes.split(",")):
        frame = synthetic_frame(n)
        plan_strategies(frame.head(100), config)  # warm caches
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            plan_strategies(frame, config)
            times.append(time.perf_counter() - start)
        target = TARGET_SECONDS.get(n)
        verdict = "" if target is None else ("PASS" if statistics.median(times) <= target else "FAIL")
        print(f"{n:>8} {statistics.median(times):>9.3f} {min(times):>7.3f} {verdict:>7}")


if __name__ == "__main__":
    main()
