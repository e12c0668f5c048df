"""Placeholder words ('待补充', '暂无', '/', 'N/A'; '0' in a code column) are data about a missing value: the
value is missing and the report says which word stood there, never 'invalid code' or 'not a number'."""

from __future__ import annotations

import json

import pytest

from planning.base.paths import template_path
from planning.importing.importer import import_rosters
from planning.reference import creditcode
from tests.test_formats import MERGED_CITY_FIRMS

HEADER = ["企业名称", "统一社会信用代码", "所属地市", "行业代码", "营业收入（万元）", "数字化水平等级", "成立日期", "是否应用ERP"]
CHINESE_WORDS = ["待补充", "待填", "无", "暂无", "没有", "不详", "空"]
PUNCTUATION = ["/", "-", "—", "——"]
ENGLISH = ["N/A", "NA", "null", "n/a", "Null", "ＮＡ"]


def _roster_with(tmp_path, word: str, code_word: str | None = None):
    """Three firms; the second has ``word`` in every checked column (``code_word`` in the code columns)."""
    code_word = word if code_word is None else code_word
    rows = [",".join(HEADER)]
    for k, (name, code, revenue) in enumerate(MERGED_CITY_FIRMS):
        if k == 1:
            rows.append(",".join([name, code_word, word, code_word, word, word, word, "是"]))
        else:
            rows.append(",".join([name, code, "合肥市", "3511", str(revenue), "二级", "2015-03-01", "否"]))
    path = tmp_path / "roster.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return import_rosters([path])


def _issues_of_second_firm(roster):
    return {issue.field: issue for issue in roster.report.issues if issue.row == 3}


def _assert_missing_with_word(roster, word: str, code_word: str, fields=("credit_code", "city", "industry_code",
                                                                          "revenue_wan", "miit_level", "established")):
    firm = roster.frame.iloc[1]
    assert firm["credit_code"] is None and firm["credit_code_status"] == creditcode.MISSING
    assert firm["industry_code"] is None and firm["industry_name"] is None
    assert firm["revenue_wan"] != firm["revenue_wan"]  # NaN
    assert firm["miit_level"] is None or str(firm["miit_level"]) == "<NA>"
    issues = _issues_of_second_firm(roster)
    for key in fields:
        issue = issues[key]
        assert issue.kind == "value.placeholder", (key, issue.kind)
        expected = code_word if key in ("credit_code", "industry_code") else word
        assert issue.params["word"] == expected
        assert expected in issue.message("zh") and expected in issue.message("en")
    assert {i.kind for i in roster.report.issues} == {"value.placeholder"}


@pytest.mark.parametrize("word", CHINESE_WORDS)
def test_chinese_placeholder_words(tmp_path, word):
    _assert_missing_with_word(_roster_with(tmp_path, word), word, word)


@pytest.mark.parametrize("word", PUNCTUATION)
def test_punctuation_placeholders(tmp_path, word):
    _assert_missing_with_word(_roster_with(tmp_path, word), word, word)


@pytest.mark.parametrize("word", ENGLISH)
def test_english_placeholders_in_any_case_and_width(tmp_path, word):
    _assert_missing_with_word(_roster_with(tmp_path, word), word, word)


def test_zero_is_a_placeholder_in_a_code_column_only(tmp_path):
    roster = _roster_with(tmp_path, "待填", code_word="0")
    _assert_missing_with_word(roster, "待填", "0")


def test_zero_revenue_is_a_value(tmp_path):
    path = tmp_path / "roster.csv"
    name, code, _ = MERGED_CITY_FIRMS[0]
    path.write_text(f"企业名称,统一社会信用代码,营业收入（万元）\n{name},{code},0\n", encoding="utf-8")
    roster = import_rosters([path])
    assert roster.frame["revenue_wan"].tolist() == [0.0] and not roster.report.issues


def test_none_in_a_flag_column_still_means_no(tmp_path):
    path = tmp_path / "flags.csv"
    rows = ["企业名称,统一社会信用代码,是否应用ERP"] + [f"{n},{c},{w}" for (n, c, _), w in
                                                       zip(MERGED_CITY_FIRMS, ["无", "没有", "是"])]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    roster = import_rosters([path])
    assert roster.frame["has_erp"].tolist() == [False, False, True]
    assert not roster.report.issues


def test_the_words_are_settings_not_code():
    settings = json.loads(template_path("import_settings.json").read_text(encoding="utf-8"))
    assert {"待补充", "暂无", "/", "n/a", "null"} <= set(settings["placeholder_words"])
    assert settings["code_placeholder_words"] == ["0"]
