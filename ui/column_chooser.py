"""Which columns a table shows: a right click on the header lists them to check, and the columns the
user hides are kept in the settings by key, next to the widths (see column_widths), for the next load."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QMenu

from .column_widths import ColumnWidths, column_key


class ColumnChooser(QObject):
    def __init__(self, widths: ColumnWidths):
        super().__init__(widths.view)
        self.widths = widths
        self.view = widths.view
        self.hidden: set[str] = set()
        header = self.view.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_menu)
        self.view.model().modelReset.connect(self.apply)

    def keys(self) -> list[str]:
        return [column_key(self.view, c) for c in range(self.view.model().columnCount())]

    def apply(self) -> None:
        """Hide the columns the settings say (every column once all would be hidden)."""
        settings = self.widths.settings
        if settings is not None:
            self.hidden = set(settings.hidden_columns(self.widths.name))
        keys = self.keys()
        if all(key in self.hidden for key in keys):
            self.hidden -= set(keys)
        for column, key in enumerate(keys):
            self.view.setColumnHidden(column, key in self.hidden)

    def set_shown(self, key: str, shown: bool) -> None:
        keys = self.keys()
        hidden = self.hidden - {key} if shown else self.hidden | {key}
        if key not in keys or all(k in hidden for k in keys):
            return  # the last column shown stays
        self.hidden = hidden
        if self.widths.settings is not None:
            self.widths.settings.set_hidden_columns(self.widths.name, sorted(self.hidden))
        self.view.setColumnHidden(keys.index(key), not shown)

    def menu(self) -> QMenu:
        menu = QMenu(self.view)
        model = self.view.model()
        keys = self.keys()
        shown = [k for k in keys if k not in self.hidden]
        for column, key in enumerate(keys):
            action = menu.addAction(str(model.headerData(column, Qt.Orientation.Horizontal) or key))
            action.setCheckable(True)
            action.setChecked(key not in self.hidden)
            action.setEnabled(not (len(shown) == 1 and key in shown))
            action.toggled.connect(lambda checked, k=key: self.set_shown(k, checked))
        menu.addSeparator()
        menu.addAction(self.tr("Show all columns"), self.show_all)
        return menu

    def show_all(self) -> None:
        for key in list(self.hidden):
            self.set_shown(key, True)

    def _show_menu(self, point: QPoint) -> None:
        self.menu().popup(self.view.horizontalHeader().mapToGlobal(point))
