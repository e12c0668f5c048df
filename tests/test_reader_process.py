"""Files from outside are read in a reader process (planning.importing.readers.isolation): whatever the
reader does (abort, allocate without end, hang) ends as a one-line refusal naming the file, and this
process lives on; what it reads comes back whole, also when a large sheet is streamed in parts."""

from __future__ import annotations

import dataclasses
import os
import tempfile

import pytest

from planning.base.errors import ImportFailure
from planning.base.progress import Cancelled, Progress
from planning.importing import importer
from planning.importing.config import default_import_config
from planning.importing.importer import import_rosters
from planning.importing.readers import isolation, sandbox
from planning.importing.readers.grids import open_workbook
from planning.importing.readers.isolation import open_untrusted
from tests import reader_standins
from tests.roster_files import simple_rows, write_xlsx
from tests.synthetic_roster import generate_firms, write_roster


@pytest.fixture
def scratch(monkeypatch, tmp_path):
    """The reader's temporary folder goes here, so that a test can see it is removed."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def refusal(path, opener, **limits) -> ImportFailure:
    cfg = dataclasses.replace(default_import_config(), **limits)
    with pytest.raises(ImportFailure) as caught:
        with open_untrusted(path, cfg, opener=opener) as source:
            for sheet in source.sheets:
                sheet.load()
    failure = caught.value
    for lang in ("zh", "en"):
        text = failure.message(lang)
        assert "\n" not in text and path.name in text
    return failure


def test_a_reader_that_aborts_is_refused_in_one_line(tmp_path, scratch):
    path = write_xlsx(tmp_path / "宏达名单.xlsx", simple_rows())
    failure = refusal(path, reader_standins.aborting)
    assert failure.kind == "reader_aborted"
    assert "SIGABRT" in failure.message("en") or os.name == "nt"
    assert not list(scratch.iterdir())  # the reader's temporary folder went with it


def test_a_reader_that_aborts_while_loading_a_sheet_is_refused(tmp_path, scratch):
    path = write_xlsx(tmp_path / "名单.xlsx", simple_rows())
    assert refusal(path, reader_standins.aborting_on_load).kind == "reader_aborted"
    assert not list(scratch.iterdir())


def test_the_memory_cap_holds(tmp_path, scratch):
    path = write_xlsx(tmp_path / "名单.xlsx", simple_rows())
    failure = refusal(path, reader_standins.allocating, reader_memory_mb=256)
    assert failure.kind == "reader_memory"
    assert "0.2 GB" in failure.message("en")  # 256 MB, as the settings give it
    assert "读取时占用内存超过 0.2 GB" in failure.message("zh")
    assert not list(scratch.iterdir())


def test_calamine_asked_for_billions_of_cells_past_the_checks_is_refused(tmp_path, scratch):
    from tests.test_hostile import BOMBS

    path = BOMBS["far_cell.xlsx"][0](tmp_path)  # one cell at XFD1048576: calamine reserves 17 G cells
    failure = refusal(path, reader_standins.calamine_unchecked, reader_memory_mb=512)
    assert failure.kind == "reader_memory"  # calamine said so before it aborted
    assert not list(scratch.iterdir())


def test_a_reader_past_its_deadline_is_stopped_and_refused(tmp_path, scratch):
    path = write_xlsx(tmp_path / "名单.xlsx", simple_rows())
    failure = refusal(path, reader_standins.sleeping, reader_seconds=1)
    assert failure.kind == "reader_timeout"
    assert "1 seconds" in failure.message("en")
    assert not list(scratch.iterdir())


def test_a_cancel_stops_a_busy_reader(tmp_path, scratch):
    path = write_xlsx(tmp_path / "名单.xlsx", simple_rows())
    asked = []

    class CancelledSoon(Progress):
        def cancelled(self) -> bool:
            asked.append(True)
            return len(asked) > 2  # the user cancels while the reader is still busy

    with pytest.raises(Cancelled):
        open_untrusted(path, default_import_config(), opener=reader_standins.sleeping, progress=CancelledSoon())
    assert not list(scratch.iterdir())  # the reader was stopped and its folder removed


def test_the_preflight_refusal_comes_back_as_it_is(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert refusal(path, None).kind == "empty_file"


def test_a_damaged_zip_member_is_refused_in_one_line(tmp_path):
    path = write_xlsx(tmp_path / "名单.xlsx", simple_rows())
    data = bytearray(path.read_bytes())
    start = data.index(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
    data[start + 40: start + 80] = b"\x00" * 40  # inside the deflated sheet
    path.write_bytes(bytes(data))
    assert refusal(path, None).kind in {"corrupt", "not_spreadsheet"}


def test_the_import_refuses_what_the_reader_cannot_read_and_goes_on(tmp_path, monkeypatch):
    good = write_xlsx(tmp_path / "good.xlsx", simple_rows())
    bad = write_xlsx(tmp_path / "bad.xlsx", simple_rows())

    def reading(path, cfg, split=False, **how):
        opener = reader_standins.aborting if path.name == "bad.xlsx" else None
        return open_untrusted(path, cfg, split, opener=opener, **how)

    monkeypatch.setattr(importer, "open_untrusted", reading)
    roster = import_rosters([bad, good])
    assert len(roster.frame) > 0
    failures = {f.path.rsplit("/", 1)[-1]: f.failure for f in roster.report.files if f.failure}
    assert failures["bad.xlsx"][0] == "fail.reader_aborted"


def test_a_sheet_streamed_in_parts_arrives_as_read_in_this_process(tmp_path):
    path = tmp_path / "large.xlsx"
    write_roster(path, generate_firms(600, seed=7), messy=False, seed=7)
    cfg = default_import_config()
    with open_untrusted(path, cfg, split=True, opener=reader_standins.in_small_parts) as source:
        assert any(sheet._split for sheet in source.sheets)  # really streamed in parts
        remote = [(sheet.name, sheet.head()[0][:5],
                   [(o, rows if o == 0 else rows.rows()) for o, rows, _ in sheet.pieces()])  # later parts as columns
                  for sheet in source.sheets]
    with open_workbook(path, cfg) as source:
        local = [(sheet.name, sheet.load()[0]) for sheet in source.sheets]
    for (name, head, pieces), (local_name, rows) in zip(remote, local, strict=True):
        assert name == local_name and head == rows[:5]
        joined = []
        for offset, part in pieces:
            assert offset == len(joined)
            joined.extend(part)
        assert [list(r) for r in joined] == [list(r) for r in rows]


def test_the_import_through_the_reader_matches_the_import_in_this_process(tmp_path, monkeypatch):
    path = tmp_path / "roster.xlsx"
    write_roster(path, generate_firms(300, seed=11), messy=True, seed=11)
    through_reader = import_rosters([path])
    monkeypatch.setattr(importer, "open_untrusted", lambda path, cfg, split=False, **_: open_workbook(path, cfg, split))
    in_process = import_rosters([path])
    assert through_reader.frame.equals(in_process.frame)
    assert through_reader.report.issues == in_process.report.issues


def test_the_windows_job_object_code_imports_everywhere():
    from planning.importing.readers import process_limits

    assert process_limits.reader_memory_bytes(1536, 0.5) <= 1536 * 2**20
    assert callable(process_limits._cap_windows) and isolation.MEMORY_EXIT


def test_folders_left_by_a_killed_parent_are_removed(tmp_path, scratch):
    old = scratch / "dtplan-reader-old"
    old.mkdir()
    (old / "dtplan-split-x.xlsx").write_bytes(b"PK")
    day_and_more = 25 * 3600
    os.utime(old, (old.stat().st_atime - day_and_more, old.stat().st_mtime - day_and_more))
    recent = scratch / "dtplan-reader-recent"  # another window may be reading with it
    recent.mkdir()
    path = write_xlsx(tmp_path / "名单.xlsx", simple_rows())
    with open_untrusted(path, default_import_config()) as source:
        assert source.sheets
    assert not old.exists() and recent.exists()


def test_the_import_takes_the_reader_kept_ready(tmp_path):
    path = write_xlsx(tmp_path / "名单.xlsx", simple_rows())
    cfg = default_import_config()
    isolation.keep_reader_ready(cfg)
    ready = isolation._ready
    assert ready is not None and ready.process.is_alive()
    assert len(import_rosters([path], cfg=cfg).frame) > 0
    assert isolation._ready is None  # used
    sandbox.wait_for_closing()  # the import did not wait for the reader to end
    assert not ready.process.is_alive() and not ready.sandbox.folder.exists()  # gone with the file
