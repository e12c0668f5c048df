"""A template form over a list of entries (rules, actions, scenarios): the entries in a table on the
left with their buttons, the chosen entry's editor on the right."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLayout, QPushButton, QScrollArea,
                               QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from .document import ProjectDocument
from .template_form import TemplateForm


class EntriesForm(TemplateForm):
    """Subclasses give ``row_texts(entry)`` for the table and ``show_entry(entry)`` for the editor,
    set ``self._filling`` while they fill widgets, and put the editor in place with ``place``."""

    def __init__(self, doc: ProjectDocument, name: str, label: str, key: str, headers: list[str],
                 stretch: int = 1, parent: QWidget | None = None):
        super().__init__(doc, name, label, parent)
        self.key = key
        self._filling = False
        self.editor: QWidget | None = None
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_row(row))
        self.list_buttons = QHBoxLayout()
        self.entry_buttons: list[QPushButton] = []  # enabled while an entry is chosen

    def list_button(self, text: str, slot, tooltip: str = "", needs_entry: bool = True) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tooltip)
        button.clicked.connect(lambda: slot())  # not the checked flag as an argument
        self.list_buttons.addWidget(button)
        if needs_entry:
            self.entry_buttons.append(button)
        return button

    def place(self, editor: QWidget, sizes: tuple[int, int], below_list: QLayout | None = None,
              scroll: bool = True) -> None:
        """The table and its buttons (and ``below_list``) beside the ``editor``; sizes in characters."""
        self.list_buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(self.list_buttons)
        if below_list is not None:  # in a scroll area, so that a small screen can still show the form
            below = QWidget()
            below.setLayout(below_list)
            below_list.setContentsMargins(0, 0, 0, 0)
            holder = QScrollArea()
            holder.setWidgetResizable(True)
            holder.setFrameShape(QScrollArea.Shape.NoFrame)
            holder.setWidget(below)
            left_layout.addWidget(holder)
        self.editor = editor
        right = editor
        if scroll:
            right = QScrollArea()
            right.setWidgetResizable(True)
            right.setWidget(editor)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1 if sizes[1] >= sizes[0] else 0, 1)
        em = self.fontMetrics().horizontalAdvance("汉")
        split.setSizes([sizes[0] * em, sizes[1] * em])
        self.body.addWidget(split)

    # -------------------------------------------------------------- the list

    def entries(self) -> list[dict]:
        return self.draft.setdefault(self.key, [])

    def current_row(self) -> int:
        return self.table.currentRow()

    def current_entry(self) -> dict | None:
        row = self.current_row()
        return self.entries()[row] if 0 <= row < len(self.entries()) else None

    def show_draft(self) -> None:
        self.fill_table(max(0, min(self.current_row(), len(self.entries()) - 1)))

    def row_texts(self, entry: dict) -> list[str]:
        raise NotImplementedError

    def show_entry(self, entry: dict) -> None:
        raise NotImplementedError

    def fill_table(self, current: int) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.entries()))
        for r, entry in enumerate(self.entries()):
            for c, value in enumerate(self.row_texts(entry)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # the whole name where the column cuts it
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        self.table_filled()
        self.table.resizeColumnToContents(0)
        if self.entries():
            self.table.setCurrentCell(current, 0)
        self._show_row(self.current_row())

    def table_filled(self) -> None:
        """After the table is filled: add what the rows show besides their texts."""

    def refresh_row(self) -> None:
        """The chosen entry's row after an edit."""
        entry = self.current_entry()
        if entry is not None:
            for c, value in enumerate(self.row_texts(entry)):
                self.table.item(self.current_row(), c).setText(value)
                self.table.item(self.current_row(), c).setToolTip(value)

    def mark_row(self, wrong: bool) -> None:
        item = self.table.item(self.current_row(), 0)
        if item is not None:
            item.setForeground(Qt.GlobalColor.red if wrong else self.palette().text().color())

    def _show_row(self, row: int) -> None:
        entry = self.current_entry()
        if self.editor is not None:
            self.editor.setEnabled(entry is not None)
        for button in self.entry_buttons:
            button.setEnabled(entry is not None)
        if entry is not None:
            self._filling = True
            self.show_entry(entry)
            self._filling = False
            self.field_problems()

    def insert_entry(self, entry: dict, at: int) -> None:
        self.entries().insert(at, entry)
        self.fill_table(at)
        self.edited()

    def remove_entry(self) -> dict | None:
        row = self.current_row()
        if not 0 <= row < len(self.entries()):
            return None
        entry = self.entries().pop(row)
        self.fill_table(min(row, len(self.entries()) - 1))
        self.edited()
        return entry

    def move_entry(self, step: int) -> None:
        row, entries = self.current_row(), self.entries()
        if 0 <= row < len(entries) and 0 <= row + step < len(entries):
            entries[row], entries[row + step] = entries[row + step], entries[row]
            self.fill_table(row + step)
            self.edited()

    def copy_entry(self, key: str = "id") -> dict | None:
        """A copy of the chosen entry after it, under a new id made from its own."""
        entry = self.current_entry()
        if entry is None:
            return None
        twin = copy.deepcopy(entry)
        stem = str(entry.get(key, "")).rstrip("0123456789") or "X"
        twin[key] = fresh_id({str(e.get(key)) for e in self.entries()}, stem)
        self.insert_entry(twin, self.current_row() + 1)
        return twin


def fresh_id(taken: set[str], stem: str) -> str:
    number = 1
    while f"{stem}{number:02d}" in taken:
        number += 1
    return f"{stem}{number:02d}"
