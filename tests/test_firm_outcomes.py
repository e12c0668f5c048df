"""What the plan means for each roster firm: one row (one JSON line) per firm, funded or not, and why."""

import json
import subprocess
import sys

import numpy as np
import pytest

from planning.base.money import same_money
from planning.budget.action_plan import build_plan
from planning.budget.policy import Policy, PriorityWeights, load_policy, load_weights
from planning.reports.firm_outcomes import COLUMNS, firm_outcomes, outcome_display
from tests.conftest import ROOT
from tests.export_plans import synthetic_plan, synthetic_strategy


@pytest.fixture(scope="module")
def tight_plan():
    return synthetic_plan(120, budget=300.0)


def test_one_row_per_roster_firm_and_the_money_of_the_plan(tight_plan):
    plan = tight_plan
    out = firm_outcomes(plan, "zh")
    assert list(out.columns) == list(COLUMNS)
    assert len(out) == len(plan.strategy.frame)
    assert out["credit_code"].tolist() == plan.strategy.frame["credit_code"].tolist()
    assert same_money(out["subsidy_wan"].sum(), plan.total_subsidy)
    assert same_money(out["investment_wan"].sum(), plan.total_investment)
    funded = out["subsidy_wan"] > 0
    assert funded.sum() == plan.lines["firm"].nunique()
    assert 0 < funded.sum() < len(out), "the tight budget funds some firms, not all"


def test_unfunded_firms_keep_their_level_and_say_why(tight_plan):
    out = firm_outcomes(tight_plan, "zh")
    unfunded = out[out["subsidy_wan"] == 0]
    assert (unfunded["variant"] == "").all() and unfunded["start_year"].isna().all()
    assert unfunded["level_before"].tolist() == unfunded["level_after"].tolist()
    assert unfunded["reason"].str.startswith("未获支持").all()
    assert tight_plan.total_subsidy >= 0.9 * tight_plan.policy.total_budget
    left = unfunded[unfunded["reason"].str.contains("预算已用完")]  # eligible firms the money did not reach
    assert len(left) and left["reason"].str.contains(r"排序第 [\d,]+ 位（共 [\d,]+ 家）").all()
    funded = out[out["subsidy_wan"] > 0]
    assert funded["reason"].str.startswith("获得支持").all()
    assert funded["start_year"].notna().all() and (funded["programme"] != "").all()
    after = tight_plan.levels_after()
    for row, level in zip(funded.index, funded["level_after"]):
        assert level == (None if np.isnan(after[row]) else int(after[row]))
    assert firm_outcomes(tight_plan, "en")["reason"].str.match("(not )?funded").all()


def test_eligibility_exclusions_are_given_as_reasons():
    strategy = synthetic_strategy(160, seed=5)
    data = load_policy()
    data["eligibility"] = {"fund_unclassified_industry": False}
    policy = Policy.from_dict(data).with_budget(1e6, (2025, 2027))
    plan = build_plan(strategy, policy, PriorityWeights.from_dict(load_weights()), method="greedy")
    assert plan.excluded is not None and len(plan.excluded), "the synthetic roster has unclassified firms"
    out = firm_outcomes(plan, "zh")
    rows = out.loc[sorted(set(plan.excluded["firm"]))]
    assert rows["reason"].str.contains("行业未能识别").all()
    assert (rows["subsidy_wan"] == 0).all()


def test_variant_and_cap_come_from_the_lines_when_recorded(tight_plan):
    plan = tight_plan
    plan_lines = plan.lines
    try:
        plan.lines = plan_lines.assign(variant="minimal", cap_wan=30.0)
        out = firm_outcomes(plan, "zh")
    finally:
        plan.lines = plan_lines
    funded = out["subsidy_wan"] > 0
    assert (out.loc[funded, "variant"] == "minimal").all() and (out.loc[funded, "cap_wan"] == 30.0).all()
    assert (out.loc[~funded, "variant"] == "").all() and out.loc[~funded, "cap_wan"].isna().all()


def test_display_names_for_people(tight_plan):
    shown = outcome_display(tight_plan, firm_outcomes(tight_plan, "zh"), "zh")
    assert set(shown["level_before"]) <= {"一级", "二级", "三级", "四级", "未评测"}
    assert "digitalization" not in set(shown["track"])


def test_cli_firms_out_jsonl_and_json_shares(tmp_path):
    from tests.roster_files import simple_rows, write_xlsx

    path = write_xlsx(tmp_path / "r.xlsx", simple_rows())
    target = tmp_path / "firms.jsonl"
    out = subprocess.run([sys.executable, "main.py", "plan", str(path), "--budget", "500", "--json",
                          "--firms-out", str(target)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(records) == data["firms"]
    for record in records:
        assert list(record) == list(COLUMNS)
        assert isinstance(record["reason"], str) and record["reason"]
        if not record["subsidy_wan"]:
            assert record["variant"] == "" and record["level_after"] == record["level_before"]
    assert sum(r["subsidy_wan"] for r in records) == pytest.approx(data["total_subsidy_wan"], abs=1e-3)
    assert sum(data["by_track_share"].values()) == pytest.approx(1.0) if data["total_subsidy_wan"] else True
    assert set(data["by_programme_share"]) == set(data["by_programme"])
    for key, item in data["kpis"]["indicators"].items():
        assert item["definition"], key
