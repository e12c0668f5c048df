"""Reading any spreadsheet a planner receives into plain grids of cells.

The format is decided from the bytes, not the extension: government systems export HTML or CSV text
named .xls, WPS saves .et, old Excel versions write BIFF4. python-calamine reads xlsx, xlsm, xlsb, xls,
et and ods fast; openpyxl and xlrd step in for the few files calamine cannot read; CSV, HTML tables and
Excel 2003 XML are read here. Every refusal is an :class:`ImportFailure` with a one-line reason.
For the importer, a large xlsx worksheet is read in parts (planning.importing.readers.xlsx_split): ``SheetSource.pieces``
hands out one part's rows while calamine parses the next ones on other threads.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import sys
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import python_calamine

from planning.importing.readers import preflight
from planning.importing.readers import preflight_xls
from planning.base.errors import ImportFailure
from planning.importing.config import ImportConfig
from planning.importing.readers.early_head import EarlyHead
from planning.importing.readers.xlsx_split import WorkbookSplitter

Cell = object  # None | str | int | float | bool | datetime | date | time | timedelta
Grid = list[list[Cell]]
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based, inclusive)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
BIFF_MAGIC = (b"\x09\x00", b"\x09\x02", b"\x09\x04", b"\x09\x08")


@dataclass
class SheetSource:
    name: str
    index: int
    kind: str = "worksheet"  # worksheet | chart | other
    hidden: bool = False
    row_unit: str = "row"  # "row" for spreadsheets, "record" for CSV/HTML (1-based records)
    date1904: bool = False
    _load: Callable[[], tuple[Grid, list[Merge]]] | None = None
    _cache: tuple[Grid, list[Merge]] | None = None
    # a sheet read in parts (planning.importing.readers.xlsx_split): its first part, then (offset, rows) of each part
    _head: Callable[[], tuple[Grid, list[Merge]]] | None = None
    _parts: Callable[[], Iterator[tuple[int, Grid]]] | None = None

    def load(self) -> tuple[Grid, list[Merge]]:
        if self._cache is None:
            if self._parts is not None:
                rows, merged = self.head()
                rows = list(rows)
                for offset, part in self._parts():
                    if offset:
                        rows.extend(part)
                self._cache = rows, merged
            else:
                assert self._load is not None
                self._cache = self._load()
        return self._cache

    def head(self) -> tuple[Grid, list[Merge]]:
        """The first rows (the whole sheet unless it is read in parts), for finding the header."""
        if self._parts is None or self._cache is not None:
            return self.load()
        assert self._head is not None
        return self._head()

    def pieces(self) -> Iterator[tuple[int, Grid, list[Merge]]]:
        """The rows as (offset of the first, rows, merged cells): one piece, or a part at a time with
        the next part parsed meanwhile."""
        if self._parts is None or self._cache is not None:
            rows, merged = self.load()
            yield 0, rows, merged
            return
        rows, merged = self.head()
        for offset, part in self._parts():
            yield offset, (rows if offset == 0 else part), merged

    def release(self) -> None:
        self._cache = None


@dataclass
class WorkbookSource:
    path: Path
    format: str
    sheets: list[SheetSource]
    warnings: list[tuple[str, dict]] = field(default_factory=list)
    _close: Callable[[], None] | None = None

    def close(self) -> None:
        """Let go of the file and of any temporary copy made for reading it."""
        for sheet in self.sheets:
            sheet.release()
        if self._close is not None:
            self._close()
            self._close = None

    def __enter__(self) -> "WorkbookSource":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def label(self) -> str:
        return self.path.name

    @property
    def text_named_as_workbook(self) -> bool:
        """Plain text in a file named as a workbook (.xlsx, .xls, .et), read as CSV: without a roster in it,
        it is not a spreadsheet at all."""
        return self.format == "csv" and any(kind == "warn.text_as_xls" for kind, _ in self.warnings)


# what reading a damaged zip member raises: bad deflate data, a bad CRC or header, a truncated member,
# a compression method or zip version Python does not read
DAMAGED_ZIP = (zlib.error, zipfile.BadZipFile, EOFError, NotImplementedError)


@contextmanager
def damaged_zip_refused(label: str):
    """A damaged member of the zip behind xlsx, xlsb and ods, found only when it is read, becomes the
    refusal of a corrupt file."""
    try:
        yield
    except DAMAGED_ZIP as exc:
        raise ImportFailure("corrupt", file=label, detail=f"{type(exc).__name__}: {exc}"[:160]) from None


def open_workbook(path: str | os.PathLike, cfg: ImportConfig, split: bool = False) -> WorkbookSource:
    """The workbook's sheets, ready to load. ``split``: large xlsx worksheets are read in parts
    (planning.importing.readers.xlsx_split), each parsed while the caller works on the one before; close the source
    when done with it."""
    path = Path(path)
    label = path.name
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ImportFailure("unreadable", file=label, detail="not a file")
    except FileNotFoundError:
        raise ImportFailure("not_found", file=str(path)) from None
    except OSError as exc:
        raise ImportFailure("unreadable", file=label, detail=exc.strerror or str(exc)) from None
    if size == 0:
        raise ImportFailure("empty_file", file=label)
    if size > cfg.max_file_bytes:
        raise ImportFailure(
            "too_large", file=label, size_mb=size // (1024 * 1024), limit_mb=cfg.max_file_bytes // (1024 * 1024)
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise ImportFailure("unreadable", file=label, detail=exc.strerror or str(exc)) from None

    if head.startswith(ZIP_MAGIC):
        return _open_zip(path, cfg, split)
    if head.startswith(OLE_MAGIC):
        return _open_ole(path, cfg)
    if head[:2] in BIFF_MAGIC:
        return _open_xlrd(path, "xls", cfg)
    return _open_text(path, head, cfg)


# ---------------------------------------------------------------- zip formats (xlsx, xlsm, xlsb, ods)


def _open_zip(path: Path, cfg: ImportConfig, split: bool = False) -> WorkbookSource:
    label = path.name
    try:
        zf = zipfile.ZipFile(path)
        names = {n.replace("\\", "/").lower(): n for n in zf.namelist()}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFailure("corrupt", file=label, detail=f"zip: {exc}") from None
    with zf:
        preflight.check_zip(zf, label, cfg.max_uncompressed_bytes)
        if "content.xml" in names and ("mimetype" in names or "meta-inf/manifest.xml" in names):
            return _open_ods(path, zf, names, cfg)
        if "xl/workbook.bin" in names:
            return _open_xlsb(path, zf, cfg)
        if "xl/workbook.xml" in names:
            return _open_xlsx(path, zf, names, cfg, split)
    raise ImportFailure("not_spreadsheet", file=label)


def _open_ods(path: Path, zf: zipfile.ZipFile, names: dict[str, str], cfg: ImportConfig) -> WorkbookSource:
    preflight.check_ods(zf, path.name, cfg.max_cells, cfg.max_text_chars)
    if "mimetype" in names:
        return _calamine(path, "ods", cfg)
    repaired = _ods_with_mimetype(zf)
    source = _calamine(path, "ods", cfg, open_book=lambda: _calamine_workbook(path, repaired))
    source.warnings.append(("warn.ods_repaired", {"file": path.name}))
    return source


def _open_xlsb(path: Path, zf: zipfile.ZipFile, cfg: ImportConfig) -> WorkbookSource:
    preflight.check_xlsb(zf, path.name, cfg.max_cells, cfg.max_text_chars)
    return _calamine(path, "xlsb", cfg)


def _open_xlsx(path: Path, zf: zipfile.ZipFile, names: dict[str, str], cfg: ImportConfig,
               split: bool) -> WorkbookSource:
    label = path.name
    preflight.check_xlsx_workbook(zf, label)
    date1904 = _xlsx_date1904(zf, names["xl/workbook.xml"])
    fmt = "xlsm" if "xl/vbaproject.bin" in names else "xlsx"
    splitter = WorkbookSplitter.for_workbook(zf) if split else None
    if splitter is None:
        # calamine reads the shared strings (and lets go of the GIL) while the sheets' extents are checked
        with ThreadPoolExecutor(max_workers=1) as pool:
            opened = pool.submit(_calamine_workbook, path, None)
            preflight.check_xlsx_sheets(zf, label, cfg.max_cells, cfg.max_text_chars)
        return _calamine(path, fmt, cfg, open_book=opened.result, date1904=date1904, fallback=_open_openpyxl)
    book = _CalamineBook(lambda: _calamine_workbook(splitter.path, None), label, cfg.max_cells)
    early = EarlyHead(cfg, lambda head: _calamine_workbook(head, None), book.parse)
    splitter.on_head = early.offer
    try:
        preflight.check_xlsx_sheets(zf, label, cfg.max_cells, cfg.max_text_chars, splitter)
        copied = splitter.finish()
    except BaseException:
        early.close()
        splitter.discard()
        raise
    if not copied:
        early.close()
        return _calamine(path, fmt, cfg, date1904=date1904, fallback=_open_openpyxl)
    try:  # from here the source's close() removes the copy
        return _calamine(path, fmt, cfg, date1904=date1904, fallback=_open_openpyxl, split=splitter, early=early,
                         book=book)
    except BaseException:
        early.close()
        splitter.discard()
        raise


def _xlsx_date1904(zf: zipfile.ZipFile, member: str) -> bool:
    try:
        with zf.open(member) as fh:
            head = fh.read(64 * 1024)
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
    return re.search(rb'date1904="(1|true)"', head) is not None


def _ods_with_mimetype(zf: zipfile.ZipFile) -> io.BytesIO:
    """Some writers leave out the 'mimetype' entry that calamine requires; add it in memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as fixed:
        fixed.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        for info in zf.infolist():
            fixed.writestr(info.filename, zf.read(info.filename))
    out.seek(0)
    return out


