"""The Excel plan workbook: sheets, headers, totals, print settings, safe cells; the export set and the
command line."""

import json
import math
import re
import subprocess
import sys
import zipfile
from datetime import date

import numpy as np
import openpyxl
import pytest

from planning.base.money import same_money
from planning.cli import commands as cli
from planning.reports import workbook as export_workbook
from planning.reports.table_file import FORMULA_STARTS
from planning.reports.workbook import text_width, write_workbook
from planning.reports.export_set import ExportError, ExportOptions, export_plan, parse_formats, safe_name
from planning.importing.quality_report import ERROR, ImportReport, RowNote, ValueIssue
from planning.reports.tables import ACTION_PLAN_COLUMNS, YEAR_COLUMNS
from planning.reports.city_plans import city_plan, funded_cities
from planning.reports.templates import WORKBOOK_STYLE, load
from tests.conftest import ROOT
from tests.export_plans import HOSTILE_NAMES, NUMERIC_CODE, sample_plan, synthetic_plan
from tests.roster_files import simple_rows, write_xlsx

STYLE = load(WORKBOOK_STYLE)
SHEETS = ("summary", "by_city", "by_sector", "by_track", "by_year", "action_plan", "firm_outcomes", "import_report")
HEADER_ROW = 3  # 1-based, below the title and the note
SUM_FORMULA = re.compile(r"=SUM\(('[^'!]+'!)?[A-Z]+[0-9]+:[A-Z]+[0-9]+\)")


def sheet_name(key, lang):
    return STYLE["sheets"][key][lang]


def header(key, lang):
    return STYLE["columns"][key][lang]


def rows_of(ws):
    return list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))


@pytest.fixture(scope="module")
def sample_books(tmp_path_factory):
    roster, plan = sample_plan()
    folder = tmp_path_factory.mktemp("books")
    paths = {}
    for lang in ("zh", "en"):
        paths[lang] = write_workbook(plan, folder / f"plan_{lang}.xlsx", roster.report, lang=lang,
                                     today=date(2025, 3, 31))
    return roster, plan, paths


def test_sheets_and_headers_in_both_languages(sample_books):
    _, _, paths = sample_books
    for lang in ("zh", "en"):
        wb = openpyxl.load_workbook(paths[lang])
        assert wb.sheetnames == [sheet_name(k, lang) for k in SHEETS]
        ws = wb[sheet_name("action_plan", lang)]
        got = [c.value for c in ws[HEADER_ROW]]
        assert got == [header(k, lang) for k in ACTION_PLAN_COLUMNS]
        ws = wb[sheet_name("by_year", lang)]
        assert [c.value for c in ws[HEADER_ROW]] == [header(k, lang) for k in YEAR_COLUMNS]
        ws = wb[sheet_name("by_city", lang)]
        assert ws.cell(HEADER_ROW, 1).value == header("city", lang)
    zh = openpyxl.load_workbook(paths["zh"])
    assert zh[sheet_name("summary", "zh")]["A1"].value.startswith("安徽省")
    assert openpyxl.load_workbook(paths["en"])[sheet_name("summary", "en")]["A1"].value.startswith("Anhui")


