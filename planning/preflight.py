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


def xlsx_sheet_extent(zf: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """(rows, columns) from the first row/column 1 to the last used cell of one worksheet part."""
    max_row = 0
    max_col = 0
    tail = b""
    with zf.open(member) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            data = tail + chunk
            cut = data.rfind(b"<")
            cut = len(data) if cut < 0 else cut
            body, tail = data[:cut], data[cut:]
            rows = _REF_ROW.findall(body)
            if rows:
                max_row = max(max_row, max(map(int, set(rows))))
            letters = set(_REF_COLUMN.findall(body))
            if letters:
                max_col = max(max_col, *(column_number(text.upper()) for text in letters))
    return max_row, max_col


def _worksheet_members(zf: zipfile.ZipFile) -> list[str]:
    """Every part a reader may load as a worksheet: xl/worksheets/*.xml and whatever the workbook's
    relationships point to as a sheet (calamine follows them anywhere in the package)."""
    members = {m.replace("\\", "/").lower(): m for m in zf.namelist()}
    found = [m for n, m in members.items() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    rels = members.get("xl/_rels/workbook.xml.rels")
    if rels is not None:
        with zf.open(rels) as fh:
            text = fh.read(16 * 1024 * 1024)
        for element in _REL.findall(text):
            kind = _REL_TYPE.search(element)
            target = _REL_TARGET.search(element)
            if not kind or not target or not kind.group(1).endswith((b"worksheet", b"dialogsheet", b"chartsheet")):
                continue
            path = target.group(1).decode("utf-8", "replace").replace("\\", "/")
            for candidate in (path.lstrip("/"), "xl/" + path, posixpath.normpath("xl/" + path)):
                member = members.get(candidate.lower())
                if member is not None and member not in found:
                    found.append(member)
    return found


def check_xlsx(zf: zipfile.ZipFile, file_label: str, max_cells: int) -> None:
    try:
        for member in _worksheet_members(zf):
            rows, cols = xlsx_sheet_extent(zf, member)
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
