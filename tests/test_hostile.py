"""Hostile and broken input, crafted here: every one is refused with a one-line reason that names the file.

Files that would make a reader allocate billions of cells (calamine aborts the whole process on them)
are only ever opened in a child process with a time limit and a memory cap; the rest are also imported
in-process, where they must raise :class:`ImportFailure` and nothing else.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from planning.importing.readers import preflight
from planning.base.errors import ImportFailure
from planning.importing.config import default_import_config
from planning.importing.importer import import_rosters
from planning.base.messages import tr
from planning.importing.readers.grids import OLE_MAGIC
from tests.conftest import CORPUS, FIXTURES, ROOT, needs_corpus
from tests.subprocess_cli import CliRun, assert_clean_outcome, cap_memory, run_import
from tests.subprocess_cli import run_batch as run_many

# ------------------------------------------------------------------ builders

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/{sheet}" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                  'relationships/worksheet" Target="{target}"/></Relationships>')


def cell(ref: str, text: str = "x", quote: str = '"') -> str:
    return f'<c r={quote}{ref}{quote} t="inlineStr"><is><t>{text}</t></is></c>'


def write_xlsx(path: Path, sheet_data: str, sheet_member: str = "xl/worksheets/sheet1.xml",
               target: str | None = None, extra: dict[str, bytes] | None = None) -> Path:
    """A minimal xlsx written by hand: one sheet whose <sheetData> is given."""
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData>{sheet_data}</sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT.format(sheet=sheet_member))
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels",
                    _WORKBOOK_RELS.format(target=target or sheet_member.removeprefix("xl/")))
        zf.writestr(sheet_member, sheet)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


ROSTER_ROW = (f'<row r="1">{cell("A1", "企业名称")}{cell("B1", "统一社会信用代码")}</row>'
              f'<row r="2">{cell("A2", "合肥华曜精密机械有限公司")}{cell("B2", "91110000600037341L")}</row>')

_ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
             'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
             'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
             'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
             '<office:body><office:spreadsheet><table:table table:name="Sheet1">')
_ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def ods_cell(repeat: int | None = None, quote: str = '"') -> str:
    rep = f" table:number-columns-repeated={quote}{repeat}{quote}" if repeat else ""
    return f'<table:table-cell{rep} office:value-type="string"><text:p>X</text:p></table:table-cell>'


def ods_row(cells: str, repeat: int | None = None, quote: str = '"') -> str:
    rep = f" table:number-rows-repeated={quote}{repeat}{quote}" if repeat else ""
    return f"<table:table-row{rep}>{cells}</table:table-row>"


def write_ods(path: Path, rows: str) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        zf.writestr("content.xml", _ODS_HEAD + rows + _ODS_TAIL, zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml",
                    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                    'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                    "</manifest:manifest>", zipfile.ZIP_DEFLATED)
    return path


def set_declared_size(path: Path, member: str, size: int) -> Path:
    """Rewrite the uncompressed size a zip declares for one member (local header and central directory)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            length = struct.unpack_from("<H", data, start + name_len_at)[0]
            if data[start + name_at:start + name_at + length] == name:
                struct.pack_into("<I", data, start + size_at, size)
            start += 4
    path.write_bytes(bytes(data))
    return path


def _varint(n: int) -> bytes:
    out = b""
    while True:
        byte, n = n & 0x7F, n >> 7
        out += bytes([byte | (0x80 if n else 0)])
        if not n:
            return out