# ---------------------------------------------------------------- calamine


# off in a reader process (planning.importing.readers.isolation), whose whole stderr is captured
quiet_native_stderr = True


@contextmanager
def _native_stderr_kept_quiet():
    """Rust's panic hook writes "thread ... panicked at ..." straight to file descriptor 2 before
    calamine's error reaches us as an exception; keep that noise out of the user's terminal (the
    refusal that follows says what is wrong) and pass anything else through."""
    if not quiet_native_stderr:
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (AttributeError, OSError, ValueError):  # no real stderr (a windowed executable)
        yield
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            text = sink.read().decode("utf-8", "replace")
            panic = text.find(" panicked at ")
            before_panic = text if panic < 0 else text[: text.rfind("\n", 0, panic) + 1]
            if before_panic.strip():  # what was written before a panic (its message and backtrace) is kept
                os.write(2, before_panic.rstrip("\n").encode("utf-8", "replace") + b"\n")


def _reader_error(exc: BaseException) -> bool:
    """An error of calamine about the file: its exceptions, and a Rust panic (pyo3's PanicException derives
    from BaseException, so ``except Exception`` lets it through as a traceback)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _calamine_failure(label: str, exc: BaseException) -> ImportFailure:
    text = str(exc)
    if isinstance(exc, python_calamine.PasswordError) or "password" in text.lower() or "encrypt" in text.lower():
        return ImportFailure("password", file=label)
    if "cell limit" in text.lower():
        return ImportFailure("too_many_cells_repeat", file=label, cells="?", limit="?")
    return ImportFailure("corrupt", file=label, detail=text.splitlines()[0][:160] if text else type(exc).__name__)


def _calamine_workbook(path: Path, data: io.BytesIO | None) -> python_calamine.CalamineWorkbook:
    with _native_stderr_kept_quiet():
        if data is not None:
            return python_calamine.CalamineWorkbook.from_filelike(data)
        return python_calamine.CalamineWorkbook.from_path(str(path))


def _calamine(path: Path, fmt: str, cfg: ImportConfig, *,
              open_book: Callable[[], python_calamine.CalamineWorkbook] | None = None, date1904: bool = False,
              fallback: Callable[[Path, str, ImportConfig, str], WorkbookSource] | None = None,
              split: WorkbookSplitter | None = None, early: EarlyHead | None = None,
              book: "_CalamineBook | None" = None) -> WorkbookSource:
    """The workbook read by calamine (``split``: from the copy whose large sheets are split into parts,
    ``early`` reading the head of one of them, ``book`` opening the copy when first asked); a file calamine
    finds damaged goes to the ``fallback`` reader, if any."""
    if open_book is None:
        book_path = split.path if split is not None else path
        open_book = lambda: _calamine_workbook(book_path, None)  # noqa: E731
    # the early head's workbook lists the sheets; the copy then opens when a sheet is first parsed from it
    metadata = early.metadata() if early is not None and split is not None and early.sheet in split.parts else None
    if early is not None and metadata is None:
        early.close()  # the sheet was not split after all, or its head workbook would not open
        early = None
    try:
        if metadata is None:
            book = _CalamineBook(open_book, path.name, cfg.max_cells)
            book.workbook = open_book()
            with _native_stderr_kept_quiet():
                metadata = book.workbook.sheets_metadata
    except BaseException as exc:  # calamine raises several unrelated exception types for bad files, and panics
        if split is not None:
            split.discard()
        if not _reader_error(exc):
            raise
        failure = _calamine_failure(path.name, exc)
        if fallback is not None and failure.kind == "corrupt":
            return fallback(path, fmt, cfg, str(exc))
        raise failure from None
    parts = {}
    if split is not None:
        metadata = metadata[: split.count]
        parts = {index: _PartReader(numbers, book.parse, book.grid, lambda: _calamine_workbook(split.path, None),
                                    split.merges.get(index), early if early is not None and early.sheet == index
                                    else None)
                 for index, numbers in split.parts.items()}
        for reader in parts.values():
            reader.start()
    sheets = []
    for index, meta in enumerate(metadata):
        typ = str(meta.typ).rsplit(".", 1)[-1]
        kind = "worksheet" if typ == "WorkSheet" else "chart" if typ == "ChartSheet" else "other"
        hidden = str(meta.visible).rsplit(".", 1)[-1] != "Visible"
        sheet = SheetSource(meta.name, index, kind, hidden, "row", date1904, book.loader(index))
        if index in parts:
            sheet._head, sheet._parts = parts[index].head, parts[index].parts
        sheets.append(sheet)

    def close() -> None:
        for reader in parts.values():
            reader.close()
        book.close()
        if early is not None:
            early.close()
        if split is not None:
            split.discard()

    return WorkbookSource(path, fmt, sheets, _close=close)


class _CalamineBook:
    """A workbook open in calamine, its sheets parsed on demand (calamine lets go of the GIL meanwhile).
    calamine parses one sheet of a workbook at a time: the sheets' readers share this one under a lock."""

    def __init__(self, open_book: Callable[[], python_calamine.CalamineWorkbook], label: str, max_cells: int):
        self.open_book = open_book
        self.workbook: python_calamine.CalamineWorkbook | None = None  # dropped on close, so that a copy can go
        self.closed = False
        self.label = label
        self.max_cells = max_cells
        self.shared = threading.Lock()

    def _book(self) -> python_calamine.CalamineWorkbook:
        """The workbook, opened when first asked for (under the lock)."""
        if self.workbook is None:
            if self.closed:
                raise ValueError("the workbook is closed")
            self.workbook = self.open_book()
        return self.workbook

    def parse(self, index: int, workbook=None):
        """One sheet parsed, within the cell limit; from ``workbook`` (a copy of its own) when given."""
        try:
            with _native_stderr_kept_quiet(), (self.shared if workbook is None else nullcontext()):
                sheet = (workbook or self._book()).get_sheet_by_index(index)
            if sheet.height * max(sheet.width, 1) > self.max_cells:
                raise ImportFailure("too_many_cells", file=self.label, rows=sheet.height, cols=sheet.width,
                                    limit=self.max_cells)
            return sheet
        except ImportFailure:
            raise
        except BaseException as exc:
            if not _reader_error(exc):
                raise
            raise _calamine_failure(self.label, exc) from None

    @staticmethod
    def grid(sheet) -> tuple[Grid, list[Merge]]:
        rows = sheet.to_python(skip_empty_area=False)
        return rows, [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]

    def loader(self, index: int) -> Callable[[], tuple[Grid, list[Merge]]]:
        return lambda: self.grid(self.parse(index))

    def close(self) -> None:
        self.workbook = None
        self.closed = True


