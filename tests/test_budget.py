import copy
import json
import subprocess
import sys

import numpy as np
import pytest

from planning.base.money import same_money
from planning.budget.action_plan import build_plan
from planning.budget.policy import Policy, PriorityWeights, load_policy, load_weights
from planning.budget.scenarios import ScenarioSpec, compare, cut, frontier, run_scenario
from planning.strategy.strategies import StrategyConfig, plan_strategies
from tests.bench.bench_strategy import synthetic_frame
from tests.conftest import ROOT
from tests.plan_checks import honest, violations

CONFIG = StrategyConfig.load()
WEIGHTS = PriorityWeights.from_dict(load_weights())


def strategy_for(n, seed=3, cities=("合肥市", "芜湖市", "蚌埠市", "淮南市")):
    frame = synthetic_frame(n, seed)
    rng = np.random.default_rng(seed)
    frame["city"] = rng.choice(np.array(cities, dtype=object), n)
    frame["city_code"] = "340100"
    frame["county"] = None
    frame["source_file"], frame["source_sheet"], frame["source_row"] = "t.xlsx", "s", np.arange(2, n + 2)
    return plan_strategies(frame, CONFIG)


def policy(**changes):
    data = load_policy()
    data.update(changes)
    return Policy.from_dict(data)


@pytest.mark.parametrize("method", ["milp", "greedy"])
@pytest.mark.parametrize("budget", [300.0, 1500.0, 6000.0])
def test_every_constraint_holds(method, budget):
    strategy = strategy_for(400)
    pol = policy(city_floor={"min_firms": 4}, programme_quota_per_year={"smart_factory": 2}).with_budget(budget)
    plan = build_plan(strategy, pol, WEIGHTS, method=method)
    assert honest(plan) == []
    assert all(row["met"] for row in plan.constraints()) or plan.allocation.status != "feasible"
    assert same_money(plan.total_subsidy, plan.lines["subsidy_wan"].sum())
    assert (plan.lines["own_funds_wan"] >= -1e-9).all()
    assert plan.lines["investment_wan"].sum() == pytest.approx(
        plan.lines["subsidy_wan"].sum() + plan.lines["own_funds_wan"].sum())


def test_forced_in_and_out_firms():
    strategy = strategy_for(300)
    frame = strategy.frame
    funded_tracks = frame.index[frame["track"].isin(["digitalization", "intelligence"]) & (frame["actions"] != "")]
    forced_in, forced_out = frame.at[funded_tracks[-1], "credit_code"], frame.at[funded_tracks[0], "credit_code"]
    pol = policy(forced_in=[forced_in], forced_out=[forced_out]).with_budget(800.0)
    plan = build_plan(strategy, pol, WEIGHTS)
    codes = set(plan.lines["credit_code"])
    assert forced_in in codes and forced_out not in codes
    assert set(plan.lines.loc[plan.lines["credit_code"] == forced_in, "action"]) <= \
        set(frame.at[funded_tracks[-1], "actions"].split(";"))
    assert violations(plan) == []


def test_results_are_deterministic():
    strategy = strategy_for(300)
    pol = policy().with_budget(1200.0)
    first = build_plan(strategy, pol, WEIGHTS)
    second = build_plan(strategy, pol, WEIGHTS)
    assert first.lines.equals(second.lines)
    assert first.allocation.method == "milp"


def test_cut_drops_whole_packages_least_valuable_first():
    strategy = strategy_for(400)
    # one total budget, no yearly limits: a cut is then decided by the total alone
    plan = build_plan(strategy, policy(yearly_budget_wan={}, city_floor={}).with_budget(2000.0), WEIGHTS)
    value_of = plan.lines.groupby("firm")["value"].sum()
    subsidy_of = plan.lines.groupby("firm")["subsidy_wan"].sum()
    for fraction in (0.1, 0.2):
        result = cut(plan, fraction)
        assert result.kept.total_subsidy <= 2000.0 * (1 - fraction) + 1e-6
        dropped, kept = set(result.dropped["firm"]), set(result.kept.lines["firm"])
        assert dropped and not dropped & kept and dropped | kept == set(plan.lines["firm"])
        # whole packages go: every line of a dropped firm is dropped
        assert len(result.dropped) == plan.lines["firm"].isin(dropped).sum()
        assert value_of[list(dropped)].max() <= value_of[list(kept)].min() + 1e-4  # line values are rounded
        # dropping stopped as soon as the plan fit: the last package dropped does not fit back
        last = value_of[list(dropped)].idxmax()
        assert result.kept.total_subsidy + subsidy_of[last] > 2000.0 * (1 - fraction) - 1e-6
        # the cut changes nothing else: budgets, caps and whole packages hold (shares are what a cut moves)
        assert [v for v in violations(result.kept) if not v.startswith(("earmark", "city floor"))] == []
    ten, twenty = cut(plan, 0.1), cut(plan, 0.2)
    assert set(ten.dropped["firm"]) <= set(twenty.dropped["firm"])


