"""Large worksheets read in parts (planning.importing.readers.xlsx_split) import exactly as they do read whole; sheets
that are not plain enough to split are read whole; the temporary copy never outlives the import."""

import dataclasses
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from planning.importing.readers import preflight
from planning.importing.readers import xlsx_split
from planning.base.errors import ImportFailure
from planning.importing import importer
from planning.importing.importer import import_rosters
from planning.importing.config import default_import_config
from planning.importing.readers import early_head, grids
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


@pytest.fixture
def early(monkeypatch):
    """How many parts of each sheet were read early, while the check still read the rest of it."""
    used: list[int] = []
    rows = early_head.EarlyHead.rows

    def recording(self):
        found = rows(self)
        if found is not None:
            used.append(1 + len(self.later))
        return found

    monkeypatch.setattr(early_head.EarlyHead, "rows", recording)
    return used


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


def test_the_sample_and_a_messy_roster_import_the_same_in_parts(tmp_path, parts, early):
    seen, scratch, monkeypatch = parts
    messy = tmp_path / "messy.xlsx"
    write_roster(messy, generate_firms(900, 7), messy=True, seed=7)
    for path in (SAMPLE, messy):
        seen.clear()
        early.clear()
        split = import_rosters([path])
        assert seen and min(seen) > 3, path  # really read in parts
        assert early == [xlsx_split.EARLY_PARTS]  # the first ones while the rest was checked
        assert_same(split, whole([path], monkeypatch))
        assert not list(scratch.iterdir())  # the copy is gone


def test_merged_cells_and_section_headings_run_on_from_part_to_part(tmp_path, parts, early):
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
    assert seen and seen[0] > 3 and early  # the merged cells of a head read early come from the whole sheet
    assert_same(split, whole([path], monkeypatch))
    frame = split.frame
    assert (frame["city"] == "合肥市").sum() == 700 and (frame["city"] == "芜湖市").sum() == 700
    assert set(frame["county"]) == {"肥西县", "镜湖区"}  # filled down into every part


def test_a_cell_merged_down_the_last_column_fills_parts_whose_own_cells_end_before_it(tmp_path, parts):
    seen, _, monkeypatch = parts
    rows = [HEADER] + [[k + 1, f"测试{k}机械有限公司", None, "合肥市", None, "C3511", k, 5, None] for k in range(1500)]
    rows[1][8] = "一级"  # the level, merged down over every firm: no other cell of that column is filled
    path = write_xlsx(tmp_path / "level.xlsx", rows, ("I2:I1501",))
    split = import_rosters([path])
    assert seen and seen[0] > 3
    assert_same(split, whole([path], monkeypatch))
    assert (split.frame["miit_level"] == 1).sum() == 1500


