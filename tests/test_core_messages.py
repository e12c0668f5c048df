"""The core's text catalogue (planning/base/messages.py) is complete: every kind has a Chinese and an
English text with the same placeholders, and every kind the core asks for is there."""

import re

import pytest

from planning.base.messages import MESSAGES, tr
from planning.strategy.conditions import OPERATORS
from planning.strategy.overrides import OVERRIDABLE
from planning.strategy.sectors import BY_CODE, BY_KEYWORD, BY_NAME, BY_OVERRIDE, UNCLASSIFIED
from tests.conftest import ROOT

PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def core_sources() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted((ROOT / "planning").rglob("*.py"))
            if path.name != "messages.py"]


@pytest.mark.parametrize("kind", sorted(MESSAGES))
def test_every_kind_has_chinese_and_english_with_the_same_placeholders(kind):
    zh, en = MESSAGES[kind]
    assert zh and en, kind
    assert sorted(PLACEHOLDER.findall(zh)) == sorted(PLACEHOLDER.findall(en)), (kind, zh, en)


def test_every_kind_the_core_names_is_in_the_catalogue():
    families = "|".join(sorted({re.escape(kind.split(".")[0]) for kind in MESSAGES}))
    literal = re.compile(r"""(f?)["']((?:%s)\.[\w.!=<>]*?)(\{|["'])""" % families)
    named, prefixes = set(), set()
    for source in core_sources():
        for is_format, kind, end in literal.findall(source):
            (prefixes if (is_format and end == "{") or kind.endswith(".") else named).add(kind)
    assert len(named) > 60 and {"condition.op.", "explain.source.", "explain.field."} <= prefixes
    assert sorted(named - set(MESSAGES)) == []
    assert sorted(p for p in prefixes if not any(k.startswith(p) for k in MESSAGES)) == []


def test_every_kind_built_from_a_code_is_in_the_catalogue():
    built = ([f"condition.op.{op}" for op in OPERATORS]
             + [f"explain.field.{field}" for field in OVERRIDABLE]
             + [f"explain.source.{s}" for s in (BY_CODE, BY_NAME, BY_KEYWORD, BY_OVERRIDE, UNCLASSIFIED)]
             + [f"explain.left_out.{why}" for why in ("sector", "in_place")])
    assert sorted(k for k in built if k not in MESSAGES) == []


def test_a_kind_renders_in_either_language_with_its_parameters():
    assert tr("explain.source.code", "en", code="3511") == "from industry code 3511"
    assert tr("explain.source.code", "zh", code="3511") == "由行业代码 3511 确定"
