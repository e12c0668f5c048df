"""Overrides of firms without a valid credit code are keyed by name and county, as merging matches firms
(planning.strategy.overrides.override_keys), so that two 宏达机械厂 in different counties each keep their
own; overrides saved under the name alone (projects from before) still apply."""

from planning.strategy.overrides import OverrideStore, name_only_key, override_keys
from planning.strategy.strategies import StrategyConfig, plan_strategies
from tests.strategy_frames import firm, roster_frame

CONFIG = StrategyConfig.load()
NO_CODE = dict(credit_code=None, credit_code_status="missing", name="宏达机械厂")


def two_hongda():
    return roster_frame([firm(county="埇桥区", **NO_CODE), firm(county="砀山县", **NO_CODE),
                         firm(credit_code="9144030071526726XG")])


def test_two_firms_of_one_name_in_different_counties_have_their_own_overrides():
    frame = two_hongda()
    keys = override_keys(frame)
    assert keys[0] != keys[1] and keys[0].startswith("name:宏达机械厂") and keys[2] == "9144030071526726XG"
    store = OverrideStore()
    store.set(keys[0], "track", "intelligence", "现场核查", author="张三")
    store.set(keys[1], "tier", "weak", "另一家，核查后下调", author="李四")
    result = plan_strategies(frame, CONFIG, store)
    assert result.frame.at[0, "track"] == "intelligence" and result.frame.at[0, "overridden"] == "track"
    assert result.frame.at[1, "tier"] == "weak" and result.frame.at[1, "overridden"] == "tier"
    assert result.frame.at[2, "overridden"] == ""
    assert result.applied_overrides == 2
    assert [o["author"] for o in result.explain(0)["overrides"]] == ["张三"]
    assert [o["author"] for o in result.explain(1)["overrides"]] == ["李四"]


def test_an_override_saved_under_the_name_alone_still_applies_unless_the_firm_has_its_own():
    frame = two_hongda()
    keys = override_keys(frame)
    store = OverrideStore.from_dict({"overrides": [
        {"key": "name:宏达机械厂", "field": "tier", "value": "good", "reason": "旧项目", "author": "王五",
         "time": "2024-05-01T09:00:00"}]})
    store.set(keys[1], "tier", "weak", "核查后下调", author="李四")
    result = plan_strategies(frame, CONFIG, store)
    assert list(result.frame["tier"][:2]) == ["good", "weak"]
    assert [o["author"] for o in result.explain(0)["overrides"]] == ["王五"]
    assert [o["author"] for o in result.explain(1)["overrides"]] == ["李四"]
    assert name_only_key(keys[0]) == "name:宏达机械厂" and name_only_key(keys[2]) is None
    store.clear(keys[0], "tier", "撤销", author="赵六")  # clearing the firm's override clears the old one
    assert plan_strategies(frame, CONFIG, store).frame.at[0, "overridden"] == ""


def test_several_firms_changed_at_once_each_keyed_and_audited():
    from planning.project.facade import Project

    project = Project.new()
    project.set_roster(two_hongda(), None)
    keys = override_keys(project.strategy().frame)
    project.change_overrides("track", [(0, "intelligence", "批量试点"), (2, "intelligence", "批量试点")], author="张三")
    frame = project.strategy().frame
    assert list(frame["track"].iloc[[0, 2]]) == ["intelligence", "intelligence"]
    assert set(project.overrides.for_field("track")) == {keys[0], keys[2]}
    assert [(a.key, a.new, a.reason) for a in project.overrides.audit] == [(keys[0], "intelligence", "批量试点"),
                                                                          (keys[2], "intelligence", "批量试点")]
    project.change_overrides("track", [(0, None, "撤销"), (2, "digitalization", "另定")])
    assert set(project.overrides.for_field("track")) == {keys[2]}
    assert project.strategy().frame["track"].iat[2] == "digitalization"
    assert project.overrides.audit[-2].new is None and len(project.overrides.audit) == 4
