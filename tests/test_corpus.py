"""Every file of the foreign corpus (real files from other readers' test suites, some hostile on purpose).

Through the command line, in a child process with a time limit and a memory cap: it ends with exit 0 and
the JSON summary, or exit 2 and one line naming the file; never a hang, a signal or a traceback. Most
corpus files are not rosters, so "no roster found" is a correct outcome for them; the broken and
hostile ones must be refused for their real reason. In-process: the readers return the data of every
readable file, including the ones some readers choke on (see SOURCES.md).
"""

from __future__ import annotations

import dataclasses
import os
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from planning.base.errors import ImportFailure
from planning.importing.header import detect_header
from planning.importing.config import default_import_config
from planning.importing.importer import import_rosters
from planning.base.messages import tr
from planning.importing.readers.grids import open_workbook
from planning.base.textnorm import header_key
from tests.conftest import CORPUS, needs_corpus
from tests.subprocess_cli import assert_clean_outcome, run_import

pytestmark = needs_corpus
CORPUS_FILES = sorted(p.name for p in CORPUS.iterdir() if p.is_file() and p.name not in ("SOURCES.md", "SHA256SUMS")) \
    if CORPUS.is_dir() else []

# Broken or hostile files and the refusal each must get (message kinds, any of them).
REFUSALS = {
    "calamine__pass_protected.xlsx": ("password",),
    "calamine__issue_594_dos.ods": ("too_many_cells_repeat",),
    "calamine__too_small.xls": ("not_spreadsheet", "no_roster"),
    "excelize__BadWorkbook.xlsx": ("no_sheets",),
    "calamine__empty_sheet.xlsx": ("no_data",),
}

KNOWN_BUGS: dict[str, pytest.MarkDecorator] = {}  # file -> xfail mark, for refusals that are wrong today


def test_corpus_is_complete():
    assert len(CORPUS_FILES) == 39
    assert set(REFUSALS) <= set(CORPUS_FILES)


def _refusal_pattern(kind: str, name: str) -> re.Pattern:
    """The English message of a refusal kind for this file, numbers left open."""
    number = "987654321"  # a placeholder that re.escape leaves alone
    params = {"file": name, "cells": number, "limit": number, "rows": number, "cols": number}
    text = re.escape(tr("fail." + kind, "en", **params))
    return re.compile(text.replace(number, r"\d+"))  # numbers, not calamine's own "?" refusal


@pytest.fixture(scope="module")
def cli_runs():
    """Every corpus file through the command line, a few child processes at a time."""
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {n: pool.submit(run_import, CORPUS / n, "--json", "--lang", "en", timeout=60) for n in CORPUS_FILES}
        return {n: f.result() for n, f in futures.items()}


@pytest.mark.parametrize("name", [pytest.param(n, marks=KNOWN_BUGS.get(n, ())) for n in CORPUS_FILES])
def test_cli_reads_or_refuses_cleanly(name, cli_runs):
    run = cli_runs[name]
    assert_clean_outcome(run, name)
    if name in REFUSALS:
        assert run.returncode == 2, run.describe()
        line = run.stderr.strip()
        assert any(_refusal_pattern(kind, name).fullmatch(line) for kind in REFUSALS[name]), line


def test_billion_cell_ods_is_refused():
    name = "calamine__issue_594_dos.ods"
    run = run_import(CORPUS / name, "--lang", "en", timeout=30)
    assert_clean_outcome(run, name)
    assert run.returncode == 2 and "repeated cells" in run.stderr


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_refusal_kind_in_process(name):
    with pytest.raises(ImportFailure) as failure:
        import_rosters([CORPUS / name])
    assert failure.value.kind in REFUSALS[name]
    assert name in failure.value.message("zh") and name in failure.value.message("en")


# ------------------------------------------------------------------ what the readers return

