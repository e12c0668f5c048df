import json
import subprocess
import sys

import pytest

from planning.base.errors import ImportFailure
from planning.importing.importer import ImportOptions, import_rosters
from tests.conftest import ROOT
from tests.roster_files import FIRMS, HEADER, simple_rows, write_xlsx


def kinds(notes):
    return [(n.row, n.kind) for n in notes]


def test_simple_roster(tmp_path):
    roster = import_rosters([write_xlsx(tmp_path / "r.xlsx", simple_rows())])
    frame = roster.frame
    assert list(frame["name"]) == [f[0] for f in FIRMS]
    assert list(frame["credit_code_status"]) == ["valid"] * 3
    assert list(frame["city"]) == ["合肥市", "芜湖市", "蚌埠市"]
    assert list(frame["county"]) == ["肥西县", "镜湖区", "怀远县"]
    assert list(frame["industry_code"]) == ["3511", "3971", "14"]
    assert list(frame["revenue_wan"]) == [1200, 800, 300]
    assert list(frame["miit_level"]) == [2, 1, 3]
    assert list(frame["source_row"]) == [2, 3, 4]
    report = roster.report
    assert (report.enterprise_rows, report.enterprises) == (3, 3)
    assert report.skipped[0].kind == "row.header"


def test_title_rows_two_level_header_units_row_sections_totals_notes(tmp_path):
    rows = [
        ["2025年制造业企业数字化转型摸底表"],
        ["填报单位：省经信厅", None, None, None, None, "金额单位：亿元"],
        [],
        ["序号", "企业（单位）名称", "统一社会信用代码", "所属地市", "数字化基础", None, "营业收入"],
        [None, None, None, None, "关键工序数控化率", "设备联网率", None],
        [None, None, None, None, "%", "%", "亿元"],
        ["一、合肥市"],
        [1, "安徽甲机械有限公司", "91110000600037341L", None, "45%", "30%", 1.5],
        [2, "合肥丁材料有限公司", None, None, "50%", "40%", 0.2],
        ["合肥市小计", None, None, None, None, None, 1.7],
        ["二、芜湖市"],
        [3, "芜湖乙电子有限公司", "9144030071526726XG", None, "60%", "55%", 2],
        [None, "企业（单位）名称", "统一社会信用代码"],  # a header repeated after a page break
        [4],
        [],
        ["合  计", None, None, None, None, None, 3.7],
        ["注：营业收入为2024年数据。"],
        ["填表人：张三"],
    ]
    merges = ("A1:G1", "A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:F4", "G4:G5")
    roster = import_rosters([write_xlsx(tmp_path / "m.xlsx", rows, merges)])
    frame = roster.frame
    assert list(frame["name"]) == ["安徽甲机械有限公司", "合肥丁材料有限公司", "芜湖乙电子有限公司"]
    assert list(frame["city"]) == ["合肥市", "合肥市", "芜湖市"]  # from the section headings
    assert list(frame["revenue_wan"]) == [15000, 2000, 20000]  # 亿元 from the units row
    assert list(frame["cnc_rate"]) == [45, 50, 60]
    assert list(frame["source_row"]) == [8, 9, 12]
    assert kinds(roster.report.skipped) == [
        (1, "row.title"), (2, "row.title"), (3, "row.blank"), (4, "row.header"), (5, "row.header"),
        (6, "row.units"), (7, "row.section"), (10, "row.total"), (11, "row.section"),
        (13, "row.repeated_header"), (14, "row.serial_only"), (15, "row.blank"), (16, "row.total"),
        (17, "row.note"), (18, "row.note"),
    ]
    assert roster.report.enterprise_rows == 3
    assert roster.report.missing_credit_codes == 1


