"""The import wizard: choose the rosters, check (and correct) the sheet, the header row and what each
column means, then see the normalised values and the validation report before importing.

The preview page runs the real import (planning.importing.importer) with the options chosen, so what the
planner checks is exactly what the project receives when the wizard finishes.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView,
                               QLabel, QListWidget, QPushButton, QSpinBox, QSplitter, QTableWidget, QTableWidgetItem,
                               QTabWidget, QVBoxLayout, QWidget, QWizard, QWizardPage)

from planning.importing.importer import ImportOptions, Roster
from planning.base.schema import AUXILIARY_FIELDS, FIELDS

from .document import ProjectDocument
from .import_inspect import Inspection, cell_text, inspect, letter
from .import_report_view import ImportReportView
from .operations import Operation
from .sorted_model import RIGHT, Column, SortedTableModel, frame_columns, make_view
from .source_rows import roster_row_of

ROSTER_FILTER = "*.xlsx *.xlsm *.xlsb *.xls *.et *.ods *.csv *.txt *.htm *.html *.xml"
HEADER_COLOUR = QColor("#DDEBF7")


class FileList(QListWidget):
    """The chosen files; accepts files dropped on it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

    def paths(self) -> list[Path]:
        return [Path(self.item(k).text()) for k in range(self.count())]

    def add_paths(self, paths) -> None:
        known = {str(p) for p in self.paths()}
        for path in paths:
            if str(path) not in known and Path(path).is_file():
                self.addItem(str(path))
                known.add(str(path))
        self.changed.emit()

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        self.add_paths(Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile())
        event.acceptProposedAction()


class FilesPage(QWizardPage):
    def __init__(self, settings_folder: str = ""):
        super().__init__()
        self.folder = settings_folder
        self.setTitle(self.tr("Choose the rosters"))
        self.setSubTitle(self.tr("One or several files (one per city is fine): Excel, WPS, ODS, CSV or HTML tables. "
                                 "You can also drop files here."))
        self.files = FileList()
        self.files.changed.connect(self.completeChanged)
        add = QPushButton(self.tr("Add files…"))
        add.clicked.connect(self.add_files)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.files, 1)
        layout.addLayout(buttons)

    def add_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, self.tr("Add rosters"), self.folder,
                                                 self.tr("Rosters ({patterns});;All files (*)").format(patterns=ROSTER_FILTER))
        self.files.add_paths(Path(p) for p in chosen)

    def remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self.files.changed.emit()

    def isComplete(self) -> bool:
        return self.files.count() > 0


