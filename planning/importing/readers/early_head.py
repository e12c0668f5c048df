"""The first parts of a large worksheet parsed while the safety check still reads the rest of it.

A large xlsx worksheet is split into parts (planning.importing.readers.xlsx_split) as the safety check
(planning.importing.readers.preflight) reads it, and calamine can read the copy only once the whole
sheet is checked and written. The first parts are checked long before: the splitter hands them over,
and once they are within the limits by themselves, a thread writes them into a small workbook of their
own and parses them on the other core. When the check is done, the sheet's first rows and the parts
after them are ready, and the importer starts on them at once.

What fails here is only a head start lost: the parts are then parsed from the copy, as any other.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from planning.importing.config import ImportConfig
from planning.importing.readers import preflight
from planning.importing.readers.xlsx_split import COPY_PREFIX, WorkbookSplitter


class EarlyHead:
    """Offered the first parts of a sheet by a WorkbookSplitter (its ``on_head``); parses them in a thread."""

    def __init__(self, cfg: ImportConfig, open_book, parse):
        self.cfg = cfg
        self.open_book = open_book  # open_book(path): a calamine workbook
        self.parse = parse  # parse(sheet number, workbook): a parsed calamine sheet
        self.sheet: int | None = None  # the index of the sheet whose head this is
        self.path: Path | None = None
        self.book = None
        self.pool: ThreadPoolExecutor | None = None
        self.opened: Future | None = None  # the head workbook's sheets_metadata
        self.first: Future | None = None  # the first part's rows (calamine's to_python)
        self.later: list[Future] = []  # the parts after it, parsed

    def offer(self, splitter: WorkbookSplitter, sheet) -> None:
        """Called by the splitter in the check's thread: start on the sheet's first parts if they are
        within the limits by themselves."""
        try:
            sizes = splitter.string_sizes() if splitter.string_sizes is not None else None
            if sizes is None or not preflight.within_limits(sheet.early_scans, sizes, self.cfg.max_cells,
                                                            self.cfg.max_text_chars):
                return
            fd, name = tempfile.mkstemp(prefix=COPY_PREFIX + "head-", suffix=".xlsx")
            os.close(fd)
        except Exception:  # the check itself says what is wrong with the file, if anything
            return
        self.path, self.sheet = Path(name), sheet.index
        self.pool = ThreadPoolExecutor(max_workers=1)
        numbers: Future = Future()

        def open_head():
            try:
                numbers.set_result(splitter.write_head(sheet, self.path))
            except BaseException as exc:
                numbers.set_exception(exc)  # the parts waiting for their numbers fail too
                raise
            self.book = self.open_book(self.path)
            return self.book.sheets_metadata

        self.opened = self.pool.submit(open_head)
        self.first = self.pool.submit(lambda: self.parse(sheet.index, self._book()).to_python(skip_empty_area=False))
        self.later = [self.pool.submit(self._parse_later, numbers, k) for k in range(len(sheet.early) - 1)]

    def _book(self):
        """The head workbook; raises if it was not opened (or its opening was cancelled)."""
        self.opened.result()
        return self.book

    def _parse_later(self, numbers: Future, k: int):
        book = self._book()  # first: the numbers are only set once the workbook is written
        return self.parse(numbers.result()[k], book)

    def metadata(self):
        """The workbook's sheets as calamine lists them; None when the head workbook could not be opened."""
        return _quietly(self.opened)

    def rows(self):
        """The first part's rows; None when they could not be read here."""
        return _quietly(self.first)

    def covers(self, k: int) -> bool:
        """Whether part ``k`` of the sheet is read here."""
        return k == 0 or k <= len(self.later)

    def part(self, k: int):
        """Part ``k`` (from 1), parsed; None when it could not be read here."""
        return _quietly(self.later[k - 1])

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.book = self.opened = self.first = None
        self.later = []
        if self.path is not None:
            try:
                self.path.unlink(missing_ok=True)
            except OSError:  # still open somewhere (Windows): it goes with the reader's folder, or as a stale copy
                pass
            self.path = None


def _quietly(future: Future | None):
    if future is None:
        return None
    try:
        return future.result()
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException:  # calamine's errors and panics on the head workbook: the copy is read instead
        return None
