"""A large worksheet split into parts that calamine parses one at a time, so that the import overlaps
the parsing of one part with the work on the rows of the one before.

calamine parses a whole worksheet in one call, on one core, with the GIL let go; the importer's own
work on the rows holds the GIL. Split, a sheet is parsed a part ahead on the other core while the
importer normalises the rows of the part before, which takes about a third off a large import on two
cores. The safety check (planning.importing.readers.preflight) inflates every worksheet anyway: the parts are written
from its pieces into a temporary copy of the workbook, uncompressed, so calamine skips inflating too.

The first parts of the first large sheet need not wait for the copy: once the check has passed them,
they are handed to ``on_head`` (planning.importing.readers.early_head), which writes them into a small
workbook of their own and parses them while the check reads the rest of the sheet.

Only what calamine reads is kept in a part: the worksheet's opening (up to <sheetData>), a run of
<row> elements, and in the first part the merged cells. The copy lists every original sheet first, in
its place, so sheet numbers stay as they were; the parts after the first follow them. A sheet is
split only when it is plain: unprefixed elements, every row and cell with its own reference (calamine
places the others one after the previous, which a part would restart). Anything else, or any error
here, and the workbook is read as it came.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PART_BYTES = 6 * 1024 * 1024  # of XML: about 9,000 roster rows
MIN_SHEET_BYTES = 3 * PART_BYTES  # smaller sheets are not worth a copy
EARLY_PARTS = 2  # parsed while the check reads the rest: about as long as the check of a 100k-row sheet
STALE_SECONDS = 24 * 3600
COPY_PREFIX = "dtplan-split-"

_SHEET = re.compile(rb"<sheet\b[^>]*?>")
_SHEET_RID = re.compile(rb'\sr:id\s*=\s*"([^"]+)"')
_REL = re.compile(rb"<Relationship\b[^>]*>")
_REL_ID = re.compile(rb'\sId\s*=\s*"([^"]+)"')
_REL_TARGET = re.compile(rb'\sTarget\s*=\s*"([^"]+)"')
_REL_TYPE = re.compile(rb'\sType\s*=\s*"([^"]+)"')
_MERGES = re.compile(rb"<mergeCells\b.*?</mergeCells>|<mergeCells\b[^>]*/>", re.S)
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
_WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_PACKAGE_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_EMPTY_WORKSHEET = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b'<sheetData/></worksheet>')


@dataclass
class _Sheet:
    index: int  # among the workbook's sheets
    member: str  # its part in the zip
    rel_type: bytes  # the relationship type the workbook gives it (transitional or strict)
    opening: bytes = b""  # up to and including <sheetData>
    first: list[bytes] = field(default_factory=list)  # rows of the first part, written at the end
    pending: list[bytes] = field(default_factory=list)
    pending_size: int = 0
    pending_scans: list = field(default_factory=list)  # what the check found in the pending pieces
    early: list[list[bytes]] = field(default_factory=list)  # the first EARLY_PARTS parts
    early_scans: list = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # members of the parts after the first
    closing: bytes = b""  # what follows </sheetData>
    last_row: int = 0  # the greatest row referred to so far
    plain: bool = True


class WorkbookSplitter:
    """Fed the pieces of each large worksheet by the safety check (cut before a <row>, in order);
    ``finish`` writes the copy. ``parts[sheet index]`` then lists the calamine sheet numbers of the
    parts of that sheet, in order."""

    def __init__(self, zf: zipfile.ZipFile, sheets: dict[str, _Sheet]):
        self.zf = zf
        self.sheets = sheets
        self.count = 0  # sheets in the original workbook
        self.parts: dict[int, list[int]] = {}
        self.merges: dict[int, bytes] = {}  # sheet index -> a workbook holding that sheet's merged cells alone
        # given the splitter and the sheet once its first EARLY_PARTS parts are checked (the first sheet only)
        self.on_head: Callable[["WorkbookSplitter", _Sheet], None] | None = None
        self.head_offered = False
        # set by the safety check: the bound of each shared string's length, for the early parts' limits
        self.string_sizes: Callable[[], object] | None = None
        _remove_stale_copies()
        fd, name = tempfile.mkstemp(prefix=COPY_PREFIX, suffix=".xlsx")
        os.close(fd)
        self.path: Path | None = Path(name)  # None once discarded
        self.out = zipfile.ZipFile(self.path, "w", zipfile.ZIP_STORED, allowZip64=True)

    @classmethod
    def for_workbook(cls, zf: zipfile.ZipFile) -> "WorkbookSplitter | None":
        """A splitter for the workbook's large worksheets, or None when none is worth splitting or the
        workbook is not laid out plainly enough to be sure of the copy."""
        try:
            workbook = zf.read("xl/workbook.xml")
            rels = zf.read("xl/_rels/workbook.xml.rels")
            types = zf.read("[Content_Types].xml")
        except (KeyError, OSError, zipfile.BadZipFile, ValueError, RuntimeError, NotImplementedError):
            return None
        if b"</sheets>" not in workbook or b"</Relationships>" not in rels or b"</Types>" not in types:
            return None
        targets = {}
        for rel in _REL.findall(rels):
            rid, target, kind = _REL_ID.search(rel), _REL_TARGET.search(rel), _REL_TYPE.search(rel)
            if rid and target and kind:
                targets[rid.group(1)] = (target.group(1).decode("utf-8", "replace"), kind.group(1))
        sizes = {info.filename: info.file_size for info in zf.infolist()}
        sheets: dict[str, _Sheet] = {}
        entries = _SHEET.findall(workbook)
        for index, entry in enumerate(entries):
            rid = _SHEET_RID.search(entry)
            target = targets.get(rid.group(1)) if rid else None
            if target is None or ".." in target[0]:
                continue
            member = target[0][1:] if target[0].startswith("/") else "xl/" + target[0]
            if sizes.get(member, 0) >= MIN_SHEET_BYTES and target[1].endswith(b"/worksheet"):
                sheets[member] = _Sheet(index, member, target[1])
        if not sheets:
            return None
        splitter = cls(zf, sheets)
        splitter.count = len(entries)
        return splitter

    # -------------------------------------------------------------- fed by the safety check

    def wants(self, member: str) -> bool:
        return member in self.sheets

    def piece(self, member: str, data: bytes, scan) -> None:
        """One piece of ``member``'s XML and what the safety check found in it (planning.importing.readers.preflight._Scan:
        its <c> and <row> tags, those with a reference, the least and greatest row referred to)."""
        sheet = self.sheets[member]
        if not sheet.plain:
            return
        cells, placed_cells, rows, placed_rows = scan.cell_tags, scan.placed_cells, scan.row_tags, scan.placed_rows
        if scan.first_row and scan.first_row <= sheet.last_row:
            sheet.plain = False  # rows out of order: calamine sorts them within a part, not across parts
            return
        sheet.last_row = max(sheet.last_row, scan.rows)
        if not sheet.opening:
            at = data.find(b"<sheetData>")
            if at < 0:
                sheet.plain = False
                return
            sheet.opening = _DIMENSION.sub(b"", data[: at + len(b"<sheetData>")])
            cells -= sheet.opening.count(b"<c")  # <cols><col .../> in the opening are not cells
            rows -= sheet.opening.count(b"<r")
            data = data[at + len(b"<sheetData>"):]
        if cells != placed_cells or rows != placed_rows:
            sheet.plain = False  # a row or cell without its reference (or rich text runs: <r>)
            return
        if sheet.closing:  # after the rows: the merged cells and the rest
            sheet.closing += data
            return
        end = data.find(b"</sheetData>")
        if end >= 0:
            sheet.closing, data = data[end:], data[:end]
        if not data:
            return
        if sheet.pending_size >= PART_BYTES and data.startswith(b"<row"):
            self._flush(sheet)  # a part ends only where a row begins (a piece may end inside a long row)
        sheet.pending.append(data)
        sheet.pending_size += len(data)
        sheet.pending_scans.append(scan)

    def _flush(self, sheet: _Sheet) -> None:
        if not sheet.pending:
            return
        if len(sheet.early) < EARLY_PARTS:
            sheet.early.append(sheet.pending)
            sheet.early_scans += sheet.pending_scans
        sheet.pending_scans = []
        if not sheet.first:
            sheet.first = sheet.pending
        else:
            member = f"xl/worksheets/dtplan-part-{sheet.index + 1}-{len(sheet.parts) + 1}.xml"
            with self.out.open(member, "w", force_zip64=True) as part:
                part.write(sheet.opening)
                for data in sheet.pending:
                    part.write(data)
                part.write(b"</sheetData></worksheet>")
            sheet.parts.append(member)
        sheet.pending, sheet.pending_size = [], 0
        if len(sheet.early) == EARLY_PARTS and sheet.parts and self.on_head is not None and not self.head_offered:
            self.head_offered = True
            self.on_head(self, sheet)

    def write_head(self, sheet: _Sheet, path: Path) -> list[int]:
        """A workbook at ``path`` holding the original's every part but its large sheets: ``sheet``'s first
        part in its place, the next ones as sheets after the original ones (their calamine numbers are
        returned), the other large sheets empty."""
        extra = _ExtraSheets(self.count)
        later = [(f"dtplan-head-{sheet.index + 1}-{k}.xml", part) for k, part in enumerate(sheet.early[1:], 1)]
        numbers = [extra.add(name, sheet.rel_type) for name, _ in later]
        with zipfile.ZipFile(self.zf.filename) as original, \
                zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as out:
            for info in original.infolist():
                if info.is_dir():
                    continue
                if info.filename == sheet.member:
                    data = sheet.opening + b"".join(sheet.early[0]) + b"</sheetData></worksheet>"
                elif info.filename in self.sheets:
                    data = _EMPTY_WORKSHEET
                else:
                    data = extra.listed(info.filename, original.read(info))
                out.writestr(info.filename, data)
            for name, part in later:
                out.writestr("xl/worksheets/" + name, sheet.opening + b"".join(part) + b"</sheetData></worksheet>")
        return numbers

    # -------------------------------------------------------------- the copy

    def finish(self) -> bool:
        """Write the rest of the copy; False (and nothing left behind) when no sheet could be split."""
        self.on_head = None  # too late to be early
        split = [s for s in self.sheets.values() if s.plain and s.opening and s.closing]
        if not any(s.parts or s.pending for s in split):
            self.discard()
            return False
        for sheet in split:
            self._flush(sheet)
        split = [s for s in split if s.parts]
        extra = _ExtraSheets(self.count)
        for sheet in split:
            merges = _MERGES.search(sheet.closing)
            merges = merges.group(0) if merges else b""
            with self.out.open(sheet.member, "w", force_zip64=True) as part:
                part.write(sheet.opening)
                for data in sheet.first:
                    part.write(data)
                part.write(b"</sheetData>" + merges + b"</worksheet>")
            self.parts[sheet.index] = [sheet.index] + [extra.add(member.rsplit("/", 1)[1], sheet.rel_type)
                                                       for member in sheet.parts]
            self.merges[sheet.index] = self._merges_workbook(sheet, merges)
        written = {s.member for s in split} | {m for s in split for m in s.parts}
        for info in self.zf.infolist():
            if info.filename in written or info.is_dir():
                continue
            self.out.writestr(info.filename, extra.listed(info.filename, self.zf.read(info)))
        self.out.close()
        return True

    def _merges_workbook(self, sheet: _Sheet, merges: bytes) -> bytes:
        """A workbook whose only part is ``sheet`` with its merged cells and no rows (calamine opens it
        at once: it has no shared strings), for the sheet's head read early."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as book:
            for member in ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
                try:
                    book.writestr(member, self.zf.read(member))
                except KeyError:
                    book.writestr(member, _PACKAGE_RELS)  # only _rels/.rels can be missing here
            book.writestr(sheet.member, sheet.opening + b"</sheetData>" + merges + b"</worksheet>")
        return out.getvalue()

    def discard(self) -> None:
        try:
            self.out.close()
        except (OSError, ValueError):
            pass
        if self.path is not None:
            try:
                self.path.unlink(missing_ok=True)
            except OSError:  # still open somewhere (Windows): a later import removes it
                pass
            self.path = None