def _record(typ: int, data: bytes = b"") -> bytes:
    return _varint(typ) + _varint(len(data)) + data


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def write_xlsb(path: Path, cells: list[tuple[int, int, float]], rel_id: str = "rId1",
               shared_text: str | None = None) -> Path:
    """A minimal .xlsb: one sheet of BrtRowHdr + BrtCellReal records (MS-XLSB); with ``shared_text``,
    BrtCellIsst records that all show that one shared string."""
    workbook = (_record(0x83) + _record(0x8F) + _record(0x9C, struct.pack("<II", 0, 1) + _wide(rel_id) + _wide("名单"))
                + _record(0x90) + _record(0x9D, bytes(8)))
    records = [_record(0x81), _record(0x94, bytes(16)), _record(0x91)]
    for row, col, value in cells:
        records.append(_record(0x00, struct.pack("<IIHH", row, 0, 0, 0) + bytes(5)))
        if shared_text is None:
            records.append(_record(0x05, struct.pack("<IId", col, 0, value)))
        else:
            records.append(_record(0x07, struct.pack("<III", col, 0, 0)))
    records += [_record(0x92), _record(0x82)]
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.bin"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.bin", workbook)
        zf.writestr("xl/_rels/workbook.bin.rels", rels)
        zf.writestr("xl/worksheets/sheet1.bin", b"".join(records))
        if shared_text is not None:
            zf.writestr("xl/sharedStrings.bin", _record(0x9F, struct.pack("<II", 1, 1))
                        + _record(0x13, b"\x00" + _wide(shared_text)) + _record(0xA0))
    return path


def png_bytes() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


_XML = ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>{}</Table>'
        "</Worksheet></Workbook>")


def xml_text(rows: str) -> str:
    return _XML.format(rows)


