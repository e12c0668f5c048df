"""Refusing legacy Excel workbooks (.xls, WPS .et) whose records would make calamine abort the process.

calamine parses every sheet of an .xls while the workbook is opened, and a few records make it ask
for memory it cannot get, which ends the whole process instead of raising an error:

* a DIMENSIONS record (anywhere in a sheet's records) reserves room for rows x columns cells; an
  inverted row range wraps round to four billion rows;
* every BOUNDSHEET entry parses the records from its offset to the next EOF again, so thousands of
  entries pointing at one big sheet multiply its cells;
* every LABELSST cell gets its own copy of its shared string, so one long string referenced by
  many cells multiplies its text;
* cells far apart (A1 and row 65,535, column 65,535) make the grid between them four billion cells;
* the CONTINUE records after a shared-strings record are taken off the front of a list one by one,
  which is quadratic in their number.

:func:`check_xls` reads the Workbook stream and refuses such files with an :class:`ImportFailure`.
Cheap bounds come first (byte searches over the stream); records are walked one by one only when a
bound is exceeded, so a large ordinary workbook is checked in a fraction of calamine's own time.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from planning.base.errors import ImportFailure
from planning.importing.config import ImportConfig

BOF, EOF, CONTINUE = 0x0809, 0x000A, 0x003C
BOUNDSHEET, SST, DIMENSIONS = 0x0085, 0x00FC, 0x0200
NUMBER, LABEL, BOOLERR, STRING, RK, LABELSST, MULRK, FORMULA = (
    0x0203, 0x0204, 0x0205, 0x0207, 0x027E, 0x00FD, 0x00BD, 0x0006)
BLANK, MULBLANK, RSTRING = 0x0201, 0x00BE, 0x00D6
# Records that place a cell at (row, column), the first two fields of their data; the MUL* records
# run from that column to the one in their last two bytes.
PLACED = (NUMBER, LABEL, BOOLERR, RK, LABELSST, FORMULA, BLANK, RSTRING)
SPANNING = (MULRK, MULBLANK)
MAX_ROWS = 65536  # a row number is 16 bits

MAX_SHEETS = 4096  # BOUNDSHEET entries; a workbook people fill in by hand has a few dozen at most
# CONTINUE records in the workbook globals: a shared-strings table of 300 MB written in full 8,224-byte
# records needs about 38,000; calamine's time grows with the square of their number (240,000 take 6 s).
MAX_CONTINUE = 40_000
MIN_BYTES_PER_CELL = 6  # MULRK: 6 bytes a cell, plus 10 per record; every other cell record takes more

_u16 = struct.Struct("<H").unpack_from
_u32 = struct.Struct("<I").unpack_from
_i32 = struct.Struct("<i").unpack_from
_head = struct.Struct("<HH").unpack_from


def check_xls(path: Path, file_label: str, cfg: ImportConfig) -> None:
    """Raise :class:`ImportFailure` when calamine would run out of memory opening this .xls/.et.

    A container or stream this check cannot read is left to calamine, which reports damage itself.
    """
    stream = workbook_stream(path)
    if stream is not None:
        _XlsCheck(stream, file_label, cfg).run()


def workbook_stream(path: Path) -> bytes | None:
    """The Workbook (BIFF8) or Book (BIFF5) stream of an OLE container, None when there is none or the
    container cannot be read (calamine then reports the damage)."""
    try:
        with path.open("rb") as fh:
            data = fh.read()
        return _ole_stream(data, ("workbook", "book"))
    except (OSError, struct.error, IndexError, ValueError, MemoryError):
        return None


def _ole_stream(data: bytes, names: tuple[str, ...]) -> bytes | None:
    """A stream of a compound file [MS-CFB], version 3 or 4: FAT from the header's and the DIFAT
    sectors' lists, directory entries, mini stream for streams under the cutoff. Chains are followed
    no further than the file has sectors, so a loop ends."""
    shift = _u16(data, 30)[0]
    if shift not in (9, 12):
        return None
    size = 1 << shift
    sectors = (len(data) - 512 + size - 1) // size  # sector n starts at (n + 1) * size

    def sector(n: int) -> bytes:
        return data[(n + 1) * size: (n + 2) * size]

    def chain(first: int, table: list[int] | np.ndarray, limit: int) -> list[int]:
        out, n = [], first
        while n < limit and len(out) <= limit:
            out.append(n)
            n = int(table[n]) if n < len(table) else 0xFFFFFFFE
        return out

    fat_count, dir_start, cutoff, minifat_start, minifat_count, difat_start, difat_count = \
        struct.unpack_from("<IIxxxxIIIII", data, 44)
    fat_sectors = [n for n in struct.unpack_from("<109I", data, 76) if n < sectors]
    n = difat_start
    for _ in range(min(difat_count, sectors)):
        if n >= sectors:
            break
        entries = struct.unpack_from(f"<{size // 4}I", sector(n))
        fat_sectors += [e for e in entries[:-1] if e < sectors]
        n = entries[-1]
    fat_sectors = fat_sectors[:fat_count] if fat_count else fat_sectors
    fat = np.frombuffer(b"".join(sector(s).ljust(size, b"\xff") for s in fat_sectors), dtype="<u4")
    directory = b"".join(sector(s) for s in chain(dir_start, fat, sectors))
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        return None
    wanted = None
    for name in names:
        for entry in entries:
            length = min(_u16(entry, 64)[0], 64)
            if entry[66] == 2 and entry[:length].decode("utf-16-le", "replace").rstrip("\0").lower() == name:
                wanted = entry
                break
        if wanted is not None:
            break
    if wanted is None:
        return None
    start = _u32(wanted, 116)[0]
    length = struct.unpack_from("<Q", wanted, 120)[0] if shift == 12 else _u32(wanted, 120)[0]
    if length >= cutoff:
        stream = b"".join(sector(s) for s in chain(start, fat, sectors))
        return stream[:length]
    root = entries[0]
    mini_data = b"".join(sector(s) for s in chain(_u32(root, 116)[0], fat, sectors))
    minifat = np.frombuffer(b"".join(sector(s) for s in chain(minifat_start, fat, sectors)[:minifat_count or None]),
                            dtype="<u4")
    mini_sectors = len(mini_data) // 64
    stream = b"".join(mini_data[m * 64:(m + 1) * 64] for m in chain(start, minifat, mini_sectors))
    return stream[:length]


class _XlsCheck:
    def __init__(self, stream: bytes, label: str, cfg: ImportConfig):
        self.stream = stream
        self.label = label
        self.cfg = cfg
        self.sheets: list[int] = []  # lbPlyPos of every BOUNDSHEET, in order
        self.sst_parts: list[tuple[int, int]] = []  # data of the last SST record and its CONTINUE records
        self._lengths: list[int] | None = None

    def fail(self, kind: str, **params) -> ImportFailure:
        return ImportFailure(kind, file=self.label, **params)

    def run(self) -> None:
        self.read_globals()
        starts = self.check_sheet_list()
        if not starts:
            return
        first = starts[0]
        weights = _Weights(starts)
        # cells: a sheet reads at most the bytes from its start to the end of the stream
        cells_bound = sum(len(self.stream) - p for p in starts) // MIN_BYTES_PER_CELL
        suspects = self.dimensions_suspects(first)
        text_bound = self.labelsst_text_bound(first, weights)
        if cells_bound <= self.cfg.max_cells and text_bound <= self.cfg.max_text_chars \
                and not self.far_column_suspected(first):
            if suspects:  # only the DIMENSIONS are in doubt: walk the sheets as far as the last suspect
                self.walk_sheets(starts, until=suspects[-1])
            return
        self.walk_sheets(starts)

    # ------------------------------------------------------------ workbook globals

    def read_globals(self) -> None:
        """Walk the records up to the first EOF, as calamine's first pass does."""
        s, size = self.stream, len(self.stream)
        pos = continues = 0
        in_sst = False
        while pos + 4 <= size:
            typ, length = _head(s, pos)
            end = pos + 4 + length
            if end > size:
                break  # calamine stops with an error: nothing more is read
            if typ == CONTINUE:
                continues += 1
                if continues > MAX_CONTINUE:
                    raise self.fail("count_too_large", part="CONTINUE records of the workbook globals",
                                    count=f"{continues}+", bound=MAX_CONTINUE)
                if in_sst:
                    self.sst_parts.append((pos + 4, end))
            else:
                in_sst = typ == SST
                if in_sst:
                    self.sst_parts = [(pos + 4, end)]  # a later SST record replaces an earlier one
                elif typ == BOUNDSHEET and length >= 4:
                    self.sheets.append(_u32(s, pos + 4)[0])
                elif typ == EOF:
                    break
            pos = end

    def check_sheet_list(self) -> list[int]:
        count = len(self.sheets)
        if count > MAX_SHEETS:
            raise self.fail("count_too_large", part="sheet list (BOUNDSHEET records)", count=count,
                            bound=MAX_SHEETS)
        starts = sorted(set(self.sheets))
        if len(starts) < count:  # each entry parses its sheet again
            raise self.fail("count_too_large", part="sheet list (BOUNDSHEET records)", count=count,
                            bound=len(starts))
        if starts and starts[-1] > len(self.stream):  # calamine panics on it as well
            raise self.fail("corrupt", detail=f"a sheet starts at byte {starts[-1]}, past the end of the "
                                              f"{len(self.stream)}-byte workbook stream")
        return starts

    # ------------------------------------------------------------ cheap bounds

    def dimensions_suspects(self, first: int) -> list[int]:
        """The places where the bytes of a DIMENSIONS record header occur, record or not, and ask for
        more than the cell limit (row numbers 512 to 767 in cell records look like one)."""
        s, suspects = self.stream, []
        for header, wide in ((b"\x00\x02\x0e\x00", True), (b"\x00\x02\x0a\x00", False)):
            pos = s.find(header, first)
            while pos >= 0:
                if pos + 4 + (14 if wide else 10) <= len(s) and _dimension_cells(s, pos + 4, wide)[0] > \
                        self.cfg.max_cells:
                    suspects.append(pos)
                pos = s.find(header, pos + 1)
        return sorted(suspects)

    def far_column_suspected(self, first: int) -> bool:
        """Whether bytes that could be a cell record name a column so far right that 65,536 rows up to
        it would pass the cell limit: calamine builds the grid from the first to the last cell, and two
        cells at A1 and (65535, 65535) ask for four billion. Records or not, any such place counts."""
        widest = self.cfg.max_cells // MAX_ROWS
        s = self.stream
        kind = np.zeros(65536, dtype=np.int8)
        kind[list(PLACED)] = 1
        kind[list(SPANNING)] = 2
        for phase in (0, 1):  # record types at even and at odd offsets, read as 16-bit words
            base = first + phase
            count = (len(s) - base) // 2 - 3  # room for the length, row and column after the type
            if count <= 0:
                continue
            words = np.frombuffer(s, dtype="<u2", count=count + 3, offset=base)
            at = np.flatnonzero(kind[words[:count]])
            if at.size == 0:
                continue
            column = words[at + 3].astype(np.int64)
            length = words[at + 1].astype(np.int64)
            spanning = kind[words[at]] == 2
            column = np.where(spanning, column + np.maximum(length - 6, 0) // 2, column)  # a cell per 2 bytes at most
            if (column >= widest).any():
                return True
        return False

    def labelsst_text_bound(self, first: int, weights: "_Weights") -> int:
        """Text calamine would copy for LABELSST cells, counting every place the record header occurs
        and each once for every sheet that starts before it."""
        s = self.stream
        if len(s) - first < 14:
            return 0
        cheap = (len(s) - first) // 14 * len(weights.starts) * 65535
        if cheap <= self.cfg.max_text_chars:
            return cheap
        positions = _find_all(s, b"\xfd\x00\x0a\x00", first)
        positions = positions[positions + 14 <= len(s)]
        if positions.size == 0:
            return 0
        lengths = self.string_lengths()
        if not lengths:
            return 0
        a = np.frombuffer(s, dtype=np.uint8)
        at = positions + 10
        index = (a[at].astype(np.int64) | (a[at + 1].astype(np.int64) << 8)
                 | (a[at + 2].astype(np.int64) << 16) | (a[at + 3].astype(np.int64) << 24))
        keep = index < len(lengths)
        index, positions = index[keep], positions[keep]
        per_cell = np.asarray(lengths, dtype=np.int64)[index]
        return int(np.dot(per_cell, weights.of(positions)))

    # ------------------------------------------------------------ shared strings

    def string_lengths(self) -> list[int]:
        """Characters of every string in the SST, read as calamine reads them (all of them, whatever
        the record says their number is); the reading stops where calamine would fail."""
        if self._lengths is None:
            self._lengths = _sst_lengths(self.stream, self.sst_parts)
        return self._lengths

    # ------------------------------------------------------------ exact walk

    def walk_sheets(self, starts: list[int], until: int | None = None) -> None:
        """Walk every sheet's records from its start to its EOF, as calamine does, totting up the cells
        and the copied text; a sheet running into a later sheet's start takes that sheet's totals.
        With ``until``, only the DIMENSIONS records up to that position are looked for."""
        s, size, cfg = self.stream, len(self.stream), self.cfg
        lengths = None
        known: dict[int, tuple[int, int, int, int]] = {}
        budget = size // 4 + len(starts)  # records; walks of sheets that do not overlap stay within it
        total_cells = total_text = 0
        for start in reversed(starts):
            cells = text = last_row = last_col = 0
            pos = start
            while pos + 4 <= size:
                if until is not None and pos > until:
                    break
                if pos in known and pos != start:
                    cells += known[pos][0]
                    text += known[pos][1]
                    last_row, last_col = max(last_row, known[pos][2]), max(last_col, known[pos][3])
                    break
                budget -= 1
                if budget < 0:
                    raise self.fail("count_too_large", part="records read for the sheets", count=f"{size // 4}+",
                                    bound=size // 4)
                typ, length = _head(s, pos)
                end = pos + 4 + length
                if end > size:
                    break  # calamine stops with an error
                if typ in PLACED or typ in SPANNING:
                    if length >= 4:
                        row, col = struct.unpack_from("<HH", s, pos + 4)
                        if typ in SPANNING and length >= 6:
                            col = max(col, _u16(s, end - 2)[0])
                        last_row, last_col = max(last_row, row + 1), max(last_col, col + 1)
                if typ == DIMENSIONS and length in (10, 14):
                    asked, rows, cols = _dimension_cells(s, pos + 4, length == 14)
                    if asked > cfg.max_cells:
                        raise self.fail("too_many_cells", rows=rows, cols=cols, limit=cfg.max_cells)
                elif typ == LABELSST and until is None:
                    if length >= 10:
                        if lengths is None:
                            lengths = self.string_lengths()
                        i = _u32(s, pos + 10)[0]
                        if i < len(lengths) and lengths[i]:
                            cells += 1
                            text += lengths[i]
                elif typ == MULRK:
                    cells += max(0, (length - 6) // 6)
                elif typ in (NUMBER, LABEL, BOOLERR, STRING, RK, FORMULA):
                    cells += 1
                elif typ == EOF:
                    break
                pos = end
            known[start] = (cells, text, last_row, last_col)
            if last_row * last_col > cfg.max_cells:
                raise self.fail("too_many_cells", rows=last_row, cols=last_col, limit=cfg.max_cells)
            total_cells += cells
            total_text += text
            if total_cells > cfg.max_cells:
                raise self.fail("count_too_large", part="cells of all sheets", count=total_cells,
                                bound=cfg.max_cells)
            if total_text > cfg.max_text_chars:
                raise self.fail("too_much_text", chars=total_text, limit=cfg.max_text_chars)


class _Weights:
    """How many sheets start at or before a position (each may read the records there)."""

    def __init__(self, starts: list[int]):
        self.starts = np.asarray(starts, dtype=np.int64)

    def of(self, positions: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.starts, positions, side="right").astype(np.int64)


def _dimension_cells(s: bytes, at: int, wide: bool) -> tuple[int, int, int]:
    """Cells calamine reserves for a DIMENSIONS body: (rows x columns, rows, columns).

    Rows are rwMac - rwMic in 32-bit arithmetic (an inverted range wraps round); the first column is
    not subtracted (calamine reserves up to colMac columns when colMic > colMac, and counting colMac
    is never less than what it reserves). A zero rwMac or colMac reserves nothing.
    """
    if wide:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", s, at)
    else:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", s, at)
    if last_row < 1 or last_col < 1:
        return 1, 1, 1
    rows = (last_row - first_row) & 0xFFFFFFFF
    if first_col == last_col or rows == 0:
        return 0, rows, 0
    return rows * last_col, rows, last_col


def _find_all(s: bytes, needle: bytes, start: int) -> np.ndarray:
    """Every offset >= start where the four bytes occur (overlapping occurrences included)."""
    value = int.from_bytes(needle, "little")
    found = []
    for phase in range(4):
        base = start + phase
        n = (len(s) - base) // 4
        if n <= 0:
            continue
        words = np.frombuffer(s, dtype="<u4", count=n, offset=base)
        hits = np.flatnonzero(words == value)
        if hits.size:
            found.append(hits * 4 + base)
    if not found:
        return np.empty(0, dtype=np.int64)
    return np.sort(np.concatenate(found)).astype(np.int64)


def _sst_lengths(s: bytes, parts: list[tuple[int, int]]) -> list[int]:
    """Character counts of the strings of an SST record and its CONTINUE records [MS-XLS 2.4.265,
    2.5.293]: cch, a flags byte (fHighByte, fExtSt, fRichSt), cRun and cbExtRst when flagged, the
    characters (a CONTINUE record splitting them starts with a new flags byte), then the formatting
    runs and the phonetic block (split without a flags byte)."""
    if not parts or parts[0][1] - parts[0][0] < 8:
        return []
    lengths: list[int] = []
    append = lengths.append
    part, count = 0, len(parts)
    pos, end = parts[0]
    pos += 8
    while True:
        if pos >= end:  # a string may start at the beginning of a CONTINUE record
            part += 1
            if part >= count:
                return lengths
            pos, end = parts[part]
            continue
        if end - pos < 3:
            return lengths
        cch = _u16(s, pos)[0]
        flags = s[pos + 2]
        pos += 3
        skip = 0
        if flags & 0x8:
            if end - pos < 2:
                return lengths
            skip += _u16(s, pos)[0] * 4
            pos += 2
        if flags & 0x4:
            if end - pos < 4:
                return lengths
            skip += _i32(s, pos)[0] & 0xFFFFFFFFFFFFFFFF  # calamine reads it as i32 and casts to usize
            pos += 4
        wide = flags & 0x1
        left = cch
        while True:
            take = min(left, (end - pos) >> wide)
            pos += take << wide
            left -= take
            if not left:
                break
            part += 1
            if part >= count:
                return lengths
            pos, end = parts[part]
            if pos >= end:
                return lengths
            wide = s[pos] & 0x1
            pos += 1
        while skip:
            if pos >= end:
                part += 1
                if part >= count:
                    return lengths  # calamine: "Continued record too short"
                pos, end = parts[part]
                continue
            step = min(skip, end - pos)
            pos += step
            skip -= step
        append(cch)
