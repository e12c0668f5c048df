"""Plain tables written for people to open: every cell inert, in .xlsx and .csv."""

import csv
import zipfile

import numpy as np
import openpyxl
import pandas as pd

from planning.reports.table_file import write_table

HOSTILE = ["=HYPERLINK(\"http://x\",\"点我\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1",
           "<r><t>raw</t></r>", "合肥华曜精密机械有限公司"]


def frame() -> pd.DataFrame:
    return pd.DataFrame({"name": HOSTILE, "revenue_wan": [1.5, np.nan, np.inf, -2.0, 0.0, 3, 4, 5],
                         "rows": np.arange(len(HOSTILE), dtype=np.int64), "=header": ["x"] * len(HOSTILE)})


def test_xlsx_cells_are_strings_with_the_quote_prefix_never_formulas(tmp_path):
    path = tmp_path / "t.xlsx"
    write_table(frame(), path)
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula cell at all
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("name", "revenue_wan", "rows", "=header")
    assert [r[0] for r in rows[1:]] == HOSTILE
    assert [r[1] for r in rows[1:]] == [1.5, None, None, -2.0, 0.0, 3, 4, 5]
    assert [r[2] for r in rows[1:]] == list(range(len(HOSTILE)))
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(2, len(HOSTILE) + 2))
    assert ws.cell(row=2, column=1).quotePrefix and not ws.cell(row=9, column=1).quotePrefix


def test_csv_text_that_would_evaluate_gets_an_apostrophe(tmp_path):
    path = tmp_path / "t.csv"
    write_table(frame(), path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["name", "revenue_wan", "rows", "'=header"]
    names = [r[0] for r in rows[1:]]
    assert all(n.startswith("'") for n in names[:6]) and names[6:] == HOSTILE[6:]
    assert [n[1:] for n in names[:6]] == HOSTILE[:6]
    assert [r[2] for r in rows[1:]] == [str(i) for i in range(len(HOSTILE))]  # integers stay integers
    assert rows[2][1] == "" and rows[4][1] == "-2.0"  # missing and infinite are empty; numbers are not quoted


def test_the_command_line_writes_rosters_and_firm_lists_inert(tmp_path):
    """A roster whose names are formulas: --roster-out and --firms-out write them as text."""
    import subprocess
    import sys

    from tests.conftest import ROOT
    from tests.roster_files import FIRMS, HEADER

    roster = tmp_path / "in.csv"
    with roster.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for k, (name, firm) in enumerate(zip(HOSTILE[:3], FIRMS), start=1):
            writer.writerow([k, name, *firm[1:]])
    for command, option in (("import", "--roster-out"), ("plan", "--firms-out")):
        for suffix in (".xlsx", ".csv"):
            out = tmp_path / f"{command}{suffix}"
            done = subprocess.run([sys.executable, "main.py", command, str(roster), option, str(out)], cwd=ROOT,
                                  capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stderr
            if suffix == ".xlsx":
                with zipfile.ZipFile(out) as zf:
                    assert "<f>" not in zf.read("xl/worksheets/sheet1.xml").decode()
            else:
                text = out.read_text(encoding="utf-8-sig")
                assert "=HYPERLINK" in text and "\n=" not in text and ",=" not in text
