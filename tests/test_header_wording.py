"""Headers in wordings the synonyms do not list: English survey exports, units in brackets, 占比 for 率;
a column is recognised by its values when its header only says 'level'; the report says how each header
was matched."""

from __future__ import annotations

import csv
import io

import pytest

from planning.importing.config import default_import_config
from planning.importing.header import BY_TOKENS, BY_VALUES, EXACT, NORMALISED, HeaderMatcher
from planning.importing.importer import import_rosters
from tests.test_formats import MERGED_CITY_FIRMS

ENGLISH_HEADER = ["Enterprise Name", "Unified Social Credit Code", "District/County", "Industry Code (GB/T 4754)",
                  "Revenue (10k CNY)", "Digital Level of SME", "CNC Penetration (%)", "Digital R&D Tool Rate"]


def _write_csv(path, header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _english_rows():
    counties = ["蜀山区", "包河区", "镜湖区"]
    return [[name, code, county, "3511", revenue, level, cnc, rd]
            for (name, code, revenue), county, level, cnc, rd in
            zip(MERGED_CITY_FIRMS, counties, [2, 3, 1], ["45%", "30%", "12.5%"], [60, 70, 20])]


def test_english_survey_export_is_read_whole(tmp_path):
    roster = import_rosters([_write_csv(tmp_path / "survey.csv", ENGLISH_HEADER, _english_rows())])
    frame = roster.frame
    assert frame["miit_level"].tolist() == [2, 3, 1]
    assert roster.report.by_level["unknown"] == 0
    assert frame["county"].tolist() == ["蜀山区", "包河区", "镜湖区"]
    assert frame["city"].tolist() == ["合肥市", "合肥市", "芜湖市"]
    assert frame["industry_code"].tolist() == ["3511"] * 3
    assert frame["revenue_wan"].tolist() == [100.0, 200.0, 300.0]
    assert frame["cnc_rate"].tolist() == [45.0, 30.0, 12.5]
    assert frame["rd_tool_rate"].tolist() == [60.0, 70.0, 20.0]
    assert not roster.report.issues
    (sheet,) = roster.report.files[0].sheets
    assert sheet.matched == {
        "name": EXACT, "credit_code": EXACT, "county": NORMALISED, "industry_code": NORMALISED,
        "revenue_wan": NORMALISED, "miit_level": BY_TOKENS, "cnc_rate": BY_TOKENS, "rd_tool_rate": EXACT}
    assert not sheet.unmapped
    kinds = [kind for kind, _ in roster.report.warnings]
    assert "warn.column_unit" not in kinds  # 10k CNY is 万元
    (text,) = [t for t in roster.report.warning_texts("en") if "inference" in t]
    assert "column F 'Digital Level of SME' -> MIIT digital level (by its words)" in text
    (text,) = [t for t in roster.report.warning_texts("zh") if "推断" in t]
    assert "G列“CNC Penetration (%)”→关键工序数控化率（%）（按词语）" in text
    assert "Revenue" not in text  # a unit in brackets is no guess: the mapping says it was normalised
    summary = roster.report.to_summary("en")
    assert summary["files"][0]["sheets"][0]["mapping"]["miit_level"]["matched"] == BY_TOKENS


@pytest.mark.parametrize("header, field", [
    ("数控化占比", "cnc_rate"), ("研发工具普及比例(%)", "rd_tool_rate"), ("设备联网比率（%）", "networking_rate"),
    ("Network Rate", "networking_rate"), ("Equipment Networking Percentage", "networking_rate"),
    ("Number of Employees", "employees"), ("Turnover (10k CNY)", "revenue_wan"), ("MIIT Grade", "miit_level"),
])
def test_unseen_wordings(header, field):
    assert HeaderMatcher(default_import_config()).match(header)[0] == field


@pytest.mark.parametrize("header", ["Sheet Name", "Company Code", "Credit Rating", "Name and Code"])
def test_a_word_shared_with_a_synonym_is_not_enough(header):
    assert HeaderMatcher(default_import_config()).match(header)[0] is None


@pytest.mark.parametrize("header, values", [
    ("Assessment Level", [2, 3, 1]),
    ("两化融合级别", ["二级", "三级", "一级"]),
    ("SME level (self-assessed)", ["L2", "3", "一级（初始级）"]),
])
def test_level_column_recognised_by_its_values(tmp_path, header, values):
    rows = [[name, code, value] for (name, code, _), value in zip(MERGED_CITY_FIRMS, values)]
    roster = import_rosters([_write_csv(tmp_path / "levels.csv", ["企业名称", "统一社会信用代码", header], rows)])
    assert roster.frame["miit_level"].tolist() == [2, 3, 1]
    (sheet,) = roster.report.files[0].sheets
    assert sheet.matched["miit_level"] == BY_VALUES
    assert any("按列中的值" in t for t in roster.report.warning_texts("zh"))


def test_a_level_header_over_other_values_is_not_the_level(tmp_path):
    rows = [[name, code, value] for (name, code, _), value in zip(MERGED_CITY_FIRMS, ["AAA", "AA", "A"])]
    roster = import_rosters([_write_csv(tmp_path / "credit.csv", ["企业名称", "统一社会信用代码", "信用等级 Level"], rows)])
    assert roster.report.by_level["unknown"] == 3
    assert "miit_level" not in roster.report.files[0].sheets[0].mapping
