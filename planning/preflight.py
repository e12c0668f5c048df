"""Checks a spreadsheet's real extent before a reader allocates memory for it.

A reader builds a dense grid from the first to the last used cell, so a few cells placed far apart
(one in A1, one in XFD1048576), or an ODS cell "repeated" a billion times, ask for billions of cells
from a file of a few kilobytes. These checks read the compressed parts as streams, with C-speed scans,
and refuse such files with a clear reason before any grid exists.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .errors import ImportFailure

_CHUNK = 8 * 1024 * 1024
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


def _exact_extent(body: bytes) -> tuple[int, int]:
    rows = _REF_ROW.findall(body)
    letters = set(_REF_COLUMN.findall(body))
    max_row = max(map(int, rows)) if rows else 0
    max_col = max((column_number(x.upper()) for x in letters), default=0)
    return max_row, max_col


def _vector_extent(body: bytes) -> tuple[int, int] | None:
    """The same extent as :func:`_exact_extent`, found with numpy over the bytes: every ``="`` preceded
    by white space and ``r`` starts a reference, read letters first, then digits to the closing quote.
    None when the piece spells a reference another way (white space around ``=``, single quotes, four
    letters, ten digits, no digits, anything but the quote after the digits): the regexes then read it."""
    a = np.frombuffer(body, dtype=np.uint8)
    equals = np.flatnonzero(a == 61)
    if equals.size == 0:
        return 0, 0
    if equals[0] < 2 or equals[-1] >= a.size - 2:
        return None
    before = a[equals - 1]
    after = a[equals + 1]
    if _SPACE[before].any() or _SPACE[after].any():
        return None
    refs = equals[(before == 114) & _SPACE[a[equals - 2]]]
    if refs.size == 0:
        return 0, 0
    if (a[refs + 1] != 34).any():
        return None
    start = refs + 2
    last = a.size - 1
    column = np.zeros(start.size, dtype=np.int64)
    letters = np.zeros(start.size, dtype=np.int64)
    running = np.ones(start.size, dtype=bool)
    for k in range(4):
        byte = a[np.minimum(start + k, last)]
        running &= _LETTER[byte]
        if not running.any():
            break
        column = np.where(running, column * 26 + (byte & 0xDF).astype(np.int64) - 64, column)
        letters += running
    else:
        return None
    row = np.zeros(start.size, dtype=np.int64)
    position = start + letters
    running[:] = True
    for _ in range(10):
        digit = a[np.minimum(position, last)].astype(np.int64) - 48
        running &= (digit >= 0) & (digit <= 9)
        if not running.any():
            break
        row = np.where(running, row * 10 + digit, row)
        position += running
    else:
        return None
    if (position == start + letters).any() or (a[np.minimum(position, last)] != 34).any():
        return None  # no digits, or something other than the closing quote after them
    return int(row.max()), int(column.max())


def _piece_extent(body: bytes) -> tuple[int, int]:
    extent = _vector_extent(body)
    return _exact_extent(body) if extent is None else extent


def _read_ahead(stream, size: int):
    """The stream's chunks of ``size`` bytes; the next one is inflated in a thread (zlib lets go of the
    GIL) while the caller scans this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(stream.read, size)
        while chunk := pending.result():
            pending = pool.submit(stream.read, size)
            yield chunk


