"""Hostile inputs for the importer, made from a ``random.Random``: generated rosters, and byte and zip
mutations of real files. The suite's property test (tests/test_fuzz_import.py) draws the generator from
hypothesis; the long campaign (fuzz_import.py) from a seed. Both judge the outcome by one contract."""

from __future__ import annotations

import csv
import io
import random
import warnings
import zipfile
from pathlib import Path

from planning.base.schema import FIELDS
from tests.conftest import CORPUS, ROOT

FIXTURES = ROOT / "tests" / "fixtures"
SEED_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".xlsb", ".ods", ".et", ".csv", ".xml", ".html", ".htm")
HEADERS = ["序号"] + [f.zh for f in FIELDS] + ["附加列", ""]
ODD_TEXT = ["", " ", "=1+1", "=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "-2+3", "+cmd", "\t=x", "\x00", "\x1b[2J",
            "\u202e", "合肥市", "肥西县", "C3511", "二级", "91110000600037341L", "9" * 40, "é" * 300, "1e308", "NaN",
            "-0", "１２３", "2024-02-30", "TRUE", "#N/A", "\ud7ff", "\U0001f600", "\r\n", "a\nb", "；、，"]


def seed_files() -> list[Path]:
    """The real files mutations start from: the test fixtures, and the foreign corpus when it is there."""
    folders = [FIXTURES] + ([CORPUS] if CORPUS.is_dir() else [])
    return sorted(p for folder in folders for p in folder.iterdir() if p.suffix.lower() in SEED_SUFFIXES)


# ------------------------------------------------------------------ generated rosters


def _cell(rng: random.Random) -> object:
    kind = rng.randrange(6)
    if kind == 0:
        return rng.choice(ODD_TEXT)
    if kind == 1:
        return rng.choice([0, -1, 1, 2**31, 2**53 + 1, -(2**63), rng.randrange(10**6)])
    if kind == 2:
        return rng.choice([0.5, 1e-300, 1e300, -1e15, rng.random() * 1e4, float("inf"), float("nan")])
    if kind == 3:
        return "".join(chr(rng.choice([rng.randrange(32, 0x250), rng.randrange(0x4E00, 0x9FA5), rng.randrange(0, 32)]))
                       for _ in range(rng.randrange(1, 20)))
    if kind == 4:
        return None
    return rng.choice(HEADERS)


def roster_rows(rng: random.Random) -> list[list]:
    """A header of roster columns (shuffled, some repeated or blank) over rows of odd values."""
    header = rng.sample(HEADERS, rng.randrange(1, len(HEADERS)))
    if rng.random() < 0.3:
        header += rng.choices(HEADERS, k=rng.randrange(1, 4))
    width = len(header) + rng.randrange(-1, 3)
    rows = [[_cell(rng) for _ in range(max(width, 1))] for _ in range(rng.randrange(0, 40))]
    blank_lines = [[] for _ in range(rng.randrange(0, 3))]
    return blank_lines + [header] + rows


def write_roster(rng: random.Random, folder: Path, stem: str) -> Path:
    rows = roster_rows(rng)
    if rng.random() < 0.5:
        path = folder / f"{stem}.csv"
        text = io.StringIO()
        csv.writer(text).writerows(rows)
        path.write_bytes(text.getvalue().encode(rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
                                                errors="replace"))
        return path
    import xlsxwriter

    path = folder / f"{stem}.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False, "nan_inf_to_errors": True})
    sheet = book.add_worksheet(rng.choice(["名单", "Sheet1", "企业名单（2025）", "x" * 31]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value)
    book.close()
    return path


# ------------------------------------------------------------------ mutations of real files


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """A few byte-level edits: flipped bits, overwritten or repeated runs, inserted junk, a cut."""
    data = bytearray(data)
    for _ in range(rng.randrange(1, 6)):
        if not data:
            break
        at = rng.randrange(len(data))
        op = rng.randrange(6)
        if op == 0:
            data[at] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[at:at + 4] = rng.choice([b"\xff\xff\xff\x7f", b"\x00\x00\x00\x00", b"\xff\xff\xff\xff",
                                          b"\x00\x00\x00\x80"])[:len(data) - at]
        elif op == 2:
            size = rng.randrange(1, 64)
            data[at:at + size] = bytes(rng.randrange(256) for _ in range(size))
        elif op == 3:
            chunk = bytes(data[at:at + rng.randrange(1, 256)])
            data[at:at] = chunk * rng.randrange(1, 8)
        elif op == 4:
            del data[at:]
        else:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 32)))
    return bytes(data)


_XML_EDITS = [(b'r="', b'r="ZZZZ'), (b"<v>", b"<v>-"), (b"<row ", b"<row><row "), (b"</c>", b""), (b'"1"', b'"4294967296"'),
              (b"count=\"", b"count=\"9999999"), (b"<t>", b"<t>\x1b"), (b"<f>", b"<f>HYPERLINK("), (b"?>", b"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>"),
              (b"ref=\"", b"ref=\"A1:XFD1048576 "), (b"spans=\"", b"spans=\"1:16384 ")]


def mutate_zip(data: bytes, rng: random.Random) -> bytes:
    """A zip package (xlsx, ods) with one member edited, dropped, duplicated or stored damaged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            members = [(info, book.read(info)) for info in book.infolist()]
    except Exception:
        return mutate_bytes(data, rng)
    if not members:
        return mutate_bytes(data, rng)
    k = rng.randrange(len(members))
    info, body = members[k]
    op = rng.randrange(5)
    if op == 0:
        old, new = rng.choice(_XML_EDITS)
        body = body.replace(old, new, rng.choice([1, -1]))
    elif op == 1:
        body = mutate_bytes(body, rng)
    elif op == 2:
        del members[k]
    elif op == 3:
        members.append((info, body))
    if op in (0, 1):
        members[k] = (info, body)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a duplicated member is the point
        for member, content in members:
            compression = rng.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
            book.writestr(zipfile.ZipInfo(member.filename, member.date_time), content, compress_type=compression)
    result = out.getvalue()
    if op == 4:
        result = mutate_bytes(result, rng)  # the container itself damaged
    return result


def mutated_file(rng: random.Random, seeds: list[Path], folder: Path, stem: str) -> Path:
    """A copy of one of ``seeds`` mutated, keeping its name's suffix (the importer goes by it)."""
    seed = rng.choice(seeds)
    data = seed.read_bytes()
    data = mutate_zip(data, rng) if data[:2] == b"PK" and rng.random() < 0.7 else mutate_bytes(data, rng)
    path = folder / f"{stem}_{seed.name}"
    path.write_bytes(data)
    return path


def hostile_input(rng: random.Random, seeds: list[Path], folder: Path, stem: str) -> Path:
    """One input: a generated roster a third of the time, else a mutated real file."""
    if not seeds or rng.random() < 1 / 3:
        return write_roster(rng, folder, stem)
    return mutated_file(rng, seeds, folder, stem)
