"""The unit of decision is a firm's package toward a target level: variants, caps on the level the chosen
variant reaches, value from outcomes, and the exact solver against brute force."""

import itertools

import numpy as np
import pytest

from planning.budget.action_plan import build_plan
from planning.budget.greedy import greedy, objective_of
from planning.budget.milp import solve_milp
from planning.budget.packages import FULL, NEXT_LEVEL, Packages
from planning.budget.policy import Policy, load_policy
from tests.plan_checks import honest, violations
from tests.test_budget import WEIGHTS, policy, strategy_for

PROGRAMMES = ("platform_service", "sme_retrofit", "smart_factory")


def random_packages(rng, firms=4, years=2) -> Packages:
    per_firm = rng.integers(1, 3, firms)
    firm = np.repeat(np.arange(firms), per_firm)
    n = len(firm)
    subsidy = rng.uniform(5, 40, n).round(1)
    split = rng.dirichlet(np.ones(len(PROGRAMMES)), n) * (rng.random((n, len(PROGRAMMES))) < 0.7)
    split[split.sum(axis=1) == 0, 1] = 1.0
    by_programme = subsidy[:, None] * split / split.sum(axis=1, keepdims=True)
    pays = np.zeros((n, years, years))
    for v in range(n):
        if rng.random() < 0.5:
            pays[v] = np.eye(years) * subsidy[v]
        else:
            pays[v, 0, 0], pays[v, 0, 1], pays[v, 1, 1] = 0.6 * subsidy[v], 0.4 * subsidy[v], subsidy[v]
    return Packages(
        firm=firm, kind=np.array([NEXT_LEVEL] * n, dtype=object), level_before=np.ones(n, dtype=int),
        level_after=np.full(n, 2), cost=subsidy * 3, subsidy=subsidy, cap=np.full(n, np.inf),
        value=rng.uniform(10, 90, n).round(2), pays=pays, member_start=np.arange(n + 1), member=np.arange(n),
        member_subsidy=subsidy, forced=np.zeros(n, dtype=bool),
        city=np.array(["A" if f < 2 else "B" for f in firm], dtype=object),
        track=rng.choice(np.array(["digitalization", "intelligence"], dtype=object), firms)[firm],
        programmes=PROGRAMMES, by_programme=by_programme)


def small_policy() -> Policy:
    data = load_policy()
    data.update(horizon={"start": 2025, "end": 2026}, total_budget_wan=90.0,
                yearly_budget_wan={"2025": 55.0, "2026": 60.0}, programme_quota_per_year={"smart_factory": 1},
                city_floor={"min_firms": 1}, packages={"max_firms_started_per_year": {"2026": 2}},
                earmarks=[{"id": "m", "programmes": ["sme_retrofit"], "min_share": 0.3},
                          {"id": "x", "programmes": ["platform_service"], "max_share": 0.5},
                          {"id": "t", "tracks": ["intelligence"], "min_share": 0.1}])
    return Policy.from_dict(data)


def feasible(p: Packages, pol: Policy, chosen: np.ndarray) -> bool:
    years = pol.years
    funded = chosen >= 0
    firms = p.firm[funded]
    if len(set(firms.tolist())) < len(firms):
        return False
    total = p.subsidy[funded].sum()
    if total > pol.total_budget + 1e-9:
        return False
    paid = sum((p.pays[v, chosen[v]] for v in np.flatnonzero(funded)), np.zeros(len(years)))
    if any(paid[j] > pol.yearly_budget[y] + 1e-9 for j, y in enumerate(years)):
        return False
    for e in pol.earmarks:
        inside = p.inside(e.programmes, e.tracks)[funded].sum()
        if e.min_share is not None and inside < e.min_share * total - 1e-9:
            return False
        if e.max_share is not None and inside > e.max_share * total + 1e-9:
            return False
    for programme, quota in pol.quotas.items():
        if any((funded & (chosen == j) & p.has_programme(programme)).sum() > quota for j in range(len(years))):
            return False
    for j, y in enumerate(years):
        if y in pol.max_firms_started and (chosen == j).sum() > pol.max_firms_started[y]:
            return False
    for city in set(p.city.tolist()):
        if not (funded & (p.city == city)).any():
            return False
    return True


def brute_force(p: Packages, pol: Policy, bonus: float) -> float:
    best = -1.0
    span = len(pol.years)
    options = [[-1] + [(v, y) for v in np.flatnonzero(p.firm == f) for y in range(span)] for f in np.unique(p.firm)]
    for combo in itertools.product(*options):
        chosen = np.full(len(p), -1)
        for pick in combo:
            if pick != -1:
                chosen[pick[0]] = pick[1]
        if feasible(p, pol, chosen):
            best = max(best, objective_of(p, chosen, bonus))
    return best


