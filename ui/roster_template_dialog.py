"""File → Roster template…: the city (or the whole province) a collection template is for, and
whether the open project's firms are pre-filled."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget


class RosterTemplateDialog(QDialog):
    def __init__(self, province: str, cities: list[str], can_prefill: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Roster template"))
        about = QLabel(self.tr("The workbook the cities fill in and send back: the roster's columns with drop-down "
                               "lists and checks, and the instructions. A filled-in template imports without "
                               "any guessing."))
        about.setWordWrap(True)
        self.place = QComboBox()
        self.place.addItem(self.tr("Whole province ({province})").format(province=province), None)
        for city in cities:
            self.place.addItem(city, city)
        self.prefill = QCheckBox(self.tr("Pre-fill the firms of the open project"))
        self.prefill.setEnabled(can_prefill)
        self.prefill.setChecked(can_prefill)
        choices = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        form = QFormLayout(self)
        form.addRow(about)
        form.addRow(self.tr("For:"), self.place)
        form.addRow("", self.prefill)
        form.addRow(QDialogButtonBox(choices, accepted=self.accept, rejected=self.reject))

    def city(self) -> str | None:
        return self.place.currentData()

    def prefilled(self) -> bool:
        return self.prefill.isEnabled() and self.prefill.isChecked()