class _ExtraSheets:
    """Hidden sheets added after a workbook's own ``count`` ones: their entries in the workbook, its
    relationships and the content types."""

    def __init__(self, count: int):
        self.number = count
        self.sheets, self.rels, self.types = [], [], []

    def add(self, name: str, rel_type: bytes) -> int:
        """The sheet at xl/worksheets/``name``, listed; its calamine sheet number."""
        number = self.number
        rid = f"rIdDtplan{number}".encode()
        self.sheets.append(b'<sheet name="~%s" sheetId="%d" state="hidden" r:id="%s"/>'
                           % (name[:-4].encode(), 60000 + number, rid))
        self.rels.append(b'<Relationship Id="%s" Type="%s" Target="worksheets/%s"/>' % (rid, rel_type, name.encode()))
        self.types.append(b'<Override PartName="/xl/worksheets/%s" ContentType="%s"/>'
                          % (name.encode(), _WORKSHEET_TYPE.encode()))
        self.number += 1
        return number

    def listed(self, member: str, data: bytes) -> bytes:
        """``member``'s data, with the added sheets listed in it if it is a list of them."""
        if member == "xl/workbook.xml":
            return data.replace(b"</sheets>", b"".join(self.sheets) + b"</sheets>", 1)
        if member == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b"".join(self.rels) + b"</Relationships>", 1)
        if member == "[Content_Types].xml":
            return data.replace(b"</Types>", b"".join(self.types) + b"</Types>", 1)
        return data


def _remove_stale_copies() -> None:
    """Copies left behind by an import that was killed, or that Windows would not let go of."""
    now = time.time()
    for path in Path(tempfile.gettempdir()).glob(COPY_PREFIX + "*.xlsx"):
        try:
            if now - path.stat().st_mtime > STALE_SECONDS:
                path.unlink()
        except OSError:
            pass
