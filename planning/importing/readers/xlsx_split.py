"""A large worksheet split into parts that calamine parses one at a time, so that the import overlaps
the parsing of one part with the work on the rows of the one before.

calamine parses a whole worksheet in one call, on one core, with the GIL let go; the importer's own
work on the rows holds the GIL. Split, a sheet is parsed a part ahead on the other core while the
importer normalises the rows of the part before, which takes about a third off a large import on two
cores. The safety check (planning.importing.readers.preflight) inflates every worksheet anyway: the parts are written
from its pieces into a temporary copy of the workbook, uncompressed, so calamine skips inflating too.

Only what calamine reads is kept in a part: the worksheet's opening (up to <sheetData>), a run of
<row> elements, and in the first part the merged cells. The copy lists every original sheet first, in
its place, so sheet numbers stay as they were; the parts after the first follow them. A sheet is
split only when it is plain: unprefixed elements, every row and cell with its own reference (calamine
places the others one after the previous, which a part would restart). Anything else, or any error
here, and the workbook is read as it came.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

PART_BYTES = 6 * 1024 * 1024  # of XML: about 9,000 roster rows
MIN_SHEET_BYTES = 3 * PART_BYTES  # smaller sheets are not worth a copy
STALE_SECONDS = 24 * 3600
_PREFIX = "dtplan-split-"

_SHEET = re.compile(rb"<sheet\b[^>]*?>")
_SHEET_RID = re.compile(rb'\sr:id\s*=\s*"([^"]+)"')
_REL = re.compile(rb"<Relationship\b[^>]*>")
_REL_ID = re.compile(rb'\sId\s*=\s*"([^"]+)"')
_REL_TARGET = re.compile(rb'\sTarget\s*=\s*"([^"]+)"')
_REL_TYPE = re.compile(rb'\sType\s*=\s*"([^"]+)"')
_MERGES = re.compile(rb"<mergeCells\b.*?</mergeCells>|<mergeCells\b[^>]*/>", re.S)
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
_WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


@dataclass
class _Sheet:
    index: int  # among the workbook's sheets
    member: str  # its part in the zip
    rel_type: bytes  # the relationship type the workbook gives it (transitional or strict)
    opening: bytes = b""  # up to and including <sheetData>
    first: list[bytes] = field(default_factory=list)  # rows of the first part, written at the end
    pending: list[bytes] = field(default_factory=list)
    pending_size: int = 0
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
        _remove_stale_copies()
        fd, name = tempfile.mkstemp(prefix=_PREFIX, suffix=".xlsx")
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

    def _flush(self, sheet: _Sheet) -> None:
        if not sheet.pending:
            return
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

    # -------------------------------------------------------------- the copy

    def finish(self) -> bool:
        """Write the rest of the copy; False (and nothing left behind) when no sheet could be split."""
        split = [s for s in self.sheets.values() if s.plain and s.opening and s.closing]
        if not any(s.parts or s.pending for s in split):
            self.discard()
            return False
        for sheet in split:
            self._flush(sheet)
        split = [s for s in split if s.parts]
        extra_sheets, extra_rels, extra_types = [], [], []
        number = self.count
        for sheet in split:
            merges = _MERGES.search(sheet.closing)
            with self.out.open(sheet.member, "w", force_zip64=True) as part:
                part.write(sheet.opening)
                for data in sheet.first:
                    part.write(data)
                part.write(b"</sheetData>" + (merges.group(0) if merges else b"") + b"</worksheet>")
            numbers = [sheet.index]
            for member in sheet.parts:
                name = member.rsplit("/", 1)[1]
                rid = f"rIdDtplan{number}".encode()
                extra_sheets.append(b'<sheet name="~%s" sheetId="%d" state="hidden" r:id="%s"/>'
                                    % (name[:-4].encode(), 60000 + number, rid))
                extra_rels.append(b'<Relationship Id="%s" Type="%s" Target="worksheets/%s"/>'
                                  % (rid, sheet.rel_type, name.encode()))
                extra_types.append(b'<Override PartName="/%s" ContentType="%s"/>'
                                   % (member.encode(), _WORKSHEET_TYPE.encode()))
                numbers.append(number)
                number += 1
            self.parts[sheet.index] = numbers
        written = {s.member for s in split} | {m for s in split for m in s.parts}
        for info in self.zf.infolist():
            if info.filename in written or info.is_dir():
                continue
            data = self.zf.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"</sheets>", b"".join(extra_sheets) + b"</sheets>", 1)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b"".join(extra_rels) + b"</Relationships>", 1)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b"".join(extra_types) + b"</Types>", 1)
            self.out.writestr(info.filename, data)
        self.out.close()
        return True

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


def _remove_stale_copies() -> None:
    """Copies left behind by an import that was killed, or that Windows would not let go of."""
    now = time.time()
    for path in Path(tempfile.gettempdir()).glob(_PREFIX + "*.xlsx"):
        try:
            if now - path.stat().st_mtime > STALE_SECONDS:
                path.unlink()
        except OSError:
            pass
