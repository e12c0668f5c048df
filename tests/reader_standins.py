"""Readers that misbehave as native code can on a hostile file, run inside the reader process in place of
planning.importing.readers.grids.open_workbook (planning.importing.readers.isolation's ``opener``).
Module-level functions, so that the reader process finds them by name."""

from __future__ import annotations

import os
import time

from planning.importing.readers import preflight, xlsx_split
from planning.importing.readers.grids import SheetSource, WorkbookSource, open_workbook


def aborting(path, cfg, split):
    os.abort()  # as calamine does on some damaged .xls files


def allocating(path, cfg, split):
    chunks = []
    while True:  # as calamine reserving memory for a count a damaged file gives
        chunks.append(bytearray(64 * 1024 * 1024))


def sleeping(path, cfg, split):
    time.sleep(3600)  # a reader stuck on a file


def aborting_on_load(path, cfg, split):
    """Opens fine; aborts when the sheet's rows are asked for."""
    return WorkbookSource(path, "xlsx", [SheetSource("名单", 0, _load=os.abort)])


def in_small_parts(path, cfg, split):
    """The file read as the importer reads it, with parts small enough that a small file is split."""
    preflight._CHUNK = 8_000
    xlsx_split.PART_BYTES = 24_000
    xlsx_split.MIN_SHEET_BYTES = 48_000
    return open_workbook(path, cfg, split)


def calamine_unchecked(path, cfg, split):
    """calamine on the file with no preflight check at all, as if the checks had missed something."""
    import python_calamine

    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return WorkbookSource(path, "xlsx", [SheetSource("名单", 0, _load=lambda: (rows, []))])


# Stand-ins for the project file's check (planning.project.file_checks.check_in_sandbox), same arguments.


def project_check_aborting(pipe, copy, label, version):
    os.abort()


def project_check_allocating(pipe, copy, label, version):
    allocating(copy, None, False)


def project_check_sleeping(pipe, copy, label, version):
    sleeping(copy, None, False)
