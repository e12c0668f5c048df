"""Checks a spreadsheet's real extent before a reader allocates memory for it.

A reader builds a dense grid from the first to the last used cell, so a few cells placed far apart
(one in A1, one in XFD1048576), or an ODS cell "repeated" a billion times, ask for billions of cells
from a file of a few kilobytes; it also writes out a copy of a shared string for every cell showing
it, and reserves room for as many strings as a table declares. calamine ends the whole process when
such memory cannot be had. These checks read the compressed parts as streams, with numpy and C-speed
scans, and refuse such files with a clear reason before a reader sees them (.xls: preflight_xls).
"""

from __future__ import annotations

import posixpath
import re
import threading
import zipfile
import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from planning.base.errors import ImportFailure

_CHUNK = 2 * 1024 * 1024  # pieces that stay in the processor's cache are scanned faster than larger ones
# The r="..." attribute of <row> ("7") and <c> ("XFD7"), in either quote and with any case or spacing the
# XML parser accepts: calamine places a cell by its own reference, whatever its row element says.
_REF_ROW = re.compile(rb'\sr\s*=\s*["\'][A-Za-z]*(\d+)')
_REF_COLUMN = re.compile(rb'\sr\s*=\s*["\']([A-Za-z]+)')
_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_REL_TYPE = re.compile(rb'\sType\s*=\s*["\']([^"\']*)')
_REL_TARGET = re.compile(rb'\sTarget\s*=\s*["\']([^"\']*)')
_ODS_TOKEN = re.compile(
    rb"<table:table(?=[\s>/])|<table:table-row\b([^>]*)>|</table:table-row>|"
    rb"<table:(?:covered-)?table-cell\b([^>]*?)(/?)>"
)
_ODS_ROWS_REPEAT = re.compile(rb'number-rows-repeated\s*=\s*["\'](\d+)')
_ODS_COLS_REPEAT = re.compile(rb'number-columns-repeated\s*=\s*["\'](\d+)')
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError)


def column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + (ch - 64)
    return number


def check_zip(zf: zipfile.ZipFile, file_label: str, max_uncompressed: int) -> None:
    total = sum(info.file_size for info in zf.infolist())
    if total > max_uncompressed:
        raise ImportFailure(
            "zip_too_large", file=file_label, size_mb=total // (1024 * 1024), limit_mb=max_uncompressed // (1024 * 1024)
        )


# What the byte regexes above take as white space (\s), and the letters and digits of a reference.
_SPACE = np.zeros(256, dtype=bool)
_SPACE[list(b" \t\n\r\x0b\x0c")] = True
_LETTER = np.zeros(256, dtype=bool)
_LETTER[list(range(65, 91)) + list(range(97, 123))] = True