# name -> (builder(dir) -> path, refusal kinds accepted)
FAR = "XFD1048576"
BOMBS = {  # only ever opened in a child process: the readers without their limits would eat all memory or abort
    "far_cell.xlsx": (lambda d: write_xlsx(d / "far_cell.xlsx",
                                           f'<row r="1">{cell("A1")}</row><row r="1048576">{cell(FAR)}</row>'),
                      ("too_many_cells",)),
    "far_cell_row_out_of_order.xlsx": (
        lambda d: write_xlsx(d / "far_cell_row_out_of_order.xlsx",
                             f'<row r="1048576">{cell(FAR)}</row><row r="1">{cell("A1")}</row>'),
        ("too_many_cells",)),
    "far_cell_rows_without_r.xlsx": (
        lambda d: write_xlsx(d / "far_cell_rows_without_r.xlsx", f"<row>{cell('A1')}</row><row>{cell(FAR)}</row>"),
        ("too_many_cells",)),
    "far_cell_row_r_disagrees.xlsx": (
        lambda d: write_xlsx(d / "far_cell_row_r_disagrees.xlsx",
                             f'<row r="1">{cell("A1")}</row><row r="2">{cell(FAR)}</row>'),
        ("too_many_cells",)),
    "far_cell_lower_case.xlsx": (
        lambda d: write_xlsx(d / "far_cell_lower_case.xlsx",
                             f'<row r="1">{cell("A1")}</row><row r="1048576">{cell(FAR.lower())}</row>'),
        ("too_many_cells",)),
    "far_cell_single_quotes.xlsx": (
        lambda d: write_xlsx(d / "far_cell_single_quotes.xlsx",
                             f"<row r='1'>{cell('A1', quote=chr(39))}</row>"
                             f"<row r='1048576'>{cell(FAR, quote=chr(39))}</row>"),
        ("too_many_cells",)),
    "far_cell_sheet_elsewhere.xlsx": (  # the workbook relationship points outside xl/worksheets/
        lambda d: write_xlsx(d / "far_cell_sheet_elsewhere.xlsx",
                             f'<row r="1">{cell("A1")}</row><row r="1048576">{cell(FAR)}</row>',
                             sheet_member="xl/data/s.xml", target="/xl/data/s.xml"),
        ("too_many_cells",)),
    "far_cell_spaced_equals.xlsx": (  # r = "..." is still a cell reference to calamine
        lambda d: write_xlsx(d / "far_cell_spaced_equals.xlsx",
                             f'<row r="1">{cell("A1")}</row><row r="2"><c r = "{FAR}" t="inlineStr"><is><t>x</t>'
                             "</is></c></row>"),
        ("too_many_cells",)),
    "far_cell_dotdot_member.xlsx": (  # target "../q/s.xml": calamine opens the member literally named xl/../q/s.xml
        lambda d: write_xlsx(d / "far_cell_dotdot_member.xlsx",
                             f'<row r="1">{cell("A1")}</row><row r="1048576">{cell(FAR)}</row>',
                             sheet_member="xl/../q/s.xml", target="../q/s.xml"),
        ("too_many_cells",)),
    "shared_strings_4e9.xlsx": (  # calamine reserves room for the declared count before reading one string
        lambda d: write_xlsx(d / "shared_strings_4e9.xlsx", ROSTER_ROW, extra={"xl/sharedStrings.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><!-- ' + " " * 70_000 + ' -->'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
            'uniqueCount="4000000000"><si><t>x</t></si></sst>').encode()}),
        ("count_too_large",)),
    "cells_without_r.xlsx": (  # a reader places each cell after the previous one: 16,384 columns from 3 KB
        lambda d: write_xlsx(d / "cells_without_r.xlsx", '<row r="1">' + "<c><v>1</v></c>" * 16_384
                             + f'</row><row r="1048576">{cell("A1048576")}</row>'),
        ("too_many_cells",)),
    "shared_string_fanout.xlsx": (  # one string of a million characters, copied into each of 3,000 cells
        lambda d: write_xlsx(d / "shared_string_fanout.xlsx", '<row r="1">' + "".join(
            f'<c r="{c}1" t="s"><v>0</v></c>' for c in ("A", "B", "C")) + "</row>" + "".join(
            f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(2, 3000)),
            extra={"xl/sharedStrings.xml": ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                                            'openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1"><si><t>'
                                            + "数" * 1_000_000 + "</t></si></sst>").encode()}),
        ("too_much_text",)),
    "far_cell.xlsb": (lambda d: write_xlsb(d / "far_cell.xlsb", [(0, 0, 1.0), (1048575, 16383, 2.0)]),
                      ("too_many_cells",)),
    "shared_string_fanout.xlsb": (  # one string of a million characters in each of 3,000 cells
        lambda d: write_xlsb(d / "shared_string_fanout.xlsb", [(r, c, 0.0) for r in range(300) for c in range(10)],
                             shared_text="数" * 1_000_000),
        ("too_much_text",)),
    "far_column_4e9.xlsb": (lambda d: write_xlsb(d / "far_column_4e9.xlsb", [(0, 0, 1.0), (5, 4_000_000_000, 2.0)]),
                            ("too_many_cells",)),
    "repeat_1e9x1e9.ods": (lambda d: write_ods(d / "repeat_1e9x1e9.ods", ods_row(ods_cell(10**9), 10**9)),
                           ("too_many_cells_repeat",)),
    "repeat_single_quotes.ods": (
        lambda d: write_ods(d / "repeat_single_quotes.ods", ods_row(ods_cell(10**9, "'"), 10**9, "'")),
        ("too_many_cells_repeat",)),
    "repeat_many_small.ods": (  # 100,000 rows repeated 999 times, each with a cell repeated 999 times
        lambda d: write_ods(d / "repeat_many_small.ods", ods_row(ods_cell(999), 999) * 100_000),
        ("too_many_cells_repeat",)),
    "spaces_2e9.ods": (  # <text:s text:c="N"/> is N spaces, written out by the reader
        lambda d: write_ods(d / "spaces_2e9.ods", ods_row(
            '<table:table-cell office:value-type="string"><text:p>X' + '<text:s text:c="100000000"/>' * 20
            + "</text:p></table:table-cell>")),
        ("too_much_text",)),
    "repeated_long_text.ods": (  # 100 KB of text in a cell repeated 16,384 times, in rows repeated 1,000 times
        lambda d: write_ods(d / "repeated_long_text.ods", ods_row(
            '<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>'
            + "数" * 100_000 + "</text:p></table:table-cell>", 1000)),
        ("too_much_text",)),
    "far_cells.xml": (  # Excel 2003 XML: 3,700 rows with a cell in the last column
        lambda d: _write(d / "far_cells.xml",
                         xml_text('<Row><Cell ss:Index="16384"><Data ss:Type="String">x</Data></Cell></Row>'
                                  * 3700).encode()),
        ("too_many_cells",)),
    "bad_index.xml": (lambda d: _write(d / "bad_index.xml", xml_text(
        '<Row ss:Index="abc"><Cell><Data ss:Type="String">x</Data></Cell></Row>').encode()), ("corrupt",)),
    "merge_across_1e9.xml": (lambda d: _write(d / "merge_across_1e9.xml", xml_text(
        '<Row><Cell ss:MergeAcross="1000000000"><Data ss:Type="String">企业名称</Data></Cell></Row>').encode()),
        ("no_roster",)),
    "entities.xml": (lambda d: _write(d / "entities.xml", (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        + xml_text('<Row><Cell><Data ss:Type="String">&lol2;</Data></Cell></Row>').split("?>", 1)[1]).encode()),
        ("not_spreadsheet",)),
    "span_bomb.xls": (  # 60 cells asking for rowspan 1000 x colspan 1000 each
        lambda d: _write(d / "span_bomb.xls", ("<table><tr>" + '<td rowspan="1000" colspan="1000">x</td>' * 60
                                               + "</tr><tr><td>y</td></tr></table>").encode()),
        ("no_roster", "too_many_cells")),
    "wide_html.xls": (
        lambda d: _write(d / "wide_html.xls", ("<table>" + ("<tr>" + '<td colspan="1000">x</td>' * 3000 + "</tr>") * 21
                                               + "</table>").encode()),
        ("too_many_cells",)),
}


