"""The plan's charts in the window (matplotlib on a Qt canvas), each exportable as PNG, SVG or PDF.

matplotlib is imported the first time the view is shown, so it does not slow the start-up. The
drawing functions are the core's (planning.reports.charts), the same the report and the exports use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton,
                               QSplitter, QVBoxLayout, QWidget)

from .document import ProjectDocument
from .folder_offer import offer_to_open_folder


class ChartsView(QWidget):
    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.canvas = None
        self.figure = None
        self.dirty = True
        self.charts: list[tuple[str, str, Callable]] = []
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(lambda _r: self.draw())
        self.export_button = QPushButton(self.tr("Export chart…"))
        self.export_button.clicked.connect(lambda: self.export())
        self.placeholder = QLabel(self.tr("No plan yet: plan a scenario to see its charts."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #7f7f7f")
        self.area = QVBoxLayout()
        self.area.addWidget(self.placeholder, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(self.area, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        right_layout.addLayout(buttons)
        em = self.fontMetrics().horizontalAdvance("汉")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([18 * em, 80 * em])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        for signal in (doc.plansChanged, doc.analysisChanged, doc.projectReplaced):
            signal.connect(self.invalidate)

    def invalidate(self) -> None:
        self.dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.dirty:
            self.refresh()

    def available(self) -> list[tuple[str, str, Callable]]:
        """(key, title, draw(fig)) of every chart the current results allow."""
        from planning.reports import charts
        from planning.reports.templates import Texts

        plan = self.doc.current_plan()
        if plan is None:
            return []
        lang = self.doc.lang
        texts = Texts.load(lang)
        out = [(name, texts(f"charts.{name}"), (lambda fig, f=draw: f(fig, plan, lang, texts)))
               for name, draw in charts.PLAN_CHARTS.items()]
        if self.doc.frontier_points:
            points = self.doc.frontier_points
            out.append(("frontier", texts("charts.frontier"),
                        lambda fig: charts.draw_frontier(fig, points, lang, texts, float(plan.policy.total_budget))))
        table = self.doc.comparison
        if table is not None and not table.empty:
            labels = self.doc.scenario_labels()
            out.append(("scenarios", texts("charts.scenarios"), lambda fig: charts.draw_scenarios(fig, table, lang, texts, labels)))
        return out

    def _ensure_canvas(self) -> None:
        if self.canvas is not None:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumSize(320, 240)
        self.area.addWidget(self.canvas, 1)

    def refresh(self) -> None:
        self.dirty = False
        chosen = self.list.currentItem().data(Qt.ItemDataRole.UserRole) if self.list.currentItem() else None
        self.charts = self.available()
        self.list.blockSignals(True)
        self.list.clear()
        for key, title, _ in self.charts:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(title)
            self.list.addItem(item)
        keys = [key for key, _, _ in self.charts]
        self.list.setCurrentRow(keys.index(chosen) if chosen in keys else (0 if keys else -1))
        self.list.blockSignals(False)
        self.placeholder.setVisible(not self.charts)
        self.export_button.setEnabled(bool(self.charts))
        if self.charts:
            self._ensure_canvas()
            self.canvas.setVisible(True)
            self.draw()
        elif self.canvas is not None:
            self.canvas.setVisible(False)

    def current(self) -> tuple[str, str, Callable] | None:
        row = self.list.currentRow()
        return self.charts[row] if 0 <= row < len(self.charts) else None

    def draw(self) -> None:
        chart = self.current()
        if chart is None or self.canvas is None:
            return
        chart[2](self.figure)
        self.canvas.draw_idle()

    def select(self, key: str) -> bool:
        keys = [k for k, _, _ in self.charts]
        if key not in keys:
            return False
        self.list.setCurrentRow(keys.index(key))
        return True

    @staticmethod
    def file_name(title: str) -> str:
        """The file name a chart's title suggests: path separators and the characters Windows forbids
        replaced (“实施前/后” must not become a folder), Chinese kept."""
        from planning.reports.export_set import safe_name

        return safe_name(title) + ".png"

    def export(self, path: str | Path | None = None) -> Path | None:
        """Write the chart shown at the report's size: PNG (300 dpi), SVG or PDF, by the suffix."""
        from planning.reports import charts

        chart = self.current()
        if chart is None:
            return None
        key, title, draw = chart
        asked = path is None
        if asked:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export chart"), self.file_name(title),
                                                    self.tr("PNG image (*.png);;SVG drawing (*.svg);;PDF (*.pdf)"))
            if not chosen:
                return None
            path = chosen
        path = Path(path)
        if path.suffix.lower() not in (".png", ".svg", ".pdf"):
            path = path.with_name(path.name + ".png")
        fig = charts.new_figure(key)
        draw(fig)
        written = charts.save(fig, path)
        if asked:
            offer_to_open_folder(self.ask, self.tr("Wrote the chart to {path}.").format(path=written), written.parent)
        return written

    def ask(self, text: str, buttons, default) -> QMessageBox.StandardButton:
        """A question to the planner (the window puts its own; tests answer it)."""
        return QMessageBox.question(self, "DTPlan", text, buttons, default)