def test_totals_equal_the_plan(sample_books):
    _, plan, paths = sample_books
    wb = openpyxl.load_workbook(paths["zh"], data_only=True)  # the totals' cached values
    total_subsidy = float(plan.lines["subsidy_wan"].sum())
    total_investment = float(plan.lines["investment_wan"].sum())
    assert total_subsidy > 0
    for key, column in (("by_city", "city"), ("by_sector", "key_sector"), ("by_track", "track")):
        rows = rows_of(wb[sheet_name(key, "zh")])
        body, total = rows[:-1], rows[-1]
        assert total[0] == "合计"
        assert len(body) == plan.lines[column].nunique(dropna=False)
        assert same_money(total[4], total_subsidy) and same_money(total[3], total_investment)
        assert total[1] == plan.lines["firm"].nunique() and total[2] == len(plan.lines)
        assert same_money(sum(r[4] for r in body), total_subsidy)
        assert sum(r[2] for r in body) == len(plan.lines)
        assert math.isclose(sum(r[6] for r in body), 1.0, rel_tol=1e-9)
    rows = rows_of(wb[sheet_name("by_city", "zh")])
    by_city = plan.money_by("city")
    assert {r[0]: round(r[4], 4) for r in rows[:-1]} == by_city

    years = rows_of(wb[sheet_name("by_year", "zh")])
    body, total = years[:-1], years[-1]
    assert [r[0] for r in body] == plan.policy.years
    paid = plan.payments_by_year()
    assert all(same_money(r[5], paid[y]) for r, y in zip(body, plan.policy.years, strict=True))
    assert same_money(total[5], total_subsidy)
    assert total[6] == plan.policy.total_budget

    lines = rows_of(wb[sheet_name("action_plan", "zh")])
    body, total = lines[:-1], lines[-1]
    assert len(body) == len(plan.lines)
    assert [r[2] for r in body] == plan.lines["credit_code"].tolist()
    assert same_money(sum(r[11] for r in body), total_subsidy)
    assert same_money(total[11], total_subsidy) and same_money(total[10], total_investment)


def test_summary_holds_key_figures_kpis_and_national_figures(sample_books):
    _, plan, paths = sample_books
    ws = openpyxl.load_workbook(paths["zh"], data_only=True)[sheet_name("summary", "zh")]
    cells = {row[0]: row[1:] for row in ws.iter_rows(values_only=True) if row[0]}
    assert same_money(cells["安排补助资金"][0], plan.total_subsidy)
    assert cells["支持企业"][0] == plan.lines["firm"].nunique()
    assert cells["方案"][0] == "基准方案"
    row = cells["数字化研发设计工具普及率（%）"]
    assert row[0] == pytest.approx(plan.kpis["baseline"]["rd_tool_rate"] / 100)
    assert 0.796 in [pytest.approx(v) for v in row if isinstance(v, float)]
    assert pytest.approx(0.835) in [v for v in row if isinstance(v, float)]
    header_row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "指标")
    assert "全国（2024年）" in header_row and "全国（2025年3月）" in header_row
    assert "约束使用情况" in cells


def test_print_settings(sample_books):
    _, _, paths = sample_books
    wb = openpyxl.load_workbook(paths["zh"])
    for key in SHEETS:
        ws = wb[sheet_name(key, "zh")]
        assert ws.page_setup.orientation == "landscape", key
        assert int(ws.page_setup.paperSize) == 9, key  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, key
        assert ws.page_setup.fitToWidth in (None, 1), key
        height = ws.page_setup.fitToHeight  # absent means 1 page
        assert (height in (None, 1)) if key == "summary" else int(height) == 0, key
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        if key == "summary":
            continue
        assert ws.print_title_rows == "$3:$3", key
        assert ws.freeze_panes == ("C4" if key in ("action_plan", "firm_outcomes") else "B4"), key
        last_data = ws.max_row - (0 if key in ("import_report", "firm_outcomes") else 1)  # the total row stays out
        assert ws.auto_filter.ref == f"A3:{openpyxl.utils.get_column_letter(ws.max_column)}{last_data}", key
    ws = wb[sheet_name("action_plan", "zh")]
    assert ws.cell(HEADER_ROW + 1, 12).number_format == STYLE["number_formats"]["money"]
    assert ws.cell(HEADER_ROW + 1, 14).number_format == STYLE["number_formats"]["score"]
    assert wb[sheet_name("by_city", "zh")].cell(HEADER_ROW + 1, 7).number_format == STYLE["number_formats"]["percent"]
    assert ws.cell(HEADER_ROW + 1, 2).font.name == STYLE["font"]["zh"]["name"]  # plain text: the default font
    borders = [(str(cf.sqref), rule.dxf.border.left.style) for cf in ws.conditional_formatting for rule in cf.rules]
    assert borders == [(f"A4:O{ws.max_row - 1}", "thin")]  # the body's borders, in one rule