def _truncated(d: Path) -> Path:
    data = (FIXTURES / "roster_lo.xlsx").read_bytes()
    path = d / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _directory(d: Path) -> Path:
    path = d / "a_folder.xlsx"
    path.mkdir()
    return path


BROKEN = {  # safe to import in-process too
    "truncated.xlsx": (_truncated, ("corrupt",)),
    "xlsb_missing_relationship.xlsb": (  # calamine panics (a Rust panic is not an Exception in Python)
        lambda d: write_xlsb(d / "xlsb_missing_relationship.xlsb", [(0, 0, 1.0)], rel_id="rId9"),
        ("corrupt",)),
    "random.xlsx": (lambda d: _write(d / "random.xlsx", random.Random(20250101).randbytes(8192)),
                    ("not_spreadsheet", "corrupt")),
    "picture.xls": (lambda d: _write(d / "picture.xls", png_bytes()), ("not_spreadsheet",)),
    "empty.xlsx": (lambda d: _write(d / "empty.xlsx", b""), ("empty_file",)),
    "empty.csv": (lambda d: _write(d / "empty.csv", b""), ("empty_file",)),
    "blank_lines.csv": (lambda d: _write(d / "blank_lines.csv", b"\r\n\r\n \r\n"), ("no_data", "no_roster")),
    "a_folder.xlsx": (_directory, ("unreadable",)),
    "password.xlsx": (lambda d: Path(shutil.copyfile(CORPUS / "calamine__pass_protected.xlsx", d / "password.xlsx")),
                      ("password",)),
    "docx_named.xlsx": (lambda d: _zip(d / "docx_named.xlsx", {"word/document.xml": "<w:document/>"}),
                        ("not_spreadsheet",)),
    "ole_garbage.xls": (lambda d: _write(d / "ole_garbage.xls", OLE_MAGIC + bytes(range(256)) * 40), ("corrupt",)),
    "biff_garbage.xls": (lambda d: _write(d / "biff_garbage.xls", b"\x09\x08\x10\x00" + b"\xff" * 300),
                         ("corrupt",)),
    "declares_3gb.xlsx": (  # a zip whose directory claims 3 GB for one member: refused from the sizes
        lambda d: set_declared_size(write_xlsx(d / "declares_3gb.xlsx", ROSTER_ROW, extra={"xl/media/a.bin": b"0"}),
                                    "xl/media/a.bin", 3 * 1024**3),
        ("zip_too_large",)),
    "declares_less.xlsx": (  # a member longer than its declared size: a reader must not trust either
        lambda d: set_declared_size(write_xlsx(d / "declares_less.xlsx", ROSTER_ROW), "xl/worksheets/sheet1.xml", 60),
        ("corrupt",)),
    "unbalanced_quote.csv": (  # the quote swallows the rest of the file into one field
        lambda d: _write(d / "unbalanced_quote.csv",
                         ('企业名称,统一社会信用代码\n"合肥甲有限公司,1\n' + "乙有限公司,2\n" * 20000).encode()),
        ("corrupt",)),
}


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return path


