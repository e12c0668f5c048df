import json

import numpy as np
import pytest

from planning.base.errors import ConfigError
from planning.strategy.foundation import score_foundation, size_classes
from planning.reference.identity import firm_keys
from planning.strategy.overrides import OverrideStore
from planning.base.paths import template_path
from planning.strategy.sectors import tag_sectors
from planning.strategy.explanations import explanation, explanation_text
from planning.strategy.strategies import TEMPLATE_FILES, StrategyConfig, plan_strategies
from planning.base.template_files import read_json
from tests.strategy_frames import firm, roster_frame

CONFIG = StrategyConfig.load()


def template_dicts():
    return {key: read_json(template_path("strategy", name)) for key, name in TEMPLATE_FILES.items()}


# ---------------------------------------------------------------- sectors


@pytest.mark.parametrize(
    "values, division, key_sector, source",
    [
        ({"industry_code": "3511"}, "35", "equipment", "code"),
        ({"industry_code": "351"}, "35", "equipment", "code"),
        ({"industry_code": "35"}, "35", "equipment", "code"),
        ({"industry_code": "3841"}, "38", "lithium_battery", "code"),  # the longest prefix wins over 38
        ({"industry_code": "3825"}, "38", "photovoltaic", "code"),
        ({"industry_code": "3824"}, "38", "equipment", "code"),
        ({"industry_code": "3391"}, "33", "steel", "code"),
        ({"industry_code": None, "industry_name": "化学原料及化学制品制造业"}, "26", "petrochemical", "name"),
        ({"industry_code": None, "industry_name": "石油加工、炼焦和核燃料加工业"}, "25", "petrochemical", "name"),
        ({"industry_code": None, "industry_name": "汽车零部件"}, "36", "auto_nev", "keyword"),
        ({"industry_code": None, "industry_name": None, "name": "安徽某某锂电科技有限公司"}, "38", "lithium_battery", "keyword"),
        ({"industry_code": None, "industry_name": None, "name": "某某贸易有限公司"}, None, None, "unclassified"),
    ],
)
def test_sector_tags(values, division, key_sector, source):
    tags = tag_sectors(roster_frame([firm(**values)]), CONFIG.sectors)
    assert (tags.at[0, "division"], tags.at[0, "key_sector"], tags.at[0, "sector_source"]) == (division, key_sector, source)


def test_group_and_class_where_known():
    tags = tag_sectors(roster_frame([firm(industry_code="3511"), firm(industry_code="351"), firm(industry_code="35")]),
                       CONFIG.sectors)
    assert list(tags["group"]) == ["351", "351", None]
    assert list(tags["class"]) == ["3511", None, None]


# ---------------------------------------------------------------- foundation


def tier_of(**values):
    result = score_foundation(roster_frame([firm(**values)]), CONFIG.foundation)
    return result.tier[0], result.score[0], bool(result.data_incomplete[0])


def complete(level, rate, erp=True, mes=True):
    return dict(miit_level=level, cnc_rate=rate, rd_tool_rate=rate, networking_rate=rate, has_erp=erp, has_mes=mes)


def test_score_is_weighted_mean_of_points():
    tier, score, incomplete = tier_of(**complete(2, 50.0))
    # level 2 -> 50 points x 50; rates 50 x (15+13+12); flags 100 x 10
    assert score == pytest.approx((50 * 50 + 50 * 40 + 100 * 10) / 100)
    assert not incomplete


@pytest.mark.parametrize("target, tier", [(39.999, "weak"), (40.0, "basic"), (59.99, "basic"), (60.0, "good"),
                                          (79.99, "good"), (80.0, "leading"), (100.0, "leading"), (0.0, "weak")])
def test_every_tier_boundary(target, tier):
    # only rates known (weight 40 >= min 25): the score equals the common rate
    got, score, incomplete = tier_of(miit_level=None, cnc_rate=target, rd_tool_rate=target, networking_rate=target)
    assert score == pytest.approx(target)
    assert got == tier and incomplete


def test_missing_data_is_not_zero():
    full_tier, full_score, _ = tier_of(**complete(4, 90.0))
    partial_tier, partial_score, incomplete = tier_of(miit_level=4, cnc_rate=90.0)
    assert incomplete and partial_tier == "leading"
    assert partial_score == pytest.approx((100 * 50 + 90 * 15) / 65)


def test_too_little_data_gives_unknown_tier():
    tier, score, incomplete = tier_of(has_erp=True)  # weight 5 < 25
    assert tier == "unknown" and np.isnan(score) and incomplete


def test_contributions_add_up_to_score():
    frame = roster_frame([firm(**complete(3, 70.0, erp=False)), firm(miit_level=1, networking_rate=10.0)])
    result = score_foundation(frame, CONFIG.foundation)
    assert np.nansum(result.contributions, axis=1) == pytest.approx(result.score)


