"""The vector scan of worksheet XML finds the same extent as the reference regexes, or hands the piece
to them; a scan that missed one far reference would let a reader abort the whole process."""

from __future__ import annotations

import random
import zipfile

import pytest

from planning import preflight

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
            parts.append(f'<c{gap}{attribute} s="3" t="s"><v>{rng.randrange(99)}</v></c>')
            if rng.random() < odd:
                parts.append('<c t="inlineStr"><is><t> r="ZZZ99" a = b</t></is></c>')
        parts.append("</row>")
    parts.append('</sheetData><pageMargins header="0.3" footer="0.3"/></worksheet>')
    return "".join(parts).encode(), odd == 0.0


@pytest.mark.parametrize("seed", range(400))
def test_vector_scan_agrees_with_the_regexes(seed):
    piece, as_writers_spell_it = random_piece(random.Random(seed))
    found = preflight._vector_extent(piece)
    if as_writers_spell_it:
        assert found is not None  # sheets as writers spell them never need the regexes
    if found is not None:
        assert found == preflight._exact_extent(piece)
    assert preflight._piece_extent(piece) == preflight._exact_extent(piece)


def test_vector_scan_reads_plain_sheets_itself():
    piece = (b'<sheetData><row r="7" spans="1:3"><c r="A7" t="s"><v>1</v></c><c r="AB7"><v>2</v></c></row>'
             b'<row r="1048576"><c r="XFD1048576"><v>3</v></c></row></sheetData><pageMargins footer="0.3"/>')
    assert preflight._vector_extent(piece) == (1048576, 16384)


@pytest.mark.parametrize("spelling", ['r = "XFD9"', "r='XFD9'", 'r="XFDA9"', 'r="XFD"', 'r="XFD12345678901"'])
def test_unusual_spellings_go_to_the_regexes(spelling):
    piece = f'<row r="9"><c {spelling}><v>1</v></c></row>'.encode()
    assert preflight._vector_extent(piece) is None


def test_extent_across_chunk_boundaries(tmp_path, monkeypatch):
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="AD{r}"><v>1</v></c></row>' for r in range(1, 3000))
    far = '<row r="3000"><c r="ZZ3000"><v>1</v></c></row>'
    path = tmp_path / "s.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", f"<worksheet><sheetData>{rows}{far}</sheetData></worksheet>")
    monkeypatch.setattr(preflight, "_CHUNK", 997)  # cuts land inside elements and references
    with zipfile.ZipFile(path) as zf:
        assert preflight.xlsx_sheet_extent(zf, "xl/worksheets/sheet1.xml") == (3000, 702)