class LayoutPage(QWizardPage):
    """The sheet, the header row and the field of every column, as detected; any can be changed."""

    IGNORE = ""

    def __init__(self, doc: ProjectDocument):
        super().__init__()
        self.doc = doc
        self.setTitle(self.tr("Sheet, header and columns"))
        self.setSubTitle(self.tr("DTPlan found the header row and what each column holds. Change anything that is "
                                 "wrong; the choices apply to every file."))
        self.inspection: Inspection | None = None
        self.mapping: dict[str, str] = {}  # column spec -> field key or "" (what the planner changed)
        self.loading = False
        self.error = ""
        self._paths: list[Path] = []
        self._requested_sheet: str | None = None
        self.file = QComboBox()
        self.sheet = QComboBox()
        self.header_row = QSpinBox()
        self.header_row.setRange(0, 100000)
        self.header_row.setSpecialValueText(self.tr("detect"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.refused: dict[str, str] = {}  # file -> why it cannot be read; the other files are imported
        self.refused_label = QLabel()
        self.refused_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("File:"), self.file)
        form.addRow(self.tr("Sheet:"), self.sheet)
        form.addRow(self.tr("Header row:"), self.header_row)
        self.columns = QTableWidget(0, 4)
        self.columns.setHorizontalHeaderLabels([self.tr("Column"), self.tr("Header in the file"), self.tr("Field"),
                                                self.tr("First values")])
        self.columns.verticalHeader().hide()
        self.columns.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.raw = QTableWidget()
        self.raw.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tabs = QTabWidget()
        tabs.addTab(self.columns, self.tr("Columns"))
        tabs.addTab(self.raw, self.tr("Sheet as read"))
        self.tabs = tabs
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.refused_label)
        layout.addWidget(tabs, 1)
        self.file.currentIndexChanged.connect(lambda _i: self.load(sheet=None))
        self.sheet.activated.connect(lambda _i: self.load(sheet=self.sheet.currentData()))
        self.header_row.editingFinished.connect(lambda: self.load(sheet=self.sheet.currentData()))

    def initializePage(self) -> None:
        paths = self.wizard().paths()
        if paths != self._paths:
            self._paths = paths
            self.mapping = {}
            self.refused = {}
            self.refused_label.setText("")
            self.file.blockSignals(True)
            self.file.clear()
            for path in paths:
                self.file.addItem(path.name, str(path))
            self.file.blockSignals(False)
            self.header_row.setValue(0)
            self.load(sheet=None)

    def load(self, sheet: str | None) -> None:
        path = Path(self.file.currentData() or "")
        if not self.file.currentData():
            return
        header = self.header_row.value()
        self._requested_sheet = sheet
        self.loading = True
        self.error = ""
        self.status.setText(self.tr("Reading {name}…").format(name=path.name))
        self.completeChanged.emit()
        self.doc.run(Operation(self.tr("Reading {name}").format(name=path.name),
                               lambda p: inspect(path, sheet, header - 1 if header else None, p),
                               touches_project=False).success(self._loaded).failure(self._failed))

    def _failed(self, exc, _tb) -> None:
        """The file cannot be read: it is listed as refused, and the next readable file is shown (the
        others are imported without it)."""
        self.loading = False
        message = exc.message(self.doc.lang) if hasattr(exc, "message") else str(exc)
        self.error = message
        self.status.setText(f"<span style='color:#C00000'>{message}</span>")
        self.refused[self.file.currentData()] = message
        self.refused_label.setText(self.tr("Not imported (the other files are): {files}").format(
            files="; ".join(f"{Path(name).name}: {why}" for name, why in self.refused.items())))
        self.sheet.clear()
        self.sheet.addItem(self.tr("Detect (every roster sheet)"), None)
        untried = [k for k in range(self.file.count()) if self.file.itemData(k) not in self.refused]
        if untried and self.inspection is None:
            self.file.setCurrentIndex(untried[0])  # loads it
        self.completeChanged.emit()

    def _loaded(self, inspection: Inspection) -> None:
        self.loading = False
        self.inspection = inspection
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItem(self.tr("Detect (every roster sheet)"), None)
        for info in inspection.sheets:
            suffix = self.tr(" (hidden)") if info.hidden else ""
            self.sheet.addItem(info.name + suffix, info.name)
        chosen = self._requested_sheet
        self.sheet.setCurrentIndex(max(0, self.sheet.findData(chosen)) if chosen else 0)
        self.sheet.blockSignals(False)
        layout = inspection.layout
        if layout is None:
            missing = self.tr("No roster header found in this sheet: choose another sheet or give the header row.")
            self.status.setText(f"<span style='color:#C00000'>{missing}</span>")
        else:
            self.status.setText(self.tr("Sheet “{sheet}”: header on row {row}, data from row {data} ({rows} rows).").format(
                sheet=inspection.sheet, row=layout.header_row + 1, data=layout.data_start + 1, rows=inspection.row_count))
            if not self.header_row.value():
                self.header_row.blockSignals(True)
                self.header_row.setSpecialValueText(self.tr("detect (row {row})").format(row=layout.header_row + 1))
                self.header_row.blockSignals(False)
        self._fill_columns()
        self._fill_raw()
        self.completeChanged.emit()

    def field_names(self) -> list[tuple[str, str]]:
        lang = self.doc.lang
        return [(self.IGNORE, self.tr("(not imported)"))] + [(f.key, f.label(lang)) for f in FIELDS + AUXILIARY_FIELDS]

    def _fill_columns(self) -> None:
        inspection = self.inspection
        layout = inspection.layout if inspection else None
        columns = layout.columns if layout is not None else []
        self.columns.setRowCount(len(columns))
        names = self.field_names()
        for r, column in enumerate(columns):
            self.columns.setItem(r, 0, QTableWidgetItem(letter(column.index)))
            self.columns.setItem(r, 1, QTableWidgetItem(column.header))
            combo = QComboBox()
            for key, name in names:
                combo.addItem(name, key)
            spec = self.spec_of(column.index)
            chosen = self.mapping.get(spec, column.field or self.IGNORE)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.currentIndexChanged.connect(lambda _i, c=combo, index=column.index: self.set_field(index, c.currentData()))
            self.columns.setCellWidget(r, 2, combo)
            self.columns.setItem(r, 3, QTableWidgetItem("  ·  ".join(inspection.sample(column.index))))
        self.columns.resizeColumnsToContents()
        self.columns.setColumnWidth(2, max(self.columns.columnWidth(2), 14 * self.fontMetrics().horizontalAdvance("汉")))

    def _fill_raw(self) -> None:
        inspection = self.inspection
        rows = inspection.rows if inspection else []
        width = inspection.width if inspection else 0
        self.raw.clear()
        self.raw.setRowCount(len(rows))
        self.raw.setColumnCount(width)
        self.raw.setHorizontalHeaderLabels([letter(c) for c in range(width)])
        layout = inspection.layout if inspection else None
        header = range(layout.first_header_row, layout.header_row + 1) if layout is not None else range(0)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value in (None, ""):
                    continue
                item = QTableWidgetItem(cell_text(value))
                if r in header:
                    item.setBackground(QBrush(HEADER_COLOUR))
                self.raw.setItem(r, c, item)

    def spec_of(self, index: int) -> str:
        """How a column is named in the options: its letter for one file, its header text for several
        (letters differ between cities' files, headers seldom do)."""
        layout = self.inspection.layout
        header = layout.columns[index].header if layout and index < len(layout.columns) else ""
        same = [c for c in layout.columns if c.header == header] if layout else []
        if len(self._paths) > 1 and header and "/" not in header and len(same) == 1:
            return header
        return letter(index)

    def set_field(self, index: int, key: str) -> None:
        """The planner says column ``index`` holds ``key`` (or nothing)."""
        layout = self.inspection.layout
        detected = layout.columns[index].field or self.IGNORE
        spec = self.spec_of(index)
        if key == detected:
            self.mapping.pop(spec, None)
        else:
            self.mapping[spec] = key
        if key:  # one column per field: another column showing it now shows nothing
            for r in range(self.columns.rowCount()):
                combo = self.columns.cellWidget(r, 2)
                if r != index and combo.currentData() == key:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)

    def options(self) -> ImportOptions:
        header = self.header_row.value()
        return ImportOptions(sheet=self.sheet.currentData(), header_row=header or None, mapping=dict(self.mapping))

    def isComplete(self) -> bool:
        if self.loading:
            return False
        if self.file.currentData() in self.refused:
            return len(self.refused) < self.file.count() and self.inspection is not None
        return self.inspection is not None and (self.inspection.layout is not None or self.sheet.currentData() is None)