if not CORPUS.is_dir():  # the one encrypted workbook comes from the corpus
    del BROKEN["password.xlsx"]
ALL = {**BOMBS, **BROKEN}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("hostile")
    for name, (build, _) in ALL.items():
        path = build(d)
        assert path.name == name
    return d


def refusal_pattern(kind: str, name: str) -> re.Pattern:
    number, detail = "987654321", "123456789"  # placeholders that re.escape leaves alone
    params = {"file": name, "cells": number, "limit": number, "rows": number, "cols": number, "size_mb": number,
              "limit_mb": number, "count": number, "bound": number, "chars": number, "detail": detail,
              "part": detail}
    text = re.escape(tr("fail." + kind, "en", **params))
    return re.compile(text.replace(number, r"[\d+]+").replace(detail, ".+"))


# Files that might take the process down (or write to its stderr from native code) get a process each; the
# others go through main.main() one after another in one child process, to spare ~1 s of start-up per file.
OWN_PROCESS = (set(BOMBS) | {"xlsb_missing_relationship.xlsb", "truncated.xlsx", "ole_garbage.xls",
                             "biff_garbage.xls", "password.xlsx", "declares_less.xlsx"}) & set(ALL)


def run_batch(paths: list[Path]) -> dict[str, CliRun]:
    batch = run_many(paths)
    assert batch.returncode == 0 and "Traceback" not in batch.stderr, batch.stderr[-3000:]
    return {path.name: run for path, run in batch.runs.items()}


@pytest.fixture(scope="module")
def cli_runs(hostile_dir):
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        batch = pool.submit(run_batch, [hostile_dir / n for n in sorted(set(ALL) - OWN_PROCESS)])
        futures = {n: pool.submit(run_import, hostile_dir / n, "--json", "--lang", "en", timeout=60)
                   for n in sorted(OWN_PROCESS)}
        runs = {n: f.result() for n, f in futures.items()}
        runs.update(batch.result())
    assert set(runs) == set(ALL)
    return runs


# ------------------------------------------------------------------ the command line


CLI_KNOWN_BUGS: dict = {}


@pytest.mark.parametrize("name", [pytest.param(n, marks=CLI_KNOWN_BUGS.get(n, ())) for n in sorted(ALL)])
def test_cli_refuses_with_one_line(name, cli_runs):
    run = cli_runs[name]
    assert_clean_outcome(run, name)
    assert run.returncode == 2, run.describe()
    line = run.stderr.strip()
    assert any(refusal_pattern(kind, name).fullmatch(line) for kind in ALL[name][1]), line


def test_far_cell_refused_in_chinese(hostile_dir):
    run = run_import(hostile_dir / "far_cell.xlsx", timeout=30)
    assert_clean_outcome(run, "far_cell.xlsx")
    assert run.returncode == 2 and "1048576 行 × 16384 列" in run.stderr


def test_panic_in_calamine_is_a_clean_refusal(cli_runs):
    name = "xlsb_missing_relationship.xlsb"
    run = cli_runs[name]
    assert run.returncode == 2 and "Traceback" not in run.stderr and "PanicException" not in run.stderr
    assert refusal_pattern("corrupt", name).fullmatch(run.stderr.strip().splitlines()[-1])


def test_openpyxl_fallback_has_the_cell_limit(tmp_path):
    """openpyxl reads what calamine refuses, and parts the preflight may not know: it checks the limit too."""
    from planning.importing.readers.grids import _open_openpyxl

    path = write_xlsx(tmp_path / "four.xlsx", f'<row r="1">{cell("A1")}{cell("B1")}</row>'
                                             f'<row r="2">{cell("A2")}{cell("B2")}</row>')
    cfg = dataclasses.replace(default_import_config(), max_cells=3)
    source = _open_openpyxl(path, "xlsx", cfg)
    with pytest.raises(ImportFailure) as failure:
        source.sheets[0].load()
    assert failure.value.kind == "too_many_cells" and failure.value.params["rows"] == 2
    assert _open_openpyxl(path, "xlsx", default_import_config()).sheets[0].load()[0] == [["x", "x"], ["x", "x"]]