@pytest.mark.parametrize("seed", range(8))
def test_exact_solver_matches_brute_force(seed):
    p = random_packages(np.random.default_rng(seed))
    pol = small_policy()
    exact = solve_milp(p, pol, pol.years, bonus=0.01, gap=0.0)
    best = brute_force(p, pol, 0.01)
    quick = greedy(p, pol, pol.years, 0.01)
    if best < 0:  # no plan meets every constraint: the solver must say so, and so must the greedy
        assert exact.status == "Infeasible"
        assert quick.status != "feasible"
        return
    assert feasible(p, pol, exact.chosen)
    assert exact.objective == pytest.approx(best, abs=1e-6)
    if quick.status == "feasible":
        assert feasible(p, pol, quick.chosen)
        assert quick.objective <= exact.objective + 1e-9


@pytest.mark.parametrize("method", ["milp", "greedy"])
def test_every_funded_firm_gets_one_whole_package_within_the_cap_of_the_level_it_reaches(method):
    strategy = strategy_for(400)
    pol = policy(city_floor={}).with_budget(3000.0)
    plan = build_plan(strategy, pol, WEIGHTS, method=method)
    assert len(plan.lines) and honest(plan) == []
    firms = plan.lines.drop_duplicates("firm")
    assert set(firms["variant"]) <= {NEXT_LEVEL, FULL}
    # nothing from the level-capped programmes below 二级: every funded firm reaches 二级 or more
    assert (firms["level_after"] >= 2).all()
    assert (firms["cap_wan"] <= pol.level_caps[4] + 1e-9).all()


def test_the_cap_applies_to_the_level_the_package_reaches():
    strategy = strategy_for(400)
    pol = policy(city_floor={}, earmarks=[]).with_budget(1e6)
    plan = build_plan(strategy, pol, WEIGHTS, method="greedy")
    capped = plan.lines[plan.lines["programme"].isin(list(pol.level_cap_programmes))]
    money = capped.groupby("firm")["subsidy_wan"].sum()
    level = plan.lines.groupby("firm")["level_after"].first()
    assert (money <= level[money.index].map(pol.level_caps) + 1e-6).all()
    assert (money > level[money.index].map(pol.level_caps) - 1e-6).any()  # some packages are held to their cap


def test_a_smart_factory_beats_cloud_packs_when_it_moves_more():
    strategy = strategy_for(60)
    frame = strategy.frame
    frame["actions"] = ""
    frame.loc[0, ["track", "actions", "miit_level", "size_class", "employees"]] = \
        ["intelligence", "S01;I01;I04", 3, "medium", 100]
    for firm in range(1, 11):
        frame.loc[firm, ["track", "actions", "miit_level", "size_class", "employees"]] = \
            ["digitalization", "S01;D06", 1, "small", 40]
    frame.loc[:10, "sector_source"] = "code"
    data = load_policy()
    data.update(city_floor={}, earmarks=[], programme_quota_per_year={}, yearly_budget_wan={},
                firm_cap_by_level_reached={"programmes": ["sme_retrofit", "platform_service"],
                                           "caps_wan": {"1": 15, "2": 30, "3": 60, "4": 100}})
    factory = build_plan(strategy, Policy.from_dict(data).with_budget(1e6), WEIGHTS, method="milp")
    need = factory.lines.groupby("firm")["subsidy_wan"].sum()
    assert need[0] > need.drop(0).sum()  # the factory costs more than the ten cloud packs together
    plan = build_plan(strategy, Policy.from_dict(data).with_budget(float(need[0]) + 1.0), WEIGHTS, method="milp")
    assert set(plan.lines["firm"]) == {0}  # it lifts its firm to 四级; the packs lift nobody
    assert plan.lines["level_after"].iloc[0] == 4


def test_partial_packages_are_a_policy_switch():
    strategy = strategy_for(300)
    whole = build_plan(strategy, policy(city_floor={}).with_budget(2000.0), WEIGHTS, method="greedy")
    assert set(whole.packages.kind) <= {NEXT_LEVEL, FULL}
    data = load_policy()
    data.update(city_floor={}, packages={"fund_partial_packages": True})
    partial = build_plan(strategy, Policy.from_dict(data).with_budget(2000.0), WEIGHTS, method="milp")
    assert "single" in set(partial.packages.kind)
    assert violations(partial) == []


def test_batches_limit_the_firms_started_per_year():
    strategy = strategy_for(400)
    data = load_policy()
    data.update(city_floor={}, packages={"max_firms_started_per_year": {"2025": 10, "2026": 15}})
    pol = Policy.from_dict(data).with_budget(3000.0)
    for method in ("greedy", "milp"):
        plan = build_plan(strategy, pol, WEIGHTS, method=method)
        started = plan.lines.drop_duplicates("firm")["year"].value_counts()
        assert started.get(2025, 0) <= 10 and started.get(2026, 0) <= 15
        assert honest(plan) == []
        assert any(row["constraint"] == "batch:2025" for row in plan.constraints())
