"""The horizon given with --years (or the policy form) keeps the policy's yearly profile."""

import json
import subprocess
import sys

import pytest

from planning.budget.policy import Policy, load_policy
from planning.budget.scenarios import ScenarioSpec, run_scenario
from tests.conftest import ROOT
from tests.test_budget import WEIGHTS, strategy_for


def default_policy(**changes) -> Policy:
    data = load_policy()
    data.update(changes)
    return Policy.from_dict(data)


def test_the_same_horizon_keeps_the_yearly_profile():
    base = default_policy()  # 15,000 / 20,000 / 15,000 of 50,000
    by_total = base.with_budget(20000.0)
    by_years = base.with_budget(20000.0, (2025, 2027))
    assert by_total.yearly_budget == {2025: 6000.0, 2026: 8000.0, 2027: 6000.0}
    assert by_years.yearly_budget == by_total.yearly_budget


def test_a_moved_horizon_keeps_the_shares_by_position():
    moved = default_policy().with_budget(None, (2026, 2028))
    assert moved.total_budget == 50000.0
    assert moved.yearly_budget == {2026: 15000.0, 2027: 20000.0, 2028: 15000.0}


def test_a_shorter_horizon_truncates_and_renormalises():
    short = default_policy().with_budget(7000.0, (2025, 2026))
    assert short.yearly_budget[2025] == pytest.approx(3000.0)  # 15 : 20 of 7,000
    assert short.yearly_budget[2026] == pytest.approx(4000.0)


def test_a_longer_horizon_extends_with_the_mean_share():
    long = default_policy().with_budget(20000.0, (2025, 2030))
    shares = [long.yearly_budget[y] / 20000.0 for y in long.years]
    assert shares[:3] == pytest.approx([0.15, 0.2, 0.15])  # 15 : 20 : 15 : 16.7 : 16.7 : 16.7
    assert shares[3:] == pytest.approx([0.5 / 3] * 3)
    assert sum(long.yearly_budget.values()) == pytest.approx(20000.0)


def test_yearly_budgets_that_leave_room_keep_it():
    roomy = default_policy(yearly_budget_wan={"2025": 30000, "2026": 30000, "2027": 30000})  # 1.8 x total
    scaled = roomy.with_budget(10000.0, (2025, 2026))
    assert scaled.yearly_budget == {2025: pytest.approx(9000.0), 2026: pytest.approx(9000.0)}


def test_no_yearly_budgets_stay_none():
    free = default_policy(yearly_budget_wan={}).with_budget(1000.0, (2025, 2029))
    assert all(v == 1000.0 for v in free.yearly_budget.values())  # the total is the only limit
    assert free.raw["yearly_budget_wan"] == {}


def test_a_scenario_planned_with_years_uses_the_profile():
    strategy = strategy_for(200)
    spec = ScenarioSpec("baseline", "基准", "Baseline", {}, {})
    plan = run_scenario(strategy, load_policy(), dict(WEIGHTS.raw), spec, total=1000.0, years=(2025, 2027),
                        method="greedy")
    assert plan.policy.yearly_budget == {2025: 300.0, 2026: 400.0, 2027: 300.0}


def test_the_command_line_keeps_the_profile_with_years(tmp_path):
    from tests.roster_files import simple_rows, write_xlsx

    path = write_xlsx(tmp_path / "r.xlsx", simple_rows())
    limits = {}
    for extra in ([], ["--years", "2025-2027"]):
        out = subprocess.run([sys.executable, "main.py", "plan", str(path), "--budget", "500", "--json", *extra],
                             cwd=ROOT, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        limits[bool(extra)] = {row["constraint"]: row["limit"] for row in data["constraints"]
                               if row["constraint"].startswith("budget_")}
        assert set(data["by_programme"]) <= {"sme_retrofit", "platform_service", "smart_factory"}
    assert limits[False] == limits[True] == {"budget_2025": 150.0, "budget_2026": 200.0, "budget_2027": 150.0}
