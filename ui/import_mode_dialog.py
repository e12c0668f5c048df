"""Importing into a project that already has firms: add the file's firms, replace one city's part (the
city is detected from the file, the planner confirms it) or replace everything, with a preview of what
changes before anything does. The rule itself is the core's (planning.project.roster_update)."""

from __future__ import annotations

import pandas as pd
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QGridLayout, QLabel,
                               QRadioButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from planning.base.schema import EXTRA_PREFIX, FIELD_BY_KEY
from planning.importing.importer import Roster
from planning.project.facade import Project
from planning.project.roster_update import ADD, REPLACE_ALL, REPLACE_CITY, RosterUpdate, detect_city

SHOWN_CHANGES = 1000  # rows of the change list; the counts above it are always complete


def cities_in_division_order(roster: pd.DataFrame | None) -> list[str]:
    """The roster's cities in GB/T 2260 order (by division code), as government tables list them."""
    if roster is None or "city" not in roster.columns:
        return []
    places = roster[roster["city"].notna()].drop_duplicates("city")
    if "city_code" in places.columns:
        places = places.sort_values("city_code", kind="stable", na_position="last")
    return [str(c) for c in places["city"]]


class ImportModeDialog(QDialog):
    def __init__(self, project: Project, roster: Roster, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.project, self.roster, self.lang = project, roster, lang
        self.setWindowTitle(self.tr("Import into this project"))
        self.resize(760, 520)
        self.detected = detect_city(roster.frame)
        cities = cities_in_division_order(project.roster)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("The project already has {count} firms. How should the {new} firms of "
                                        "the file join them?").format(count=f"{len(project.roster):,}",
                                                                      new=f"{len(roster.frame):,}")))
        grid = QGridLayout()
        self.modes = QButtonGroup(self)
        self.add = QRadioButton(self.tr("&Add these firms (a firm already there takes the file's record)"))
        self.replace_city = QRadioButton(self.tr("Replace one &city's firms:"))
        self.replace_all = QRadioButton(self.tr("&Replace all firms with the file's"))
        self.city = QComboBox()
        for city in cities + ([self.detected] if self.detected and self.detected not in cities else []):
            self.city.addItem(city, city)
        grid.addWidget(self.add, 0, 0, 1, 2)
        grid.addWidget(self.replace_city, 1, 0)
        grid.addWidget(self.city, 1, 1)
        grid.addWidget(self.replace_all, 2, 0, 1, 2)
        for button, mode in ((self.add, ADD), (self.replace_city, REPLACE_CITY), (self.replace_all, REPLACE_ALL)):
            self.modes.addButton(button)
            button.setProperty("mode", mode)
        layout.addLayout(grid)
        self.hint = QLabel(self.tr("The file looks like the submission of {city}.").format(city=self.detected)
                           if self.detected else self.tr("The file holds firms of several cities."))
        layout.addWidget(self.hint)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.changes = QTableWidget(0, 4)
        self.changes.setHorizontalHeaderLabels([self.tr("Change"), self.tr("Firm"), self.tr("City"),
                                                self.tr("Fields that change")])
        self.changes.horizontalHeader().setStretchLastSection(True)
        self.changes.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.changes, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        if self.detected and self.detected in cities:
            self.replace_city.setChecked(True)
            self.city.setCurrentIndex(self.city.findData(self.detected))
        else:
            self.add.setChecked(True)
        self.city.setEnabled(bool(self.city.count()))
        self.replace_city.setEnabled(bool(self.city.count()))
        self.modes.buttonToggled.connect(lambda _button, on: on and self.refresh())
        self.city.currentIndexChanged.connect(lambda _i: self.replace_city.isChecked() and self.refresh())
        self.preview: RosterUpdate | None = None
        self.refresh()

    def mode(self) -> str:
        return self.modes.checkedButton().property("mode")

    def set_mode(self, mode: str, city: str | None = None) -> None:
        if city is not None:
            self.city.setCurrentIndex(self.city.findData(city))
        {ADD: self.add, REPLACE_CITY: self.replace_city, REPLACE_ALL: self.replace_all}[mode].setChecked(True)
        self.refresh()

    def refresh(self) -> None:
        mode = self.mode()
        self.preview = self.project.roster_update(self.roster.frame, self.roster.report, mode,
                                                 self.city.currentData() if mode == REPLACE_CITY else None,
                                                 self.roster.province)
        counts = self.preview.counts()
        text = self.tr("{added} firms added, {updated} updated, {removed} removed, {unchanged} unchanged; "
                       "{firms} firms after the import.").format(**{k: f"{v:,}" for k, v in counts.items()})
        if counts["unmatched_overrides"]:
            text += " " + self.tr("{count} adjustments belong to firms that leave the roster (they are kept and "
                                  "apply again if the firms come back).").format(count=counts["unmatched_overrides"])
        if self.project.runs:
            text += " " + self.tr("The plans are made again after the import; Undo brings back the roster and "
                                  "plans of now.")
        self.summary.setText(text)
        self._fill_changes()

    def _fill_changes(self) -> None:
        kinds = ((self.tr("Added"), self.preview.added), (self.tr("Updated"), self.preview.updated),
                 (self.tr("Removed"), self.preview.removed))
        rows = [(kind, change) for kind, changes in kinds for change in changes][:SHOWN_CHANGES]
        self.changes.setRowCount(len(rows))
        for r, (kind, change) in enumerate(rows):
            fields = ("、" if self.lang == "zh" else ", ").join(self.field_name(f) for f in change.fields)
            for c, text in enumerate((kind, change.name, change.city or "", fields)):
                self.changes.setItem(r, c, QTableWidgetItem(text))
        self.changes.resizeColumnsToContents()

    def field_name(self, key: str) -> str:
        if key.startswith(EXTRA_PREFIX):
            return key.removeprefix(EXTRA_PREFIX)
        field = FIELD_BY_KEY.get(key)
        return field.label(self.lang) if field is not None else key
