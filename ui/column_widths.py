"""Column widths of a table view: fitted to the header and to a sample of the rows each time new
data load (bounded, so a long name cannot take the screen), and the widths the user drags kept per
table in the settings, by column key, and used again on the next load."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QTableView

from .settings import Settings

SAMPLE_ROWS = 300
MIN_CHARS, MAX_CHARS = 4, 36
PADDING = 18


def sample_rows(count: int, limit: int = SAMPLE_ROWS) -> range | list[int]:
    """Every row of a small table; for a large one, ``limit`` rows spread evenly over it."""
    if count <= limit:
        return range(count)
    step = count / limit
    return sorted({int(k * step) for k in range(limit)})


def fitted_widths(view: QTableView) -> list[int]:
    model, metrics = view.model(), view.fontMetrics()
    em = metrics.horizontalAdvance("汉")
    rows = sample_rows(model.rowCount())
    header_metrics = view.horizontalHeader().fontMetrics()
    widths = []
    for column in range(model.columnCount()):
        header = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = header_metrics.horizontalAdvance(header) + 2 * PADDING  # room for the sort arrow
        for row in rows:
            text = model.data(model.index(row, column))
            if text:
                width = max(width, metrics.horizontalAdvance(str(text)) + PADDING)
        widths.append(max(MIN_CHARS * em, min(MAX_CHARS * em, width)))
    return widths


def column_key(view: QTableView, column: int) -> str:
    model = view.model()
    columns = getattr(model, "columns", None)
    key = getattr(columns[column], "key", None) if columns is not None and column < len(columns) else None
    return str(key or model.headerData(column, Qt.Orientation.Horizontal) or column)


class ColumnWidths(QObject):
    """Sizes ``view``'s columns on ``fit()``; remembers what the user drags under ``name``."""

    def __init__(self, view: QTableView, name: str, settings: Settings | None = None):
        super().__init__(view)
        self.view, self.name, self.settings = view, name, settings
        self.fitting = False
        view.horizontalHeader().sectionResized.connect(self._resized)

    def fit(self) -> None:
        remembered = self.settings.column_widths(self.name) if self.settings is not None else {}
        self.fitting = True
        try:
            for column, width in enumerate(fitted_widths(self.view)):
                self.view.setColumnWidth(column, remembered.get(column_key(self.view, column), width))
        finally:
            self.fitting = False

    def _resized(self, column: int, _old: int, new: int) -> None:
        if self.fitting or self.settings is None or new <= 0:
            return
        self.settings.set_column_width(self.name, column_key(self.view, column), new)
