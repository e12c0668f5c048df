"""The roster view: search and filters over every firm, the sorted table, and the detail panel of
the firm selected, from which the planner overrides tags (undoable commands)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMenu,
                               QPushButton, QSplitter, QVBoxLayout, QWidget)

from planning.reports.table_file import write_table
from planning.strategy.catalogue import TRACKS, track_label

from .column_chooser import ColumnChooser
from .commands import BatchOverrideCommand, ClearOverrideCommand, OverrideCommand
from .document import ProjectDocument
from .firm_detail import OVERRIDE_FIELDS, FirmDetail
from .folder_offer import offer_to_open_folder
from .override_dialog import OverrideDialog
from .people_text import place_names
from .roster_filter import RosterFilter
from .roster_model import RosterModel
from .column_widths import ColumnWidths
from .sorted_model import make_view
from .table_rows import rows_as_frame, rows_as_text, selected_view_rows, shown_columns

SEARCH_DELAY_MS = 200


class StartHint(QWidget):
    """What an empty project shows instead of an empty table: how to start."""

    importRequested = Signal()
    sampleRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        text = QLabel(self.tr("<h3>This project has no firms yet</h3><p>Import the rosters the cities sent (Excel, "
                              "WPS, ODS or CSV; one file per city is fine), or drop the files on this window. DTPlan "
                              "then tags every firm with the strategy rules and plans the budget, which you check and "
                              "adjust under Rules and policy and Budget and scenarios.</p>"))
        text.setWordWrap(True)
        text.setMaximumWidth(640)
        self.import_button = QPushButton(self.tr("Import rosters…"))
        self.import_button.clicked.connect(self.importRequested)
        self.sample_button = QPushButton(self.tr("Try the sample roster"))
        self.sample_button.clicked.connect(self.sampleRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(buttons)
        layout.addStretch(2)


class RosterView(QWidget):
    firmSelected = Signal(int)

    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.model = RosterModel(self)
        self.filter = RosterFilter()
        self.selected_row = -1

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name or credit code"))
        self.search.setClearButtonEnabled(True)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self.search_timer.start(SEARCH_DELAY_MS))
        self.city = QComboBox()
        self.sector = QComboBox()
        self.tier = QComboBox()
        self.track = QComboBox()
        self.flag = QComboBox()
        for combo in (self.city, self.sector, self.tier, self.track, self.flag):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self.apply_filter)
        self.count_label = QLabel()
        self.export_button = QPushButton(self.tr("Export list…"))
        self.export_button.setToolTip(self.tr("Write the firms shown, in their order, to an Excel or CSV file"))
        self.export_button.clicked.connect(lambda: self.export_rows(list(range(self.model.rowCount()))))

        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        for combo in (self.city, self.sector, self.tier, self.track, self.flag):
            bar.addWidget(combo)
        bar.addWidget(self.count_label)
        bar.addWidget(self.export_button)

        self.table = make_view(self.model)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self._kept_selection: list[int] = []
        self.model.modelAboutToBeReset.connect(self._keep_selection)
        self.model.modelReset.connect(self._reselect)
        self.copy_action = QAction(self.tr("Copy"), self.table)
        self.copy_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_selection)
        self.table.addAction(self.copy_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_row_menu)

        self.detail = FirmDetail()
        self.detail.overrideRequested.connect(self.request_override)
        self.detail.clearRequested.connect(self.request_clear)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        self.start_hint = StartHint()
        self.start_hint.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.start_hint, 1)
        layout.addWidget(self.splitter, 1)

        doc.projectReplaced.connect(self._project_replaced)
        doc.strategyChanged.connect(self.refresh)
        doc.plansChanged.connect(self.refresh)
        doc.changed.connect(lambda changes: self.forget_selection() if changes.roster else None)
        doc.busyChanged.connect(lambda busy: self.detail.set_editable(not busy and self.editable()))
        self._fill_filters()
        self.widths = ColumnWidths(self.table, "roster")
        self.columns_shown = ColumnChooser(self.widths)
        self.ask = None  # the window's question box, to offer the folder of an export
        self._fitted_keys: list[str] | None = None

    def _show_start_hint(self) -> None:
        empty = self.doc.project.roster is None
        self.start_hint.setVisible(empty)
        self.splitter.setVisible(not empty)

    def editable(self) -> bool:
        return not self.doc.busy

    # -------------------------------------------------------------- data

    def _project_replaced(self) -> None:
        self.selected_row = -1
        self.filter = RosterFilter()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.set_result(None, None, self.doc.lang)
        self._show_start_hint()
        self._fitted_keys = None  # every load sizes the columns to its data
        self._fill_filters()
        self._show_detail()

    def refresh(self) -> None:
        """New tags or a new plan: rebuild the columns, keep the filter, the sort and the selection."""
        result = self.doc.strategy
        self._show_start_hint()
        self.model.set_result(result, self.doc.current_plan(), self.doc.lang)
        self._fill_filters()
        self.apply_filter()
        keys = [c.key for c in self.model.columns]
        if result is not None and keys != self._fitted_keys:
            self.widths.fit()
            self._fitted_keys = keys
        if self.selected_row >= 0 and self.model.view_row(self.selected_row) < 0:
            self.forget_selection()  # the firm is no longer among those shown
        else:
            self._show_detail()

    def forget_selection(self) -> None:
        """No firm selected: after the roster changed, row numbers name other firms."""
        self._kept_selection = []
        self.table.selectionModel().clear()
        if self.selected_row >= 0:
            self.selected_row = -1
            self.firmSelected.emit(-1)
        self._show_detail()

    def _fill_filters(self) -> None:
        """The filter choices from the data and the templates, keeping what was chosen."""
        result, lang = self.doc.strategy, self.doc.lang
        config = result.config if result is not None else None
        frame = result.frame if result is not None else None
        cities = sorted({c for c in frame["city"].dropna().unique()}) if frame is not None else []
        shown = dict(zip(frame["city"], place_names(frame, "city", lang))) if frame is not None else {}
        self._fill(self.city, self.tr("All cities"), [(c, shown.get(c, c)) for c in cities])
        sectors = [(s.id, s.label(lang)) for s in config.sectors.sectors] if config else []
        self._fill(self.sector, self.tr("All sectors"), sectors + [("", self.tr("No key sector"))])
        tiers = [(t.id, t.label(lang)) for t in config.foundation.all_tiers()] if config else []
        self._fill(self.tier, self.tr("All foundations"), tiers)
        self._fill(self.track, self.tr("All tracks"), [(t, track_label(t, lang)) for t in TRACKS])
        self._fill(self.flag, self.tr("All firms"), [
            ("overridden", self.tr("Overridden")), ("incomplete", self.tr("Data incomplete")),
            ("unclassified", self.tr("Sector unknown")), ("specialized", self.tr("Specialised SME")),
            ("funded", self.tr("Funded")), ("unfunded", self.tr("Not funded"))])

    @staticmethod
    def _fill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for value, text in items:
            combo.addItem(text, value)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def apply_filter(self) -> None:
        self.search_timer.stop()
        self.filter = RosterFilter(self.search.text(), self.city.currentData(), self.sector.currentData(),
                                   self.tier.currentData(), self.track.currentData(), self.flag.currentData())
        result = self.doc.strategy
        mask = self.filter.mask(result.frame, self.model.subsidy) if result is not None else None
        self.model.set_mask(mask)
        total = self.model.n
        shown = self.model.rowCount()
        self.export_button.setEnabled(shown > 0)
        self.count_label.setText(self.tr("{shown} of {total} firms").format(shown=f"{shown:,}", total=f"{total:,}")
                                 if shown != total else self.tr("{total} firms").format(total=f"{total:,}"))

    # -------------------------------------------------------------- selection and detail

    def _current_changed(self, current, _previous) -> None:
        row = self.model.source_row(current.row()) if current.isValid() else -1
        if row != self.selected_row:
            self.selected_row = row
            self._show_detail()
            self.firmSelected.emit(row)

    def _keep_selection(self) -> None:
        self._kept_selection = self.selected_rows()

    def _reselect(self) -> None:
        """After new data, the same firms selected (those still shown), the current one too."""
        flags = QItemSelectionModel.SelectionFlag
        view_row = self.model.view_row(self.selected_row)
        if view_row >= 0:
            index = self.model.index(view_row, 0)
            self.table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        kept = [r for r in (self.model.view_row(row) for row in self._kept_selection) if r >= 0 and r != view_row]
        if kept and self.model.columnCount():
            selection = QItemSelection()
            last = self.model.columnCount() - 1
            for r in kept:
                selection.select(self.model.index(r, 0), self.model.index(r, last))
            self.table.selectionModel().select(selection, flags.Select | flags.Rows)
        self._kept_selection = []

    def selected_rows(self) -> list[int]:
        """The firms selected (source rows), in the order shown."""
        return [self.model.source_row(r) for r in selected_view_rows(self.table)]

    def select_rows(self, rows: list[int]) -> None:
        """Select firms ``rows`` (source rows) among those shown."""
        self._kept_selection = list(rows)
        self.table.clearSelection()
        self._reselect()

    def select_firm(self, row: int) -> None:
        """Show firm ``row`` (clearing filters that hide it)."""
        if self.model.view_row(row) < 0 and self.doc.strategy is not None:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            for combo in (self.city, self.sector, self.tier, self.track, self.flag):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self.apply_filter()
        self.selected_row = row
        self._reselect()
        view_row = self.model.view_row(row)
        if view_row >= 0:
            self.table.scrollTo(self.model.index(view_row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        self._show_detail()

    def _show_detail(self) -> None:
        self.detail.show_firm(self.doc.strategy, self.selected_row, self.doc.current_plan(), self.doc.lang,
                              self.doc.plans_stale)
        self.detail.set_editable(self.editable())

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -------------------------------------------------------------- copy, export, the row menu

    def copy_selection(self) -> str:
        """The selected rows, with the header, as tab-separated text on the clipboard (Excel, WPS)."""
        text = rows_as_text(self.model, selected_view_rows(self.table), shown_columns(self.table))
        QGuiApplication.clipboard().setText(text)
        return text

    def export_rows(self, view_rows: list[int], path: str | Path | None = None) -> Path | None:
        """Rows shown (in the order shown, the columns shown) written to .xlsx or .csv; asks where
        when no ``path`` is given."""
        if path is None:
            settings = self.widths.settings
            folder = Path(settings.last_folder) if settings is not None and settings.last_folder else Path.home()
            xlsx, csv = self.tr("Excel workbook (*.xlsx)"), self.tr("CSV, UTF-8 (*.csv)")
            path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export firms"),
                                                       str(folder / (self.tr("firms") + ".xlsx")), f"{xlsx};;{csv}")
            if not path:
                return None
            if Path(path).suffix.lower() not in (".xlsx", ".csv"):
                path = str(path) + (".csv" if chosen == csv else ".xlsx")
            if settings is not None:
                settings.last_folder = str(Path(path).parent)
        path = Path(path)
        write_table(rows_as_frame(self.model, view_rows, shown_columns(self.table)), path)
        if self.ask is not None:
            offer_to_open_folder(self.ask, self.tr("Wrote {count} firms to {path}.").format(
                count=f"{len(view_rows):,}", path=path), path.parent)
        return path

    def row_menu(self) -> QMenu:
        """What the right click on rows offers: copy and export them, adjust their tags."""
        menu = QMenu(self)
        rows = self.selected_rows()
        menu.addAction(self.copy_action)
        export = menu.addAction(self.tr("Export selected…"))
        export.triggered.connect(lambda: self.export_rows(selected_view_rows(self.table)))
        menu.addAction(self.tr("Export list…"), lambda: self.export_rows(list(range(self.model.rowCount()))))
        menu.addSeparator()
        for field in OVERRIDE_FIELDS:
            action = menu.addAction(self.tr("Adjust {field}…").format(field=self.detail.field_label(field)))
            action.triggered.connect(lambda _=False, f=field: self.request_batch_override(self.selected_rows(), f))
            action.setEnabled(bool(rows) and self.editable())
        restore = menu.addMenu(self.tr("Restore computed value"))
        for field in OVERRIDE_FIELDS:
            action = restore.addAction(self.detail.field_label(field))
            action.triggered.connect(lambda _=False, f=field: self.request_batch_clear(self.selected_rows(), f))
            action.setEnabled(bool(rows) and self.editable() and bool(self.model.overridden[field][rows].any()))
        restore.setEnabled(any(a.isEnabled() for a in restore.actions()))
        export.setEnabled(bool(rows))
        return menu

    def _show_row_menu(self, point: QPoint) -> None:
        self.row_menu().popup(self.table.viewport().mapToGlobal(point))

    # -------------------------------------------------------------- overrides

    def request_override(self, row: int, field: str, value=None, reason: str | None = None) -> bool:
        """Ask for the new value and the reason (or take them, from tests and scripts) and push the
        undoable command."""
        return self.request_batch_override([row] if row >= 0 else [], field, value, reason)

    def request_batch_override(self, rows: list[int], field: str, value=None, reason: str | None = None) -> bool:
        """Set ``field`` of every firm in ``rows`` to one value with one reason, as one undo step."""
        result = self.doc.strategy
        if result is None or not rows or self.doc.busy:
            return False
        if value is None or reason is None:
            dialog = OverrideDialog(result, rows, field, self.detail.field_label(field), self.doc.lang, self)
            if dialog.exec() != OverrideDialog.DialogCode.Accepted:
                return False
            value, reason = dialog.value(), dialog.reason_text()
        if len(rows) == 1:
            self.doc.undo_stack.push(OverrideCommand(self.doc, rows[0], field, value, reason))
        else:
            self.doc.undo_stack.push(BatchOverrideCommand(self.doc, rows, field, value, reason))
        return True

    def request_batch_clear(self, rows: list[int], field: str, reason: str | None = None) -> bool:
        """``field`` of every firm in ``rows`` back to its computed value, as one undo step."""
        if len(rows) < 2:
            return bool(rows) and self.request_clear(rows[0], field, reason)
        if self.doc.strategy is None or self.doc.busy:
            return False
        reason = reason or self.tr("Back to the computed value")
        self.doc.undo_stack.push(BatchOverrideCommand(self.doc, rows, field, None, reason))
        return True

    def request_clear(self, row: int, field: str, reason: str | None = None) -> bool:
        if self.doc.strategy is None or row < 0 or self.doc.busy:
            return False
        reason = reason or self.tr("Back to the computed value")
        self.doc.undo_stack.push(ClearOverrideCommand(self.doc, row, field, reason))
        return True

