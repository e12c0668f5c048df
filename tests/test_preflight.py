"""The vector scan of worksheet XML finds the same extent and shared-string text as the reference
regexes, or hands the piece to them; a scan that missed one far reference or one copy of a long string
would let a reader abort the whole process."""

from __future__ import annotations

import random
import zipfile

import numpy as np
import pytest

from planning.importing.readers import preflight

SPACES = [" ", "\t", "\n", "\r\n"]


def random_reference(rng: random.Random, odd: float) -> str:
    letters = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz") for _ in range(rng.choice([0, 1, 1, 2, 3])))
    digits = str(rng.choice([1, 9, 10, 99, 1000, 65536, 1048576, 10**8]) + rng.randrange(5))
    if rng.random() < odd:
        letters += "Q"
    if rng.random() < 0.05 and len(digits) < 7:
        digits = "0" * rng.randrange(1, 4) + digits
    if rng.random() < odd:
        digits = rng.choice(["", digits + "0" * 3, digits + "x", digits + ":B2"])
    return letters + digits


SIZES = np.array([5, 1, 70_000, 3, 0, 12], dtype=np.int64)


def random_piece(rng: random.Random) -> tuple[bytes, bool]:
    """Worksheet XML as writers spell it (True), or now and then as only a parser accepts (False)."""
    odd = rng.choice([0.0, 0.02])
    parts = ['<worksheet xmlns:r="http://x"><dimension ref="A1:U9"/><sheetData>']
    for _ in range(rng.randrange(1, 40)):
        quote = "'" if rng.random() < odd else '"'
        gap = rng.choice(SPACES) if rng.random() < 0.1 else " "
        around = rng.choice([" ", ""]) if rng.random() < odd else ""
        row = rng.randrange(1, 2_000_000)
        parts.append(f'<row{gap}r="{row}" spans="1:21">' if rng.random() < 0.8 else "<row>")
        for _ in range(rng.randrange(0, 6)):
            ref = random_reference(rng, odd)
            attribute = f"r{around}={around}{quote}{ref}{quote}" if rng.random() < 0.9 else f'sr="{ref}"'
            if rng.random() < 0.5:
                parts.append(f'<c{gap}{attribute} s="3" t="s"><v>{rng.randrange(8)}</v></c>')
            else:
                parts.append(f'<c{gap}{attribute} s="3"><v>{rng.randrange(99)}</v></c>')
            if rng.random() < odd:
                parts.append(f'<c t="s" r="B{row}"><f>X</f><v>2</v></c><c>1</c>')
            if rng.random() < odd:
                parts.append('<c t="inlineStr"><is><t> r="ZZZ99" a = b</t></is></c>')
        parts.append("</row>")
    parts.append('</sheetData><pageMargins header="0.3" footer="0.3"/></worksheet>')
    return "".join(parts).encode(), odd == 0.0


@pytest.mark.parametrize("seed", range(400))
def test_vector_scan_agrees_with_the_regexes(seed):
    piece, as_writers_spell_it = random_piece(random.Random(seed))
    found = preflight._vector_scan(piece, SIZES.size)
    expected = preflight._regex_scan(piece, SIZES.size)
    expected.cell_tags, expected.row_tags = found_tags = piece.count(b"<c"), piece.count(b"<r")
    if as_writers_spell_it:
        assert found is not None  # sheets as writers spell them never need the regexes
    if found is not None:
        assert (found.rows, found.columns, found.shared_chars(SIZES)) == (expected.rows, expected.columns,
                                                                          expected.shared_chars(SIZES))
        assert (found.placed_cells, found.placed_rows) == (expected.placed_cells, expected.placed_rows)
        assert (found.cell_tags, found.row_tags) == found_tags
    either = preflight._piece_scan(piece, SIZES.size)
    assert (either.extent(), either.shared_chars(SIZES)) == (expected.extent(), expected.shared_chars(SIZES))


def test_vector_scan_reads_plain_sheets_itself():
    piece = (b'<sheetData><row r="7" spans="1:3"><c r="A7" t="s"><v>1</v></c><c r="AB7"><v>2</v></c></row>'
             b'<row r="1048576"><c r="XFD1048576" t="s"><v>2</v></c></row></sheetData><pageMargins footer="0.3"/>')
    scan = preflight._vector_scan(piece, SIZES.size)
    assert (scan.rows, scan.columns, scan.shared_chars(SIZES)) == (1048576, 16384, 70_001)
    assert scan.extent() == (1048576, 16384)


@pytest.mark.parametrize("spelling", ['r = "XFD9"', "r='XFD9'", 'r="XFDA9"', 'r="XFD"', 'r="XFD12345678901"'])
def test_unusual_spellings_go_to_the_regexes(spelling):
    piece = f'<row r="9"><c {spelling}><v>1</v></c></row>'.encode()
    assert preflight._vector_scan(piece, SIZES.size) is None


def test_cells_without_references_extend_the_grid():
    """A reader puts a cell without r= after the previous one: 16,000 of them in a 3 KB file."""
    piece = ('<row r="1">' + "<c><v>1</v></c>" * 16_000 + '</row><row r="3000"><c r="A3000"><v>1</v></c></row>').encode()
    scan = preflight._vector_scan(piece, SIZES.size)
    assert scan.extent() == (3000, 16_001)


def test_shared_string_sizes(tmp_path):
    strings = ["甲", "", "a&amp;b", "<r><t>x</t></r><r><t>yz</t></r>", " " * 500]
    sst = ('<?xml version="1.0"?><sst xmlns="x" uniqueCount="5">'
           + "".join(f"<si><t>{t}</t></si>" if not t.startswith("<r>") else f"<si>{t}</si>" for t in strings)
           + "<si/></sst>")
    path = tmp_path / "s.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/sharedStrings.xml", sst)
    with zipfile.ZipFile(path) as zf:
        sizes = preflight.shared_string_sizes(zf, "xl/sharedStrings.xml")
    assert len(sizes) == 6 and sizes[5] == 0  # <si/> is an empty string that still takes an index
    for text, size in zip(["甲", "", "a&b", "xyz", " " * 500], sizes):
        assert size >= len(text)


def test_extent_across_chunk_boundaries(tmp_path, monkeypatch):
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="AD{r}"><v>1</v></c></row>' for r in range(1, 3000))
    far = '<row r="3000"><c r="ZZ3000"><v>1</v></c></row>'
    path = tmp_path / "s.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", f"<worksheet><sheetData>{rows}{far}</sheetData></worksheet>")
    monkeypatch.setattr(preflight, "_CHUNK", 997)  # cuts land inside elements and references
    with zipfile.ZipFile(path) as zf:
        assert preflight.xlsx_sheet_extent(zf, "xl/worksheets/sheet1.xml") == (3000, 702)
