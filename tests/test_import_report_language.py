"""The import report holds message kinds and parameters, rendered only when shown: read in English it
holds no Chinese but the data it quotes (file, sheet and column names, cell values)."""

import json
import re
import sqlite3

import openpyxl

from planning.base.messages import tr
from planning.importing.importer import import_rosters
from planning.project.facade import Project
from planning.project.file_format import open_project, save_project
from planning.reports.templates import Texts
from planning.reports.workbook import import_report_frame

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")

HEADER = ["序号", "企业名称", "统一社会信用代码", "营业收入（万元）", "营业收入（万元）", "备用字段甲"]
ROWS = [
    [1, "安徽甲机械有限公司", "91110000600037341L", 1200, 1300, "甲"],
    [2, "安徽甲机械有限公司", "91110000600037341L", 1250, 1300, "乙"],  # a duplicate that differs
    [3, "某某个体经营部", "92340100MA2TQ0001R", 10, 10, None],  # not an enterprise
    [4, "安徽丁材料有限公司", "9111000060003734IL", 30, 30, None],  # a wrong character, with a fix to suggest
]


def _roster_file(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    for row in [HEADER] + ROWS:
        ws.append(row)
    hidden = wb.create_sheet("下拉选项")
    hidden.append(["企业名称", "统一社会信用代码"])
    hidden.append(["选项甲", None])
    hidden.sheet_state = "hidden"
    wb.create_sheet("汇总说明").append(["说明：本表由各地市汇总"])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    return path


def _data_strings(path):
    """Every text the roster file holds: sheet names, headers, cells, and the file's name."""
    wb = openpyxl.load_workbook(path)
    texts = {path.name, path.stem} | set(wb.sheetnames)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            texts.update(str(v) for v in row if v is not None)
    return sorted(texts, key=len, reverse=True)


def _without_data(text, data):
    for value in data:
        text = text.replace(value, "")
    return text


def _english_texts(report):
    summary = report.to_summary("en")
    texts = list(report.warning_texts("en"))
    texts += [row["message"] for row in report.rows("en")]
    texts += [s["reason"] for f in summary["files"] for s in f["sheets"] if s["reason"]]
    texts += list(import_report_frame(report, Texts.load("en"))["message"])
    return texts


def _assert_english(report, path):
    data = _data_strings(path)
    texts = _english_texts(report)
    assert any("not imported: hidden sheet" in t for t in texts)
    assert any("Revenue (10k CNY) 1200 ≠ 1250" in t for t in texts)
    assert any("individual business" in t for t in texts)
    assert any("probably 91110000600037341L" in t for t in texts)
    left = [t for t in texts if CJK.search(_without_data(t, data))]
    assert left == []


def test_an_import_report_in_english_quotes_only_data_in_chinese(tmp_path):
    path = _roster_file(tmp_path)
    report = import_rosters([path]).report
    _assert_english(report, path)
    zh = report.warning_texts("zh")
    assert any("隐藏的工作表，未导入" in t for t in zh)  # the same report, read in Chinese


def test_a_saved_report_is_rendered_in_the_language_it_is_read_in(tmp_path):
    path = _roster_file(tmp_path)
    project = Project.new("test", author="tester")
    project.import_rosters([path])
    saved = save_project(project, tmp_path / "p.dtplan")
    _assert_english(open_project(saved).project.report, path)


def test_a_report_saved_by_an_older_version_with_sentences_still_opens(tmp_path):
    path = _roster_file(tmp_path)
    project = Project.new("test", author="tester")
    project.import_rosters([path])
    saved = save_project(project, tmp_path / "p.dtplan")
    old_reason = "隐藏的工作表，未导入"
    old_diff = {"zh": "；不同之处：营业收入（万元） 1200 ≠ 1250", "en": "; differences: Revenue (10k CNY) 1200 ≠ 1250"}
    with sqlite3.connect(saved) as conn:
        warnings = [["warn.sheet_skipped", {"file": path.name, "sheet": "下拉选项", "reason": old_reason}]]
        conn.execute("UPDATE import_summary SET value = ? WHERE key = 'warnings'", (json.dumps(warnings),))
        note = {"first": f"{path.name}·名单·2", "key": "91110000600037341L", "diff": old_diff}
        conn.execute("UPDATE import_notes SET params = ? WHERE kind = 'reject.duplicate'", (json.dumps(note),))
    conn.close()
    report = open_project(saved).project.report
    assert report.warning_texts("en") == [f"{path.name}: sheet '下拉选项' not imported: {old_reason}"]
    duplicate = next(n for n in report.rejected if n.kind == "reject.duplicate")
    assert duplicate.reason("en").endswith("; differences: Revenue (10k CNY) 1200 ≠ 1250")
    assert duplicate.reason("zh").endswith("营业收入（万元） 1200 ≠ 1250")


def test_message_parameters_render_in_the_reader_language():
    from planning.base.messages import field_name, message

    params = {"file": "a.xlsx", "sheet": "表", "fields": [field_name("credit_code"), field_name("name")]}
    assert tr("warn.missing_fields", "en", **params).count("Unified social credit code, Enterprise name") == 1
    assert "统一社会信用代码、企业名称" in tr("warn.missing_fields", "zh", **params)
    assert tr("warn.sheet_skipped", "en", file="a", sheet="b", reason=message("sheet.chart")) == \
        "a: sheet 'b' not imported: chart sheet, not imported"
