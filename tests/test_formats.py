"""The same roster, whatever format it arrives in, gives the same enterprises.

The committed fixtures (tests/fixtures/, made by LibreOffice, see make_fixtures.py) cover .xls (BIFF8),
.et, .ods, .xlsx, Excel 2003 XML (.xml and named .xls) and a government HTML export named .xls. The CSV
variants (six encodings, three delimiters, a CSV named .xls) and the multi-sheet workbook are written
here into tmp_path. Reader-level checks use the foreign corpus (1904 dates, hidden and chart sheets).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import subprocess
import sys
import zipfile

import openpyxl
import pandas as pd
import pytest

from planning.base.errors import ImportFailure
from planning.importing.config import default_import_config
from planning.importing.importer import ImportOptions, import_rosters
from planning.importing.normalize import norm_date
from planning.importing.readers.grids import open_workbook
from tests.conftest import CORPUS, FIXTURES, ROOT, needs_corpus
from tests.fixtures.make_fixtures import (
    COPIES, EXPECTED, FIRMS, HEADER, HTML_FILE, INVALID_CODE, LO_FILES, TOTAL_REVENUE, roster_rows,
)

FIELDS = list(EXPECTED)

# committed fixture -> (format the reader must detect, 1-based header row)
FIXTURE_FORMATS = {
    "roster_excel97.xls": ("xls", 3),
    "roster_wps.et": ("et", 3),
    "roster_lo.ods": ("ods", 3),
    "roster_lo.xlsx": ("xlsx", 3),
    "roster_excel2003.xml": ("xml", 3),
    "roster_excel2003xml.xls": ("xml", 3),
    HTML_FILE: ("html", 4),  # two-level header (rowspan/colspan) on rows 3-4
}
assert set(FIXTURE_FORMATS) == set(LO_FILES.values()) | set(COPIES) | {HTML_FILE}


def enterprise_columns(frame: pd.DataFrame) -> dict[str, list]:
    """The compared fields as plain Python values (dates as datetime.date, NA as None)."""
    out = {}
    for key in FIELDS:
        values = []
        for value in frame[key].tolist():
            if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                value = None
            elif isinstance(value, pd.Timestamp):
                value = value.date()
            elif hasattr(value, "item"):  # numpy scalars
                value = value.item()
            values.append(value)
        out[key] = values
    return out


def assert_same_roster(roster, header_row: int | None = None) -> None:
    assert enterprise_columns(roster.frame) == EXPECTED
    report = roster.report
    assert (report.enterprise_rows, report.enterprises) == (8, 8)
    assert report.rejected == []
    assert [i.raw for i in report.invalid_credit_codes()] == [INVALID_CODE]
    assert report.missing_credit_codes == 0
    assert report.revenue_total_wan == pytest.approx(TOTAL_REVENUE)
    assert dict(report.by_city) == {"合肥市": 2, "芜湖市": 1, "蚌埠市": 1, "马鞍山市": 1, "安庆市": 1,
                                    "滁州市": 1, "阜阳市": 1}
    assert {k: report.by_level.get(k, 0) for k in "1234"} == {"1": 2, "2": 3, "3": 2, "4": 1}
    assert [n.kind for n in report.skipped if n.kind == "row.total"] == ["row.total"]
    imported = [s for f in report.files for s in f.sheets if s.imported]
    assert len(imported) == 1
    if header_row is not None:
        assert imported[0].header_row == header_row


# ------------------------------------------------------------------ committed office-suite fixtures


@pytest.mark.parametrize("name", sorted(FIXTURE_FORMATS))
def test_every_fixture_format_gives_the_same_enterprises(name):
    fmt, header_row = FIXTURE_FORMATS[name]
    roster = import_rosters([FIXTURES / name])
    assert roster.report.files[0].format == fmt
    assert_same_roster(roster, header_row)
    assert "省级专精特新" in roster.frame["remarks"][2] and "已通过评测" in roster.frame["remarks"][2]


def test_fixtures_are_small_and_written_by_libreoffice():
    for name in FIXTURE_FORMATS:
        assert (FIXTURES / name).stat().st_size < 50 * 1024, name
    with zipfile.ZipFile(FIXTURES / "roster_lo.xlsx") as zf:
        assert b"LibreOffice" in zf.read("docProps/app.xml")
    with zipfile.ZipFile(FIXTURES / "roster_lo.ods") as zf:
        assert b"LibreOffice" in zf.read("meta.xml")
    assert (FIXTURES / "roster_excel97.xls").read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    assert (FIXTURES / "roster_wps.et").read_bytes() == (FIXTURES / "roster_excel97.xls").read_bytes()
    assert (FIXTURES / "roster_excel2003xml.xls").read_bytes() == (FIXTURES / "roster_excel2003.xml").read_bytes()
    assert b"urn:schemas-microsoft-com:office:spreadsheet" in (FIXTURES / "roster_excel2003.xml").read_bytes()
    html = (FIXTURES / HTML_FILE).read_bytes()
    assert b"rowspan" in html and b"colspan" in html
    html.decode("gbk")  # a GBK page, as government systems write them


def test_excel_2003_xml_from_libreoffice_is_not_expanded_to_the_whole_sheet():
    """LibreOffice ends each row with an empty <Cell ss:Index="16384"/> and writes a last empty row
    1048576; the grid holds only the cells with data."""
    text = (FIXTURES / "roster_excel2003.xml").read_text(encoding="utf-8")
    assert 'ss:Index="16384"' in text and 'ss:Index="1048576"' in text
    source = open_workbook(FIXTURES / "roster_excel2003.xml", default_import_config())
    rows, merged = source.sheets[0].load()
    assert len(rows) == 3 + len(FIRMS) + 1
    assert max(len(r) for r in rows) == len(HEADER)
    assert (0, 0, 0, len(HEADER) - 1) in merged  # the merged title


def test_several_formats_at_once_make_duplicates_not_new_firms():
    names = ["roster_lo.xlsx", "roster_excel97.xls", HTML_FILE]
    roster = import_rosters([FIXTURES / n for n in names])
    assert roster.report.enterprise_rows == 24
    assert roster.report.enterprises == 8
    assert sum(1 for n in roster.report.rejected if n.kind == "reject.duplicate") == 16


# ------------------------------------------------------------------ CSV written by the test


def csv_text(delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)  # Excel's dialect: CRLF, quotes where needed
    for row in roster_rows():
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return out.getvalue()


ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "gbk": lambda text: text.encode("gbk"),
    "gb18030": lambda text: text.encode("gb18030"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
}
DELIMITERS = {"comma": ",", "tab": "\t", "semicolon": ";"}


@pytest.mark.parametrize("delimiter", sorted(DELIMITERS))
@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_csv_in_every_encoding_and_delimiter(tmp_path, encoding, delimiter):
    text = csv_text(DELIMITERS[delimiter])
    assert '"省级专精特新\n已通过评测"' in text  # a quoted field with a line break
    path = tmp_path / f"roster_{encoding}_{delimiter}.csv"
    path.write_bytes(ENCODINGS[encoding](text))
    roster = import_rosters([path])
    assert roster.report.files[0].format == "csv"
    assert_same_roster(roster, header_row=3)
    # the line break inside quotes did not split the record: data records 4-12 (8 firms + total)
    sheet = roster.report.files[0].sheets[0]
    assert sheet.data_rows == (4, 12)
    assert list(roster.frame["source_row"]) == list(range(4, 12))
    warned = [p["encoding"] for k, p in roster.report.warnings if k == "warn.encoding"]
    if encoding.startswith(("gb", "utf-16")):
        assert warned and warned[0].startswith(("GB", "UTF-16"))
    else:
        assert warned == []


def test_csv_named_xls(tmp_path):
    path = tmp_path / "名单导出.xls"
    path.write_bytes(csv_text("\t").encode("gbk"))
    roster = import_rosters([path])
    assert roster.report.files[0].format == "csv"
    assert_same_roster(roster, header_row=3)
    assert "warn.text_as_xls" in [k for k, _ in roster.report.warnings]


def test_quoted_fields_with_line_breaks_in_names_and_codes(tmp_path):
    text = ('企业名称,统一社会信用代码,所属地市,行业代码\r\n'
            '"合肥华曜精密机械\r\n有限公司","91110000600037341L\n",合肥市,C3511\r\n'
            '"芜湖瑞丰汽车零部件有限公司","9144030071526726XG",芜湖,"C3670"\r\n')
    path = tmp_path / "breaks.csv"
    path.write_text(text, encoding="utf-8")
    roster = import_rosters([path])
    assert list(roster.frame["name"]) == ["合肥华曜精密机械有限公司", "芜湖瑞丰汽车零部件有限公司"]
    assert list(roster.frame["credit_code_status"]) == ["valid", "valid"]
    assert list(roster.frame["source_row"]) == [2, 3]  # records, not lines


@needs_corpus
def test_corpus_csv_line_breaks_and_utf16():
    cfg = default_import_config()
    rows, _ = open_workbook(CORPUS / "phpspreadsheet__line_break_in_enclosure.csv", cfg).sheets[0].load()
    assert len(rows) == 6 and all(len(r) == 3 for r in rows)
    assert rows[1][1] == "This is a test\r\nwith line breaks\r\nthat breaks the\r\ndelimiters"
    source = open_workbook(CORPUS / "phpspreadsheet__premiere.utf16lebom.csv", cfg)
    rows, _ = source.sheets[0].load()
    assert rows == [["première", "second", "troisième"], ["Quatrième", "cinquième", "sixième"]]
    assert ("warn.encoding", {"file": "phpspreadsheet__premiere.utf16lebom.csv", "encoding": "UTF-16"}) \
        in source.warnings


# ------------------------------------------------------------------ one sheet per city


CITY_SHEETS = {
    "合肥市": [("合肥华曜精密机械有限公司", "91110000600037341L", "C3511", 12500.5, "二级"),
             ("合肥徽韵食品厂", "91340800MA2TQ1E51W", "C1391", 236.8, "一级")],
    "芜湖": [("芜湖瑞丰汽车零部件有限公司", "9144030071526726XG", "C3670", 3200, "一级")],
    "蚌埠市企业名单": [("蚌埠晶华玻璃股份有限公司", "91350100M000100Y43", "C3041", 860.25, "三级"),
                 ("蚌埠恒瑞光电有限公司", "91310115MA1K3BTP2B", "C3971", 4100, "四级")],
}
CITY_OF_SHEET = {"合肥市": "合肥市", "芜湖": "芜湖市", "蚌埠市企业名单": "蚌埠市"}


@pytest.fixture
def city_workbook(tmp_path):
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "汇总"
    summary.append(["2025年各市企业数汇总"])
    summary.append(["地市", "企业数（家）", "营业收入合计（万元）"])
    for sheet, firms in CITY_SHEETS.items():
        summary.append([CITY_OF_SHEET[sheet], len(firms), sum(f[3] for f in firms)])
    summary.append(["合计", sum(len(f) for f in CITY_SHEETS.values()), None])
    for sheet, firms in CITY_SHEETS.items():
        ws = wb.create_sheet(sheet)
        ws.append([f"{sheet}制造业企业名单"])
        ws.append([])
        ws.append(["序号", "企业名称", "统一社会信用代码", "行业代码", "营业收入（万元）", "数字化水平等级"])
        for i, firm in enumerate(firms, start=1):
            ws.append([i, *firm])
    path = tmp_path / "各市名单.xlsx"
    wb.save(path)
    return path


def test_every_city_sheet_is_imported_with_the_city_of_its_name(city_workbook):
    roster = import_rosters([city_workbook])
    frame = roster.frame
    expected_names = [f[0] for firms in CITY_SHEETS.values() for f in firms]
    assert list(frame["name"]) == expected_names
    assert list(frame["city"]) == [CITY_OF_SHEET[s] for s, firms in CITY_SHEETS.items() for _ in firms]
    assert list(frame["source_sheet"]) == [s for s, firms in CITY_SHEETS.items() for _ in firms]
    assert list(frame["credit_code_status"]) == ["valid"] * 5
    sheets = {s.name: s for s in roster.report.files[0].sheets}
    assert not sheets["汇总"].imported and sheets["汇总"].reason == "sheet.summary"
    for name, city in CITY_OF_SHEET.items():
        assert sheets[name].imported and sheets[name].city == city
    assert dict(roster.report.by_city) == {"合肥市": 2, "芜湖市": 1, "蚌埠市": 2}
    assert roster.report.revenue_total_wan == pytest.approx(sum(f[3] for fs in CITY_SHEETS.values() for f in fs))


def test_sheet_option_picks_one_sheet(city_workbook):
    roster = import_rosters([city_workbook], ImportOptions(sheet="芜湖"))
    assert list(roster.frame["name"]) == ["芜湖瑞丰汽车零部件有限公司"]
    assert list(roster.frame["city"]) == ["芜湖市"]
    reasons = {s.name: s.reason for s in roster.report.files[0].sheets}
    assert reasons == {"汇总": "sheet.not_chosen", "合肥市": "sheet.not_chosen", "芜湖": None,
                       "蚌埠市企业名单": "sheet.not_chosen"}


def run_cli(*args, timeout=60):
    return subprocess.run([sys.executable, "main.py", "import", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def test_cli_sheet_option(city_workbook):
    done = run_cli(city_workbook, "--sheet", "蚌埠市企业名单", "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["enterprises"] == 2
    assert summary["by_city"] == {"蚌埠市": 2}
    missing = run_cli(city_workbook, "--sheet", "淮南市", "--lang", "en")
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines() == [missing.stderr.strip()]
    assert "各市名单.xlsx" in missing.stderr and "淮南市" in missing.stderr and "芜湖" in missing.stderr


# ------------------------------------------------------------------ dates, hidden and chart sheets


@needs_corpus
def test_1904_date_system():
    path = CORPUS / "calamine__date_1904.xlsx"
    with zipfile.ZipFile(path) as zf:
        assert b'date1904="true"' in zf.read("xl/workbook.xml")
        sheet_xml = zf.read("xl/worksheets/sheet1.xml")
    assert b"<v>42735</v>" in sheet_xml and b"<v>42736</v>" in sheet_xml  # 1904 serials, as stored
    cfg = default_import_config()
    sheet = open_workbook(path, cfg).sheets[0]
    assert sheet.date1904
    rows, _ = sheet.load()
    # calamine applies the 1904 epoch itself: the cells come out as dates, not serials
    assert [rows[0][0], rows[1][0]] == [dt.date(2021, 1, 1), dt.date(2021, 1, 2)]
    expected = ["2021-01-01", "2021-01-02"]
    dates, problems = norm_date([rows[0][0], rows[1][0]], cfg, sheet.date1904)
    assert [str(d) for d in dates] == expected and problems == []
    # the raw serials (what a reader that leaves numbers would give) through the 1904 epoch
    dates, problems = norm_date([42735.0, 42736], cfg, True)
    assert [str(d) for d in dates] == expected and problems == []
    dates, _ = norm_date([42735.0], cfg, False)
    assert str(dates[0]) == "2016-12-31"  # the same serial in the 1900 system: 1462 days earlier
    # the duration cell (a timedelta) is not a date
    _, problems = norm_date([rows[2][0]], cfg, True)
    assert [p[1] for p in problems] == ["unparseable_date"]


@needs_corpus
def test_hidden_and_chart_sheets_in_corpus_file():
    path = CORPUS / "calamine__any_sheets.xlsx"
    source = open_workbook(path, default_import_config())
    assert [(s.name, s.kind, s.hidden) for s in source.sheets] == [
        ("Visible", "worksheet", False), ("Hidden", "worksheet", True),
        ("VeryHidden", "worksheet", True), ("Chart", "chart", False)]
    roster = import_rosters([path, FIXTURES / "roster_lo.xlsx"])  # so that the import succeeds
    reasons = {s.name: s.reason for f in roster.report.files for s in f.sheets if f.path == str(path)}
    assert reasons == {"Visible": "sheet.no_header", "Hidden": "sheet.hidden", "VeryHidden": "sheet.hidden",
                       "Chart": "sheet.chart"}


def test_hidden_roster_sheet_and_chart_sheet_are_skipped(tmp_path):
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    visible = wb.active
    visible.title = "名单"
    hidden = wb.create_sheet("旧名单")
    for ws, firms in ((visible, FIRMS[:2]), (hidden, FIRMS[2:4])):
        ws.append(["企业名称", "统一社会信用代码", "所属地市", "营业收入（万元）"])
        for firm in firms:
            ws.append([firm[0], firm[1], firm[2], firm[4]])
    hidden.sheet_state = "hidden"
    chart_sheet = wb.create_chartsheet("图表")
    chart = BarChart()
    chart.add_data(Reference(visible, min_col=4, min_row=1, max_row=3), titles_from_data=True)
    chart_sheet.add_chart(chart)
    path = tmp_path / "hidden.xlsx"
    wb.save(path)
    roster = import_rosters([path])
    assert list(roster.frame["name"]) == [FIRMS[0][0], FIRMS[1][0]]
    reasons = {s.name: s.reason for s in roster.report.files[0].sheets}
    assert reasons == {"名单": None, "旧名单": "sheet.hidden", "图表": "sheet.chart"}
    # a hidden sheet is still imported when asked for by name
    roster = import_rosters([path], ImportOptions(sheet="旧名单"))
    assert list(roster.frame["name"]) == [FIRMS[2][0], FIRMS[3][0]]


def test_not_found_sheet_names_the_file(city_workbook):
    with pytest.raises(ImportFailure) as failure:
        import_rosters([city_workbook], ImportOptions(sheet="不存在"))
    assert failure.value.kind == "sheet_not_found"
    assert "各市名单.xlsx" in failure.value.message("zh")


# ------------------------------------------------------------------ merged cells inside the data

MERGED_CITY_FIRMS = [("合肥华曜精密机械有限公司", "91110000600037341L", 100),
                     ("合肥徽韵食品厂", "91340800MA2TQ1E51W", 200),
                     ("芜湖瑞丰汽车零部件有限公司", "9144030071526726XG", 300)]


def _merged_city_html(path):
    rows = "".join(
        f"<tr><td>{n}</td><td>{c}</td>{city}<td>{r}</td></tr>"
        for (n, c, r), city in zip(MERGED_CITY_FIRMS, ['<td rowspan="2">合肥市</td>', "", "<td>芜湖市</td>"]))
    path.write_text("<table><tr><td>企业名称</td><td>统一社会信用代码</td><td>所属地市</td><td>营业收入（万元）</td></tr>"
                    + rows + "</table>", encoding="utf-8")
    return path


def _merged_city_xlsx(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业名称", "统一社会信用代码", "所属地市", "营业收入（万元）"])
    for (n, c, r), city in zip(MERGED_CITY_FIRMS, ["合肥市", None, "芜湖市"]):
        ws.append([n, c, city, r])
    ws.merge_cells("C2:C3")
    wb.save(path)
    return path


def test_readers_report_merged_data_cells(tmp_path):
    cfg = default_import_config()
    for path in (_merged_city_html(tmp_path / "city.xls"), _merged_city_xlsx(tmp_path / "city.xlsx")):
        rows, merged = open_workbook(path, cfg).sheets[0].load()
        assert (1, 2, 2, 2) in merged and rows[1][2] == "合肥市" and rows[2][2] in (None, "")


@pytest.mark.parametrize("maker", [_merged_city_html, _merged_city_xlsx], ids=["html-rowspan", "xlsx-merge"])
def test_city_merged_over_several_firms_applies_to_each(tmp_path, maker):
    path = maker(tmp_path / ("city.xls" if maker is _merged_city_html else "city.xlsx"))
    roster = import_rosters([path])
    assert list(roster.frame["city"]) == ["合肥市", "合肥市", "芜湖市"]