def test_column_widths_fit_chinese(sample_books):
    _, plan, paths = sample_books
    ws = openpyxl.load_workbook(paths["zh"])[sheet_name("by_sector", "zh")]
    longest = max(text_width(str(v)) for v in (r[0] for r in rows_of(ws)))
    assert ws.column_dimensions["A"].width >= longest
    assert text_width("合肥市") == 6 and text_width("abc") == 3 and text_width("ＡＢ") == 4
    names = openpyxl.load_workbook(paths["zh"])[sheet_name("action_plan", "zh")]
    assert names.column_dimensions["B"].width >= min(STYLE["max_width"],
                                                     max(text_width(n) for n in plan.lines["name"]))


def test_import_report_sheet(sample_books):
    roster, _, paths = sample_books
    ws = openpyxl.load_workbook(paths["zh"])[sheet_name("import_report", "zh")]
    rows = rows_of(ws)
    assert len(rows) == len(roster.report.rows("zh")) > 0
    assert {r[0] for r in rows} <= {"跳过", "未导入", "数据问题"}
    assert [c.value for c in ws[HEADER_ROW]][-2:] == [header("message", "zh"), header("raw", "zh")]


def hostile_report():
    report = ImportReport()
    report.rejected.append(RowNote("=evil.xlsx", "+sheet", 7, "reject.no_identity"))
    report.issues.append(ValueIssue("a.xlsx", "名单", 9, "C", "信用代码", "credit_code", "credit.bad_check", ERROR,
                                    {"value": "=1+1"}, raw='=HYPERLINK("http://x","y")'))
    report.issues.append(ValueIssue("a.xlsx", "名单", 10, "D", "营业收入", "revenue_wan", "value.negative", ERROR,
                                    {}, raw=float("nan")))
    return report


def excel_strings(path) -> set[str]:
    """Every text the workbook shows, read from its XML as Excel reads it: shared and inline strings,
    their runs joined, _xHHHH_ escapes decoded once (openpyxl decodes only some of them)."""
    from xml.etree import ElementTree

    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    out = set()
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name == "xl/sharedStrings.xml" or name.startswith("xl/worksheets/sheet"):
                root = ElementTree.fromstring(zf.read(name))
                for item in root.iter(f"{ns}si" if name.endswith("sharedStrings.xml") else f"{ns}is"):
                    raw = "".join(t.text or "" for t in item.iter(f"{ns}t"))
                    out.add(re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), raw))
    return out