def test_size_classes_need_both_bounds():
    frame = roster_frame([
        firm(employees=1200, revenue_wan=50000), firm(employees=1200, revenue_wan=1000),
        firm(employees=100, revenue_wan=3000), firm(employees=10, revenue_wan=None), firm(employees=None, revenue_wan=None),
    ])
    assert list(size_classes(frame, CONFIG.sizes)) == ["large", "small", "small", "micro", "unknown"]


# ---------------------------------------------------------------- rules


def plan(rows, config=CONFIG, overrides=None):
    return plan_strategies(roster_frame(rows), config, overrides)


def test_default_rules_separate_the_two_tracks():
    result = plan([
        firm(**complete(4, 90.0)),  # leading
        firm(**complete(3, 70.0), employees=500, revenue_wan=30000),  # good, medium
        firm(**complete(2, 45.0, erp=True, mes=False)),  # basic
        firm(**complete(1, 10.0, erp=False, mes=False)),  # weak
        firm(credit_code="92440300MA5DXXXXX1", credit_code_status="not_enterprise", **complete(2, 50.0)),
        firm(industry_code="5191", **complete(2, 50.0)),  # wholesale: not manufacturing
        firm(),  # no foundation data at all
    ])
    assert list(result.frame["track"]) == ["intelligence", "intelligence", "digitalization", "digitalization",
                                           "ineligible", "ineligible", "review"]
    assert list(result.frame["rule"]) == ["R04", "R05", "R07", "R08", "R01", "R02", "R03"]


def test_actions_leave_out_what_the_firm_has_or_what_does_not_suit_it():
    result = plan([firm(**complete(2, 45.0, erp=True, mes=False)),
                   firm(industry_code="3511", **complete(1, 90.0, erp=False, mes=False))])
    assert result.frame.at[0, "actions"] == "S01;D02;D04;D03"  # ERP left out: the firm has it
    info = explanation(result, 0, "en")
    assert [a["id"] for a in info["left_out"]] == ["D01"]
    assert "already in place" in info["left_out"][0]["why"]
    assert "D03" not in result.frame.at[1, "actions"].split(";")  # CNC rate 90 >= 80


def test_rule_order_first_match_wins():
    data = template_dicts()
    rules = data["rules"]["rules"]
    rules.insert(0, {"id": "R00", "zh": "合肥优先", "en": "Hefei first", "track": "review", "actions": [],
                     "when": {"field": "city", "op": "==", "value": "合肥市"}})
    config = StrategyConfig.from_dicts(data)
    result = plan([firm(**complete(4, 90.0)), firm(city="芜湖市", **complete(4, 90.0))], config)
    assert list(result.frame["rule"]) == ["R00", "R04"]


def test_conditions_on_any_field_and_combinators():
    data = template_dicts()
    data["rules"]["rules"] = [
        {"id": "A", "zh": "a", "en": "a", "track": "intelligence", "actions": ["I04"],
         "when": {"all": [{"field": "specialized", "op": "==", "value": True},
                          {"field": "revenue_wan", "op": "between", "value": [1000, 10000]},
                          {"not": {"field": "key_sector", "op": "in", "value": ["钢铁", "petrochemical"]}}]}},
        {"id": "B", "zh": "b", "en": "b", "track": "digitalization", "actions": ["D01"],
         "when": {"any": [{"field": "name", "op": "contains", "value": "机械"}, {"field": "established", "op": "<", "value": "2000-01-01"}]}},
    ]
    config = StrategyConfig.from_dicts(data)
    result = plan([firm(specialized=True), firm(specialized=True, industry_code="3110"),
                   firm(name="某某纺织厂", specialized=False), firm(name="某某机械厂")], config)
    assert list(result.frame["rule"]) == ["A", "B", None, "B"]
    assert list(result.frame["track"]) == ["intelligence", "digitalization", "review", "digitalization"]


