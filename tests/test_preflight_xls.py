"""Legacy Excel (.xls) files whose records make calamine abort the process are refused before it opens them.

Each hostile workbook is written here byte by byte (BIFF8 records in an OLE container). Importing one
without the check ends the process ("memory allocation of N bytes failed"), so the imports of the
hostile files run in a child process with a memory cap and a time limit; the boundary cases, which
ask for little, are checked in-process.
"""

from __future__ import annotations

import dataclasses
import struct
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from planning.importing.readers import preflight_xls
from planning.base.errors import ImportFailure
from planning.importing.config import default_import_config
from planning.importing.importer import import_rosters
from tests.test_hostile import child_import

# ------------------------------------------------------------------ BIFF8 records and the OLE container

END_OF_CHAIN, FREE_SECTOR, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def rec(typ: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def bof(dt: int) -> bytes:
    return rec(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 0x0206))


def dimensions(first_row: int, last_row: int, first_col: int, last_col: int, biff8: bool = True) -> bytes:
    if biff8:
        return rec(0x0200, struct.pack("<IIHHH", first_row, last_row, first_col, last_col, 0))
    return rec(0x0200, struct.pack("<HHHHH", first_row, last_row, first_col, last_col, 0))


def number(row: int, col: int, value: float) -> bytes:
    return rec(0x0203, struct.pack("<HHHd", row, col, 0, value))


def label_sst(row: int, col: int, index: int) -> bytes:
    return rec(0x00FD, struct.pack("<HHHI", row, col, 0, index))


def mulrk(row: int, first_col: int, count: int) -> bytes:
    rk = struct.pack("<HI", 0, (1 << 2) | 2)  # the integer 1
    return rec(0x00BD, struct.pack("<HH", row, first_col) + rk * count + struct.pack("<H", first_col + count - 1))


def sst(strings: list[str]) -> bytes:
    """An SST record of UTF-16 strings, split into CONTINUE records as Excel does (8,224 bytes each; a
    CONTINUE that carries on a string's characters starts with the flags byte again)."""
    out, body = b"", struct.pack("<II", len(strings), len(strings))
    typ = 0x00FC
    for text in strings:
        chars = text.encode("utf-16-le")
        head = struct.pack("<HB", len(text), 1)
        if len(body) + len(head) + 2 > 8224:
            out, body, typ = out + rec(typ, body), b"", 0x003C
        body += head
        while chars:
            room = (8224 - len(body)) // 2 * 2
            body, chars = body + chars[:room], chars[room:]
            if chars:
                out, body, typ = out + rec(typ, body), b"\x01", 0x003C
    return out + rec(typ, body)


def workbook(sheet_bodies: list[bytes], globals_extra: bytes = b"", sst_records: bytes = b"",
             positions: list[int] | None = None, names: list[str] | None = None) -> bytes:
    """A Workbook stream: globals (BOUNDSHEETs, shared strings) then one substream per sheet body.
    ``positions`` lists, for each BOUNDSHEET, which sheet body it points at (default: one each)."""
    positions = list(range(len(sheet_bodies))) if positions is None else positions
    names = names or [f"S{i}" for i in range(len(positions))]

    def boundsheet(pos: int, name: str) -> bytes:
        raw = name.encode("utf-16-le")
        return rec(0x0085, struct.pack("<IBBBB", pos, 0, 0, len(name), 1) + raw)

    head = bof(0x0005) + rec(0x0042, struct.pack("<H", 1200)) + globals_extra
    sheets_len = sum(len(boundsheet(0, n)) for n in names)
    offset = len(head) + sheets_len + len(sst_records) + 4
    substreams, starts = [], []
    for body in sheet_bodies:
        starts.append(offset)
        substreams.append(bof(0x0010) + body + rec(0x000A))
        offset += len(substreams[-1])
    out = head + b"".join(boundsheet(starts[p], n) for p, n in zip(positions, names)) + sst_records
    out += rec(0x000A) + b"".join(substreams)
    return out + b"\x00" * max(0, 4096 - len(out))  # streams under 4 KB would go to the mini stream