@needs_corpus
def test_xlsb_reads_after_preflight(tmp_path):
    from planning.importing.readers.grids import open_workbook

    path = write_xlsb(tmp_path / "small.xlsb", [(0, 0, 1.0), (1, 1, 2.0)])
    with zipfile.ZipFile(path) as zf:
        assert preflight.xlsb_sheet_extent(zf, "xl/worksheets/sheet1.bin") == (2, 2)
    rows, _ = open_workbook(path, default_import_config()).sheets[0].load()
    assert rows == [[1.0, ""], ["", 2.0]]
    with zipfile.ZipFile(CORPUS / "calamine__issues.xlsb") as zf:
        extents = [preflight.xlsb_sheet_extent(zf, f"xl/worksheets/sheet{i}.bin") for i in range(1, 7)]
    assert extents == [(6, 1), (3, 2), (2, 1), (1, 1), (4, 1), (8, 1)]  # what calamine reads (test_corpus)


def test_missing_file_named_in_the_message(tmp_path):
    missing = tmp_path / "不存在的名单.xlsx"
    run = run_import(missing, "--lang", "en")
    assert_clean_outcome(run, "不存在的名单.xlsx")
    assert run.returncode == 2 and run.stderr.strip() == f"file not found: {missing}"


# ------------------------------------------------------------------ in a child process: the exception itself

_CHILD = """
import json, sys
from planning.base.errors import ImportFailure
from planning.importing.importer import import_rosters
try:
    import_rosters([sys.argv[1]])
    print(json.dumps({"kind": None}))
except ImportFailure as failure:
    print(json.dumps({"kind": failure.kind, "message": failure.message("en")}))
"""


def child_import(path: Path) -> dict:
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, str(path)], cwd=ROOT, capture_output=True, text=True,
                              timeout=60, preexec_fn=cap_memory)
    except subprocess.TimeoutExpired:
        return {"kind": "timed out", "message": ""}
    if done.returncode != 0 or "Traceback" in done.stderr:
        return {"kind": f"child died: rc={done.returncode}", "message": done.stderr[-2000:]}
    return json.loads(done.stdout)


# One bomb per format; the command line runs above show the refusal of every one (its message is the kind's).
CHILD_CHECKED = ("far_cell.xlsx", "far_cell.xlsb", "repeat_1e9x1e9.ods", "far_cells.xml", "span_bomb.xls")


@pytest.fixture(scope="module")
def child_results(hostile_dir):
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {n: pool.submit(child_import, hostile_dir / n) for n in CHILD_CHECKED}
        return {n: f.result() for n, f in futures.items()}


@pytest.mark.parametrize("name", CHILD_CHECKED)
def test_bombs_raise_import_failure(name, child_results):
    result = child_results[name]
    assert result["kind"] in BOMBS[name][1], result
    assert name in result["message"]


# ------------------------------------------------------------------ in-process


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_raise_import_failure(name, hostile_dir):
    with pytest.raises(ImportFailure) as failure:
        import_rosters([hostile_dir / name])
    assert failure.value.kind in BROKEN[name][1]
    assert name in failure.value.message("zh") and name in failure.value.message("en")


def test_zip_bomb_refused_by_uncompressed_size(tmp_path):
    path = write_xlsx(tmp_path / "zip_bomb.xlsx", ROSTER_ROW, extra={"xl/media/padding.bin": bytes(20_000_000)})
    assert path.stat().st_size < 100_000  # 20 MB of zeros compress to a few KB
    cfg = dataclasses.replace(default_import_config(), max_uncompressed_bytes=10 * 1024 * 1024)
    with pytest.raises(ImportFailure) as failure:
        import_rosters([path], cfg=cfg)
    assert failure.value.kind == "zip_too_large"
    assert failure.value.params["size_mb"] == 19 and failure.value.params["limit_mb"] == 10
    assert "zip_bomb.xlsx" in failure.value.message("en")
    # the same file is fine under the real limit
    assert import_rosters([path]).report.enterprises == 1


def test_zip_bomb_refused_before_any_member_is_read(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "zip_bomb2.xlsx", ROSTER_ROW, extra={"xl/media/padding.bin": bytes(20_000_000)})
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("a member was read"))
    cfg = dataclasses.replace(default_import_config(), max_uncompressed_bytes=10 * 1024 * 1024)
    with pytest.raises(ImportFailure) as failure:
        import_rosters([path], cfg=cfg)
    assert failure.value.kind == "zip_too_large"