@pytest.mark.parametrize("streamed", [False, True])
def test_injection_and_nan(tmp_path, monkeypatch, streamed):
    if streamed:  # XlsxWriter's constant_memory mode writes inline strings: a different code path
        monkeypatch.setattr(export_workbook, "STREAM_ABOVE_CELLS", 0)
    plan = synthetic_plan(hostile=True)
    lines = plan.lines
    lines.loc[lines.index[0], "value"] = np.nan
    lines.loc[lines.index[1], "own_funds_wan"] = np.inf
    lines.loc[lines.index[2], "investment_wan"] = -np.inf
    try:
        path = write_workbook(plan, tmp_path / "hostile.xlsx", hostile_report(), lang="zh")
    finally:
        synthetic_plan.cache_clear()  # the plan was changed in place
    shown = excel_strings(path)
    for name in HOSTILE_NAMES:
        assert name in shown, name
    wb = openpyxl.load_workbook(path)
    seen = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f":  # only the totals' own sums over the lines, never text from the data
                    assert SUM_FORMULA.fullmatch(value), f"{ws.title}!{cell.coordinate} is a formula: {value!r}"
                    continue
                if isinstance(value, float):
                    assert math.isfinite(value), f"{ws.title}!{cell.coordinate} = {value}"
                if isinstance(value, str):
                    seen[value] = cell
    for name in HOSTILE_NAMES:
        if name[:1] in FORMULA_STARTS and name in seen:
            assert seen[name].data_type == "s" and seen[name].quotePrefix, name  # stays text when edited
    assert sum(1 for n in HOSTILE_NAMES if n[:1] in FORMULA_STARTS and n in seen) >= 6
    assert NUMERIC_CODE in seen and seen[NUMERIC_CODE].data_type == "s"
    plan_rows = rows_of(wb[sheet_name("action_plan", "zh")])
    assert plan_rows[0][13] is None and plan_rows[1][12] is None and plan_rows[2][10] is None  # NaN, inf, -inf
    assert plan_rows[-1][10] is None  # the total of a column holding -inf
    assert '=HYPERLINK("http://x","y")' in seen and "=evil.xlsx" in seen
    with zipfile.ZipFile(path) as zf:
        assert ("xl/sharedStrings.xml" not in zf.namelist()) == streamed
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                xml = zf.read(name).decode("utf-8")
                assert "<f " not in xml, name
                formulas = re.findall(r"<f>([^<]*)</f>", xml)
                assert all(SUM_FORMULA.fullmatch("=" + f) for f in formulas), (name, formulas)
                assert not re.search(r"<v>[^<]*(nan|inf)[^<]*</v>", xml, re.IGNORECASE), name


def test_per_city_views_add_up():
    plan = synthetic_plan()
    cities = funded_cities(plan)
    assert set(cities) == set(plan.lines["city"])
    views = [city_plan(plan, city) for city in cities]
    assert same_money(sum(v.total_subsidy for v in views), plan.total_subsidy)
    assert sum(len(v.lines) for v in views) == len(plan.lines)
    for city, view in zip(cities, views):
        mine = plan.lines[plan.lines["city"] == city]
        assert sorted(view.lines["credit_code"]) == sorted(mine["credit_code"])
        assert same_money(view.total_subsidy, mine["subsidy_wan"].sum())
        paid = view.payments_by_year()
        assert same_money(sum(paid.values()), view.total_subsidy)
        assert len(view.strategy.frame) == int((plan.strategy.frame["city"] == city).sum())


def fake_pdf(content, path):
    path.write_text(content.running_title + "\n" + "\n".join(s.heading for s in content.sections), encoding="utf-8")


def test_export_set_with_per_city(tmp_path):
    plan = synthetic_plan()
    options = ExportOptions(formats=("xlsx", "pdf", "png", "svg"), lang="zh", per_city=True)
    written = export_plan(plan, tmp_path, None, options, {"pdf": fake_pdf})
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert all(p.exists() and p.stat().st_size > 0 for p in written)
    assert "一企一策资金安排方案.xlsx" in names and "一企一策资金安排方案报告.pdf" in names
    assert {"图表/levels_by_city.png", "图表/kpi_projection.svg"} <= names
    cities = funded_cities(plan)
    for city in cities:
        assert f"分地市/一企一策资金安排方案_{city}.xlsx" in names
        assert f"分地市/一企一策资金安排方案报告_{city}.pdf" in names
    assert not list(tmp_path.rglob(".*partial*"))
    city_total = 0.0
    for city in cities:
        wb = openpyxl.load_workbook(tmp_path / "分地市" / f"一企一策资金安排方案_{city}.xlsx", data_only=True)
        total = rows_of(wb[sheet_name("by_sector", "zh")])[-1]
        city_total += total[4]
        assert city in wb[sheet_name("summary", "zh")]["A1"].value
    assert same_money(city_total, plan.total_subsidy)
    text = (tmp_path / "分地市" / f"一企一策资金安排方案报告_{cities[0]}.pdf").read_text(encoding="utf-8")
    assert cities[0] in text.splitlines()[0]