class _PartReader:
    """A sheet split into parts (planning.importing.readers.xlsx_split): the first part at once, and the later ones
    parsed two at a time on two threads, each with its own copy of the workbook (calamine parses one
    sheet of a workbook at a time), while the caller works on the rows of the part before. The first parts
    may have been read already, while the copy was being made (``early``, early_head.py); the merged cells
    then come from ``merges``, a workbook holding them alone."""

    def __init__(self, numbers: list[int], parse: Callable, grid: Callable, second: Callable,
                 merges: bytes | None = None, early: EarlyHead | None = None):
        self.numbers = numbers
        self.parse = parse  # parse(sheet number, workbook or None for the first one)
        self.grid = grid
        self.second = second  # opens the second workbook
        self.merges = merges
        self.early = early
        self.pools: list[ThreadPoolExecutor] = []
        self.books: list = [None, None]
        self.first: tuple[Grid, list[Merge]] | None = None
        self.ahead: dict[int, Future] = {}

    def _submit(self, k: int) -> None:
        if k >= len(self.numbers) or k in self.ahead or (self.early is not None and self.early.covers(k)):
            return
        if not self.pools:
            self.pools = [ThreadPoolExecutor(max_workers=1) for _ in range(2)]
            self.ahead[-1] = self.pools[1].submit(self._open_second)
        side = k % 2
        self.ahead[k] = self.pools[side].submit(lambda: self.parse(self.numbers[k], self.books[side]))

    def _open_second(self) -> None:
        self.books[1] = self.second()

    def head(self) -> tuple[Grid, list[Merge]]:
        if self.first is None:
            rows = self.early.rows() if self.early is not None else None
            if rows is None:
                self.early = None
                self._submit(1)
                self.first = self.grid(self.parse(self.numbers[0], None))
                self._submit(2)
            else:  # the parts after the early ones were started when the workbook opened (start)
                self.first = rows, self._merged()
        return self.first

    def start(self) -> None:
        """Start on the first parts not read early, if any were (as the workbook opens, before the head is
        asked for)."""
        if self.early is not None:
            after = len(self.early.later) + 1
            self._submit(after)
            self._submit(after + 1)

    def _merged(self) -> list[Merge]:
        try:
            with _native_stderr_kept_quiet():
                book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self.merges))
            return self.grid(self.parse(self.numbers[0], book))[1]
        except ImportFailure:
            pass
        except BaseException as exc:
            if not _reader_error(exc):
                raise
        return self.grid(self.parse(self.numbers[0], None))[1]  # from the copy's first part

    def _part(self, k: int):
        """Part ``k`` parsed; the next two are started meanwhile."""
        sheet = self.early.part(k) if self.early is not None and self.early.covers(k) else None
        if sheet is None:
            self._submit(k)
            future = self.ahead.pop(k, None)
            sheet = future.result() if future is not None else self.parse(self.numbers[k], None)
        if self.early is not None and not self.early.covers(k + 1):
            self.early.close()  # every part read early is taken: let go of its workbook
            self.early = None
        self._submit(k + 1)
        self._submit(k + 2)
        return sheet

    def parts(self) -> Iterator[tuple[int, Grid]]:
        """(row offset, rows) of each part, the gaps between parts filled with empty rows."""
        rows, _ = self.head()
        yield 0, rows
        end = len(rows)
        for k in range(1, len(self.numbers)):
            sheet = self._part(k)
            start = sheet.start
            if start is None:
                continue
            first, column = start
            part = sheet.to_python(skip_empty_area=True)
            del sheet
            width = column + (len(part[0]) if part else 0)
            if column:
                part = [[None] * column + list(row) for row in part]
            if first > end:
                part = [[None] * width for _ in range(first - end)] + part
                first = end
            yield first, part
            end = first + len(part)
        self.first = self.early = None  # read once; a second pass parses again

    def close(self) -> None:
        for future in self.ahead.values():
            future.cancel()
        for pool in self.pools:
            pool.shutdown(wait=True)
        self.pools, self.ahead, self.books = [], {}, [None, None]