# file -> (format, number of sheets, rows and columns of the first sheet)
READS = {
    "calamine__any_sheets.xlsx": ("xlsx", 4, 5, 2),
    "calamine__biff5-rich-text-string.xls": ("xls", 1, 16, 8),
    "calamine__covered.ods": ("ods", 1, 3, 1),
    "calamine__date_1904.xlsx": ("xlsx", 1, 3, 2),
    "calamine__date_iso.xlsx": ("xlsx", 1, 6, 1),
    "calamine__empty_sheet.xlsx": ("xlsx", 1, 0, 0),
    "calamine__errors.xlsx": ("xlsx", 3, 7, 1),
    "calamine__gh548_incorrect_sst_unique_count.xls": ("xls", 7, 60, 27),
    "calamine__has_x000D_.xlsx": ("xlsx", 1, 1, 1),
    "calamine__header-row.xlsx": ("xlsx", 1, 10, 4),
    "calamine__inlineStr_cdata.xlsx": ("xlsx", 1, 2, 2),
    "calamine__issues.xlsb": ("xlsb", 6, 6, 1),
    "calamine__merge_cells.xlsx": ("xlsx", 1, 2, 3),
    "calamine__merged_range.xls": ("xls", 2, 4, 8),
    "calamine__rph.xlsx": ("xlsx", 1, 1, 1),
    "calamine__shared_formula_simple.xlsx": ("xlsx", 1, 3, 2),
    "calamine__strict_iso_paths.xlsx": ("xlsx", 1, 76, 18),
    "calamine__too_small.xls": ("csv", 1, 1, 1),
    "calamine__whitespace_trim.xlsx": ("xlsx", 2, 3, 4),
    "excelize__BadWorkbook.xlsx": ("xlsx", 0, None, None),
    "excelize__Book1.xlsx": ("xlsx", 2, 22, 4),
    "phpspreadsheet__Zip-Windows-Directory-Separator.xlsx": ("xlsx", 1, 3, 21),
    "phpspreadsheet__issue.2362.xlsx": ("xlsx", 1, 3025, 8),
    "phpspreadsheet__issue.3093.xlsx": ("xlsx", 1, 49, 141),
    "phpspreadsheet__issue.3613.xlsx": ("xlsx", 13, 5, 30),
    "phpspreadsheet__issue.3654.xlsx": ("xlsx", 1, 12, 42),
    "phpspreadsheet__line_break_in_enclosure.csv": ("csv", 1, 6, 3),
    "phpspreadsheet__nomimetype.ods": ("ods", 1, 1, 2),
    "phpspreadsheet__premiere.utf16lebom.csv": ("csv", 1, 2, 3),
    "phpspreadsheet__utf16be.bom.xlsx": ("xlsx", 1, 1, 1),
    "phpspreadsheet__without_cell_reference.xlsx": ("xlsx", 1, 10, 10),
    "sheetjs__fn.et": ("et", 1, 3, 3),
    "sheetjs__fn.xls": ("xls", 1, 3, 3),
    "sheetjs__phpexcel_bad_cfb_dir.xls": ("xls", 1, 3, 30),
    "sheetjs__xlsx-stream-d-date-cell.xlsx": ("xlsx", 1, 13, 4),
    "xlrd__biff4_no_format_no_window2.xls": ("xls", 1, 27, 4),
    "xlrd__corrupted_error.xls": ("xls", 9, 17, 7),
}
REFUSED_AT_OPEN = {"calamine__pass_protected.xlsx": "password", "calamine__issue_594_dos.ods": "too_many_cells_repeat"}


def test_every_corpus_file_is_in_one_table():
    assert set(READS) | set(REFUSED_AT_OPEN) == set(CORPUS_FILES)
    assert not set(READS) & set(REFUSED_AT_OPEN)


@pytest.fixture(scope="module")
def cfg():
    return default_import_config()


def load(name, cfg, sheet=0):
    source = open_workbook(CORPUS / name, cfg)
    return source, source.sheets[sheet].load()[0]


@pytest.mark.parametrize("name", sorted(READS))
def test_reader_returns_the_data(name, cfg):
    fmt, count, rows, cols = READS[name]
    source = open_workbook(CORPUS / name, cfg)
    assert source.format == fmt
    assert len(source.sheets) == count
    for sheet in source.sheets:
        grid, merged = sheet.load()
        assert isinstance(grid, list) and isinstance(merged, list)
    if count:
        grid = source.sheets[0].load()[0]
        assert (len(grid), max((len(r) for r in grid), default=0)) == (rows, cols)


