"""The user guide's tables of defaults say what the templates hold: a province that reads the guide
to check a figure (a cap, a weight, a rule's measures, a measure's cost) finds the figure the plan uses,
in either language."""

import json
import re

import pytest

from tests.conftest import ROOT

GUIDE = ROOT / "resources" / "guide"
POLICY = json.loads((ROOT / "templates" / "policy" / "subsidy_policy.json").read_text(encoding="utf-8"))
WEIGHTS = json.loads((ROOT / "templates" / "policy" / "priority_weights.json").read_text(encoding="utf-8"))


def tables(language: str, page: str) -> list[list[list[str]]]:
    """Each table of the page as rows of cell texts, the heading row left out."""
    html = (GUIDE / language / page).read_text(encoding="utf-8")
    found = []
    for table in re.findall(r"<table.*?</table>", html, re.S):
        rows = [[re.sub(r"<.*?>", "", cell) for cell in re.findall(r"<t[dh]>(.*?)</t[dh]>", row, re.S)]
                for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
        found.append(rows[1:])
    return found


def numbers(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in re.findall(r"(?<![A-Z\d])\d[\d,]*(?:\.\d+)?", text)]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_policy_defaults_in_the_guide_are_the_templates(language):
    settings = {row[0]: row[-1] for row in tables(language, "policy.html")[0]}
    default = list(settings.values())
    assert numbers(default[0]) == [POLICY["horizon"]["start"], POLICY["horizon"]["end"]]
    assert numbers(default[1]) == [POLICY["total_budget_wan"]]
    assert numbers(default[2]) == list(POLICY["yearly_budget_wan"].values())
    ratios = POLICY["subsidy_ratio"]
    expected = [ratios["default"], *ratios["by_track"].values(), *ratios["by_action"].values()]
    assert sorted(numbers(default[3])) == sorted(round(r * 100) for r in expected)
    assert all(code in default[3] for code in ratios["by_action"])
    assert numbers(default[4]) == [POLICY["firm_cap_wan"]]
    assert dict(re.findall(r"([A-Z]\d{2})\s*(\d+)", default[5])) == \
        {code: str(cap) for code, cap in POLICY["action_cap_wan"].items()}
    assert set(POLICY["firm_cap_by_level_reached"]["caps_wan"].values()) <= set(numbers(default[6]))
    assert set(POLICY["programme_quota_per_year"].values()) <= set(numbers(default[7]))
    shares = [e.get("min_share", e.get("max_share")) for e in POLICY["earmarks"]]
    assert numbers(default[8]) == [round(s * 100) for s in shares]
    assert numbers(default[14]) == [POLICY["city_floor"]["min_firms"]]
    assert numbers(default[16]) == [POLICY["solver"]["time_limit_s"], POLICY["solver"]["mip_rel_gap"] * 100]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_what_a_package_is_worth_and_the_priority_weights_in_the_guide_are_the_templates(language):
    value, weights = tables(language, "policy.html")[1:3]
    worth = WEIGHTS["package_value"]
    expected = [*worth["level_reached"].values(), worth["rd_tool_uptake"], worth["per_cnc_point"],
                worth["per_networking_point"], worth["priority_floor"]]
    assert [numbers(row[1]) for row in value] == [[v] for v in expected]
    assert [numbers(row[1]) for row in weights] == [[w] for w in WEIGHTS["weights"].values()]


RULES = json.loads((ROOT / "templates" / "strategy" / "rules.json").read_text(encoding="utf-8"))["rules"]
FOUNDATION = json.loads((ROOT / "templates" / "strategy" / "foundation.json").read_text(encoding="utf-8"))
ACTIONS = {a["id"]: a for a in
           json.loads((ROOT / "templates" / "strategy" / "actions.json").read_text(encoding="utf-8"))["actions"]}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_rules_foundation_and_measures_in_the_guide_are_the_templates(language):
    rules, indicators, tiers, measures = tables(language, "rules.html")[1:5]
    assert [(row[0], row[-1].split()) for row in rules] == \
        [(rule["id"], rule["actions"] or ["—"]) for rule in RULES]
    assert [numbers(row[1]) for row in indicators] == [[i["weight"]] for i in FOUNDATION["indicators"]]
    miit = FOUNDATION["indicators"][0]["scale"]["points"]
    assert set(miit.values()) <= set(numbers(indicators[0][2]))
    thresholds = [tier["min_score"] for tier in FOUNDATION["tiers"]][1:]
    assert [numbers(row[1]) for row in tiers] == [[thresholds[0]], thresholds[:2], thresholds[1:3], [thresholds[2]]]
    assert sorted(row[0] for row in measures) == sorted(ACTIONS)
    for row in measures:
        action = ACTIONS[row[0]]
        cost = action["cost"]
        assert numbers(row[3]) == ([cost["min_wan"]] if cost["min_wan"] == cost["max_wan"]
                                   else [cost["min_wan"], cost["max_wan"]]), row[0]
        gain = action["effects"].get("level_gain")
        assert gain is None or gain in numbers(row[4]), row[0]