def _open_ole(path: Path, cfg: ImportConfig) -> WorkbookSource:
    label = path.name
    try:
        with path.open("rb") as fh:
            blob = fh.read(min(path.stat().st_size, 1024 * 1024))
    except OSError as exc:
        raise ImportFailure("unreadable", file=label, detail=exc.strerror or str(exc)) from None
    # An encrypted xlsx is an OLE container holding "EncryptionInfo" (stored as UTF-16 names).
    if "EncryptionInfo".encode("utf-16-le") in blob or "EncryptedPackage".encode("utf-16-le") in blob:
        raise ImportFailure("password", file=label)
    fmt = "et" if path.suffix.lower() == ".et" else "xls"
    preflight_xls.check_xls(path, label, cfg)  # calamine parses every sheet on opening, and aborts on some
    return _calamine(path, fmt, cfg, fallback=_open_xlrd)


# ---------------------------------------------------------------- fallbacks: openpyxl, xlrd


def _open_openpyxl(path: Path, fmt: str, cfg: ImportConfig, why: str = "") -> WorkbookSource:
    import openpyxl  # only for the rare files calamine cannot parse

    label = path.name
    try:
        workbook = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:
        raise ImportFailure("corrupt", file=label, detail=(why or str(exc)).splitlines()[0][:160]) from None
    sheets = []
    for index, ws in enumerate(workbook.worksheets):
        def load(ws=ws) -> tuple[Grid, list[Merge]]:
            if ws.max_row * ws.max_column > cfg.max_cells:  # the preflight may not know every part openpyxl reads
                raise ImportFailure("too_many_cells", file=label, rows=ws.max_row, cols=ws.max_column,
                                    limit=cfg.max_cells)
            rows = [list(row) for row in ws.iter_rows(values_only=True)]
            merged = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
            return rows, merged
        sheets.append(SheetSource(ws.title, index, "worksheet", ws.sheet_state != "visible", "row",
                                  bool(workbook.epoch.year == 1904), load))
    source = WorkbookSource(path, fmt, sheets)
    source.warnings.append(("warn.fallback_reader", {"file": label, "reader": "openpyxl"}))
    return source


