"""Eligibility as policy data: unclassified industry needs review, SME-only programmes, D06's bucket."""

import numpy as np
import pytest

from planning.base.errors import ConfigError
from planning.budget.action_plan import build_plan
from planning.budget.eligibility import NOT_SME, UNCLASSIFIED_INDUSTRY, reason_text
from planning.budget.policy import Policy, load_policy
from planning.strategy.sectors import UNCLASSIFIED
from tests.plan_checks import honest
from tests.test_budget import CONFIG, WEIGHTS, policy, strategy_for

SME_PROGRAMMES = ["sme_retrofit", "platform_service"]
PROGRAMME_OF = {a.id: a.programme for a in CONFIG.catalogue.actions}


def funded_strategy(n=300):
    """A roster where a few funded-track firms have an unknown industry and a few are large."""
    strategy = strategy_for(n)
    frame = strategy.frame
    funded = np.flatnonzero(frame["track"].isin(["digitalization", "intelligence"]).to_numpy()
                            & (frame["actions"].fillna("") != "").to_numpy())
    frame.loc[funded[:6], "sector_source"] = UNCLASSIFIED
    frame.loc[funded[6:14], "size_class"] = "large"
    frame.loc[funded[14:16], "size_class"] = CONFIG.sizes.unknown.id
    return strategy, funded[:6], funded[6:14], funded[14:16]


@pytest.mark.parametrize("method", ["milp", "greedy"])
def test_unclassified_firms_and_large_firms_in_sme_programmes_are_never_funded(method):
    strategy, *_ = funded_strategy()
    frame = strategy.frame
    candidates = frame.index[frame["track"].isin(["digitalization", "intelligence"]) & (frame["actions"].fillna("") != "")]
    unclassified = {f for f in candidates if frame.at[f, "sector_source"] == UNCLASSIFIED}
    not_sme = {f for f in candidates if frame.at[f, "size_class"] not in ("medium", "small", "micro")
               and f not in unclassified}
    assert len(unclassified) >= 6 and len(not_sme) >= 8
    pol = policy().with_budget(1e6)  # money for everyone: only eligibility keeps a firm out
    plan = build_plan(strategy, pol, WEIGHTS, method=method)
    lines = plan.lines
    assert not lines["firm"].isin(unclassified).any()
    assert not (lines["firm"].isin(not_sme) & lines["programme"].isin(SME_PROGRAMMES)).any()
    assert honest(plan) == []
    excluded = plan.excluded
    assert set(excluded.loc[excluded["reason"] == UNCLASSIFIED_INDUSTRY, "firm"]) == unclassified
    with_sme_actions = {f for f in not_sme if any(PROGRAMME_OF[a] in SME_PROGRAMMES for a in frame.at[f, "actions"].split(";"))}
    assert set(excluded.loc[excluded["reason"] == NOT_SME, "firm"]) == with_sme_actions
    assert set(excluded.loc[excluded["reason"] == NOT_SME, "programmes"].str.split(";").explode()) <= set(SME_PROGRAMMES)
    assert plan.summary()["excluded_firms"] == {UNCLASSIFIED_INDUSTRY: len(unclassified), NOT_SME: len(with_sme_actions)}


def test_the_policy_can_admit_them():
    strategy, unclassified, large, unknown_size = funded_strategy()
    data = load_policy()
    data["eligibility"] = {"fund_unclassified_industry": True, "sme_only_programmes": []}
    plan = build_plan(strategy, Policy.from_dict(data).with_budget(1e6), WEIGHTS, method="greedy")
    assert plan.lines["firm"].isin(unclassified).any()
    assert (plan.lines["firm"].isin(large) & plan.lines["programme"].isin(SME_PROGRAMMES)).any()
    assert len(plan.excluded) == 0


@pytest.mark.parametrize("eligibility, message", [
    ({"fund_unclassified_industry": "no"}, "true or false"),
    ({"sme_only_programmes": "sme_retrofit", "sme_size_classes": ["small"]}, "list of ids"),
    ({"sme_only_programmes": ["sme_retrofit"], "sme_size_classes": []}, "size classes"),
])
def test_bad_eligibility_is_refused_on_load(eligibility, message):
    data = load_policy()
    data["eligibility"] = eligibility
    with pytest.raises(ConfigError, match=message):
        Policy.from_dict(data)


@pytest.mark.parametrize("eligibility, message", [
    ({"sme_only_programmes": ["no_such_programme"], "sme_size_classes": ["small"]}, "no_such_programme"),
    ({"sme_only_programmes": ["sme_retrofit"], "sme_size_classes": ["tiny"]}, "tiny"),
])
def test_unknown_names_in_eligibility_are_refused(eligibility, message):
    data = load_policy()
    data["eligibility"] = eligibility
    with pytest.raises(ConfigError, match=message):
        build_plan(strategy_for(50), Policy.from_dict(data), WEIGHTS, method="greedy")


def test_cloud_apps_count_in_the_retrofit_bucket():
    pol = Policy.from_dict(load_policy())
    d06 = PROGRAMME_OF["D06"]
    floors = [e for e in pol.earmarks if e.min_share is not None and e.programmes]
    ceilings = [e for e in pol.earmarks if e.max_share is not None and e.programmes]
    assert floors and all(d06 in e.programmes for e in floors)  # ≥ 80 %: SME retrofits, cloud apps included
    assert ceilings and not any(d06 in e.programmes for e in ceilings)  # ≤ 20 %: platforms and services


def test_reasons_are_rendered_in_both_languages():
    zh = reason_text(NOT_SME, "zh", size="大型", programmes="中小企业数字化改造")
    en = reason_text(NOT_SME, "en", size="Large", programmes="SME retrofits")
    assert "大型" in zh and "中小企业数字化改造" in zh and "Large" in en and "SME retrofits" in en
    assert "复核" in reason_text(UNCLASSIFIED_INDUSTRY, "zh") and "review" in reason_text(UNCLASSIFIED_INDUSTRY, "en")