def ole(stream: bytes, name: str = "Workbook", version4: bool = False) -> bytes:
    """A compound file holding one stream: FAT sectors (all listed in the header), a directory sector,
    then the stream's sectors in order. Version 3 (512-byte sectors) up to 7 MB, version 4 (4 KB) above."""
    big = version4 or len(stream) > 6 * 1024 * 1024
    size, shift, version = (4096, 12, 4) if big else (512, 9, 3)
    per_sector = size // 4
    sectors = (len(stream) + size - 1) // size
    fat_sectors = 1
    while fat_sectors * per_sector < sectors + fat_sectors + 1:
        fat_sectors += 1
    assert fat_sectors <= 109, "stream too large for a header-only FAT"
    fat = [FAT_SECTOR] * fat_sectors + [END_OF_CHAIN]
    fat += [fat_sectors + 2 + i for i in range(sectors - 1)] + [END_OF_CHAIN]
    fat += [FREE_SECTOR] * (fat_sectors * per_sector - len(fat))
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, version, 0xFFFE, shift, 6)
    struct.pack_into("<IIIIIIIIII", header, 40, 1 if big else 0, fat_sectors, fat_sectors, 0, 4096, END_OF_CHAIN,
                     0, END_OF_CHAIN, 0, 0)
    for i in range(109):
        struct.pack_into("<I", header, 76 + 4 * i, i if i < fat_sectors else FREE_SECTOR)

    def entry(entry_name: str, kind: int, child: int, start: int, length: int) -> bytes:
        e = bytearray(128)
        raw = (entry_name + "\0").encode("utf-16-le")
        e[: len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        struct.pack_into("<III", e, 68, NO_STREAM, NO_STREAM, child)
        struct.pack_into("<IQ", e, 116, start, length)
        return bytes(e)

    empty = bytearray(128)
    struct.pack_into("<III", empty, 68, NO_STREAM, NO_STREAM, NO_STREAM)
    # calamine reads the root's (empty) mini stream from its start sector: give it one in a version-4 file
    directory = (entry("Root Entry", 5, 1, fat_sectors + 1 if big else END_OF_CHAIN, 0) + entry(name, 2, NO_STREAM, fat_sectors + 1, len(stream))
                 + bytes(empty) * (size // 128 - 2))
    return (bytes(header) + b"\x00" * (size - 512) + struct.pack(f"<{len(fat)}I", *fat) + directory + stream
            + b"\x00" * (sectors * size - len(stream)))


def write(path: Path, stream: bytes, name: str = "Workbook", version4: bool = False) -> Path:
    path.write_bytes(ole(stream, name, version4))
    return path


def roster_body(rows: int, first_string: int = 0) -> bytes:
    """A header row (strings 0 and 1) and enterprise rows (name and credit code from the SST)."""
    body = dimensions(0, rows + 1, 0, 2)
    for r in range(rows + 1):
        body += label_sst(r, 0, first_string + 2 * r) + label_sst(r, 1, first_string + 2 * r + 1)
    return body


CODES = ["91110000600037341L", "91310000607301424Q", "91440300192185379H"]


def roster_strings(rows: int) -> list[str]:
    strings = ["企业名称", "统一社会信用代码"]
    for r in range(rows):
        strings += [f"合肥华曜精密机械{r}号有限公司", CODES[r % len(CODES)]]
    return strings


# ------------------------------------------------------------------ hostile workbooks


def biff5_dimensions(d: Path) -> Path:
    head = rec(0x0809, struct.pack("<HHHH", 0x0500, 0x0005, 0x0DBB, 0x07CC))
    sheet = rec(0x0809, struct.pack("<HHHH", 0x0500, 0x0010, 0x0DBB, 0x07CC)) + dimensions(0, 65535, 0, 65535, False)
    sheet += number(0, 0, 1.0) + rec(0x000A)
    boundsheet = rec(0x0085, struct.pack("<IBBB", 0, 0, 0, 2) + b"S1")
    offset = len(head) + len(boundsheet) + 4
    stream = head + rec(0x0085, struct.pack("<IBBB", offset, 0, 0, 2) + b"S1") + rec(0x000A) + sheet
    return write(d / "dim_biff5.xls", stream + b"\x00" * 4096, name="Book")


def duplicate_sheets(d: Path) -> Path:  # 3000 entries, one 60,000-cell sheet
    body = dimensions(0, 300, 0, 200) + b"".join(mulrk(r, 0, 200) for r in range(300))
    return write(d / "dup_sheets.xls", workbook([body], positions=[0] * 3000))


def overlapping_sheets(d: Path) -> Path:  # 3000 distinct entries, each at a later record of one sheet
    rows = [mulrk(r, 0, 200) for r in range(3000)]
    stream = bytearray(workbook([dimensions(0, 3000, 0, 200) + b"".join(rows)], positions=[0] * 3000))
    first_row = stream.index(rows[0])
    at = len(bof(0x0005)) + len(rec(0x0042, b"\0\0"))  # the BOUNDSHEET records follow one another from here
    for i in range(3000):
        struct.pack_into("<I", stream, at + 4, first_row + i * len(rows[0]))
        at += 4 + struct.unpack_from("<H", stream, at + 2)[0]
    return write(d / "overlap_sheets.xls", bytes(stream))


def fanout(d: Path) -> Path:  # one 65,535-character string, 20,000 cells showing it
    body = dimensions(0, 101, 0, 200) + b"".join(label_sst(i // 200, i % 200, 0) for i in range(20_000))
    return write(d / "fanout.xls", workbook([body], sst_records=sst(["\u4e00" * 65535])))


def continue_flood(d: Path) -> Path:  # a string with a 2 GB phonetic block, then 240,000 empty CONTINUEs
    string = struct.pack("<II", 1, 1) + struct.pack("<HB", 1, 0x04) + struct.pack("<I", 0x7FFFFFFF) + b"a"
    records = rec(0x00FC, string) + rec(0x003C) * 240_000
    return write(d / "continue_flood.xls", workbook([number(0, 0, 1.0)], sst_records=records))


HOSTILE = {
    "dim_inverted.xls": (lambda d: write(d / "dim_inverted.xls",
                                         workbook([dimensions(2, 1, 0, 1) + number(0, 0, 1.0)])), "too_many_cells"),
    "dim_rows.xls": (lambda d: write(d / "dim_rows.xls", workbook([dimensions(0, 110_000_000, 0, 1)])),
                     "too_many_cells"),
    "dim_late.xls": (lambda d: write(d / "dim_late.xls", workbook([number(0, 0, 1.0) + number(1, 1, 2.0)
                                                                   + dimensions(0, 200_000_000, 0, 1)])),
                     "too_many_cells"),
    "dim_biff5.xls": (biff5_dimensions, "too_many_cells"),
    "dim_v4.xls": (lambda d: write(d / "dim_v4.xls", workbook([dimensions(2, 1, 0, 1)]), version4=True),
                   "too_many_cells"),  # 4 KB sectors, which xlrd's OLE reader does not read
    "far_cells.xls": (lambda d: write(d / "far_cells.xls", workbook([number(0, 0, 1.0) + number(65535, 65535, 2.0)])),
                      "too_many_cells"),  # no DIMENSIONS record: the grid runs from the first cell to the last
    "far_mulrk.xls": (lambda d: write(d / "far_mulrk.xls", workbook([number(0, 0, 1.0) + mulrk(65535, 60000, 3)])),
                      "too_many_cells"),
    "dup_sheets.xls": (duplicate_sheets, "count_too_large"),
    "overlap_sheets.xls": (overlapping_sheets, "count_too_large"),
    "fanout.xls": (fanout, "too_much_text"),
    "continue_flood.xls": (continue_flood, "count_too_large"),
}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile_xls")
    for build, _ in HOSTILE.values():
        build(d)
    return d


@pytest.fixture(scope="module")
def child_results(hostile_dir):
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(child_import, hostile_dir / name) for name in HOSTILE}
        return {name: f.result() for name, f in futures.items()}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xls_refused_in_a_capped_child(name, child_results):
    result = child_results[name]
    assert result["kind"] == HOSTILE[name][1], result
    assert name in result["message"]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_check_refuses_hostile_xls(name, hostile_dir):
    with pytest.raises(ImportFailure) as failure:
        preflight_xls.check_xls(hostile_dir / name, name, default_import_config())
    assert failure.value.kind == HOSTILE[name][1]


def test_refusals_say_what(hostile_dir):
    cfg = default_import_config()

    def refusal(name):
        with pytest.raises(ImportFailure) as failure:
            preflight_xls.check_xls(hostile_dir / name, name, cfg)
        return failure.value.params

    assert refusal("dim_inverted.xls") == {"file": "dim_inverted.xls", "rows": 2**32 - 1, "cols": 1,
                                                "limit": cfg.max_cells}
    assert refusal("dim_biff5.xls")["rows"] == 65535 and refusal("dim_biff5.xls")["cols"] == 65535
    assert refusal("dup_sheets.xls")["count"] == 3000 and refusal("dup_sheets.xls")["bound"] == 1
    assert refusal("fanout.xls")["chars"] >= 20_000 * 65535


# ------------------------------------------------------------------ harmless oddities and legitimate files


@pytest.mark.parametrize("dims", [(0, 2, 5, 1), (0, 200_000_000, 0, 0), (1, 1, 0, 1), (0, 200_000_000, 3, 3)])
def test_dimensions_calamine_reserves_nothing_for_pass(dims, tmp_path):
    """colMac = 0, rwMic = rwMac and colMic = colMac make calamine reserve nothing (an empty range)."""
    path = write(tmp_path / "odd_dims.xls", workbook([dimensions(*dims) + number(0, 0, 1.0)]))
    preflight_xls.check_xls(path, path.name, default_import_config())


def test_roster_xls_imports(tmp_path):
    path = write(tmp_path / "roster.xls", workbook([roster_body(3)], sst_records=sst(roster_strings(3))))
    roster = import_rosters([path])
    assert roster.report.enterprises == 3


def test_long_shared_strings_split_over_continue_records_are_read(tmp_path):
    strings = ["企业名称", "统一社会信用代码", "甲" * 9000, CODES[0], "乙" * 70, CODES[1]]
    path = write(tmp_path / "long.xls", workbook([roster_body(2)], sst_records=sst(strings)))
    stream = preflight_xls.workbook_stream(path)
    check = preflight_xls._XlsCheck(stream, path.name, default_import_config())
    check.read_globals()
    assert len(check.sst_parts) > 2  # the SST record and its CONTINUE records
    assert check.string_lengths() == [len(s) for s in strings]
    assert import_rosters([path]).report.enterprises == 2


def test_many_sheets_and_a_big_sheet_pass_without_a_record_walk(tmp_path, monkeypatch):
    """65,536 rows of 20 cells (1.3 million cells in MULRK records) and 50 more sheets: the check reads
    the sheet list and searches the bytes, with no record-by-record walk."""
    big = dimensions(0, 65_536, 0, 20) + b"".join(mulrk(r, 0, 20) for r in range(65_536))
    small = [roster_body(2)] * 50
    path = write(tmp_path / "big.xls", workbook([big] + small, sst_records=sst(roster_strings(2))))

    def no_walk(*args, **kwargs):
        raise AssertionError("the sheets were walked record by record")

    monkeypatch.setattr(preflight_xls._XlsCheck, "walk_sheets", no_walk)
    preflight_xls.check_xls(path, path.name, default_import_config())


# ------------------------------------------------------------------ limits: just under passes, just over is refused


def _cfg(**limits):
    return dataclasses.replace(default_import_config(), **limits)


def _kind(path: Path, cfg) -> str | None:
    try:
        preflight_xls.check_xls(path, path.name, cfg)
    except ImportFailure as failure:
        return failure.kind
    return None


def test_dimensions_boundary(tmp_path):
    cfg = _cfg(max_cells=1000)
    at_limit = write(tmp_path / "dims_at.xls", workbook([dimensions(0, 500, 0, 2) + roster_body(2)],
                                                        sst_records=sst(roster_strings(2))))
    over = write(tmp_path / "dims_over.xls", workbook([dimensions(0, 501, 0, 2) + roster_body(2)],
                                                      sst_records=sst(roster_strings(2))))
    assert _kind(at_limit, cfg) is None
    assert _kind(over, cfg) == "too_many_cells"
    assert import_rosters([at_limit], cfg=cfg).report.enterprises == 2


def test_text_boundary(tmp_path):
    strings = roster_strings(2) + ["文" * 100]
    body = roster_body(2) + b"".join(label_sst(10 + i, 0, len(strings) - 1) for i in range(50))
    path = write(tmp_path / "text.xls", workbook([body], sst_records=sst(strings)))
    text = sum(len(s) for s in strings[:6]) + 50 * 100
    assert _kind(path, _cfg(max_text_chars=text)) is None
    assert _kind(path, _cfg(max_text_chars=text - 1)) == "too_much_text"
    assert import_rosters([path], cfg=_cfg(max_text_chars=text)).report.enterprises == 2


def test_sheet_count_boundary(tmp_path):
    cfg = default_import_config()
    n = preflight_xls.MAX_SHEETS
    at_limit = write(tmp_path / "sheets_at.xls", workbook([number(0, 0, 1.0)] * n))
    over = write(tmp_path / "sheets_over.xls", workbook([number(0, 0, 1.0)] * (n + 1)))
    assert _kind(at_limit, cfg) is None
    assert _kind(over, cfg) == "count_too_large"


def test_duplicate_sheet_offset_refused(tmp_path):
    path = write(tmp_path / "dup2.xls", workbook([roster_body(2)], sst_records=sst(roster_strings(2)),
                                                 positions=[0, 0]))
    assert _kind(path, default_import_config()) == "count_too_large"


def test_sheet_past_the_stream_is_corrupt(tmp_path):
    stream = bytearray(workbook([number(0, 0, 1.0)]))
    at = stream.index(b"\x85\x00")
    struct.pack_into("<I", stream, at + 4, len(stream) + 10)
    path = write(tmp_path / "past.xls", bytes(stream))
    assert _kind(path, default_import_config()) == "corrupt"
    with pytest.raises(ImportFailure) as failure:  # calamine refuses it too
        import_rosters([path])
    assert failure.value.kind == "corrupt"


def test_continue_boundary(tmp_path):
    n = preflight_xls.MAX_CONTINUE
    records = rec(0x00FC, struct.pack("<II", 1, 1) + struct.pack("<HB", 1, 0) + b"a")
    at_limit = write(tmp_path / "cont_at.xls", workbook([number(0, 0, 1.0)], sst_records=records + rec(0x3C) * n))
    over = write(tmp_path / "cont_over.xls", workbook([number(0, 0, 1.0)], sst_records=records + rec(0x3C) * (n + 1)))
    assert _kind(at_limit, default_import_config()) is None
    assert _kind(over, default_import_config()) == "count_too_large"
