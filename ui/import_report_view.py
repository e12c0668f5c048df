"""The import report as a table the planner can filter (category, severity, kind, text), jump from
(to the row in the data) and export (xlsx or csv)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from planning.importing.quality_report import ImportReport
from planning.base.messages import MESSAGES
from planning.reports.table_file import write_table
from planning.base.schema import FIELD_BY_KEY

from .folder_offer import offer_to_open_folder
from .sorted_model import RIGHT, Column, SortedTableModel, make_view, text_of


def kind_label(kind: str, lang: str) -> str:
    """A message kind as a short phrase: its text without the parameters."""
    texts = MESSAGES.get(kind)
    if texts is None:
        return kind
    text = re.sub(r"\{[^}]*\}", "", texts[0] if lang == "zh" else texts[1])
    return re.sub(r"[\s:：;；,，(（]+$", "", text).strip() or kind


def write_frame(frame: pd.DataFrame, path: Path) -> Path:
    """The frame as inert cells in xlsx, or as UTF-8 CSV that Excel opens correctly."""
    write_table(frame, Path(path))
    return Path(path)


class ImportReportView(QWidget):
    jumpRequested = Signal(str, str, int)  # file, sheet, row (1-based, as in the file)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "zh"
        self.frame = pd.DataFrame()
        self.report: ImportReport | None = None
        self.roster: pd.DataFrame | None = None
        self.model = SortedTableModel(self)
        self.category = QComboBox()
        self.severity = QComboBox()
        self.kind = QComboBox()
        for combo in (self.category, self.severity, self.kind):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(22 * self.fontMetrics().horizontalAdvance("汉"))
            combo.currentIndexChanged.connect(self.apply_filter)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Search messages and values"))
        self.text.setClearButtonEnabled(True)
        self.text.textChanged.connect(self.apply_filter)
        self.count = QLabel()
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(lambda: self.export())
        self.lists_button = QPushButton(self.tr("Lists to send back…"))
        self.lists_button.setToolTip(self.tr("One workbook per city listing every row to correct, "
                                             "ready to send back to the city"))
        self.lists_button.clicked.connect(lambda: self.write_problem_lists())
        bar = QHBoxLayout()
        for widget in (self.category, self.severity, self.kind):
            bar.addWidget(widget)
        bar.addWidget(self.text, 1)
        bar.addWidget(self.count)
        bar.addWidget(self.export_button)
        bar.addWidget(self.lists_button)
        self.table = make_view(self.model)
        self.table.doubleClicked.connect(self._jump)
        hint = QLabel(self.tr("Double-click a line to see its row."))
        hint.setStyleSheet("color: #595959")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)

    def headers(self) -> dict[str, str]:
        return {"category": self.tr("Category"), "severity": self.tr("Severity"), "file": self.tr("File"),
                "sheet": self.tr("Sheet"), "row": self.tr("Row"), "column": self.tr("Column"),
                "field": self.tr("Field"), "kind": self.tr("Kind"), "message": self.tr("Message"),
                "raw": self.tr("Value in the file")}

    def names(self) -> dict[str, dict[str, str]]:
        return {"category": {"skipped": self.tr("Skipped row"), "rejected": self.tr("Not imported"),
                             "value": self.tr("Value problem")},
                "severity": {"error": self.tr("Error"), "warning": self.tr("Warning"), "info": self.tr("Note")}}

    def set_report(self, report: ImportReport | None, lang: str, roster: pd.DataFrame | None = None) -> None:
        """Show ``report``; ``roster`` (the rows it imported) places each problem in its city's list."""
        self.lang = lang
        self.report, self.roster = report, roster
        self.lists_button.setEnabled(report is not None and bool(report.issues or report.rejected))
        rows = report.rows(lang) if report is not None else []
        frame = pd.DataFrame(rows, columns=["category", "severity", "file", "sheet", "row", "column", "field", "kind",
                                            "message", "raw"])
        frame["file"] = frame["file"].map(lambda p: str(p).replace("\\", "/").rsplit("/", 1)[-1])
        names = self.names()
        frame["category_name"] = frame["category"].map(names["category"]).fillna(frame["category"])
        frame["severity_name"] = frame["severity"].map(names["severity"]).fillna(frame["severity"])
        frame["field_name"] = frame["field"].map(lambda k: FIELD_BY_KEY[k].label(lang) if k in FIELD_BY_KEY else (k or ""))
        frame["kind_name"] = frame["kind"].map(lambda k: kind_label(k, lang))
        self.frame = frame
        self._fill(self.category, self.tr("All categories"), frame, "category", "category_name")
        self._fill(self.severity, self.tr("All severities"), frame, "severity", "severity_name")
        self._fill(self.kind, self.tr("All kinds"), frame, "kind", "kind_name")
        h = self.headers()
        columns = [Column("category", h["category"], frame["category_name"].to_numpy(dtype=object)),
                   Column("severity", h["severity"], frame["severity_name"].to_numpy(dtype=object)),
                   Column("file", h["file"], frame["file"].to_numpy(dtype=object)),
                   Column("sheet", h["sheet"], frame["sheet"].to_numpy(dtype=object)),
                   Column("row", h["row"], pd.to_numeric(frame["row"], errors="coerce").to_numpy(dtype=float),
                          lambda v: "" if v != v else str(int(v)), RIGHT),
                   Column("column", h["column"], frame["column"].to_numpy(dtype=object)),
                   Column("field", h["field"], frame["field_name"].to_numpy(dtype=object)),
                   Column("message", h["message"], frame["message"].to_numpy(dtype=object)),
                   Column("raw", h["raw"], frame["raw"].map(text_of).to_numpy(dtype=object))]
        self.model.set_columns(columns, len(frame))
        widths = (7, 5, 10, 6, 4, 3, 8, 30, 14)
        em = self.fontMetrics().horizontalAdvance("汉")
        header = self.table.horizontalHeader()
        for k, width in enumerate(widths):  # never narrower than the column's title (English titles are longer)
            self.table.setColumnWidth(k, max(width * em, header.sectionSizeFromContents(k).width()))
        self.apply_filter()

    def _fill(self, combo: QComboBox, everything: str, frame: pd.DataFrame, key: str, name: str) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        counts = Counter(frame[key])
        labels = dict(zip(frame[key], frame[name]))
        for value, count in counts.most_common():
            combo.addItem(f"{labels[value]} ({count})", value)
        combo.blockSignals(False)

    def apply_filter(self) -> None:
        frame = self.frame
        keep = np.ones(len(frame), dtype=bool)
        for combo, key in ((self.category, "category"), (self.severity, "severity"), (self.kind, "kind")):
            if combo.currentData() is not None:
                keep &= (frame[key] == combo.currentData()).to_numpy(dtype=bool)
        text = self.text.text().strip().casefold()
        if text and len(frame):
            hay = (frame["message"].astype(str) + " " + frame["raw"].map(text_of) + " " + frame["sheet"].astype(str))
            keep &= hay.str.casefold().str.contains(text, regex=False).to_numpy(dtype=bool)
        self.model.set_mask(None if keep.all() else keep)
        self.count.setText(self.tr("{shown} of {total}").format(shown=self.model.rowCount(), total=len(frame)))

    def visible_frame(self) -> pd.DataFrame:
        """The lines shown (filtered and sorted), with the headers in the UI language."""
        h = self.headers()
        rows = self.model.rows
        frame = self.frame.iloc[rows]
        out = pd.DataFrame({h["category"]: frame["category_name"], h["severity"]: frame["severity_name"],
                            h["file"]: frame["file"], h["sheet"]: frame["sheet"], h["row"]: frame["row"],
                            h["column"]: frame["column"], h["field"]: frame["field_name"],
                            h["kind"]: frame["kind"], h["message"]: frame["message"],
                            h["raw"]: frame["raw"].map(text_of)})
        return out.reset_index(drop=True)

    def export(self, path: str | Path | None = None) -> Path | None:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export the import report"),
                                                    self.tr("import report") + ".xlsx",
                                                    self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"))
            if not chosen:
                return None
            written = write_frame(self.visible_frame(), Path(chosen))
            offer_to_open_folder(self.ask, self.tr("Wrote the import report to {path}.").format(path=written),
                                 written.parent)
            return written
        return write_frame(self.visible_frame(), Path(path))

    def write_problem_lists(self, folder: str | Path | None = None) -> list[Path] | None:
        """One list of the rows to correct per city (退回修改清单) into ``folder`` (asked for when not
        given), then the offer to open the folder."""
        from planning.reports.problem_lists import write_problem_lists

        if self.report is None:
            return None
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the lists to send back"))
            if not folder:
                return None
        folder = Path(folder)
        try:
            written = write_problem_lists(self.report, self.roster, folder, self.lang)
        except OSError as exc:
            QMessageBox.warning(self, "DTPlan", self.tr("The lists could not be written to {folder}: {reason}")
                                .format(folder=folder, reason=exc.strerror or exc))
            return None
        offer_to_open_folder(self.ask, self.tr("Wrote {count} lists to send back (one per city) to {folder}.")
                             .format(count=len(written), folder=folder), folder)
        return written

    def ask(self, text: str, buttons, default) -> QMessageBox.StandardButton:
        """A question to the planner (the window puts its own; tests answer it)."""
        return QMessageBox.question(self, "DTPlan", text, buttons, default)

    def _jump(self, index) -> None:
        row = self.model.source_row(index.row())
        if row < 0:
            return
        line = self.frame.iloc[row]
        number = pd.to_numeric(line["row"], errors="coerce")
        if number == number:
            self.jumpRequested.emit(str(line["file"]), str(line["sheet"]), int(number))
