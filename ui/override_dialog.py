"""Asking for an override: the new value (the choices come from the project's templates) and the
reason, which is required: the audit trail and the report show it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QVBoxLayout, QWidget)

from planning.strategy.catalogue import TRACKS, track_label
from planning.strategy.strategies import StrategyResult

from .help_measures import measure_tip


def choices(result: StrategyResult, field: str, lang: str) -> list[tuple[str, str]]:
    """(value, display name) a planner may set ``field`` to."""
    config = result.config
    if field == "tier":
        return [(t.id, t.label(lang)) for t in config.foundation.all_tiers()]
    if field == "key_sector":
        return [(s.id, s.label(lang)) for s in config.sectors.sectors]
    if field == "track":
        return [(t, track_label(t, lang)) for t in TRACKS]
    if field == "actions":
        return [(a.id, f"{a.id} {a.label(lang)}") for a in config.catalogue.actions]
    raise ValueError(field)


class OverrideDialog(QDialog):
    def __init__(self, result: StrategyResult, row: int | list[int], field: str, field_label: str, lang: str,
                 parent: QWidget | None = None):
        """``row``: one firm, or several (a list) set to one value with one reason."""
        super().__init__(parent)
        self.field = field
        frame = result.frame
        rows = list(row) if isinstance(row, (list, tuple)) else [row]
        self.setWindowTitle(self.tr("Adjust {field}").format(field=field_label))
        self.setMinimumWidth(460)
        currents = frame[field].iloc[rows]
        mixed = currents.nunique(dropna=False) > 1
        current = None if mixed else currents.iat[0]
        layout = QVBoxLayout(self)
        form = QFormLayout()
        if len(rows) == 1:
            form.addRow(self.tr("Firm:"), QLabel(str(frame["name"].iat[rows[0]] or "")))
        else:
            form.addRow(self.tr("Firms:"), QLabel(self.tr("{count} selected").format(count=f"{len(rows):,}")))
        options = choices(result, field, lang)
        if field == "actions":
            self.current = [a for a in str(current or "").split(";") if a]
            self.editor = QListWidget()
            actions = result.config.catalogue.by_id()
            for value, name in options:
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setToolTip(measure_tip(actions, value, lang))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if value in self.current else Qt.CheckState.Unchecked)
                self.editor.addItem(item)
            self.editor.itemChanged.connect(self._check)
            self.editor.setMinimumHeight(220)
            form.addRow(self.tr("Now:"), QLabel(self.tr("(differ)") if mixed else " ".join(self.current) or "—"))
        else:
            self.current = current
            self.editor = QComboBox()
            for value, name in options:
                self.editor.addItem(name, value)
            index = self.editor.findData(current)
            self.editor.setCurrentIndex(max(index, 0))
            self.editor.currentIndexChanged.connect(self._check)
            now = self.tr("(differ)") if mixed else result.config.name_of(field, current, lang) or "—"
            form.addRow(self.tr("Now:"), QLabel(now))
        form.addRow(self.tr("New value:"), self.editor)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("Why? (required; kept in the audit trail and the report)"))
        self.reason.setMaximumHeight(90)
        self.reason.textChanged.connect(self._check)
        form.addRow(self.tr("Reason:"), self.reason)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._check()

    def value(self):
        if self.field == "actions":
            return [self.editor.item(k).data(Qt.ItemDataRole.UserRole) for k in range(self.editor.count())
                    if self.editor.item(k).checkState() == Qt.CheckState.Checked]
        return self.editor.currentData()

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def set_value(self, value) -> None:
        if self.field == "actions":
            for k in range(self.editor.count()):
                item = self.editor.item(k)
                item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in value
                                   else Qt.CheckState.Unchecked)
        else:
            self.editor.setCurrentIndex(self.editor.findData(value))

    def _check(self, *_args) -> None:
        changed = self.value() != self.current
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(changed and bool(self.reason_text()))
