import copy
import itertools
import json
import subprocess
import sys

import numpy as np
import pytest

from planning.base.money import same_money
from planning.budget.candidates import Candidates
from planning.budget.greedy import greedy
from planning.budget.milp import solve_milp
from planning.budget.action_plan import build_plan
from planning.budget.policy import Policy, PriorityWeights, load_policy, load_weights
from planning.budget.scenarios import ScenarioSpec, compare, cut, frontier, run_scenario
from planning.strategy.strategies import StrategyConfig, plan_strategies
from tests.bench.bench_strategy import synthetic_frame
from tests.conftest import ROOT

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


# ---------------------------------------------------------------- an independent check of every constraint


def violations(c: Candidates, pol: Policy, start: np.ndarray) -> list[str]:
    out = []
    funded = start >= 0
    s = c.subsidy
    years = len(c.years)
    paid = np.zeros(years)
    for i in np.flatnonzero(funded):
        paid += c.phasing[i, start[i]] * s[i]
    total = s[funded].sum()
    if total > pol.total_budget + 1e-6:
        out.append(f"total {total} > {pol.total_budget}")
    for j, y in enumerate(c.years):
        if paid[j] > pol.yearly_budget[y] + 1e-6:
            out.append(f"year {y}: {paid[j]} > {pol.yearly_budget[y]}")
    for f in np.unique(c.firm[funded]):
        mine = funded & (c.firm == f)
        if f in c.firm_cap and s[mine].sum() > c.firm_cap[f] + 1e-6:
            out.append(f"firm cap {f}")
        if f in c.level_base:  # the cap of the level reached with the funded actions, not all candidates
            reached = min(4, c.level_base[f] + int(np.floor(c.gain[mine].sum() + 1e-9)))
            if s[mine & c.level_capped].sum() > c.cap_of_level[reached] + 1e-6:
                out.append(f"level cap {f}")
    for programme, quota in pol.quotas.items():
        for j in range(years):
            awarded = set(c.firm[funded & (start == j) & (c.programme == programme)].tolist())
            if len(awarded) > quota:
                out.append(f"quota {programme} {j}: {len(awarded)} > {quota}")
    for earmark in pol.earmarks:
        inside = s[funded & np.isin(c.programme, list(earmark.programmes))].sum()
        if earmark.min_share is not None and inside < earmark.min_share * total - 1e-6:
            out.append(f"earmark min {earmark.id}: {inside / total:.4f}")
        if earmark.max_share is not None and inside > earmark.max_share * total + 1e-6:
            out.append(f"earmark max {earmark.id}: {inside / total:.4f}")
    if pol.city_min_firms:
        cities = {}
        for f, city in c.city.items():
            cities.setdefault(city, set()).add(f)
        funded_firms = set(c.firm[funded].tolist())
        for city, firms in cities.items():
            need = min(pol.city_min_firms, len(firms))
            if len(firms & funded_firms) < need:
                out.append(f"city floor {city}")
    for f in np.unique(c.firm[c.forced]):
        if not funded[c.firm == f].any():
            out.append(f"forced firm {f}")
    return out


@pytest.mark.parametrize("method", ["milp", "greedy"])
@pytest.mark.parametrize("budget", [300.0, 1500.0, 6000.0])
def test_every_constraint_holds(method, budget):
    strategy = strategy_for(400)
    pol = policy(city_floor={"min_firms": 4}, programme_quota_per_year={"smart_factory": 2}).with_budget(budget)
    plan = build_plan(strategy, pol, WEIGHTS, method=method)
    assert violations(plan.candidates, pol, plan.allocation.start) == []
    assert all(row["met"] for row in plan.constraints())
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
    assert violations(plan.candidates, pol, plan.allocation.start) == []


def brute_force(c: Candidates, pol: Policy, bonus: float) -> float:
    best = -1.0
    choices = [-1] + list(range(len(c.years)))
    for combo in itertools.product(choices, repeat=len(c)):
        start = np.array(combo)
        if violations(c, pol, start):
            continue
        value = float(sum(c.value[i] * (1 - bonus * start[i]) for i in range(len(c)) if start[i] >= 0))
        best = max(best, value)
    return best


