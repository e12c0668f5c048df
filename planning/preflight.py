"""Checks a spreadsheet's real extent before a reader allocates memory for it.

A reader builds a dense grid from the first to the last used cell, so a few cells placed far apart
(one in A1, one in XFD1048576), or an ODS cell "repeated" a billion times, ask for billions of cells
from a file of a few kilobytes. These checks read the compressed parts as streams, with C-speed scans,
and refuse such files with a clear reason before any grid exists.
"""

from __future__ import annotations

import re
import zipfile

from .errors import ImportFailure

_CHUNK = 8 * 1024 * 1024
_WIDE_CELL_REF = re.compile(rb'\sr="([A-Z]{2,3})\d')
_XLSX_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d{1,7})"')
_ODS_BIG_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated="\d{4,}"')
_ODS_TOKEN = re.compile(
    rb"<table:table\b|<table:table-row\b([^>]*)>|</table:table-row>|"
    rb"<table:(?:covered-)?table-cell\b([^>]*?)(/?)>"
)
_ODS_ROWS_REPEAT = re.compile(rb'number-rows-repeated="(\d+)"')
_ODS_COLS_REPEAT = re.compile(rb'number-columns-repeated="(\d+)"')


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
            rows = _XLSX_ROW_REF.findall(body)
            if rows:
                max_row = max(max_row, max(map(int, rows)))
            wide = set(_WIDE_CELL_REF.findall(body))
            if wide:
                max_col = max(max_col, *(column_number(letters) for letters in wide))
            elif b' r="' in body:
                max_col = max(max_col, 26)
    return max_row, max_col


def check_xlsx(zf: zipfile.ZipFile, file_label: str, max_cells: int) -> None:
    for member in zf.namelist():
        name = member.replace("\\", "/").lower()
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            rows, cols = xlsx_sheet_extent(zf, member)
            if rows * max(cols, 1) > max_cells:
                raise ImportFailure("too_many_cells", file=file_label, rows=rows, cols=cols, limit=max_cells)


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
    if _ODS_BIG_REPEAT.search(content):
        cells = ods_extent(content)
        if cells > max_cells:
            raise ImportFailure("too_many_cells_repeat", file=file_label, cells=cells, limit=max_cells)
