"""The collection template (报送模板): its sheets, checks and print settings, and the round trip
template -> filled in by a script -> import, which matches every column exactly and finds nothing
but the data's own problems."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import openpyxl
import pytest

from planning.base.errors import DTPlanError
from planning.base.schema import FIELDS
from planning.importing.config import default_import_config
from planning.importing.header import EXACT, HeaderMatcher
from planning.importing.importer import import_rosters
from planning.project.facade import Project
from planning.reference import creditcode
from planning.reports.roster_template import template_places, write_roster_template
from tests.conftest import ROOT

SAMPLE = ROOT / "resources" / "samples" / "sample_roster.xlsx"
COLUMN = {f.key: i for i, f in enumerate(FIELDS, start=1)}


def valid_code(serial: int, division: str = "340100") -> str:
    """A credit code valid under GB 32100 whose embedded organisation code passes GB 11714."""
    org8 = f"MA{serial:06d}"
    org = next(org8 + c for c in "0123456789X" if creditcode.org_code_valid(org8 + c))
    body = "91" + division + org
    return body + creditcode.check_character(body)


def firm_rows() -> list[dict]:
    return [
        {"credit_code": valid_code(1), "name": "合肥甲机械有限公司", "city": "合肥市", "county": "肥西县",
         "industry_code": "3511", "industry_name": "采矿、冶金、建筑专用设备制造", "revenue_wan": 1200.5,
         "employees": 120, "miit_level": "二级", "cnc_rate": 45, "rd_tool_rate": 60.5, "networking_rate": 30,
         "has_erp": "是", "has_mes": "否", "specialized": "是", "established": date(2012, 5, 17),
         "contact": "张三", "phone": "0551-65550001", "remarks": "=SUM(A1:A9)"},
        {"credit_code": valid_code(2, "340200"), "name": "芜湖乙电子有限公司", "city": "芜湖市", "county": "镜湖区",
         "industry_code": "39", "revenue_wan": 800, "employees": 60, "miit_level": "一级", "has_erp": "否",
         "has_mes": "否", "specialized": "否"},
        {"credit_code": valid_code(3, "340300"), "name": "蚌埠丙食品厂", "city": "蚌埠市", "county": "怀远县",
         "industry_code": "1411", "revenue_wan": 300, "employees": 25, "miit_level": "四级", "cnc_rate": 100,
         "has_erp": "是", "has_mes": "是", "specialized": "否", "phone": "13800000000"},
    ]


def fill(path, rows: list[dict]) -> None:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    first = sheet.max_row + 1 if sheet.cell(row=2, column=1).value is not None else 2
    for r, row in enumerate(rows, start=first):
        for key, value in row.items():
            cell = sheet.cell(row=r, column=COLUMN[key], value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
    workbook.save(path)


def test_every_canonical_column_name_is_a_header_synonym_matched_exactly():
    matcher = HeaderMatcher(default_import_config())
    assert {f.key: matcher.match_how(f.zh)[::2] for f in FIELDS} == {f.key: (f.key, EXACT) for f in FIELDS}


def test_the_template_has_its_sheets_checks_and_print_settings(tmp_path):
    path = tmp_path / "template.xlsx"
    write_roster_template(path, template_places("340000"))
    workbook = openpyxl.load_workbook(path)
    data, notes, lists = workbook.worksheets
    assert (data.title, notes.title) == ("企业名单", "填报说明")
    assert lists.sheet_state == "hidden" and data.sheet_state == notes.sheet_state == "visible"
    assert [c.value for c in data[1]] == [f.zh for f in FIELDS]
    assert data.freeze_panes == "A2"
    assert data.page_setup.orientation == "landscape" and data.print_title_rows == "$1:$1"
    assert data.page_setup.fitToWidth == 1 and data.sheet_properties.pageSetUpPr.fitToPage
    checks = {str(dv.sqref).split(":")[0]: dv for dv in data.data_validations.dataValidation}
    by_key = {f.key: checks.get(f"{openpyxl.utils.get_column_letter(COLUMN[f.key])}2") for f in FIELDS}
    coded = [f.key for f in FIELDS if f.kind not in ("text",)]
    assert all(by_key[key] is not None for key in coded), [k for k in coded if by_key[k] is None]
    assert all(by_key[f.key] is None for f in FIELDS if f.kind == "text")
    for key in coded:
        check = by_key[key]
        assert check.showErrorMessage and check.showInputMessage and check.errorStyle == "stop"
        assert re.search("[\u4e00-\u9fff]", check.prompt) and re.search("[\u4e00-\u9fff]", check.error)
    assert (by_key["credit_code"].type, by_key["credit_code"].operator, by_key["credit_code"].formula1) == \
        ("textLength", "equal", "18")
    assert (by_key["cnc_rate"].type, by_key["cnc_rate"].formula1, by_key["cnc_rate"].formula2) == ("decimal", "0", "100")
    assert (by_key["revenue_wan"].operator, by_key["revenue_wan"].formula1) == ("greaterThanOrEqual", "0")
    assert (by_key["employees"].type, by_key["employees"].formula1) == ("whole", "0")

    def listed(key):
        reference = by_key[key].formula1.split("!")[1].replace("$", "")
        return [c.value for row in lists[reference] for c in row]

    assert listed("miit_level") == ["一级", "二级", "三级", "四级"]
    assert listed("has_erp") == listed("specialized") == ["是", "否"]
    assert len(listed("city")) == 16 and "合肥市" in listed("city") and "黄山市" in listed("city")
    assert "肥西县" in listed("county") and "屯溪区" in listed("county")
    texts = [c.value for row in notes.iter_rows() for c in row if c.value]
    assert texts[0] == "安徽省制造业企业数字化转型基础情况报送模板" and any("万元" in t for t in texts)
    assert all(f.zh in texts for f in FIELDS)


def test_a_city_template_lists_only_that_citys_counties(tmp_path):
    path = tmp_path / "template.xlsx"
    written = write_roster_template(path, template_places(city="芜湖"))
    assert written.place == "安徽省芜湖市"
    lists = openpyxl.load_workbook(path).worksheets[2]
    cities = [c.value for c in lists["A"] if c.value]
    counties = [c.value for c in lists["B"] if c.value]
    assert cities == ["芜湖市"] and "镜湖区" in counties and "肥西县" not in counties
    with pytest.raises(DTPlanError):
        template_places(city="不存在的市")


def test_a_filled_in_template_imports_exactly_the_rows_written_with_no_problems(tmp_path):
    path = tmp_path / "template.xlsx"
    write_roster_template(path, template_places("340000"))
    rows = firm_rows()
    fill(path, rows)
    roster = import_rosters([path])
    report = roster.report
    sheet = report.files[0].sheets[0]
    assert sheet.imported and set(sheet.matched) == {f.key for f in FIELDS}
    assert set(sheet.matched.values()) == {EXACT} and not sheet.unmapped
    assert report.issues == [] and report.rejected == []
    assert [n.kind for n in report.skipped] == ["row.header"]
    assert [kind for kind, _ in report.warnings] == ["warn.sheet_skipped", "warn.sheet_skipped"]  # 填报说明, 下拉选项
    frame = roster.frame
    assert frame["credit_code"].tolist() == [r["credit_code"] for r in rows]
    assert frame["name"].tolist() == [r["name"] for r in rows]
    assert frame["county"].tolist() == ["肥西县", "镜湖区", "怀远县"]
    assert frame["miit_level"].tolist() == [2, 1, 4]
    assert frame["has_mes"].tolist() == [False, False, True]
    assert frame["revenue_wan"].tolist() == [1200.5, 800, 300]
    assert frame["remarks"].iloc[0] == "=SUM(A1:A9)"


def test_a_filled_in_template_reports_the_datas_own_problems_only(tmp_path):
    path = tmp_path / "template.xlsx"
    write_roster_template(path, template_places("340000"))
    rows = firm_rows()
    code = rows[1]["credit_code"]
    rows[1]["credit_code"] = code[:17] + ("0" if code[17] != "0" else "1")
    fill(path, rows)
    report = import_rosters([path]).report
    assert [(i.row, i.field, i.kind) for i in report.issues] == [(3, "credit_code", "cc.bad_check")]


def test_a_template_pre_filled_from_a_project_imports_back_to_the_citys_firms(tmp_path):
    project = Project.from_rosters([SAMPLE])
    path = tmp_path / "hefei.xlsx"
    written = project.write_roster_template(path, "合肥市")
    hefei = project.roster[project.roster["city"] == "合肥市"]
    assert written.firms == len(hefei) > 0
    back = import_rosters([path])
    assert back.frame["credit_code"].tolist() == hefei["credit_code"].tolist()
    assert back.frame["name"].tolist() == hefei["name"].tolist()
    assert back.frame["miit_level"].tolist() == hefei["miit_level"].tolist()
    assert back.frame["has_erp"].tolist() == hefei["has_erp"].tolist()
    kept = back.frame["revenue_wan"].notna()
    assert (back.frame["revenue_wan"][kept].round(4) == hefei["revenue_wan"].reset_index(drop=True)[kept].round(4)).all()
    assert back.report.rejected == []
    assert {i.field for i in back.report.issues} <= {"credit_code"}  # the codes the city sent wrong last year
    bad_before = {code for code, status in zip(hefei["credit_code"], hefei["credit_code_status"])
                  if code and status != "valid"}
    assert {i.raw for i in back.report.issues} == bad_before


def test_text_from_a_project_never_becomes_a_formula(tmp_path):
    project = Project.from_rosters([SAMPLE])
    roster = project.roster.copy()
    roster.loc[roster.index[0], "remarks"] = "=HYPERLINK(\"http://x\",\"y\")"
    project.roster = roster
    path = tmp_path / "all.xlsx"
    project.write_roster_template(path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    cell = sheet.cell(row=2, column=COLUMN["remarks"])
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK") and cell.quotePrefix


def test_the_command_writes_the_template(tmp_path):
    out = tmp_path / "wuhu.xlsx"
    run = subprocess.run([sys.executable, "main.py", "roster-template", "--out", str(out), "--city", "芜湖"],
                         cwd=ROOT, capture_output=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "芜湖市" in run.stdout.decode() and out.is_file()
    run = subprocess.run([sys.executable, "main.py", "roster-template", "--out", str(out), "--city", "不存在"],
                         cwd=ROOT, capture_output=True, timeout=300)
    assert run.returncode == 2 and len(run.stderr.decode().splitlines()) == 1


def test_the_command_pre_fills_a_citys_firms_from_a_project(tmp_path):
    from planning.project.file_format import save_project

    project = Project.from_rosters([SAMPLE])
    save_project(project, tmp_path / "last_year.dtplan")
    out = tmp_path / "hefei.xlsx"
    run = subprocess.run([sys.executable, "main.py", "roster-template", "--out", str(out), "--city", "合肥",
                          "--from", str(tmp_path / "last_year.dtplan"), "--lang", "en"],
                         cwd=ROOT, capture_output=True, timeout=300)
    assert run.returncode == 0, run.stderr
    firms = int((project.roster["city"] == "合肥市").sum())
    assert f"{firms} firms pre-filled" in run.stdout.decode()
    assert len(import_rosters([out]).frame) == firms
