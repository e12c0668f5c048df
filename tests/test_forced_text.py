"""Exports that force text with ="…" (so Excel keeps 18-character codes and phone numbers): the text inside
is the value, in CSV and in HTML saved as .xls, for every field that holds text."""

from __future__ import annotations

from planning.importing.importer import import_rosters
from planning.importing.normalize import unwrap_forced_text
from planning.reference import creditcode
from tests.test_formats import MERGED_CITY_FIRMS

HEADER = ["企业名称", "统一社会信用代码", "所属地市", "行业代码", "营业收入（万元）", "联系电话", "海关编码"]
ROWS = [(name, f'="{code}"', "合肥市", '="3511"', '="12500"', '="05515551234"', '="0012"')
        for name, code, _ in MERGED_CITY_FIRMS]


def _assert_forced_text_read(roster):
    frame = roster.frame
    assert list(frame["credit_code"]) == [code for _, code, _ in MERGED_CITY_FIRMS]
    assert set(frame["credit_code_status"]) == {creditcode.VALID}
    assert list(frame["industry_code"]) == ["3511"] * 3
    assert list(frame["revenue_wan"]) == [12500.0] * 3
    assert list(frame["phone"]) == ["05515551234"] * 3
    assert list(frame["extra:海关编码"]) == ["0012"] * 3
    assert not [issue for issue in roster.report.issues if issue.field == "credit_code"]


def test_forced_text_in_csv(tmp_path):
    path = tmp_path / "roster.csv"
    lines = [",".join(HEADER)] + [",".join(row) for row in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _assert_forced_text_read(import_rosters([path]))


def test_forced_text_in_csv_with_quoted_fields(tmp_path):
    path = tmp_path / "roster.csv"
    quoted = [",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in ROWS]
    path.write_text("\n".join([",".join(HEADER), *quoted]) + "\n", encoding="utf-8")
    _assert_forced_text_read(import_rosters([path]))


def test_forced_text_in_html_saved_as_xls(tmp_path):
    path = tmp_path / "roster.xls"
    cells = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in ROWS)
    head = "<tr>" + "".join(f"<td>{h}</td>" for h in HEADER) + "</tr>"
    path.write_text(f"<html><body><table>{head}{cells}</table></body></html>", encoding="utf-8")
    _assert_forced_text_read(import_rosters([path]))


def test_unwrap_keeps_other_cells_and_empties_blank_forced_text():
    column = ('="0551"', 'x="1"', "=SUM(A1)", '=""', None, 3.0, ' ="a""b" ')
    assert unwrap_forced_text(column) == ["0551", 'x="1"', "=SUM(A1)", None, None, 3.0, 'a"b']
    plain = ("a", None, 1.0)
    assert unwrap_forced_text(plain) is plain
