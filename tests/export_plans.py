"""Plans for the export tests, built once per session: a synthetic one (fast, every firm funded, with
hostile names on demand) and one from the bundled sample roster (realistic, with an import report)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from planning.budget.action_plan import build_plan
from planning.importing.importer import ImportOptions, import_rosters
from planning.base.paths import sample_roster_path
from planning.budget.policy import Policy, PriorityWeights, load_policy, load_weights
from planning.strategy.strategies import StrategyConfig, plan_strategies
from tests.bench.bench_strategy import synthetic_frame

CITIES = {"合肥市": ("340100", ("肥西县", "长丰县")), "芜湖市": ("340200", ("湾沚区", "无为市")),
          "蚌埠市": ("340300", ("怀远县",)), "淮南市": ("340400", ("凤台县", "寿县"))}
HOSTILE_NAMES = (
    '=HYPERLINK("http://x","y")', "+1-1", "-2+3", "@SUM(A1)", "\t=1+2", "\r=3+4", "=cmd|'/c calc'!A0",
    "<r><t>rich</t></r>", '<r><t>a</t></r></is></c><c r="Z9" t="str"><f>1+1</f><v>2</v></c><c><is><r><t>b</t></r>',
    "控制\x01字符\x1f公司", "_x0041_有限公司",
)
NUMERIC_CODE = "123456789012345678"  # a credit code that looks like a number must stay text


def synthetic_strategy(n: int = 240, seed: int = 11, hostile: bool = False):
    frame = synthetic_frame(n, seed)
    rng = np.random.default_rng(seed)
    names = np.array(list(CITIES), dtype=object)
    city = rng.choice(names, n)
    frame["city"] = city
    frame["city_code"] = [CITIES[c][0] for c in city]
    frame["county"] = [CITIES[c][1][k % len(CITIES[c][1])] for k, c in enumerate(city)]
    frame["source_file"], frame["source_sheet"], frame["source_row"] = "t.xlsx", "名单", np.arange(2, n + 2)
    if hostile:
        names_col = frame["name"].to_numpy(dtype=object)
        for k, name in enumerate(HOSTILE_NAMES):
            names_col[k] = name
        frame["name"] = names_col
        codes = frame["credit_code"].to_numpy(dtype=object)
        codes[len(HOSTILE_NAMES)] = NUMERIC_CODE
        frame["credit_code"] = codes
    # every firm gets a level and the data it needs, so the hostile rows are funded
    frame.loc[: len(HOSTILE_NAMES) + 1, "miit_level"] = 1
    return plan_strategies(frame, StrategyConfig.load())


@lru_cache(maxsize=4)
def synthetic_plan(n: int = 240, seed: int = 11, hostile: bool = False, budget: float | None = None):
    """A plan over invented firms in four Anhui cities; by default the budget funds every candidate."""
    strategy = synthetic_strategy(n, seed, hostile)
    weights = PriorityWeights.from_dict(load_weights())
    data = load_policy()
    data["programme_quota_per_year"] = {}
    data["earmarks"] = []
    data["firm_cap_by_level_reached"] = {}
    data["city_floor"] = {"min_firms": 0}
    data["eligibility"] = {"fund_unclassified_industry": True}  # every firm eligible: the hostile rows are funded
    policy = Policy.from_dict(data).with_budget(budget or 1e7, (2025, 2027))
    return build_plan(strategy, policy, weights, method="greedy")


@lru_cache(maxsize=1)
def sample_plan(budget: float = 3000.0):
    """The bundled 2,000-firm sample roster, imported and planned (exact allocation)."""
    from planning.budget.policy import load_scenarios
    from planning.budget.scenarios import ScenarioSpec, run_scenario

    roster = import_rosters([str(sample_roster_path())], ImportOptions())
    strategy = plan_strategies(roster.frame, StrategyConfig.load())
    spec = next(ScenarioSpec.from_dict(s) for s in load_scenarios() if s["name"] == "baseline")
    plan = run_scenario(strategy, load_policy(), load_weights(), spec, total=budget, years=(2025, 2027))
    return roster, plan