def test_every_input_row_is_accounted_for(tmp_path):
    rows = simple_rows() + [[None] * 9, ["合计"], [9, None, None, None, None, None, 5, 5, None]]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    roster = import_rosters([path])
    report = roster.report
    seen = sorted([n.row for n in report.skipped] + [n.row for n in report.rejected] +
                  list(roster.frame["source_row"]))
    assert seen == list(range(1, len(rows) + 1))
    assert kinds(report.rejected) == [(7, "reject.no_identity")]


def test_duplicates_by_code_and_by_name(tmp_path):
    firms = FIRMS + [
        ("安徽甲机械有限公司（重复）", "91110000600037341L", "合肥市", "肥西县", "C3511", 1300, 120, "二级"),
        ("无代码公司", None, "合肥市", None, None, 10, 5, None),
        ("无代码公司", None, "合肥市", None, None, 12, 5, None),
    ]
    roster = import_rosters([write_xlsx(tmp_path / "d.xlsx", simple_rows(firms))])
    report = roster.report
    assert report.enterprise_rows == 6 and report.enterprises == 4
    assert report.duplicate_credit_codes == {"91110000600037341L": 2}
    rejected = {n.row: n for n in report.rejected}
    assert set(rejected) == {5, 7}
    assert "1200 ≠ 1300" in rejected[5].reason("en")
    assert report.revenue_total_wan == 1200 + 800 + 300 + 1300 + 10 + 12


def test_several_files_merge_and_keep_their_source(tmp_path):
    a = write_xlsx(tmp_path / "合肥.xlsx", simple_rows(FIRMS[:1]))
    b = write_xlsx(tmp_path / "芜湖.xlsx", simple_rows(FIRMS[1:]))
    roster = import_rosters([a, b])
    assert list(roster.frame["source_file"]) == ["合肥.xlsx", "芜湖.xlsx", "芜湖.xlsx"]
    assert roster.report.by_city == {"合肥市": 1, "芜湖市": 1, "蚌埠市": 1}


def test_caller_overrides_header_row_and_mapping(tmp_path):
    rows = [["甲", "乙", "丙"], ["安徽甲机械有限公司", "91110000600037341L", "合肥"]]
    path = write_xlsx(tmp_path / "o.xlsx", rows)
    with pytest.raises(ImportFailure) as failure:
        import_rosters([path])
    assert failure.value.kind == "no_roster"
    options = ImportOptions(header_row=1, mapping={"A": "name", "B": "credit_code", "丙": "city"})
    roster = import_rosters([path], options)
    assert list(roster.frame["name"]) == ["安徽甲机械有限公司"]
    assert list(roster.frame["city"]) == ["合肥市"]


def test_unmapped_columns_are_kept(tmp_path):
    rows = [HEADER + ["主要产品"], [1, *FIRMS[0], "数控机床"]]
    roster = import_rosters([write_xlsx(tmp_path / "x.xlsx", rows)])
    assert roster.frame.loc[0, "extra:主要产品"] == "数控机床"


def test_same_name_different_codes_is_flagged(tmp_path):
    firms = [FIRMS[0], (FIRMS[0][0], *FIRMS[1][1:])]
    roster = import_rosters([write_xlsx(tmp_path / "s.xlsx", simple_rows(firms))])
    assert [i.kind for i in roster.report.issues] == ["dup.same_name_other_code"]


def test_cli_json_keys_and_exit_codes(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", simple_rows())
    out = subprocess.run([sys.executable, "main.py", "import", str(path), "--json"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    for key in ("enterprise_rows", "enterprises", "skipped", "rejected", "invalid_credit_codes",
                "missing_credit_codes", "duplicate_credit_codes", "revenue_total_wan", "by_city", "by_level",
                "warnings"):
        assert key in summary
    assert summary["by_level"] == {"1": 1, "2": 1, "3": 1, "4": 0, "unknown": 0}
    bad = subprocess.run([sys.executable, "main.py", "import", str(tmp_path / "missing.xlsx")], cwd=ROOT,
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert len(bad.stderr.strip().splitlines()) == 1 and "missing.xlsx" in bad.stderr