def xlsx_sheet_extent(zf: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """(rows, columns) that a reader's grid for one worksheet part will span."""
    max_row = 0
    max_col = 0
    tail = b""
    with zf.open(member) as stream:
        for chunk in _read_ahead(stream, _CHUNK):
            data = tail + chunk
            cut = data.rfind(b"<")
            cut = len(data) if cut < 0 else cut
            body, tail = data[:cut], data[cut:]
            rows, cols = _piece_extent(body)
            max_row, max_col = max(max_row, rows), max(max_col, cols)
    if tail:
        rows, cols = _exact_extent(tail)
        max_row, max_col = max(max_row, rows), max(max_col, cols)
    return max_row, max_col


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


def _check_shared_strings(zf: zipfile.ZipFile, file_label: str) -> None:
    """calamine reserves memory for the number of strings the table declares before reading one, and
    a declared four billion aborts the process; no honest table declares more than its part can hold."""
    for info in zf.infolist():
        if not info.filename.replace("\\", "/").lower().endswith("sharedstrings.xml"):
            continue
        head = b""
        with zf.open(info) as stream:
            for chunk in iter(lambda: stream.read(64 * 1024), b""):
                head = head[-1024:] + chunk
                tag = _SST_TAG.search(head)
                if tag:
                    declared = _UNIQUE_COUNT.search(tag.group(0))
                    bound = info.file_size // _SHORTEST_SHARED_STRING + 1
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


def check_xlsx_sheets(zf: zipfile.ZipFile, file_label: str, max_cells: int) -> None:
    try:
        for member in _worksheet_members(zf):
            rows, cols = xlsx_sheet_extent(zf, member)
            if rows * max(cols, 1) > max_cells:
                raise ImportFailure("too_many_cells", file=file_label, rows=rows, cols=cols, limit=max_cells)
    except _ZIP_ERRORS as exc:
        raise ImportFailure("corrupt", file=file_label, detail=f"zip: {exc}"[:160]) from None


_XLSB_ROW_HEADER = 0x0000  # BrtRowHdr: the row of the cells that follow
_XLSB_CELLS = frozenset(range(0x0002, 0x000B))  # BrtCellRk ... BrtFmlaBool: calamine places them by column
_XLSB_SHEET_DIRS = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/")


def xlsb_sheet_extent(zf: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """(rows, columns) to the last cell of one .xlsb worksheet part, from its binary records.

    A record is a type and a size (each a 7-bit varint, almost always one byte) and the data; a row
    header starts with the row, a cell with its column (a 32-bit number that calamine does not check)."""
    max_row = max_col = row = 0
    cells = _XLSB_CELLS
    buf, pos, end = b"", 0, 0
    with zf.open(member) as stream:
        try:
            while True:
                if end - pos < 16:
                    buf, pos = buf[pos:] + stream.read(_CHUNK), 0
                    end = len(buf)
                    if end < 2:
                        break
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
                if typ < 0x0B and size >= 4 and end - pos >= 4:
                    if typ == _XLSB_ROW_HEADER:
                        row = int.from_bytes(buf[pos:pos + 4], "little")
                        if row > 0x10_0000:  # calamine stops reading the sheet there
                            break
                    elif typ in cells:
                        column = int.from_bytes(buf[pos:pos + 4], "little")
                        if column >= max_col:
                            max_col = column + 1
                        if row >= max_row:
                            max_row = row + 1
                pos += size
                if pos > end:  # a long record: skip the rest of it in the stream
                    skip, buf, pos, end = pos - end, b"", 0, 0
                    while skip > 0:
                        got = len(stream.read(min(skip, _CHUNK)))
                        if not got:
                            return max_row, max_col
                        skip -= got
        except IndexError:  # the part ends inside a record header
            pass
    return max_row, max_col


def check_xlsb(zf: zipfile.ZipFile, file_label: str, max_cells: int) -> None:
    """calamine opens the sheet parts under xl/worksheets/ (and chart and dialog sheets) by name."""
    try:
        for member in zf.namelist():
            name = member.replace("\\", "/").lower()
            if name.startswith(_XLSB_SHEET_DIRS) and "/_rels/" not in name and not name.endswith("/"):
                rows, cols = xlsb_sheet_extent(zf, member)
                if rows * max(cols, 1) > max_cells:
                    raise ImportFailure("too_many_cells", file=file_label, rows=rows, cols=cols, limit=max_cells)
    except _ZIP_ERRORS as exc:
        raise ImportFailure("corrupt", file=file_label, detail=f"zip: {exc}"[:160]) from None


def ods_extent(content: bytes) -> int:
    """Largest grid (cells) any table of an ODS content.xml would need for its non-empty cells."""
    worst = 0
    rows_before = 0
    max_row = 0
    max_col = 0
    row_repeat = 1
    col = 0
    row_has_value = False
    for match in _ODS_TOKEN.finditer(content):
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
    return max(worst, max_row * max_col)


def check_ods(zf: zipfile.ZipFile, file_label: str, max_cells: int) -> None:
    try:
        content = zf.read("content.xml")
    except KeyError:
        raise ImportFailure("corrupt", file=file_label, detail="content.xml missing") from None
    except _ZIP_ERRORS as exc:
        raise ImportFailure("corrupt", file=file_label, detail=f"zip: {exc}"[:160]) from None
    # A cheap upper bound first (every row times every cell slot); the exact walk only when it is exceeded.
    # Many modest repeats ("999" thousands of times) ask for as many cells as one huge repeat.
    rows = content.count(b"<table:table-row") + sum(int(n) - 1 for n in _ODS_ROWS_REPEAT.findall(content) if n != b"0")
    slots = content.count(b"table-cell") + sum(int(n) - 1 for n in _ODS_COLS_REPEAT.findall(content) if n != b"0")
    if rows * slots > max_cells:
        cells = ods_extent(content)
        if cells > max_cells:
            raise ImportFailure("too_many_cells_repeat", file=file_label, cells=cells, limit=max_cells)
