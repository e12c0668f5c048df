"""Large worksheets read in parts (planning.importing.readers.xlsx_split) import exactly as they do read whole; sheets
that are not plain enough to split are read whole; the temporary copy never outlives the import."""

import os
import re
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from planning.importing.readers import preflight
from planning.importing.readers import xlsx_split
from planning.base.errors import ImportFailure
from planning.importing import importer
from planning.importing.importer import import_rosters
from planning.importing.readers import grids
from tests.conftest import ROOT
from tests.roster_files import HEADER, write_xlsx
from tests.synthetic_roster import generate_firms, write_roster

SAMPLE = ROOT / "resources" / "samples" / "sample_roster.xlsx"


@pytest.fixture
def parts(monkeypatch, tmp_path):
    """Small parts, so that small files are split; records how many parts each split sheet had. The files
    are read in this process, where the small parts and the records apply (tests/test_reader_process.py
    reads parts through the reader process)."""
    monkeypatch.setattr(importer, "open_untrusted",
                        lambda path, cfg, split=False, **_: grids.open_workbook(path, cfg, split))
    monkeypatch.setattr(preflight, "_CHUNK", 8_000)  # the safety check's pieces make up the parts
    monkeypatch.setattr(xlsx_split, "PART_BYTES", 24_000)
    monkeypatch.setattr(xlsx_split, "MIN_SHEET_BYTES", 48_000)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    seen: list[int] = []
    finish = xlsx_split.WorkbookSplitter.finish

    def recording(self):
        copied = finish(self)
        seen.extend(len(numbers) for numbers in self.parts.values())
        return copied

    monkeypatch.setattr(xlsx_split.WorkbookSplitter, "finish", recording)
    return seen, scratch, monkeypatch