@pytest.mark.parametrize("name", sorted(REFUSED_AT_OPEN))
def test_reader_refuses(name, cfg):
    with pytest.raises(ImportFailure) as failure:
        open_workbook(CORPUS / name, cfg)
    assert failure.value.kind == REFUSED_AT_OPEN[name]


def test_strict_ooxml_reads_76_rows(cfg):
    _, grid = load("calamine__strict_iso_paths.xlsx", cfg)
    assert len(grid) == 76 and all(len(r) == 18 for r in grid)
    assert sum(1 for r in grid[1:] if any(v not in (None, "") for v in r)) == 75


def test_utf16be_xml_parts_read_by_the_fallback(cfg):
    source, grid = load("phpspreadsheet__utf16be.bom.xlsx", cfg)
    assert grid == [[1]]
    assert source.warnings == [("warn.fallback_reader", {"file": "phpspreadsheet__utf16be.bom.xlsx",
                                                         "reader": "openpyxl"})]


def test_ods_without_mimetype_is_repaired(cfg):
    source, grid = load("phpspreadsheet__nomimetype.ods", cfg)
    assert grid == [["Hello", "World"]]
    assert [k for k, _ in source.warnings] == ["warn.ods_repaired"]


def test_backslash_zip_paths(cfg):
    _, grid = load("phpspreadsheet__Zip-Windows-Directory-Separator.xlsx", cfg)
    assert grid[0][:3] == ["Key ID", "Key", "English"]
    assert grid[1][9] == "開発チームアップデート"


def test_biff4_without_ole_read_by_xlrd(cfg):
    source, grid = load("xlrd__biff4_no_format_no_window2.xls", cfg)
    assert grid[0] == ["ID", "TOTAL", "MAIN", "SUB"]
    assert grid[1][:3] == ["A", "DOG & CAT PRODUCTS", "Dog & Cat Product"]
    assert [k for k, _ in source.warnings] == ["warn.fallback_reader"]


def test_corrupt_ole_fat_read(cfg):
    source, grid = load("xlrd__corrupted_error.xls", cfg)
    assert [s.name for s in source.sheets][:2] == ["Трубы ВГП", "Трубы эл.св"]
    assert any(isinstance(v, str) and v.strip() for row in grid for v in row)


def test_bad_cfb_directory_read(cfg):
    source, grid = load("sheetjs__phpexcel_bad_cfb_dir.xls", cfg)
    assert source.sheets[0].name == "Sayfa1" and len(grid[0]) == 30


def test_wps_et_reads_like_its_xls(cfg):
    source, grid = load("sheetjs__fn.et", cfg)
    assert source.format == "et"
    assert grid == load("sheetjs__fn.xls", cfg)[1]
    assert grid[0] == ["Name", "Example", "Result"]


def test_wrong_sst_count_and_hidden_sheets(cfg):
    source, _ = load("calamine__gh548_incorrect_sst_unique_count.xls", cfg)
    assert [s.name for s in source.sheets if s.hidden] == ["System Mapping", "Acute Trust Mapping"]


def test_text_details(cfg):
    assert load("calamine__rph.xlsx", cfg)[1] == [["課きく\u3000毛こ"]]  # phonetic runs dropped
    assert load("calamine__has_x000D_.xlsx", cfg)[1] == [["ABC\r\nDEF"]]
    source, _ = load("phpspreadsheet__issue.3613.xlsx", cfg)  # WPS, 13 sheets, 7月-12月 empty
    assert [len(s.load()[0]) for s in source.sheets][6:] == [0] * 7


def test_header_row_found_below_blank_rows_and_a_note(cfg):
    _, grid = load("calamine__header-row.xlsx", cfg)
    assert grid[2][2] == "Note 1"
    assert grid[8] == ["Columns", "Column A", "Column B", "Column C"]
    custom = dataclasses.replace(cfg, synonyms={header_key("Column A"): "name", header_key("Column B"): "credit_code",
                                                header_key("Column C"): "revenue_wan",
                                                header_key("Note 1"): "remarks"})
    layout = detect_header(grid, [], custom)
    assert layout is not None
    assert layout.header_row == 8 and layout.data_start == 9  # row 9, 1-based
    assert layout.mapping == {"name": 1, "credit_code": 2, "revenue_wan": 3}