def test_scenarios_do_not_leak_into_each_other():
    strategy = strategy_for(300)
    policy_data, weights_data = load_policy(), load_weights()
    before = (copy.deepcopy(policy_data), copy.deepcopy(weights_data), strategy.frame.copy())
    specs = {s.name: s for s in (ScenarioSpec("a", "a", "a", {}, {}),
                                 ScenarioSpec("b", "b", "b", {"subsidy_ratio": {"default": 0.5, "by_track": {"digitalization": 0.6}}},
                                              {"weights": {"size": 90}}))}
    first_a = run_scenario(strategy, policy_data, weights_data, specs["a"], total=1000.0)
    run_scenario(strategy, policy_data, weights_data, specs["b"], total=1000.0)
    again_a = run_scenario(strategy, policy_data, weights_data, specs["a"], total=1000.0)
    assert first_a.lines.equals(again_a.lines)
    assert (policy_data, weights_data) == before[:2]
    assert strategy.frame.equals(before[2])
    table = compare([first_a, run_scenario(strategy, policy_data, weights_data, specs["b"], total=1000.0)])
    assert list(table.columns) == ["a", "b"]
    assert table.at["total_subsidy_wan", "a"] <= 1000.0 + 1e-6


def test_frontier_value_grows_with_budget():
    strategy = strategy_for(200)
    points = frontier(strategy, policy().with_budget(1000.0), WEIGHTS, levels=5, method="greedy")
    assert [p["budget_wan"] for p in points] == [200.0, 400.0, 600.0, 800.0, 1000.0]
    values = [p["total_value"] for p in points]
    assert values == sorted(values) and values[0] < values[-1]


def test_kpi_projection_moves_in_the_right_direction():
    strategy = strategy_for(400)
    plan = build_plan(strategy, policy().with_budget(5000.0), WEIGHTS)
    kpis = plan.kpis
    last = kpis["by_year"]["2027"]
    for key in ("rd_tool_rate", "cnc_rate", "networking_rate"):
        assert last[key] >= kpis["baseline"][key]
    assert last["networking_rate"] > kpis["baseline"]["networking_rate"]
    assert sum(kpis["levels_after"].values()) == sum(kpis["levels_before"].values())
    assert kpis["national"][0]["rd_tool_rate"] == 79.6


def test_cli_budget_json(tmp_path):
    from tests.roster_files import simple_rows, write_xlsx

    path = write_xlsx(tmp_path / "r.xlsx", simple_rows())
    out = subprocess.run([sys.executable, "main.py", "plan", str(path), "--budget", "500", "--years", "2025-2027",
                          "--json", "--firms-out", str(tmp_path / "firms.csv")], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    for key in ("funded_firms", "total_subsidy_wan", "total_investment_wan", "by_city", "by_track", "by_year",
                "optimality_gap", "kpis", "firms", "by_sector", "by_tier", "unclassified", "overrides"):
        assert key in data
    assert set(data["by_year"]) == {"2025", "2026", "2027"}
    assert sum(data["by_year"].values()) == pytest.approx(data["total_subsidy_wan"], abs=1e-3)  # rounded for print
    assert data["total_subsidy_wan"] <= 500 + 1e-6
    bad = subprocess.run([sys.executable, "main.py", "plan", str(path), "--years", "2027-2025"], cwd=ROOT,
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "--years" in bad.stderr


def test_the_kpi_projection_does_not_import_the_plan_module():
    import ast

    tree = ast.parse((ROOT / "planning" / "budget" / "kpi.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert "planning.budget.action_plan" not in imported
