"""A read-only table model over column arrays, shown through an index permutation.

The data are never reordered: sorting computes a numpy argsort of the column's sort key (numbers as
they are, text by the rank of its distinct values) and filtering keeps a subset of row numbers, so
100k rows sort in a fraction of a second (Orange's AbstractSortTableModel; never a
QSortFilterProxyModel, whose Python comparisons take seconds). Cells are formatted on demand, only
for the rows on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
SOURCE_ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def text_of(value) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    return str(value)


def number_format(digits: int) -> Callable[[object], str]:
    def fmt(value) -> str:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return text_of(value)
        if number != number:
            return ""
        return f"{number:,.{digits}f}"

    return fmt


def sort_key(values: np.ndarray) -> np.ndarray:
    """A float key per row whose order is the column's order; NaN for blanks (always sorted last)."""
    if values.dtype.kind in "fiub":
        return values.astype(float)
    series = pd.Series(values, dtype=object)
    blank = series.isna().to_numpy() | (series.astype(str).to_numpy() == "")
    if values.dtype.kind == "M":
        key = values.astype("datetime64[s]").astype("int64").astype(float)
        key[blank] = np.nan
        return key
    if not blank.all() and not any(isinstance(v, str) for v in values):
        numeric = pd.to_numeric(series.where(~blank), errors="coerce")
        if numeric[~blank].notna().all():
            return numeric.to_numpy(dtype=float)  # e.g. pandas nullable integers held as objects
    codes, uniques = pd.factorize(series.astype(str).where(~blank), use_na_sentinel=True)
    rank = np.empty(len(uniques), dtype=float)
    rank[np.argsort(np.asarray(uniques, dtype=str), kind="stable")] = np.arange(len(uniques))
    key = np.where(codes >= 0, rank[np.maximum(codes, 0)], np.nan)
    return key


@dataclass
class Column:
    key: str
    header: str
    values: np.ndarray  # one per source row
    fmt: Callable[[object], str] = text_of
    align: Qt.AlignmentFlag = LEFT
    tooltip: Callable[[int], str | None] | None = None
    _key: np.ndarray | None = field(default=None, repr=False)

    def sort_key(self) -> np.ndarray:
        if self._key is None:
            self._key = sort_key(self.values)
        return self._key


class SortedTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.columns: list[Column] = []
        self.n = 0
        self.rows = np.zeros(0, dtype=np.int64)  # view row -> source row
        self.mask: np.ndarray | None = None
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._inverse: np.ndarray | None = None

    # -------------------------------------------------------------- content

    def set_columns(self, columns: list[Column], n: int) -> None:
        """New data (same or other rows): filter and sort are kept when the mask still fits."""
        self.beginResetModel()
        self.columns, self.n = columns, n
        if self.mask is not None and len(self.mask) != n:
            self.mask = None
        if self.sort_column >= len(columns):
            self.sort_column = -1
        self.rows = self._ordered()
        self._inverse = None
        self.endResetModel()

    def set_mask(self, mask: np.ndarray | None) -> None:
        self.beginResetModel()
        self.mask = None if mask is None else np.asarray(mask, dtype=bool)
        self.rows = self._ordered()
        self._inverse = None
        self.endResetModel()

    def _ordered(self) -> np.ndarray:
        rows = np.arange(self.n, dtype=np.int64) if self.mask is None else np.flatnonzero(self.mask).astype(np.int64)
        if 0 <= self.sort_column < len(self.columns) and len(rows):
            key = self.columns[self.sort_column].sort_key()[rows]
            if self.sort_order == Qt.SortOrder.DescendingOrder:
                key = -key
            rows = rows[np.argsort(key, kind="stable")]  # NaN last either way
        return rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        sources = [int(self.rows[i.row()]) if 0 <= i.row() < len(self.rows) else -1 for i in persistent]
        self.sort_column, self.sort_order = column, order
        self.rows = self._ordered()
        self._inverse = None
        if persistent:
            inverse = self.inverse()
            self.changePersistentIndexList(
                persistent, [self.index(int(inverse[s]), i.column()) if s >= 0 and inverse[s] >= 0 else QModelIndex()
                             for i, s in zip(persistent, sources)])
        self.layoutChanged.emit()

    def inverse(self) -> np.ndarray:
        if self._inverse is None:
            inverse = np.full(self.n, -1, dtype=np.int64)
            inverse[self.rows] = np.arange(len(self.rows))
            self._inverse = inverse
        return self._inverse

    def source_row(self, view_row: int) -> int:
        return int(self.rows[view_row]) if 0 <= view_row < len(self.rows) else -1

    def view_row(self, source_row: int) -> int:
        if not 0 <= source_row < self.n:
            return -1
        return int(self.inverse()[source_row])

    def column_of(self, key: str) -> int:
        for k, column in enumerate(self.columns):
            if column.key == key:
                return k
        return -1

    # -------------------------------------------------------------- Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].header
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.columns[section].header
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            column = self.columns[index.column()]
            return column.fmt(column.values[self.rows[index.row()]])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.columns[index.column()].align
        if role == SOURCE_ROW_ROLE:
            return int(self.rows[index.row()])
        if role == Qt.ItemDataRole.ToolTipRole:
            column = self.columns[index.column()]
            if column.tooltip is not None:
                return column.tooltip(int(self.rows[index.row()]))
            return None
        return self.extra_data(index, role)

    def extra_data(self, index: QModelIndex | QPersistentModelIndex, role: int):
        """Subclasses add roles (colours, fonts) here."""
        return None


def frame_columns(frame: pd.DataFrame, spec: list[tuple[str, str, str]]) -> list[Column]:
    """Columns of a DataFrame: (column, header, kind) with kind text | money | int | float1 | percent."""
    formats = {"text": (text_of, LEFT), "money": (number_format(1), RIGHT), "int": (number_format(0), RIGHT),
               "float1": (number_format(1), RIGHT), "float3": (number_format(3), RIGHT),
               "percent": (lambda v: "" if v is None or v != v else f"{100 * float(v):.1f}%", RIGHT)}
    out = []
    for key, header, kind in spec:
        if key not in frame:
            continue
        series = frame[key]
        values = series.to_numpy(dtype=float, na_value=np.nan) if kind != "text" else series.to_numpy(dtype=object)
        fmt, align = formats[kind]
        out.append(Column(key, header, values, fmt, align))
    return out


def make_view(model: SortedTableModel) -> QTableView:
    """A table view over the model: compact rows, sortable by clicking a header (in source order
    until then), whole rows selected (several with Shift and Ctrl)."""
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.verticalHeader()
    header.setDefaultSectionSize(view.fontMetrics().height() + 8)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    return view
