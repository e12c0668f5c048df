"""The lists of rows to correct (退回修改清单): one per city, whose lines are exactly the import report's
problems, each where it is in the city's own file, with what is wrong and what to do."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl

from planning.importing.importer import import_rosters
from planning.reports.problem_lists import COLUMNS, advice, problem_lines, problem_tables, write_problem_lists
from tests.conftest import ROOT
from tests.roster_files import HEADER, write_xlsx

SAMPLE = ROOT / "resources" / "samples" / "sample_roster.xlsx"
GOOD = "91110000600037341L"
BAD_CHECK = "91110000600037341M"


def city_files(tmp_path):
    """Two cities' rosters: 合肥 with a wrong check character and a row naming no firm, 芜湖 with a
    duplicate and an unknown county."""
    hefei = write_xlsx(tmp_path / "合肥市.xlsx", [
        HEADER,
        [1, "安徽甲机械有限公司", GOOD, "合肥市", "肥西县", "C3511", 1200, 120, "二级"],
        [2, "合肥乙科技有限公司", BAD_CHECK, "合肥市", "长丰县", "3911", 300, 20, "一级"],
        [3, None, None, "合肥市", "肥东县", "3911", 50, 5, "一级"],
    ])
    wuhu = write_xlsx(tmp_path / "芜湖市.xlsx", [
        HEADER,
        [1, "芜湖乙电子有限公司", "9144030071526726XG", "芜湖市", "镜湖区", "3971", 800, 60, "一级"],
        [2, "芜湖乙电子有限公司", "9144030071526726XG", "芜湖市", "镜湖区", "3971", 800, 60, "一级"],
        [3, "芜湖丙食品厂", "91350100M000100Y43", "芜湖市", "不存在区", "C14", 300, 25, "三级"],
    ], sheet="芜湖")
    return [hefei, wuhu]


def report_records(report) -> list[tuple]:
    return sorted((r["file"], r["sheet"], r["row"], r["message"]) for r in report.rows("zh")
                  if r["category"] != "skipped")


def table_records(tables) -> list[tuple]:
    return sorted((r["文件"], r["工作表"], r["行号"], r["问题"]) for table in tables.values()
                  for r in table.to_dict("records"))


def test_the_lists_hold_exactly_the_import_reports_problems_each_in_its_citys_list():
    roster = import_rosters([SAMPLE])
    tables = problem_tables(roster.report, roster.frame, "zh")
    assert table_records(tables) == report_records(roster.report)
    assert sum(len(t) for t in tables.values()) == len(roster.report.issues) + len(roster.report.rejected) > 0
    city_of = {(f, s, int(r)): c for f, s, r, c in roster.frame[["source_file", "source_sheet", "source_row", "city"]]
               .itertuples(index=False)}
    for city, table in tables.items():
        for row in table.to_dict("records"):
            placed = city_of.get((row["文件"], row["工作表"], row["行号"]))
            assert placed in (None, city)


def test_each_city_gets_its_own_rows_with_what_is_wrong_and_what_to_do(tmp_path):
    roster = import_rosters(city_files(tmp_path))
    lines = problem_lines(roster.report, roster.frame)
    assert {(line.city, line.file, line.row, line.kind) for line in lines} == {
        ("合肥市", "合肥市.xlsx", 3, "cc.bad_check"),
        ("合肥市", "合肥市.xlsx", 4, "reject.no_identity"),  # no firm in the roster: its sheet's city
        ("芜湖市", "芜湖市.xlsx", 3, "reject.duplicate"),
        ("芜湖市", "芜湖市.xlsx", 4, "region.unknown_county"),
    }
    hefei = problem_tables(roster.report, roster.frame, "zh")["合肥市"]
    first = hefei.to_dict("records")[0]
    assert (first["列"], first["列名"], first["企业名称"], first["填写的值"]) == ("C", "统一社会信用代码", "合肥乙科技有限公司", BAD_CHECK)
    assert first["问题"].startswith("校验码错误") and "第 18 位校验码" in first["修改建议"]
    assert advice("value.something_new", "revenue_wan", "zh") == "请核对并更正“营业收入（万元）”"


def test_one_workbook_per_city_ready_to_send_back(tmp_path):
    roster = import_rosters(city_files(tmp_path))
    written = write_problem_lists(roster.report, roster.frame, tmp_path / "out", "zh")
    assert sorted(p.name for p in written) == ["退回修改清单_合肥市.xlsx", "退回修改清单_芜湖市.xlsx"]
    sheet = openpyxl.load_workbook(tmp_path / "out" / "退回修改清单_芜湖市.xlsx").worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["文件", "工作表", "行号", "列", "列名", "企业名称", "统一社会信用代码", "填写的值", "问题", "修改建议"]
    assert len(COLUMNS) == len(rows[0])
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [("芜湖市.xlsx", "芜湖", 3), ("芜湖市.xlsx", "芜湖", 4)]
    assert all(r[8] and r[9] for r in rows[1:])


def test_a_row_no_city_can_be_given_goes_to_the_unknown_citys_list(tmp_path):
    nowhere = write_xlsx(tmp_path / "名单.xlsx", [
        ["企业名称", "统一社会信用代码"],
        ["某公司", BAD_CHECK],
    ])
    roster = import_rosters([nowhere])
    written = write_problem_lists(roster.report, roster.frame, tmp_path / "out", "en")
    assert [p.name for p in written] == ["corrections_unknown city.xlsx"]


def test_the_import_command_writes_the_lists(tmp_path):
    files = city_files(tmp_path)
    out = tmp_path / "lists"
    run = subprocess.run([sys.executable, "main.py", "import", *map(str, files), "--problems-out", str(out),
                          "--json"], cwd=ROOT, capture_output=True, timeout=300)
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert sorted(summary["problem_lists"]) == sorted(str(p) for p in out.iterdir()) and len(summary["problem_lists"]) == 2
