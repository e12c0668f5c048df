"""The level-tiered cap is keyed on the level a firm reaches with its funded actions."""

import itertools

import numpy as np
import pytest

from planning.budget.action_plan import build_plan
from planning.budget.candidates import Candidates, level_cap_breaches
from planning.budget.greedy import greedy
from planning.budget.kpi import firm_levels_after
from planning.budget.milp import MAX_PATTERN_ITEMS, solve_milp
from planning.budget.policy import Policy, load_policy
from tests.test_budget import WEIGHTS, policy, strategy_for, violations

CAPS = np.array([0.0, 15.0, 30.0, 60.0, 100.0])  # by level reached (index 1-4)


def one_year_policy(total: float) -> Policy:
    data = load_policy()
    data.update(horizon={"start": 2025, "end": 2025}, total_budget_wan=total, yearly_budget_wan={},
                programme_quota_per_year={}, city_floor={}, earmarks=[], firm_cap_wan=None)
    return Policy.from_dict(data)


def candidates(firm, subsidy, value, gain, capped, level_base) -> Candidates:
    n = len(firm)
    firm = np.asarray(firm)
    return Candidates(
        firm=firm, action=np.arange(n), cost=np.asarray(subsidy, dtype=float) * 3,
        subsidy=np.asarray(subsidy, dtype=float), value=np.asarray(value, dtype=float),
        programme=np.array(["sme_retrofit"] * n, dtype=object), phasing=np.ones((n, 1, 1)), years=[2025],
        firm_cap={}, level_capped=np.asarray(capped, dtype=bool), gain=np.asarray(gain, dtype=float),
        level_base=level_base, cap_of_level=CAPS, city={int(f): None for f in firm}, forced=np.zeros(n, dtype=bool))


def brute_force(c: Candidates, pol: Policy) -> float:
    best = -1.0
    for combo in itertools.product([-1, 0], repeat=len(c)):
        start = np.array(combo)
        if not violations(c, pol, start):
            best = max(best, float(c.value[start >= 0].sum()))
    return best


def test_a_firm_that_stays_at_level_1_gets_the_level_1_cap():
    # two capped actions of 10 each; together they lift the firm to level 2 (cap 30), alone it stays at 1 (cap 15)
    c = candidates([0, 0], [10.0, 10.0], [50.0, 40.0], [0.5, 0.5], [True, True], {0: 1})
    plan = solve_milp(c, one_year_policy(1000.0), gap=0.0)
    assert (plan.start >= 0).all()  # both: level 2, 20 within 30
    c = candidates([0, 0], [10.0, 10.0], [50.0, 40.0], [0.5, 0.4], [True, True], {0: 1})
    for allocation in (solve_milp(c, one_year_policy(1000.0), gap=0.0), greedy(c, one_year_policy(1000.0))):
        assert list(allocation.start) == [0, -1]  # both would stay at level 1: 20 over its cap of 15
        assert level_cap_breaches(c, allocation.start) == []


def test_an_uncapped_action_can_lift_the_level_and_the_cap():
    # a smart-factory action (not capped) brings the gain that lets the capped ones exceed the level-1 cap
    c = candidates([0, 0, 0], [200.0, 12.0, 12.0], [30.0, 20.0, 20.0], [0.7, 0.2, 0.2], [False, True, True], {0: 1})
    pol = one_year_policy(1000.0)
    plan = solve_milp(c, pol, gap=0.0)
    assert (plan.start >= 0).all()  # level 2 reached with all three: 24 within 30
    assert plan.objective == pytest.approx(brute_force(c, pol))


def test_nothing_below_the_first_capped_level():
    data = load_policy()
    data["firm_cap_by_level_reached"] = {"programmes": ["sme_retrofit"], "caps_wan": {"2": 30, "3": 60, "4": 100}}
    data["horizon"] = {"start": 2025, "end": 2025}
    data["yearly_budget_wan"] = {}
    assert Policy.from_dict(data).level_caps == {2: 30.0, 3: 60.0, 4: 100.0}
    c = candidates([0], [5.0], [50.0], [0.5], [True], {0: 1})
    c.cap_of_level = np.array([0.0, 0.0, 30.0, 60.0, 100.0])
    assert (solve_milp(c, one_year_policy(1000.0), gap=0.0).start < 0).all()
    assert (greedy(c, one_year_policy(1000.0)).start < 0).all()


def test_caps_that_fall_with_the_level_are_refused():
    data = load_policy()
    data["firm_cap_by_level_reached"] = {"programmes": ["sme_retrofit"], "caps_wan": {"2": 60, "3": 30}}
    with pytest.raises(Exception, match="lower cap"):
        Policy.from_dict(data)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("items", [MAX_PATTERN_ITEMS, MAX_PATTERN_ITEMS + 1, 9])  # subsets listed / one binary per level
def test_exact_solver_matches_brute_force_on_level_caps(seed, items):
    rng = np.random.default_rng(seed)
    n = items + 3
    firm = np.array([0] * items + [1, 1, 2])
    c = candidates(firm, rng.uniform(3, 25, n).round(1), rng.uniform(10, 90, n).round(2),
                   rng.choice([0.0, 0.2, 0.3, 0.5, 0.7], n), rng.random(n) < 0.7, {0: 1, 1: 2, 2: 1})
    pol = one_year_policy(float(rng.uniform(40, 120)))
    exact = solve_milp(c, pol, gap=0.0)
    best = brute_force(c, pol)
    assert violations(c, pol, exact.start) == []
    assert exact.objective == pytest.approx(best, abs=1e-6)
    quick = greedy(c, pol)
    assert violations(c, pol, quick.start) == []
    assert quick.objective <= exact.objective + 1e-9


@pytest.mark.parametrize("method", ["milp", "greedy"])
def test_funded_firms_keep_the_cap_of_the_level_their_funded_actions_reach(method):
    strategy = strategy_for(400)
    pol = policy().with_budget(3000.0)
    plan = build_plan(strategy, pol, WEIGHTS, method=method)
    assert level_cap_breaches(plan.candidates, plan.allocation.start) == []
    # read from the plan's lines and the projected levels, as a department would check it
    frame = strategy.frame.copy()
    frame["miit_level"] = frame["miit_level"].fillna(1)  # a firm of unknown level counts from level 1
    after = firm_levels_after(frame, strategy.config.catalogue.actions, plan.lines)
    capped = plan.lines[plan.lines["programme"].isin(list(pol.level_cap_programmes))].groupby("firm")["subsidy_wan"].sum()
    assert not capped.empty
    for firm, money in capped.items():
        level = int(after[firm])
        cap = max([pol.level_caps[k] for k in pol.level_caps if k <= level], default=0.0)
        assert money <= cap + 1e-6, (firm, level, money)


def test_a_budget_cut_keeps_the_level_tiered_caps():
    from planning.budget.scenarios import cut

    plan = build_plan(strategy_for(400), policy(city_floor={}).with_budget(3000.0), WEIGHTS, method="greedy")
    for fraction in (0.2, 0.5):
        kept = cut(plan, fraction).kept
        assert level_cap_breaches(kept.candidates, kept.allocation.start) == []
        assert kept.total_subsidy <= 3000.0 * (1 - fraction) + 1e-6
