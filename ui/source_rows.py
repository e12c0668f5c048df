"""Where a firm was read from: the import report names a row by (file, sheet, row in the file); this
finds the roster row read from it."""

from __future__ import annotations

import pandas as pd


def file_name(path) -> str:
    """The file's name without its folder, whichever separator the path was written with."""
    return str(path).replace("\\", "/").rsplit("/", 1)[-1]


def roster_row_of(frame: pd.DataFrame, file: str, sheet: str, row: int) -> int | None:
    """The position in ``frame`` of the firm read from ``row`` of ``sheet`` in ``file`` (a name, no
    folder); None when that row was not imported."""
    names = frame["source_file"].map(file_name)
    hit = ((names == file) & (frame["source_sheet"] == sheet) & (frame["source_row"] == row)).to_numpy()
    return int(hit.argmax()) if hit.any() else None