class PreviewPage(QWizardPage):
    """The import itself, with the options chosen: the normalised values and the report."""

    def __init__(self, doc: ProjectDocument):
        super().__init__()
        self.doc = doc
        self.setTitle(self.tr("Check and import"))
        self.setSubTitle(self.tr("The values as DTPlan will store them, and every row that was skipped, not imported "
                                 "or has a problem. Finish imports the roster into the project."))
        self.roster: Roster | None = None
        self.loading = False
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.data_model = SortedTableModel(self)
        self.data = make_view(self.data_model)
        self.report = ImportReportView()
        self.report.jumpRequested.connect(self.jump)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.report, self.tr("Validation report"))
        self.tabs.addTab(self.data, self.tr("Normalised values"))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

    def initializePage(self) -> None:
        self.roster = None
        self.loading = True
        self.summary.setText(self.tr("Importing…"))
        self.report.set_report(None, self.doc.lang)
        self.data_model.set_columns([], 0)
        self.completeChanged.emit()
        wizard = self.wizard()
        self.doc.import_rosters(wizard.paths(), wizard.options(), succeeded=self._imported, failed=self._failed)

    def _failed(self, exc, _tb) -> None:
        self.loading = False
        message = exc.message(self.doc.lang) if hasattr(exc, "message") else str(exc)
        self.summary.setText(f"<span style='color:#C00000'>{message}</span>")
        self.completeChanged.emit()

    def _imported(self, roster: Roster) -> None:
        self.loading = False
        self.roster = roster
        report = roster.report
        self.summary.setText(self.tr(
            "{firms} firms imported from {rows} enterprise rows; {rejected} rows not imported, {skipped} other rows "
            "skipped, {issues} value problems.").format(
            firms=f"{report.enterprises:,}", rows=f"{report.enterprise_rows:,}", rejected=len(report.rejected),
            skipped=len(report.skipped), issues=len(report.issues)))
        refused = [html.escape(f"{f.name}: {f.failure_message(self.doc.lang)}") for f in report.files if f.failure]
        if refused:
            self.summary.setText(self.summary.text() + "<br><span style='color:#C00000'>" + self.tr(
                "Not imported: {files}").format(files="; ".join(refused)) + "</span>")
        self.report.set_report(report, self.doc.lang, roster.frame)
        lang = self.doc.lang
        spec = [(f.key, f.label(lang), {"money": "float1", "count": "int", "rate": "float1", "level": "int"}.get(f.kind, "text"))
                for f in FIELDS]
        frame = roster.frame
        columns = [Column("source_row", self.tr("Row in file"), frame["source_row"].to_numpy(dtype=float),
                          lambda v: "" if v != v else str(int(v)), RIGHT)] + frame_columns(_displayable(frame), spec)
        self.data_model.set_columns(columns, len(frame))
        self.data.resizeColumnsToContents()
        self.completeChanged.emit()

    def jump(self, file: str, sheet: str, row: int) -> bool:
        """Select the imported firm read from (file, sheet, row); False when that row was not imported."""
        if self.roster is None:
            return False
        found = roster_row_of(self.roster.frame, file, sheet, row)
        if found is None:
            self.summary.setText(self.tr("Row {row} of “{sheet}” is not in the imported roster (see the report).")
                                 .format(row=row, sheet=sheet))
            return False
        view_row = self.data_model.view_row(found)
        if view_row < 0:
            return False
        self.tabs.setCurrentWidget(self.data)
        self.data.selectRow(view_row)
        self.data.scrollTo(self.data_model.index(view_row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def isComplete(self) -> bool:
        return self.roster is not None and not self.loading


def _displayable(frame: pd.DataFrame) -> pd.DataFrame:
    """Flags and dates as text for the preview (是/否, ISO dates)."""
    out = frame.copy()
    for f in FIELDS:
        if f.kind == "flag" and f.key in out:
            out[f.key] = out[f.key].map(lambda v: "" if v is None or v is pd.NA else ("✓" if v else "✗"))
        elif f.kind == "date" and f.key in out:
            out[f.key] = out[f.key].dt.strftime("%Y-%m-%d").fillna("")
    return out


class ImportWizard(QWizard):
    def __init__(self, doc: ProjectDocument, paths=(), folder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle(self.tr("Import rosters"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.files_page = FilesPage(folder)
        self.layout_page = LayoutPage(doc)
        self.preview_page = PreviewPage(doc)
        for page in (self.files_page, self.layout_page, self.preview_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Import"))
        self.resize(1000, 680)
        self.files_page.files.add_paths(paths)

    def paths(self) -> list[Path]:
        return self.files_page.files.paths()

    def options(self) -> ImportOptions:
        return self.layout_page.options()

    def roster(self) -> Roster | None:
        return self.preview_page.roster