def _open_xlrd(path: Path, fmt: str, cfg: ImportConfig, why: str = "") -> WorkbookSource:
    import xlrd  # old BIFF2-5 files and OLE containers calamine rejects

    label = path.name
    try:
        with open(os.devnull, "w") as quiet:
            book = xlrd.open_workbook(str(path), logfile=quiet, ignore_workbook_corruption=True, on_demand=False)
    except Exception as exc:
        detail = why or str(exc)
        if "encrypt" in detail.lower() or "password" in detail.lower():
            raise ImportFailure("password", file=label) from None
        raise ImportFailure("corrupt", file=label, detail=detail.splitlines()[0][:160] if detail else "xls") from None
    sheets = []
    for index in range(book.nsheets):
        sh = book.sheet_by_index(index)

        def load(sh=sh) -> tuple[Grid, list[Merge]]:
            rows = []
            for r in range(sh.nrows):
                row = []
                for c, cell in enumerate(sh.row(r)):
                    value = cell.value
                    if cell.ctype == xlrd.XL_CELL_EMPTY or cell.ctype == xlrd.XL_CELL_BLANK:
                        value = None
                    elif cell.ctype == xlrd.XL_CELL_DATE:
                        try:
                            value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                        except Exception:
                            pass
                    elif cell.ctype == xlrd.XL_CELL_ERROR:
                        value = None
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        value = bool(value)
                    row.append(value)
                rows.append(row)
            merged = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in getattr(sh, "merged_cells", [])]
            return rows, merged

        hidden = getattr(sh, "visibility", 0) != 0
        sheets.append(SheetSource(sh.name, index, "worksheet", hidden, "row", book.datemode == 1, load))
    source = WorkbookSource(path, fmt, sheets)
    source.warnings.append(("warn.fallback_reader", {"file": label, "reader": "xlrd"}))
    return source