def whole(paths, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(xlsx_split, "MIN_SHEET_BYTES", 10 ** 12)
        return import_rosters(paths)


def assert_same(split, read_whole) -> None:
    assert split.frame.equals(read_whole.frame)
    a, b = split.report, read_whole.report
    assert a.to_summary("en") == b.to_summary("en")
    assert a.issues == b.issues and a.skipped == b.skipped and a.rejected == b.rejected
    assert a.warnings == b.warnings
    assert [(s.header_row, s.data_rows, s.mapping) for f in a.files for s in f.sheets] == \
        [(s.header_row, s.data_rows, s.mapping) for f in b.files for s in f.sheets]


def test_the_sample_and_a_messy_roster_import_the_same_in_parts(tmp_path, parts):
    seen, scratch, monkeypatch = parts
    messy = tmp_path / "messy.xlsx"
    write_roster(messy, generate_firms(900, 7), messy=True, seed=7)
    for path in (SAMPLE, messy):
        seen.clear()
        split = import_rosters([path])
        assert seen and min(seen) > 3, path  # really read in parts
        assert_same(split, whole([path], monkeypatch))
        assert not list(scratch.iterdir())  # the copy is gone


def test_merged_cells_and_section_headings_run_on_from_part_to_part(tmp_path, parts):
    seen, _, monkeypatch = parts
    rows = [["某市企业名单"] + [None] * (len(HEADER) - 1), HEADER]
    merges = ["A1:I1"]
    for section, city in enumerate(("合肥市", "芜湖市")):
        rows.append([f"{'一二'[section]}、{city}"] + [None] * (len(HEADER) - 1))
        first = len(rows) + 1
        for k in range(700):
            county = ("肥西县" if city == "合肥市" else "镜湖区") if k == 0 else None
            rows.append([k + 1, f"{city[:2]}测试{section}-{k}制造有限公司", None, None, county, "C3511",
                         100 + k, 10, "二级"])
            if k in (250, 500):
                rows.append([None] * len(HEADER))  # blank rows that may fall at the start of a part
        merges.append(f"E{first}:E{len(rows)}")  # the county merged down over every firm of the city
    path = write_xlsx(tmp_path / "sections.xlsx", rows, tuple(merges))
    split = import_rosters([path])
    assert seen and seen[0] > 3
    assert_same(split, whole([path], monkeypatch))
    frame = split.frame
    assert (frame["city"] == "合肥市").sum() == 700 and (frame["city"] == "芜湖市").sum() == 700
    assert set(frame["county"]) == {"肥西县", "镜湖区"}  # filled down into every part


def _rewrite_sheet(path: Path, change) -> Path:
    out = path.with_name("changed-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            dst.writestr(info.filename, data)
    return out


@pytest.mark.parametrize("change", ["cells without references", "rows out of order"])
def test_sheets_that_are_not_plain_are_read_whole(tmp_path, parts, change):
    seen, scratch, monkeypatch = parts
    rows = [HEADER] + [[k + 1, f"测试{k}机械有限公司", None, "合肥市", "肥西县", "C3511", k, 5, "一级"]
                       for k in range(1500)]
    path = write_xlsx(tmp_path / "plain.xlsx", rows)
    if change == "cells without references":
        edit = lambda data: re.sub(rb'(<row r="900"[^>]*>)<c r="[A-Z]+900"', rb"\1<c", data)  # noqa: E731
    else:
        def edit(data):
            late = re.search(rb'<row r="1400".*?</row>', data, re.S).group(0)
            data = data.replace(late, b"")
            return data.replace(b'<row r="10"', late + b'<row r="10"', 1)
    changed = _rewrite_sheet(path, edit)
    result = import_rosters([changed])
    assert seen == []  # nothing was split
    assert_same(result, whole([changed], monkeypatch))
    assert len(result.frame) == 1500 and not list(scratch.iterdir())


def test_the_copy_is_removed_when_the_import_fails(tmp_path, parts, monkeypatch):
    seen, scratch, _ = parts
    from planning.importing import importer

    def broken(*args, **kwargs):
        raise ImportFailure("corrupt", file="x", detail="stopped on purpose")

    monkeypatch.setattr(importer._ImportJob, "_read_rows", broken)
    with pytest.raises(ImportFailure):
        import_rosters([SAMPLE])
    assert seen and not list(scratch.iterdir())


def test_copies_left_by_an_earlier_run_are_removed(parts):
    seen, scratch, _ = parts
    old, recent = scratch / "dtplan-split-old.xlsx", scratch / "dtplan-split-recent.xlsx"
    old.write_bytes(b"x")
    recent.write_bytes(b"x")
    day_ago = time.time() - xlsx_split.STALE_SECONDS - 60
    os.utime(old, (day_ago, day_ago))
    import_rosters([SAMPLE])
    assert seen and not old.exists() and recent.exists()  # another import may still be using a recent one


def test_several_large_sheets_share_the_workbook_safely(tmp_path, parts):
    seen, scratch, monkeypatch = parts
    import openpyxl

    book = openpyxl.Workbook()
    for number, city in enumerate(("合肥市", "芜湖市", "蚌埠市")):
        sheet = book.active if number == 0 else book.create_sheet()
        sheet.title = city
        sheet.append(HEADER)
        for k in range(1200):
            sheet.append([k + 1, f"{city[:2]}{k}号机械有限公司", None, city, None, "C3511", k, 5, "一级"])
    path = tmp_path / "cities.xlsx"
    book.save(path)
    for _ in range(3):  # the parts of one sheet are parsed ahead while the next sheet's header is read
        seen.clear()
        split = import_rosters([path])
        assert len(seen) == 3 and min(seen) > 3
        assert_same(split, whole([path], monkeypatch))
        assert len(split.frame) == 3600 and not list(scratch.iterdir())


def test_the_copy_is_removed_when_opening_it_fails(parts, monkeypatch):
    seen, scratch, _ = parts
    from planning.importing.readers import grids as readers

    def broken(*args, **kwargs):
        raise RuntimeError("a reader's own error")

    monkeypatch.setattr(readers, "_PartReader", broken)
    with pytest.raises(RuntimeError):
        import_rosters([SAMPLE])
    assert seen and not list(scratch.iterdir())
