"""Rows of a sorted table view as the planner sees them: tab-separated text to paste into Excel or
WPS (the header, then the cells as shown), or a frame to write as a file (numbers kept numbers)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from PySide6.QtWidgets import QTableView

from .sorted_model import SortedTableModel

CELL_BREAKS = re.compile(r"[\t\r\n]+")
DIGITS = 6  # enough for any figure shown; drops the binary noise (24.456999999999997)


def shown_columns(view: QTableView) -> list[int]:
    """The columns not hidden, in the order the header shows them."""
    header = view.horizontalHeader()
    logical = [header.logicalIndex(visual) for visual in range(header.count())]
    return [column for column in logical if not header.isSectionHidden(column)]


def selected_view_rows(view: QTableView) -> list[int]:
    """The selected rows, top to bottom."""
    return sorted({index.row() for index in view.selectionModel().selectedRows()})


def rows_as_text(model: SortedTableModel, view_rows: list[int], columns: list[int]) -> str:
    def cell(text: object) -> str:
        return CELL_BREAKS.sub(" ", str(text or "")).strip()

    lines = ["\t".join(cell(model.columns[c].header) for c in columns)]
    for row in view_rows:
        lines.append("\t".join(cell(model.data(model.index(row, c))) for c in columns))
    return "\r\n".join(lines) + "\r\n"


def rows_as_frame(model: SortedTableModel, view_rows: list[int], columns: list[int]) -> pd.DataFrame:
    sources = model.rows[view_rows]
    data = {}
    for c in columns:
        column = model.columns[c]
        if column.values.dtype.kind in "fiu":
            data[column.header] = np.round(column.values[sources].astype(float), DIGITS)
        else:
            data[column.header] = [column.fmt(v) for v in column.values[sources]]
    return pd.DataFrame(data, columns=[model.columns[c].header for c in columns])