def _rewrite_sheet(path: Path, change) -> Path:
    out = path.with_name("changed-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            dst.writestr(info.filename, data)
    return out


@pytest.mark.parametrize("change", ["cells without references", "rows out of order", "rows out of order late"])
def test_sheets_that_are_not_plain_are_read_whole(tmp_path, parts, early, change):
    seen, scratch, monkeypatch = parts
    rows = [HEADER] + [[k + 1, f"测试{k}机械有限公司", None, "合肥市", "肥西县", "C3511", k, 5, "一级"]
                       for k in range(1500)]
    path = write_xlsx(tmp_path / "plain.xlsx", rows)
    if change == "cells without references":
        edit = lambda data: re.sub(rb'(<row r="900"[^>]*>)<c r="[A-Z]+900"', rb"\1<c", data)  # noqa: E731
    elif change == "rows out of order":
        def edit(data):
            late = re.search(rb'<row r="1400".*?</row>', data, re.S).group(0)
            data = data.replace(late, b"")
            return data.replace(b'<row r="10"', late + b'<row r="10"', 1)
    else:  # found only after the first parts were read early
        def edit(data):
            row = re.search(rb'<row r="30".*?</row>', data, re.S).group(0)
            data = data.replace(row, b"")
            return data.replace(b'<row r="1400"', row + b'<row r="1400"', 1)
    changed = _rewrite_sheet(path, edit)
    result = import_rosters([changed])
    assert seen == []  # nothing was split
    assert early == []  # and nothing read early was used
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


@pytest.mark.parametrize("failing", ["writing the head", "opening the head"])
def test_a_head_that_cannot_be_read_early_is_read_from_the_copy(parts, early, monkeypatch, failing):
    seen, scratch, _ = parts
    offer = early_head.EarlyHead.offer

    def broken(*args):
        raise RuntimeError("a reader's own error")

    def offered_a_head_that_will_not_open(self, splitter, sheet):
        self.open_book = broken
        offer(self, splitter, sheet)

    if failing == "writing the head":
        monkeypatch.setattr(xlsx_split.WorkbookSplitter, "write_head", broken)
    else:
        monkeypatch.setattr(early_head.EarlyHead, "offer", offered_a_head_that_will_not_open)
    split = import_rosters([SAMPLE])
    assert seen and early == []
    assert_same(split, whole([SAMPLE], monkeypatch))
    assert not list(scratch.iterdir())


def test_first_parts_past_the_limits_are_not_read_before_the_check_refuses_them(parts, monkeypatch):
    seen, scratch, _ = parts
    started = []
    offer = early_head.EarlyHead.offer

    def recording(self, splitter, sheet):
        offer(self, splitter, sheet)
        started.append(self.pool is not None)

    monkeypatch.setattr(early_head.EarlyHead, "offer", recording)
    text_bomb = dataclasses.replace(default_import_config(), max_text_chars=2_000)  # the first parts hold more
    with pytest.raises(ImportFailure) as refused:
        import_rosters([SAMPLE], cfg=text_bomb)
    assert refused.value.kind == "too_much_text"
    assert started == [False]  # offered, and refused: nothing of the sheet was parsed before the check ended
    assert not list(scratch.iterdir())


def test_the_limits_of_parts_read_before_the_whole_sheet_is_checked():
    small = preflight._Scan(rows=10, columns=5)
    texts = preflight._Scan(rows=10, columns=5, shared=np.array([3, 0, 2], dtype=np.int64))
    sizes = np.array([10, 10**6, 40], dtype=np.int64)
    assert preflight.within_limits([small, texts], sizes, max_cells=50, max_text_chars=110)
    assert not preflight.within_limits([small, texts], sizes, max_cells=49, max_text_chars=110)
    assert not preflight.within_limits([small, texts], sizes, max_cells=50, max_text_chars=109)
    far = preflight._Scan(rows=1_048_576, columns=16_384)
    assert not preflight.within_limits([small, far], sizes, max_cells=60_000_000, max_text_chars=10**9)


def test_a_failure_part_way_through_a_file_brings_none_of_its_rows(tmp_path, parts):
    seen, scratch, monkeypatch = parts
    good = tmp_path / "good.xlsx"
    write_roster(good, generate_firms(50, 3), messy=False, seed=3)
    read_rows = importer._ImportJob._read_rows
    calls = {"sample": 0}

    def failing_on_the_third_part(self, source, *args, **kwargs):
        if source.label == SAMPLE.name:
            calls["sample"] += 1
            if calls["sample"] == 3:
                raise ImportFailure("corrupt", file=source.label, detail="a part that cannot be parsed")
        return read_rows(self, source, *args, **kwargs)

    monkeypatch.setattr(importer._ImportJob, "_read_rows", failing_on_the_third_part)
    roster = import_rosters([SAMPLE, good])
    alone = import_rosters([good])
    assert calls["sample"] == 3
    assert set(roster.frame["source_file"]) == {good.name}
    assert roster.frame.equals(alone.frame) and roster.province == alone.province
    assert not any(note.file == SAMPLE.name for note in roster.report.issues + roster.report.skipped)
    assert [f.failure and f.failure[0] for f in roster.report.files] == ["fail.corrupt", None]