def test_preflight_extent_of_far_cells(hostile_dir):
    with zipfile.ZipFile(hostile_dir / "far_cell_rows_without_r.xlsx") as zf:
        rows, cols = preflight.xlsx_sheet_extent(zf, "xl/worksheets/sheet1.xml")
        assert rows >= 1048576 and cols >= 16384
    cells, text = preflight.ods_extent((_ODS_HEAD + ods_row(ods_cell(999), 999) * 3 + _ODS_TAIL).encode())
    assert cells == 3 * 999 * 999
    assert text >= 3 * 999 * 999 * len("<text:p>X</text:p>")


def test_small_roster_passes_preflight(tmp_path):
    path = write_xlsx(tmp_path / "ok.xlsx", ROSTER_ROW)
    roster = import_rosters([path])
    assert list(roster.frame["name"]) == ["合肥华曜精密机械有限公司"]


# ------------------------------------------------------------------ several files, one of them bad


def test_cli_several_files_one_bad(hostile_dir):
    good = FIXTURES / "roster_lo.xlsx"
    bad = [hostile_dir / "truncated.xlsx", hostile_dir / "picture.xls", hostile_dir / "missing.xlsx"]
    run = run_import(good, *bad, "--json", "--lang", "en")
    assert_clean_outcome(run, "")
    assert run.returncode == 0, run.describe()
    summary = json.loads(run.stdout)
    assert summary["enterprises"] == 8
    files = {Path(f["file"]).name: f for f in summary["files"]}
    assert files["roster_lo.xlsx"]["refused"] is None
    for path in bad:
        refusal = files[path.name]["refused"]
        assert refusal and path.name in refusal
        assert refusal in summary["warnings"]
    assert len(summary["files"]) == 4


@needs_corpus
def test_file_refused_after_reading_is_listed_once(hostile_dir):
    """Once listed twice (with its sheets and no refusal, then refused without its sheets); fixed in ab173ef."""
    roster = import_rosters([FIXTURES / "roster_lo.xlsx", CORPUS / "calamine__any_sheets.xlsx"])
    entries = [f for f in roster.report.files if f.name == "calamine__any_sheets.xlsx"]
    assert len(entries) == 1
    assert entries[0].failure and entries[0].failure[0] == "fail.no_roster"
    assert [s.reason for s in entries[0].sheets] == ["sheet.no_header", "sheet.hidden", "sheet.hidden", "sheet.chart"]


# ------------------------------------------------------------------ a header but no enterprise row


def test_header_only_csv_names_the_file(tmp_path):
    """Once fail.no_input, 'no file given to import', which named no file; fixed in ab173ef."""
    path = tmp_path / "只有表头.csv"
    path.write_text("企业名称,统一社会信用代码,所属地市\r\n", encoding="utf-8")
    with pytest.raises(ImportFailure) as failure:
        import_rosters([path])
    assert "只有表头.csv" in failure.value.message("zh")


def test_header_only_csv_is_refused_not_crashed(tmp_path):
    path = tmp_path / "只有表头.csv"
    path.write_text("企业名称,统一社会信用代码,所属地市\r\n", encoding="utf-8")
    run = run_import(path, "--lang", "en")
    assert run.returncode == 2 and "Traceback" not in run.stderr and len(run.stderr.splitlines()) == 1


def test_a_damaged_zip_member_is_refused_as_corrupt(tmp_path):
    """Deflate data broken inside a member (found only when the member is read) is a refusal, not an
    internal error: the same for every zip-based format."""
    source = FIXTURES / "roster_lo.xlsx"
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as zf:
        info = zf.getinfo("xl/workbook.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 8, start + min(info.compress_size, 80)):
        data[k] ^= 0x5A
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(data))
    with pytest.raises(ImportFailure) as failure:
        import_rosters([damaged])
    assert failure.value.kind in ("corrupt", "not_spreadsheet")
    run = run_import(damaged, "--lang", "en", timeout=60)
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1 and "internal error" not in run.stderr