def test_export_refuses_pdf_without_renderer_and_bad_formats(tmp_path):
    with pytest.raises(ExportError):
        export_plan(synthetic_plan(), tmp_path, options=ExportOptions(formats=("pdf",)))
    assert parse_formats("xlsx, PNG,.svg,xlsx") == ("xlsx", "png", "svg")
    with pytest.raises(ExportError):
        parse_formats("xlsx,docx")
    assert safe_name('a/b\\c:d*e?"f<g>|h') == "a_b_c_d_e_f_g_h"


def test_cli_without_a_pdf_renderer_refuses_pdf(tmp_path, capsys):
    roster = write_xlsx(tmp_path / "r.xlsx", simple_rows())
    code = cli.main(["export", str(roster), "--out", str(tmp_path / "out"), "--format", "xlsx,pdf"])
    assert code == cli.EXIT_BAD_INPUT
    assert "PDF" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_cli_export_and_plan_out(tmp_path):
    roster = write_xlsx(tmp_path / "r.xlsx", simple_rows())
    out = subprocess.run([sys.executable, "main.py", "export", str(roster), "--out", str(tmp_path / "e"),
                          "--format", "xlsx,png", "--budget", "100", "--years", "2025-2026", "--json", "--lang", "en"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    files = [p for p in data["files"]]
    assert any(p.endswith("funding_plan.xlsx") for p in files)
    assert any(p.endswith("yearly.png") for p in files)
    wb = openpyxl.load_workbook(tmp_path / "e" / "funding_plan.xlsx", data_only=True)
    assert wb.sheetnames[0] == "Summary"
    total = rows_of(wb["By city"])[-1]
    assert total[4] == pytest.approx(data["total_subsidy_wan"], abs=1e-4)

    out = subprocess.run([sys.executable, "main.py", "plan", str(roster), "--out", str(tmp_path / "p"),
                          "--format", "xlsx,pdf", "--budget", "100", "--years", "2025-2026"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "p" / "一企一策资金安排方案.xlsx").exists()
    assert (tmp_path / "p" / "一企一策资金安排方案报告.pdf").read_bytes()[:5] == b"%PDF-"
    assert "已写出 2 个文件" in out.stdout

    bad = subprocess.run([sys.executable, "main.py", "export", str(roster), "--out", str(tmp_path / "x"),
                          "--format", "docx"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "docx" in bad.stderr and "Traceback" not in bad.stderr


def test_an_empty_plan_still_exports(tmp_path):
    plan = synthetic_plan(60, budget=0.001)
    assert plan.lines.empty
    wb = openpyxl.load_workbook(write_workbook(plan, tmp_path / "empty.xlsx", ImportReport()))
    total = rows_of(wb[sheet_name("by_city", "zh")])[-1]
    assert total[0] == "合计" and total[4] == 0
    assert rows_of(wb[sheet_name("import_report", "zh")]) == []
    assert wb[sheet_name("import_report", "zh")]["A2"].value == "导入时未发现问题。"


def test_summary_compares_only_like_for_like_national_figures_and_says_how_each_is_computed(sample_books):
    _, plan, paths = sample_books
    ws = openpyxl.load_workbook(paths["zh"])[sheet_name("summary", "zh")]
    cells = {row[0]: row[1:] for row in ws.iter_rows(values_only=True) if row[0]}
    cnc = cells["关键工序数控化率（估算，%）"]
    assert 0.622 not in [pytest.approx(v) for v in cnc if isinstance(v, float)]
    texts = [k for k in cells if isinstance(k, str)]
    assert any(k.startswith("数字化研发设计工具普及率：") and "仅供参考" in k for k in texts)
    assert any("统计口径与本省估算不同" in k for k in texts)
    assert "其中等级未知企业（家）" in cells


def test_totals_are_sums_over_the_lines_with_their_values_cached(sample_books):
    _, plan, paths = sample_books
    formulas = openpyxl.load_workbook(paths["zh"])[sheet_name("action_plan", "zh")]
    cached = openpyxl.load_workbook(paths["zh"], data_only=True)[sheet_name("action_plan", "zh")]
    last = HEADER_ROW + len(plan.lines) + 1
    subsidy = ACTION_PLAN_COLUMNS.index("subsidy_wan") + 1
    letter = openpyxl.utils.get_column_letter(subsidy)
    assert formulas.cell(last, subsidy).value == f"=SUM({letter}{HEADER_ROW + 1}:{letter}{last - 1})"
    assert same_money(cached.cell(last, subsidy).value, plan.total_subsidy)
    by_year = openpyxl.load_workbook(paths["zh"])[sheet_name("by_year", "zh")]
    total_row = [c.value for c in by_year[HEADER_ROW + len(plan.policy.years) + 1]]
    assert str(total_row[YEAR_COLUMNS.index("paid_wan")]).startswith("=SUM(")
    assert not str(total_row[YEAR_COLUMNS.index("budget_use")]).startswith("=")  # a ratio, not a sum


def test_every_roster_firm_and_why_it_is_or_is_not_funded(sample_books):
    _, plan, paths = sample_books
    ws = openpyxl.load_workbook(paths["zh"])[sheet_name("firm_outcomes", "zh")]
    rows = rows_of(ws)
    assert len(rows) == len(plan.strategy.frame)
    reason = [c.value for c in ws[HEADER_ROW]].index(header("reason", "zh"))
    reasons = [r[reason] for r in rows]
    assert sum(r.startswith("获得支持") for r in reasons) == plan.lines["firm"].nunique()
    if plan.excluded is not None and len(plan.excluded):
        assert any("行业未能识别" in r for r in reasons)


def test_key_figures_are_sums_over_the_action_plan(sample_books):
    _, plan, paths = sample_books
    ws = openpyxl.load_workbook(paths["zh"])[sheet_name("summary", "zh")]
    cells = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}
    letter = openpyxl.utils.get_column_letter(ACTION_PLAN_COLUMNS.index("subsidy_wan") + 1)
    first, last = HEADER_ROW + 1, HEADER_ROW + len(plan.lines)
    assert cells["安排补助资金"] == f"=SUM('{sheet_name('action_plan', 'zh')}'!{letter}{first}:{letter}{last})"


def test_cities_are_listed_in_administrative_order():
    from planning.project.facade import Project
    from planning.reports.tables import group_table, levels_by_city
    from planning.reports.templates import Texts

    project = Project.from_rosters([ROOT / "resources" / "samples" / "sample_roster.xlsx"])
    plan = project.plan(total=5000.0)
    texts = Texts.load("zh")
    cities = group_table(plan, "city", texts)["group"].tolist()
    anhui = ["合肥市", "芜湖市", "蚌埠市", "淮南市", "马鞍山市", "淮北市", "铜陵市", "安庆市", "黄山市", "滁州市", "阜阳市",
             "宿州市", "六安市", "亳州市", "池州市", "宣城市"]
    assert cities == [c for c in anhui if c in cities] and len(cities) > 10
    before, _ = levels_by_city(plan, texts)
    assert [c for c in before.index if c in anhui] == [c for c in anhui if c in before.index]


def test_english_tables_name_places_in_pinyin():
    from planning.project.facade import Project
    from planning.reports.tables import group_table
    from planning.reports.templates import Texts

    project = Project.from_rosters([ROOT / "resources" / "samples" / "sample_roster.xlsx"])
    plan = project.plan(total=5000.0)
    english = group_table(plan, "city", Texts.load("en"))["group"].tolist()
    chinese = group_table(plan, "city", Texts.load("zh"))["group"].tolist()
    assert english[:3] == ["Hefei", "Wuhu", "Bengbu"] and chinese[:3] == ["合肥市", "芜湖市", "蚌埠市"]
    assert not any("市" in name for name in english)