@dataclass
class _Scan:
    """What a reader will build from one worksheet part: the grid's extent, and the characters that
    shared-string cells copy out of the table (each cell gets its own copy of its string)."""
    rows: int = 0
    columns: int = 0
    first_row: int = 0  # the least row referred to (0: none)
    shared: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # cells per string index
    # <c> and <row> elements, and those that carry their own reference: a reader places the others one
    # after the previous cell or row, so each of them may extend the grid by one.
    cell_tags: int = 0
    placed_cells: int = 0
    row_tags: int = 0
    placed_rows: int = 0

    def add(self, other: "_Scan") -> None:
        if other.first_row:
            self.first_row = min(self.first_row or other.first_row, other.first_row)
        self.rows = max(self.rows, other.rows)
        self.columns = max(self.columns, other.columns)
        for name in ("cell_tags", "placed_cells", "row_tags", "placed_rows"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.shared.size > self.shared.size:
            self.shared, other_shared = other.shared.copy(), self.shared
        else:
            other_shared = other.shared
        self.shared[: other_shared.size] += other_shared

    def count_shared(self, indexes: np.ndarray, strings: int) -> None:
        """Count the cells showing each shared string; an index past the table (``strings`` bounds
        it) shows nothing."""
        indexes = indexes[(indexes >= 0) & (indexes < strings)]
        self.add(_Scan(shared=np.bincount(indexes).astype(np.int64)))

    def shared_chars(self, sizes: np.ndarray) -> int:
        n = min(self.shared.size, sizes.size)
        return int(self.shared[:n] @ sizes[:n])

    def extent(self) -> tuple[int, int]:
        return (self.rows + max(self.row_tags - self.placed_rows, 0),
                self.columns + max(self.cell_tags - self.placed_cells, 0))


_CELL_PLACED = re.compile(rb"<c\sr=")  # as strict as the vector scan: any other spelling counts as not placed
_ROW_PLACED = re.compile(rb"<row\sr=")
_SHARED_CELL = re.compile(rb"<c\b([^>]*)>(.*?)</c>", re.S)
_SHARED_TYPE = re.compile(rb'\st\s*=\s*["\']s["\']')
_VALUE = re.compile(rb"<v>\s*(\d+)")


def _regex_scan(body: bytes, strings: int) -> _Scan:
    rows = _REF_ROW.findall(body)
    letters = set(_REF_COLUMN.findall(body))
    scan = _Scan(max(map(int, rows)) if rows else 0, max((column_number(x.upper()) for x in letters), default=0),
                 min(map(int, rows)) if rows else 0)
    scan.placed_cells = sum(1 for _ in _CELL_PLACED.finditer(body))
    scan.placed_rows = sum(1 for _ in _ROW_PLACED.finditer(body))
    if strings:
        indexes = [int(v.group(1)) for cell in _SHARED_CELL.finditer(body) if _SHARED_TYPE.search(cell.group(1))
                   for v in [_VALUE.search(cell.group(2))] if v]
        scan.count_shared(np.array(indexes, dtype=np.int64), strings)
    return scan


def _digits_at(a: np.ndarray, position: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The numbers written at ``position`` (at most nine digits) and where each ends; None when one
    is longer. ``a`` is padded: the ten bytes after any position are inside it."""
    value = np.zeros(position.size, dtype=np.int64)
    position = position.copy()
    running = np.ones(position.size, dtype=bool)
    for _ in range(10):
        digit = a[position].astype(np.int64) - 48
        running &= (digit >= 0) & (digit <= 9)
        if not running.any():
            return value, position
        value = np.where(running, value * 10 + digit, value)
        position += running
    return None


_PAD = 32


class _Scratch:
    """Arrays reused from one piece to the next: fresh 8 MB arrays for every piece cost more in page
    faults than the comparisons written into them."""

    def __init__(self):
        self.bytes = np.zeros(0, dtype=np.uint8)
        self.flags = np.zeros(0, dtype=bool)
        self.other = np.zeros(0, dtype=bool)

    def load(self, body: bytes) -> np.ndarray:
        """The piece with _PAD zero bytes on both sides, so that every look around an '=' stays inside."""
        size = len(body) + 2 * _PAD
        if self.bytes.size < size:
            self.bytes = np.zeros(size + size // 4, dtype=np.uint8)
            self.flags = np.zeros(self.bytes.size, dtype=bool)
            self.other = np.zeros(self.bytes.size, dtype=bool)
        a = self.bytes[:size]
        a[:_PAD] = 0
        a[_PAD:size - _PAD] = np.frombuffer(body, dtype=np.uint8)
        a[size - _PAD:] = 0
        return a

    def pairs(self, a: np.ndarray, first: int, second: int) -> int:
        """How many times byte ``first`` is followed by byte ``second``."""
        n = a.size - 1
        found, other = self.flags[:n], self.other[:n]
        np.equal(a[:-1], first, out=found)
        np.equal(a[1:], second, out=other)
        np.logical_and(found, other, out=found)
        return int(np.count_nonzero(found))

    def positions(self, a: np.ndarray, byte: int) -> np.ndarray:
        found = self.flags[:a.size]
        np.equal(a, byte, out=found)
        return np.flatnonzero(found)


def _vector_scan(body: bytes, strings: int, scratch: _Scratch | None = None) -> _Scan | None:
    """The same as :func:`_regex_scan`, found with numpy over the bytes: every ``="`` preceded by white
    space and ``r`` starts a reference, read letters first, then digits to the closing quote; every
    ``t="s"`` followed by ``><v>`` starts a shared-string cell. None when the piece spells one another
    way (white space around ``=``, single quotes, four letters, ten digits, no digits, anything but
    the quote after the digits, another order of a shared cell's parts): the regexes then read it."""
    scratch = scratch or _Scratch()
    a = scratch.load(body)
    # "<c" and "<r" bound the <c> and <row> elements from above (<col>, <r> also count)
    scan = _Scan(cell_tags=scratch.pairs(a, 60, 99), row_tags=scratch.pairs(a, 60, 114))
    equals = scratch.positions(a, 61)
    if equals.size == 0:
        return scan
    before = a[equals - 1]
    after = a[equals + 1]
    if _SPACE[before].any() or _SPACE[after].any():
        return None
    spaced = _SPACE[a[equals - 2]]
    refs = equals[(before == 114) & spaced]
    if refs.size:
        if (a[refs + 1] != 34).any():
            return None
        start = refs + 2
        column = np.zeros(start.size, dtype=np.int64)
        letters = np.zeros(start.size, dtype=np.int64)
        running = np.ones(start.size, dtype=bool)
        for k in range(4):
            byte = a[start + k]
            running &= _LETTER[byte]
            if not running.any():
                break
            column = np.where(running, column * 26 + (byte & 0xDF).astype(np.int64) - 64, column)
            letters += running
        else:
            return None
        digits = _digits_at(a, start + letters)
        if digits is None:
            return None
        row, end = digits
        if (end == start + letters).any() or (a[end] != 34).any():
            return None  # no digits, or something other than the closing quote after them
        scan.rows, scan.columns, scan.first_row = int(row.max()), int(column.max()), int(row.min())
        in_cell = (a[refs - 3] == 99) & (a[refs - 4] == 60)  # <c r=
        in_row = (a[refs - 3] == 119) & (a[refs - 4] == 111) & (a[refs - 5] == 114) & (a[refs - 6] == 60)
        scan.placed_cells = int(in_cell.sum())
        scan.placed_rows = int(in_row.sum())
    if strings:
        types = equals[(before == 116) & spaced & (after == 34) & (a[equals + 2] == 115) & (a[equals + 3] == 34)]
        if types.size:
            if (a[types[:, None] + np.arange(4, 8)] != np.frombuffer(b"><v>", dtype=np.uint8)).any():
                return None
            digits = _digits_at(a, types + 8)
            if digits is None:
                return None
            indexes, end = digits
            if (end == types + 8).any() or (a[end] != 60).any():
                return None
            scan.count_shared(indexes, strings)
    return scan


def _piece_scan(body: bytes, strings: int, scratch: _Scratch | None = None) -> _Scan:
    scan = _vector_scan(body, strings, scratch)
    if scan is None:
        scan = _regex_scan(body, strings)
        scan.cell_tags, scan.row_tags = body.count(b"<c"), body.count(b"<r")
    return scan


def _read_ahead(stream, size: int):
    """The stream's chunks of ``size`` bytes; the next one is inflated in a thread (zlib lets go of the
    GIL) while the caller scans this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(stream.read, size)
        while chunk := pending.result():
            pending = pool.submit(stream.read, size)
            yield chunk


def _pieces(zf: zipfile.ZipFile, member: str, boundary: bytes):
    """A part's XML in pieces that end before an element starting with ``boundary`` (a row, a shared
    string), or failing that before a '<', so that no element the scans read is cut."""
    tail = b""
    with zf.open(member) as stream:
        for chunk in _read_ahead(stream, _CHUNK):
            data = tail + chunk
            cut = data.rfind(boundary)
            if cut <= 0:
                cut = data.rfind(b"<")
            cut = len(data) if cut < 0 else cut
            if cut:
                yield data[:cut]
            tail = data[cut:]
    if tail:
        yield tail


_scratches = threading.local()


def _scan_in_thread(piece: bytes, strings: int) -> _Scan:
    scratch = getattr(_scratches, "scratch", None)
    if scratch is None:
        scratch = _scratches.scratch = _Scratch()
    return _piece_scan(piece, strings, scratch)


def xlsx_sheet_scan(zf: zipfile.ZipFile, member: str, strings: int = 0, splitter=None) -> _Scan:
    """What a reader builds from one worksheet part; shared-string cells are counted when there can be
    ``strings`` shared strings. A ``splitter`` (planning.importing.readers.xlsx_split) that wants the part gets each
    piece, in order, once it is checked. Pieces are scanned two at a time (numpy lets go of the GIL)
    while the next ones are inflated."""
    scan = _Scan()
    feed = splitter is not None and splitter.wants(member)
    pending: deque = deque()

    def take() -> None:
        piece, future = pending.popleft()
        found = future.result()
        scan.add(found)
        if feed:
            splitter.piece(member, piece, found)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for piece in _pieces(zf, member, b"<row"):
            pending.append((piece, pool.submit(_scan_in_thread, piece, strings)))
            if len(pending) > 2:
                take()
        while pending:
            take()
    return scan


def xlsx_sheet_extent(zf: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """(rows, columns) that a reader's grid for one worksheet part will span, at most."""
    return xlsx_sheet_scan(zf, member).extent()


def shared_string_sizes(zf: zipfile.ZipFile, member: str) -> np.ndarray:
    """An upper bound of each shared string's length in characters: the bytes between its <si> and
    </si> (UTF-8 takes at least a byte a character; markup and entities only add bytes)."""
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    empty: list[np.ndarray] = []
    offset = 0
    for piece in _pieces(zf, member, b"<si"):
        a = np.frombuffer(piece, dtype=np.uint8)
        opening = np.flatnonzero(a[:-1] == 60)
        nxt = a[np.minimum(opening + 1, a.size - 1)]
        second = a[np.minimum(opening + 2, a.size - 1)]
        third = a[np.minimum(opening + 3, a.size - 1)]
        fourth = a[np.minimum(opening + 4, a.size - 1)]
        is_start = (nxt == 115) & (second == 105) & ((third == 62) | (third == 47) | _SPACE[third])
        starts.append(offset + opening[is_start])
        empty.append(third[is_start] == 47)  # <si/>: an empty string, which still takes its index
        ends.append(offset + opening[(nxt == 47) & (second == 115) & (third == 105) & (fourth == 62)])
        offset += len(piece)
    start = np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)
    end = np.concatenate(ends) if ends else np.zeros(0, dtype=np.int64)
    if not start.size:
        return np.zeros(0, dtype=np.int64)
    closing = np.searchsorted(end, start)
    sizes = np.where(closing < end.size, end[np.minimum(closing, max(end.size - 1, 0))] - start, offset - start)
    sizes[np.concatenate(empty)] = 0
    return sizes.astype(np.int64)


def _worksheet_members(zf: zipfile.ZipFile) -> list[str]:
    """Every worksheet part: those the workbook's relationships point to, and any under xl/worksheets/."""
    names = {n.replace("\\", "/").lstrip("/").lower(): n for n in zf.namelist()}
    found = {original for name, original in names.items()
             if name.startswith("xl/worksheets/") and name.endswith(".xml")}
    rels = names.get("xl/_rels/workbook.xml.rels")
    if rels is not None:
        for rel in _REL.findall(zf.read(rels)):
            kind = _REL_TYPE.search(rel)
            target = _REL_TARGET.search(rel)
            # worksheet, and chartsheet, dialogsheet, xlMacrosheet: calamine or openpyxl may read cells from them
            if kind and target and kind.group(1).lower().endswith(b"sheet"):
                path = target.group(1).decode("utf-8", "replace").replace("\\", "/")
                # calamine joins "xl/" and a relative target without resolving "..": try both spellings
                for candidate in ((path.lstrip("/"),) if path.startswith("/") else
                                  ("xl/" + path, posixpath.normpath(posixpath.join("xl", path)))):
                    original = names.get(candidate.lower())
                    if original is not None:
                        found.add(original)
    return sorted(found)


_SST_TAG = re.compile(rb"<(?:\w+:)?sst\b[^>]*>")
_UNIQUE_COUNT = re.compile(rb'\suniqueCount\s*=\s*["\']\s*(\d+)')
_SHORTEST_SHARED_STRING = len(b"<si/>")


def _most_strings(info: zipfile.ZipInfo) -> int:
    """How many strings a shared-strings part of this size can hold at most."""
    return info.file_size // _SHORTEST_SHARED_STRING + 1


def _shared_string_members(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [info for info in zf.infolist()
            if info.filename.replace("\\", "/").lower().endswith("sharedstrings.xml")]


def _check_shared_strings(zf: zipfile.ZipFile, file_label: str) -> None:
    """calamine reserves memory for the number of strings the table declares before reading one, and
    a declared four billion aborts the process; no honest table declares more than its part can hold."""
    for info in _shared_string_members(zf):
        head = b""
        with zf.open(info) as stream:
            for chunk in iter(lambda: stream.read(64 * 1024), b""):
                head = head[-1024:] + chunk
                tag = _SST_TAG.search(head)
                if tag:
                    declared = _UNIQUE_COUNT.search(tag.group(0))
                    bound = _most_strings(info)
                    if declared and int(declared.group(1)) > bound:
                        raise ImportFailure("count_too_large", file=file_label, part=info.filename,
                                            count=int(declared.group(1)), bound=bound)
                    break


def check_xlsx_workbook(zf: zipfile.ZipFile, file_label: str) -> None:
    """What calamine reads when it opens the workbook, before any sheet."""
    try:
        _check_shared_strings(zf, file_label)
    except _ZIP_ERRORS as exc:
        raise ImportFailure("corrupt", file=file_label, detail=f"zip: {exc}"[:160]) from None


def _largest_sizes(tables: list[np.ndarray]) -> np.ndarray:
    """Per string index, the largest size any of the tables gives it (which table a reader takes is
    its own business)."""
    sizes = np.zeros(max((t.size for t in tables), default=0), dtype=np.int64)
    for table in tables:
        sizes[: table.size] = np.maximum(sizes[: table.size], table)
    return sizes


def _xlsx_shared_string_sizes(zf: zipfile.ZipFile) -> np.ndarray:
    return _largest_sizes([shared_string_sizes(zf, info.filename) for info in _shared_string_members(zf)])


def _no_strings() -> np.ndarray:
    return np.zeros(0, dtype=np.int64)


def _check_cells(scan: _Scan, file_label: str, max_cells: int) -> None:
    rows, cols = scan.extent()
    if rows * max(cols, 1) > max_cells:
        raise ImportFailure("too_many_cells", file=file_label, rows=rows, cols=cols, limit=max_cells)


def _check_text(scan: _Scan, sizes: np.ndarray, file_label: str, max_text_chars: int) -> None:
    chars = scan.shared_chars(sizes)
    if chars > max_text_chars:
        raise ImportFailure("too_much_text", file=file_label, chars=chars, limit=max_text_chars)


def within_limits(scans: list[_Scan], sizes: np.ndarray, max_cells: int, max_text_chars: int) -> bool:
    """Whether the grid of the part these scans found, and the text its shared-string cells copy, are
    within the limits (a part read before the whole sheet is checked)."""
    found = _Scan()
    for scan in scans:
        found.add(scan)
    try:
        _check_cells(found, "", max_cells)
        _check_text(found, sizes, "", max_text_chars)
    except ImportFailure:
        return False
    return True


def check_xlsx_sheets(zf: zipfile.ZipFile, file_label: str, max_cells: int, max_text_chars: int,
                      splitter=None) -> None:
    """Every worksheet's grid within ``max_cells``, and all the text its shared-string cells copy
    (one string referenced by a million cells is a million copies) within ``max_text_chars``. The
    pieces of the worksheets a ``splitter`` wants are handed to it as they are checked."""
    strings = sum(_most_strings(info) for info in _shared_string_members(zf))
    try:
        # the strings' sizes are measured in a thread (numpy and zlib let go of the GIL) beside the sheets
        with ThreadPoolExecutor(max_workers=1) as pool:
            sizing = pool.submit(_xlsx_shared_string_sizes, zf) if strings else None
            if splitter is not None:
                splitter.string_sizes = sizing.result if sizing is not None else _no_strings
            shown = _Scan()
            for member in _worksheet_members(zf):
                scan = xlsx_sheet_scan(zf, member, strings, splitter)
                _check_cells(scan, file_label, max_cells)
                shown.add(scan)
            if sizing is not None:
                _check_text(shown, sizing.result(), file_label, max_text_chars)
    except _ZIP_ERRORS as exc:
        raise ImportFailure("corrupt", file=file_label, detail=f"zip: {exc}"[:160]) from None


_XLSB_ROW_HEADER = 0x0000  # BrtRowHdr: the row of the cells that follow
_XLSB_CELLS = frozenset(range(0x0002, 0x000B))  # BrtCellRk ... BrtFmlaBool: calamine places them by column
_XLSB_SHEET_DIRS = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/")


_XLSB_SHARED_CELL = 0x0007  # BrtCellIsst: a cell showing shared string number isst (bytes 8..12)
_XLSB_SHARED_STRING = 0x0013  # BrtSSTItem: one shared string, two bytes a character and more


def _xlsb_records(stream, keep: frozenset[int]):
    """(type, size, first bytes of the data) of each record whose type is kept, from a binary part.

    A record is a type and a size (each a 7-bit varint, almost always one byte) and the data; the
    others are skipped unread."""
    buf, pos, end = b"", 0, 0
    try:
        while True:
            if end - pos < 32:
                buf, pos = buf[pos:] + stream.read(_CHUNK), 0
                end = len(buf)
                if end < 2:
                    return
            typ = buf[pos]
            pos += 1
            if typ & 0x80:  # two-byte type
                typ = (typ & 0x7F) | (buf[pos] & 0x7F) << 7
                pos += 1
            size = buf[pos]
            pos += 1
            if size & 0x80:  # up to four bytes of size
                size &= 0x7F
                for shift in (7, 14, 21):
                    byte = buf[pos]
                    pos += 1
                    size |= (byte & 0x7F) << shift
                    if not byte & 0x80:
                        break
            if typ in keep:
                yield typ, size, buf[pos:pos + min(size, 16)]
            pos += size
            if pos > end:  # a long record: skip the rest of it in the stream
                skip, buf, pos, end = pos - end, b"", 0, 0
                while skip > 0:
                    got = len(stream.read(min(skip, _CHUNK)))
                    if not got:
                        return
                    skip -= got
    except IndexError:  # the part ends inside a record header
        return


_XLSB_SHEET_RECORDS = frozenset({_XLSB_ROW_HEADER, *_XLSB_CELLS})


def xlsb_sheet_scan(zf: zipfile.ZipFile, member: str, strings: int = 0) -> _Scan:
    """The grid one .xlsb worksheet part spans (a row header starts with the row, a cell with its
    column, a 32-bit number that calamine does not check), and the shared-string text its cells copy."""
    scan = _Scan()
    row = 0
    shared: list[int] = []
    with zf.open(member) as stream:
        for typ, size, head in _xlsb_records(stream, _XLSB_SHEET_RECORDS):
            if len(head) < 4:
                continue
            if typ == _XLSB_ROW_HEADER:
                row = int.from_bytes(head[:4], "little")
                if row > 0x10_0000:  # calamine stops reading the sheet there
                    break
                continue
            column = int.from_bytes(head[:4], "little")
            if column >= scan.columns:
                scan.columns = column + 1
            if row >= scan.rows:
                scan.rows = row + 1
            if typ == _XLSB_SHARED_CELL and len(head) >= 12:
                shared.append(int.from_bytes(head[8:12], "little"))
    if strings and shared:
        scan.count_shared(np.array(shared, dtype=np.int64), strings)
    return scan


def xlsb_sheet_extent(zf: zipfile.ZipFile, member: str) -> tuple[int, int]:
    return xlsb_sheet_scan(zf, member).extent()


def xlsb_shared_string_sizes(zf: zipfile.ZipFile, member: str) -> np.ndarray:
    """An upper bound of each shared string's length: half its record's size (UTF-16 text)."""
    with zf.open(member) as stream:
        return np.array([size // 2 for _, size, _ in _xlsb_records(stream, frozenset({_XLSB_SHARED_STRING}))],
                        dtype=np.int64)


def check_xlsb(zf: zipfile.ZipFile, file_label: str, max_cells: int, max_text_chars: int = 0) -> None:
    """calamine opens the sheet parts under xl/worksheets/ (and chart and dialog sheets) by name."""
    try:
        sizes = _largest_sizes([xlsb_shared_string_sizes(zf, member) for member in zf.namelist()
                                if member.replace("\\", "/").lower().endswith("sharedstrings.bin")])
        chars = 0
        for member in zf.namelist():
            name = member.replace("\\", "/").lower()
            if name.startswith(_XLSB_SHEET_DIRS) and "/_rels/" not in name and not name.endswith("/"):
                scan = xlsb_sheet_scan(zf, member, sizes.size)
                rows, cols = scan.extent()
                if rows * max(cols, 1) > max_cells:
                    raise ImportFailure("too_many_cells", file=file_label, rows=rows, cols=cols, limit=max_cells)
                chars += scan.shared_chars(sizes)
                if max_text_chars and chars > max_text_chars:
                    raise ImportFailure("too_much_text", file=file_label, chars=chars, limit=max_text_chars)
    except _ZIP_ERRORS as exc:
        raise ImportFailure("corrupt", file=file_label, detail=f"zip: {exc}"[:160]) from None


def ods_extent(content: bytes) -> tuple[int, int]:
    """Largest grid (cells) any table of an ODS content.xml would need for its non-empty cells, and
    the text its cells hold once repeated (bytes of each cell's content, markup included, times the
    cell's and its row's repeats: calamine writes out every copy)."""
    worst = 0
    text = 0
    rows_before = 0
    max_row = 0
    max_col = 0
    row_repeat = 1
    col = 0
    row_has_value = False
    open_cell = None  # (end of the open cell's start tag, its repeat)
    for match in _ODS_TOKEN.finditer(content):
        if open_cell is not None:
            text += (match.start() - open_cell[0]) * open_cell[1] * row_repeat
            open_cell = None
        token = match.group(0)
        if token.startswith(b"<table:table-row"):
            repeat = _ODS_ROWS_REPEAT.search(match.group(1) or b"")
            row_repeat = int(repeat.group(1)) if repeat else 1
            col = 0
            row_has_value = False
        elif token == b"</table:table-row>":
            rows_before += row_repeat
            if row_has_value:
                max_row = rows_before
        elif token.startswith(b"<table:table") and not token.startswith(b"<table:table-"):
            worst = max(worst, max_row * max_col)
            rows_before = max_row = max_col = 0
        else:
            attrs = match.group(2) or b""
            repeat = _ODS_COLS_REPEAT.search(attrs)
            span = int(repeat.group(1)) if repeat else 1
            col += span
            if b"value-type" in attrs:
                row_has_value = True
                max_col = max(max_col, col)
            if not match.group(3):  # not self-closing: its content runs to the next token
                open_cell = (match.end(), span)
    return max(worst, max_row * max_col), text


_ODS_SPACES = re.compile(rb"<text:s\b([^>]*)>")
_ODS_SPACE_COUNT = re.compile(rb'text:c\s*=\s*["\']\s*(\d+)')


def ods_space_chars(content: bytes) -> int:
    """Characters that <text:s text:c="N"/> (N spaces) adds to the cells, counted once for every
    repetition of the cell and of its row: calamine writes the spaces out in each copy."""
    total = 0
    for match in _ODS_SPACES.finditer(content):
        count = _ODS_SPACE_COUNT.search(match.group(1))
        spaces = int(count.group(1)) if count else 1
        if spaces == 0:
            continue
        at = match.start()
        cell = content.rfind(b"table-cell", 0, at)
        row = content.rfind(b"<table:table-row", 0, at)
        repeat = 1
        for start, pattern in ((cell, _ODS_COLS_REPEAT), (row, _ODS_ROWS_REPEAT)):
            if start >= 0:
                end = content.find(b">", start, at)
                found = pattern.search(content[start:end if end >= 0 else at])
                repeat *= int(found.group(1)) if found else 1
        total += spaces * repeat
    return total


def check_ods(zf: zipfile.ZipFile, file_label: str, max_cells: int, max_text_chars: int = 0) -> None:
    try:
        content = zf.read("content.xml")
    except KeyError:
        raise ImportFailure("corrupt", file=file_label, detail="content.xml missing") from None
    except _ZIP_ERRORS as exc:
        raise ImportFailure("corrupt", file=file_label, detail=f"zip: {exc}"[:160]) from None
    # A cheap upper bound first (every row times every cell slot); the exact walk only when it is exceeded.
    # Many modest repeats ("999" thousands of times) ask for as many cells as one huge repeat.
    row_repeats = [int(n) for n in _ODS_ROWS_REPEAT.findall(content)]
    col_repeats = [int(n) for n in _ODS_COLS_REPEAT.findall(content)]
    rows = content.count(b"<table:table-row") + sum(n - 1 for n in row_repeats if n)
    slots = content.count(b"table-cell") + sum(n - 1 for n in col_repeats if n)
    text_bound = len(content) * max(row_repeats, default=1) * max(col_repeats, default=1)
    if rows * slots > max_cells or (max_text_chars and text_bound > max_text_chars):
        cells, text = ods_extent(content)
        if cells > max_cells:
            raise ImportFailure("too_many_cells_repeat", file=file_label, cells=cells, limit=max_cells)
        if max_text_chars and text > max_text_chars:
            raise ImportFailure("too_much_text", file=file_label, chars=text, limit=max_text_chars)
    if max_text_chars and b"<text:s" in content:
        chars = ods_space_chars(content)
        if chars > max_text_chars:
            raise ImportFailure("too_much_text", file=file_label, chars=chars, limit=max_text_chars)