def test_explanation_names_rule_conditions_and_tier():
    result = plan([firm(**complete(3, 70.0), employees=500, revenue_wan=30000)])
    info = explanation(result, 0, "zh")
    assert info["rule"]["id"] == "R05"
    assert any(c["held"] and "企业规模" in c["text"] for c in info["rule"]["conditions"])
    assert info["foundation"]["tier_name"] == "良好"
    assert len(info["foundation"]["contributions"]) == 6
    text = explanation_text(result, 0, "en")
    assert "Rule R05" in text and "Digital foundation: Good" in text


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["rules"]["rules"][3]["when"].update({"any": [{"field": "tierr", "op": "==", "value": "good"}]}),
         "rules.json, rule 'R04': unknown field 'tierr'"),
        (lambda d: d["rules"]["rules"][3].update({"when": {"field": "tier", "op": "~", "value": "good"}}),
         "rule 'R04', field 'Digital foundation': unknown operator '~'"),
        (lambda d: d["rules"]["rules"][3].update({"when": {"field": "tier", "op": "==", "value": "excellent"}}),
         "rule 'R04', field 'Digital foundation': 'excellent' is not one of"),
        (lambda d: d["rules"]["rules"][3].update({"when": {"field": "miit_level", "op": ">=", "value": "三"}}),
         "rule 'R04', field 'MIIT digital level': '三' is not a number"),
        (lambda d: d["rules"]["rules"][3].update({"when": {"field": "name", "op": ">=", "value": "a"}}),
         "rule 'R04', field 'Enterprise name': operator '≥' does not apply to a text field"),
        (lambda d: d["rules"]["rules"][3].update({"actions": ["X99"]}), "rule 'R04': unknown action(s) X99"),
        (lambda d: d["rules"]["rules"][3].update({"track": "fast"}), "rule 'R04': track 'fast' is not one of"),
        (lambda d: d["rules"]["rules"][4].update({"id": "R04"}), "rule 'R04': duplicate rule id"),
        (lambda d: d["rules"]["rules"][0].update({"actions": ["D01"]}), "a 'Not eligible' rule cannot fund actions"),
        (lambda d: d["rules"]["rules"][3].update({"when": "tier == good"}), "a condition must be an object"),
        (lambda d: d["actions"]["actions"][0]["cost"].update({"min_wan": 100}), "action 'D01': cost min_wan is above max_wan"),
        (lambda d: d["foundation"]["tiers"].reverse(), "strictly increasing min_score"),
    ],
)
def test_invalid_rule_files_are_refused_with_where_and_why(mutate, message):
    data = template_dicts()
    mutate(data)
    with pytest.raises(ConfigError) as error:
        StrategyConfig.from_dicts(data)
    assert message in str(error.value)


def test_no_eval_of_user_text():
    data = template_dicts()
    data["rules"]["rules"][3]["when"] = {"field": "name", "op": "contains", "value": "__import__('os').system('x')"}
    config = StrategyConfig.from_dicts(data)
    result = plan([firm(**complete(4, 90.0))], config)
    assert result.frame.at[0, "rule"] != "R04"  # the text is only ever compared as text


def test_rules_file_from_the_command_line_is_validated(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    data = template_dicts()["rules"]
    data["rules"][2]["when"] = {"field": "nope", "op": "==", "value": 1}
    bad = tmp_path / "bad_rules.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, "main.py", "plan", "--rules", str(bad), "--lang", "en"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.strip().startswith("bad_rules.json, rule 'R03': unknown field 'nope'")
    out = subprocess.run([sys.executable, "main.py", "plan", "--rules", str(bad)], cwd=ROOT, capture_output=True,
                         text=True)
    assert out.returncode == 2
    assert out.stderr.strip().startswith("bad_rules.json，规则“R03”：未知字段“nope”")


# ---------------------------------------------------------------- overrides


def test_overrides_apply_and_survive_reimport():
    store = OverrideStore()
    rows = [firm(**complete(1, 10.0, erp=False, mes=False)), firm(credit_code="9144030071526726XG", **complete(2, 45.0))]
    first = plan(rows)
    store.set("91110000600037341L", "track", "intelligence", "省级示范项目，已有智能化基础", old=first.frame.at[0, "track"],
              firm=first.frame.at[0, "name"], author="张三")
    store.set("9144030071526726XG", "tier", "good", "现场核查后上调", old="basic", author="李四")
    # a corrected roster arrives: other values, other row order, the same credit codes
    reimported = [dict(rows[1], revenue_wan=9999.0), dict(rows[0], name="测试机械股份有限公司")]
    second = plan(reimported, overrides=store)
    frame = second.frame
    assert frame.at[1, "track"] == "intelligence"
    assert frame.at[1, "actions"] == "S01;I04;I02;I05;I06"
    assert frame.at[0, "tier"] == "good"
    assert second.applied_overrides == 2
    assert [o["author"] for o in second.explain(1)["overrides"]] == ["张三"]
    assert second.explain(1)["track"]["overridden"]


def test_override_needs_a_reason_and_audit_only_grows():
    store = OverrideStore()
    with pytest.raises(ValueError):
        store.set("91110000600037341L", "tier", "good", "  ")
    store.set("91110000600037341L", "tier", "good", "核查", author="a")
    store.set("91110000600037341L", "tier", "leading", "再次核查", author="b", old="good")
    store.clear("91110000600037341L", "tier", "撤销", author="c")
    assert len(store) == 0
    assert [(a.author, a.old, a.new) for a in store.audit] == [("a", None, "good"), ("b", "good", "leading"),
                                                                ("c", "leading", None)]
    again = OverrideStore.from_dict(json.loads(json.dumps(store.to_dict())))
    assert again.audit == store.audit


def test_firms_without_valid_code_are_keyed_by_name():
    frame = roster_frame([firm(credit_code=None, credit_code_status="missing", name=" 某某  机械厂")])
    assert list(firm_keys(frame)) == ["name:某某机械厂"]