@pytest.mark.parametrize("seed", range(8))
def test_exact_solver_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    n, years = 7, 2
    phasing = np.zeros((n, years, years))
    for i in range(n):
        if rng.random() < 0.5:
            phasing[i, 0, 0], phasing[i, 1, 1] = 1.0, 1.0
        else:
            phasing[i, 0] = [0.6, 0.4]
            phasing[i, 1, 1] = 1.0
    firm = rng.integers(0, 4, n)
    c = Candidates(
        firm=firm, action=np.arange(n), cost=np.full(n, 100.0), subsidy=rng.uniform(5, 40, n).round(1),
        value=rng.uniform(10, 90, n).round(2),
        programme=rng.choice(np.array(["sme_retrofit", "platform_service", "smart_factory"], dtype=object), n, p=[0.6, 0.2, 0.2]),
        phasing=phasing, years=[2025, 2026], firm_cap={0: 45.0}, level_capped=rng.random(n) < 0.5,
        gain=rng.choice([0.0, 0.3, 0.6], n), level_base={1: 1, 2: 2}, cap_of_level=np.array([0.0, 10.0, 30.0, 60.0, 100.0]),
        city={int(f): ("A" if f < 2 else "B") for f in firm}, forced=np.zeros(n, dtype=bool))
    data = load_policy()
    data.update(horizon={"start": 2025, "end": 2026}, total_budget_wan=90.0,
                yearly_budget_wan={"2025": 55.0, "2026": 60.0}, programme_quota_per_year={"smart_factory": 1},
                city_floor={"min_firms": 1},
                earmarks=[{"id": "m", "programmes": ["sme_retrofit"], "min_share": 0.3},
                          {"id": "x", "programmes": ["platform_service"], "max_share": 0.5}])
    pol = Policy.from_dict(data)
    exact = solve_milp(c, pol, bonus=0.01, gap=0.0)
    best = brute_force(c, pol, 0.01)
    quick = greedy(c, pol, 0.01)
    if best < 0:  # no plan meets every constraint: the solver must say so, and so must the greedy
        assert exact.status == "Infeasible"
        assert quick.status != "feasible"
        return
    assert violations(c, pol, exact.start) == []
    assert exact.objective == pytest.approx(best, abs=1e-6)
    if quick.status == "feasible":
        assert violations(c, pol, quick.start) == []
        assert quick.objective <= exact.objective + 1e-9


def test_results_are_deterministic():
    strategy = strategy_for(300)
    pol = policy().with_budget(1200.0)
    first = build_plan(strategy, pol, WEIGHTS)
    second = build_plan(strategy, pol, WEIGHTS)
    assert first.lines.equals(second.lines)
    assert first.allocation.method == "milp"


def test_cut_removes_the_lowest_value_items_first():
    strategy = strategy_for(400)
    # one total budget, no yearly limits: a cut is then decided by the total alone
    plan = build_plan(strategy, policy(yearly_budget_wan={}, city_floor={}).with_budget(2000.0), WEIGHTS)
    original = plan.lines.sort_values("value", kind="stable")
    for fraction in (0.1, 0.2):
        result = cut(plan, fraction)
        assert result.kept.total_subsidy <= 2000.0 * (1 - fraction) + 1e-6
        k = len(result.dropped)
        assert k > 0
        assert sorted(result.dropped["value"]) == pytest.approx(sorted(original["value"].iloc[:k]))
        assert result.dropped["value"].max() <= result.kept.lines["value"].min() + 1e-9
        dropped = set(zip(result.dropped["credit_code"], result.dropped["action"]))
        kept = set(zip(result.kept.lines["credit_code"], result.kept.lines["action"]))
        assert dropped | kept == set(zip(plan.lines["credit_code"], plan.lines["action"])) and not dropped & kept
        # dropping stopped as soon as the plan fit: putting back the last one dropped breaks the budget
        ties = result.dropped[result.dropped["value"] == result.dropped["value"].max()]
        last = ties.sort_values(["firm", "action"]).iloc[0]  # dropped last: ties go by firm, then action
        assert result.kept.total_subsidy + last["subsidy_wan"] > 2000.0 * (1 - fraction) - 1e-6
    ten, twenty = cut(plan, 0.1), cut(plan, 0.2)
    assert set(zip(ten.dropped["credit_code"], ten.dropped["action"])) <= \
        set(zip(twenty.dropped["credit_code"], twenty.dropped["action"]))


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
