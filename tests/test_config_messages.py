"""Template checks speak the reader's language: every ConfigError the core raises names a kind of the
catalogue (planning/base/messages.py, config.*), and a refused template reads in Chinese or English
with the file, the entry and the key named."""

import copy
import re

import pytest

from planning.base.errors import ConfigError
from planning.base.messages import MESSAGES
from planning.project.facade import Project, default_templates
from tests.conftest import ROOT

RAISED = re.compile(r"\b(ConfigError|ConditionError)\(\s*\"([\w.]+)\"")
PREFIX = {"ConfigError": "config.", "ConditionError": "config.condition."}
FREE_TEXT_LEFT = ("importing",)  # the import settings' checks still word their messages in English


def raised_kinds() -> set[str]:
    kinds = set()
    for path in (ROOT / "planning").rglob("*.py"):
        if path.parent.name in FREE_TEXT_LEFT:
            continue
        source = path.read_text(encoding="utf-8")
        assert "ConfigError(f\"" not in source and "ConfigError(f'" not in source, path
        kinds.update(PREFIX[cls] + kind for cls, kind in RAISED.findall(source))
    return kinds


def test_every_kind_a_template_check_raises_is_in_the_catalogue():
    kinds = raised_kinds()
    assert len(kinds) > 60
    assert sorted(kinds - set(MESSAGES)) == []


def refused(name: str, change) -> ConfigError:
    body = copy.deepcopy(default_templates()[name])
    change(body)
    with pytest.raises(ConfigError) as error:
        Project.new("t").check_template(name, body)
    return error.value


@pytest.mark.parametrize("name, change, zh, en", [
    ("rules", lambda b: b["rules"][6].update(when={"field": "tier", "op": "==", "value": "excellent"}),
     "rules.json，规则“R07”，字段“数字化基础”：“excellent”不是可选值之一",
     "rules.json, rule 'R07', field 'Digital foundation': 'excellent' is not one of"),
    ("rules", lambda b: b["rules"][0].pop("track"), "rules.json，规则“R01”：缺少“路径”", "rules.json, rule 'R01': missing 'track'"),
    ("actions", lambda b: b["actions"][1]["cost"].update(min_wan=500), "actions.json，措施“D02”：费用下限高于上限",
     "actions.json, action 'D02': cost min_wan is above max_wan"),
    ("policy", lambda b: b["subsidy_ratio"]["by_action"].update(S01=2), "subsidy_policy.json，各措施补助比例“S01”：2 必须是 0 到 1 之间的比例",
     "subsidy_policy.json, subsidy_ratio.by_action 'S01': 2 must be a share between 0 and 1"),
    ("scenarios", lambda b: b["scenarios"][1]["policy"].update(budget_factor=-1),
     "scenarios.json，方案“sme_focus”，预算系数：必须大于 0", "scenarios.json, scenario 'sme_focus', budget_factor: must be positive"),
])
def test_a_refused_template_reads_in_either_language(name, change, zh, en):
    error = refused(name, change)
    assert error.message("zh").startswith(zh)
    assert error.message("en").startswith(en) and str(error).startswith(en)