# ---------------------------------------------------------------- text formats: CSV, HTML, Excel 2003 XML

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_encoding(head: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if len(head) >= 4:
        even_zeros = head[0::2].count(0)
        odd_zeros = head[1::2].count(0)
        half = len(head) // 2
        if odd_zeros > half * 0.3 and even_zeros < half * 0.05:
            return "utf-16-le"
        if even_zeros > half * 0.3 and odd_zeros < half * 0.05:
            return "utf-16-be"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # cut in the middle of a character
            return "utf-8"
    return None


def _decode(path: Path, head: bytes) -> tuple[str, str]:
    label = path.name
    if b"\x00" in head and sniff_encoding(head) not in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        raise ImportFailure("not_spreadsheet", file=label)
    raw = path.read_bytes()
    first = sniff_encoding(head)
    candidates = [first] if first else []
    candidates += [e for e in ("utf-8", "gb18030") if e not in candidates]
    for encoding in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and _looks_binary(text):
            break
        return text.lstrip("\ufeff"), encoding
    raise ImportFailure("not_spreadsheet", file=label)


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n")
    return controls > len(sample) * 0.01


def _open_text(path: Path, head: bytes, cfg: ImportConfig) -> WorkbookSource:
    label = path.name
    text, encoding = _decode(path, head)
    if _looks_binary(text):
        raise ImportFailure("not_spreadsheet", file=label)
    start = text.lstrip()[:2048].lower()
    warnings: list[tuple[str, dict]] = []
    if encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(("warn.encoding", {"file": label, "encoding": encoding.upper()}))
    if start.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in text[:8192]:
        sheets, fmt = _spreadsheetml_sheets(text, label, cfg.max_cells), "xml"
    elif start.startswith(("<html", "<!doctype", "<table", "<meta", "<head", "<body", "<?xml")) or "<table" in start:
        sheets, fmt = _html_sheets(text, label, cfg.max_cells), "html"
    else:
        sheets, fmt = [_csv_sheet(text, label, cfg.max_cells)], "csv"
    if path.suffix.lower() in (".xls", ".xlsx", ".et") and fmt != "xml":
        warnings.append(("warn.text_as_xls", {"file": label, "actual": fmt.upper()}))
    return WorkbookSource(path, fmt, sheets, warnings)


def sniff_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", -1.0
    for delimiter in (",", "\t", ";", "|"):
        counts = [line.count(delimiter) for line in lines]
        used = [c for c in counts if c]
        if not used:
            continue
        common = max(set(used), key=used.count)
        score = used.count(common) * (1 + common / 100)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_sheet(text: str, label: str, max_cells: int) -> SheetSource:
    delimiter = sniff_delimiter(text)

    def load() -> tuple[Grid, list[Merge]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows: Grid = []
        width = 0
        try:
            for row in reader:
                rows.append([cell if cell != "" else None for cell in row])
                width = max(width, len(row))
                if len(rows) * width > max_cells:
                    raise ImportFailure("too_many_cells", file=label, rows=f"{len(rows)}+", cols=width,
                                        limit=max_cells)
        except csv.Error as exc:  # e.g. an unbalanced quote swallowing the rest of the file into one field
            raise ImportFailure("corrupt", file=label, detail=f"CSV, record {reader.line_num}: {exc}") from None
        return rows, []

    return SheetSource(Path(label).stem, 0, "worksheet", False, "record", False, load)


class _TableParser(HTMLParser):
    """Collects the cells of every <table>, honouring colspan/rowspan as merged ranges.

    A rowspan is remembered per column (the last row it covers), not per covered cell, and the cells
    made are counted: a few bytes of ``<td rowspan=1000 colspan=1000>`` must not become millions of cells.
    """

    def __init__(self, label: str = "", max_cells: int = 60_000_000):
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[Grid, list[Merge]]] = []
        self._stack: list[dict] = []
        self._label = label
        self._max_cells = max_cells
        self._cells = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._stack.append({"rows": [], "merged": [], "covered": {}, "row": None, "cell": None})
        elif not self._stack:
            return
        state = self._stack[-1]
        if tag == "tr":
            self._close_row(state)
            state["row"] = []
        elif tag in ("td", "th"):
            if state["row"] is None:
                state["row"] = []
            self._close_cell(state)
            attributes = dict(attrs)
            state["cell"] = {"text": [], "colspan": _span(attributes.get("colspan")),
                             "rowspan": _span(attributes.get("rowspan"))}
        elif tag == "br" and state["cell"] is not None:
            state["cell"]["text"].append("\n")

    def handle_endtag(self, tag):
        if not self._stack:
            return
        state = self._stack[-1]
        if tag in ("td", "th"):
            self._close_cell(state)
        elif tag == "tr":
            self._close_row(state)
        elif tag == "table":
            self._close_row(state)
            self._stack.pop()
            self.tables.append((state["rows"], state["merged"]))

    def handle_data(self, data):
        if self._stack and self._stack[-1]["cell"] is not None:
            self._stack[-1]["cell"]["text"].append(data)

    def _close_cell(self, state):
        cell = state["cell"]
        if cell is None:
            return
        state["cell"] = None
        row = state["row"]
        covered = state["covered"]
        r = len(state["rows"])
        before = len(row)
        col = before
        while covered.get(col, -1) >= r:  # under a rowspan from a row above
            row.append(None)
            col += 1
        text = "".join(cell["text"]).strip()
        row.append(text or None)
        row.extend([None] * (cell["colspan"] - 1))
        if cell["colspan"] > 1 or cell["rowspan"] > 1:
            state["merged"].append((r, col, r + cell["rowspan"] - 1, col + cell["colspan"] - 1))
            if cell["rowspan"] > 1:
                for c in range(col, col + cell["colspan"]):
                    covered[c] = max(covered.get(c, -1), r + cell["rowspan"] - 1)
        self._count(len(row) - before, state)

    def _close_row(self, state):
        self._close_cell(state)
        if state["row"] is not None:
            r = len(state["rows"])
            row = state["row"]
            before = len(row)
            while state["covered"].get(len(row), -1) >= r:
                row.append(None)
            self._count(len(row) - before + 1, state)
            state["rows"].append(row)
            state["row"] = None

    def _count(self, cells: int, state) -> None:
        self._cells += cells
        if self._cells > self._max_cells:
            raise ImportFailure("too_many_cells", file=self._label, rows=f"{len(state['rows']) + 1}+",
                                cols=len(state["row"] or ()), limit=self._max_cells)


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def _html_sheets(text: str, label: str, max_cells: int) -> list[SheetSource]:
    parser = _TableParser(label, max_cells)
    parser.feed(text)
    parser.close()
    tables = [t for t in parser.tables if t[0]]
    if not tables:
        raise ImportFailure("not_spreadsheet", file=label)
    sheets = []
    for index, (rows, merged) in enumerate(tables):
        name = Path(label).stem if len(tables) == 1 else f"{Path(label).stem} #{index + 1}"
        sheets.append(SheetSource(name, index, "worksheet", False, "record", False,
                                  lambda rows=rows, merged=merged: (rows, merged)))
    return sheets


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def _spreadsheetml_sheets(text: str, label: str, max_cells: int) -> list[SheetSource]:
    """Excel 2003 XML ("XML Spreadsheet"), which some government systems export as .xls.

    Only cells holding data make the grid: LibreOffice ends every row with an empty
    ``<Cell ss:Index="16384"/>`` and writes a last empty ``<Row ss:Index="1048576">``, and neither may
    become millions of empty cells. Indexes and merges come from the file, so they are checked.
    """
    if "<!DOCTYPE" in text[:4096].upper() or "<!ENTITY" in text[:65536].upper():
        raise ImportFailure("not_spreadsheet", file=label)  # no entity expansion from untrusted files
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise ImportFailure("corrupt", file=label, detail=f"XML: {exc}") from None

    def number(element, attribute: str, default: int) -> int:
        raw = element.get(_SS + attribute)
        if raw is None or not raw.strip():
            return default
        try:
            return int(raw)
        except ValueError:
            raise ImportFailure("corrupt", file=label, detail=f"XML: ss:{attribute}=\"{raw[:20]}\"") from None

    sheets = []
    for index, ws in enumerate(root.iter(_SS + "Worksheet")):
        rows: Grid = []
        merged: list[Merge] = []
        width = 0
        table = ws.find(_SS + "Table")
        if table is not None:
            r = -1  # 0-based row of the current <Row>
            for row_el in table.iter(_SS + "Row"):
                r = min(max(number(row_el, "Index", r + 2) - 1, r + 1), 1_048_575)
                row: list[Cell] = []
                c = -1
                for cell_el in row_el.iter(_SS + "Cell"):
                    c = min(max(number(cell_el, "Index", c + 2) - 1, c + 1), 16_383)
                    data = cell_el.find(_SS + "Data")
                    if data is not None:
                        value = _xml_value("".join(data.itertext()), data.get(_SS + "Type"))
                        if value is not None:
                            row.extend([None] * (c - len(row)))
                            row.append(value)
                    across = min(max(number(cell_el, "MergeAcross", 0), 0), 16_383 - c)
                    down = min(max(number(cell_el, "MergeDown", 0), 0), 1_048_575 - r)
                    if across or down:
                        merged.append((r, c, r + down, c + across))
                    c += across
                if row:
                    rows.extend([] for _ in range(r - len(rows)))
                    rows.append(row)
                    width = max(width, len(row))
                    if len(rows) * width > max_cells:
                        raise ImportFailure("too_many_cells", file=label, rows=len(rows), cols=width,
                                            limit=max_cells)
        hidden = ws.find("{urn:schemas-microsoft-com:office:excel}WorksheetOptions/"
                         "{urn:schemas-microsoft-com:office:excel}Visible") is not None
        name = ws.get(_SS + "Name") or f"Sheet{index + 1}"
        sheets.append(SheetSource(name, index, "worksheet", hidden, "row", False,
                                  lambda rows=rows, merged=merged: (rows, merged)))
    if not sheets:
        raise ImportFailure("no_sheets", file=label)
    return sheets


def _xml_value(raw: str, kind: str | None) -> Cell:
    if kind == "Number":
        try:
            return float(raw)
        except ValueError:
            return raw
    if kind == "DateTime":
        try:
            return dt.datetime.fromisoformat(raw.rstrip("Z"))
        except ValueError:
            return raw
    if kind == "Boolean":
        return raw.strip() in ("1", "true")
    return raw if raw != "" else None
