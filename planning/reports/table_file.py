"""Plain tables (a roster, a firm list, plan lines, an import report) written to .xlsx or .csv for
people to open, every cell inert: text never becomes a formula, a link or raw XML, whatever it starts
with, and text that a spreadsheet would read as a formula when retyped or opened from CSV carries
the quote that keeps it text."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32767
RISKY = re.compile("[" + re.escape("".join(FORMULA_STARTS)) + "]|<r>")  # a formula when retyped; raw XML to XlsxWriter
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
                "nan_inf_to_errors": False}


def is_risky(text: str) -> bool:
    return RISKY.match(text) is not None


def write_text_cell(ws, row: int, col: int, text: str, fmt, quoted_fmt) -> None:
    """Text as a string cell, never a formula or raw XML; ``quoted_fmt`` (the quote prefix) for text
    that would turn into a formula when edited."""
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS - 1] + "…"
    if text[:1] in FORMULA_STARTS:
        fmt = quoted_fmt
    if text.startswith("<r>") and text.endswith("</r>"):
        # XlsxWriter copies such strings into the file as rich-text XML; as two runs it escapes them
        ws.write_rich_string(row, col, fmt, text[:1], fmt, text[1:], fmt)
    elif text:
        ws.write_string(row, col, text, fmt)
    else:
        ws.write_blank(row, col, None, fmt)


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """The frame as an .xlsx sheet when the name says so, else as UTF-8 CSV (with the BOM Excel needs)."""
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(frame, path)
    else:
        _write_csv(frame, path)


def _plain(value: object) -> object:
    """None for what is missing; numbers as numbers; dates and everything else as text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), XLSX_OPTIONS)
    try:
        ws = workbook.add_worksheet()
        plain = workbook.add_format()
        quoted = workbook.add_format({"quote_prefix": True})
        bold = workbook.add_format({"bold": True})
        for col, name in enumerate(frame.columns):
            write_text_cell(ws, 0, col, str(name), bold, quoted)
        for col, name in enumerate(frame.columns):
            for row, value in enumerate(frame[name].tolist(), start=1):
                value = _plain(value)
                if value is None:
                    continue
                if isinstance(value, (int, float)):
                    ws.write_number(row, col, value)
                else:
                    write_text_cell(ws, row, col, value, plain, quoted)
        if len(frame.columns):
            ws.freeze_panes(1, 0)
    finally:
        workbook.close()


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Text a spreadsheet would evaluate (=, +, -, @, tab, CR first) gets a leading apostrophe."""
    def inert(value: object) -> object:
        value = _plain(value)
        if isinstance(value, str) and value[:1] in FORMULA_STARTS:
            return "'" + value
        return value

    columns = [[inert(v) for v in frame[name].tolist()] for name in frame.columns]
    safe = pd.DataFrame(dict(enumerate(columns)), columns=range(len(columns)))
    safe.columns = [inert(str(name)) for name in frame.columns]
    safe.to_csv(path, index=False, encoding="utf-8-sig")
