"""The plan report: its pages in the window, the print preview dialog, printing, PDF, page setup
(remembered in the settings) and one report per city.

The report content is the core's (planning.reports.content): the worker builds it and draws its
charts. Qt's documents must stay on this thread, so the pages are laid out here a slice at a time
(ui.report.layout, through an operation in steps) and the window keeps answering meanwhile; the
preview, the printer and the PDF writer draw those same pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (QApplication, QComboBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QStackedLayout, QVBoxLayout, QWidget)

from ..document import ProjectDocument
from ..folder_offer import folder_to_write, offer_to_open_folder
from ..operations import Operation
from ..settings import Settings
from ..tasks import Task
from .pages import PageView

ZOOMS = (None, 0.5, 0.75, 1.0, 1.5, 2.0)  # None: fit to the width
DEFAULT_ZOOM = 1.0


class ReportView(QWidget):
    def __init__(self, doc: ProjectDocument, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.settings = settings
        self.content = None
        self.pages = None  # ui.report.layout.Pages of the content, on the remembered page setup
        self.content_key = None
        self.building: Task | None = None  # building the content, then laying out its pages
        self.city_reports: Task | None = None  # preparing them, then writing them
        self.waiting: Callable[[], None] | None = None  # asked for while the report was being prepared
        self.dirty = True
        self.scope = QComboBox()
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scope.currentIndexChanged.connect(lambda _i: self.rebuild())
        self.zoom = QComboBox()
        for zoom in ZOOMS:
            self.zoom.addItem(self.tr("Fit width") if zoom is None else f"{zoom:.0%}", zoom)
        self.zoom.currentIndexChanged.connect(self._zoom_chosen)
        self.zoom.setToolTip(self.tr("Zoom (Ctrl + mouse wheel)"))
        self.page_label = QLabel()
        self.buttons = {}
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Report for:")))
        bar.addWidget(self.scope)
        bar.addWidget(self.zoom)
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        for key, text, slot in (("setup", self.tr("Page setup…"), self.page_setup),
                                ("preview", self.tr("Print preview…"), self.print_preview),
                                ("print", self.tr("Print…"), self.print),
                                ("pdf", self.tr("Save as PDF…"), lambda: self.save_pdf())):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
        self.preview = PageView()
        self.preview.currentPageChanged.connect(lambda _p: self._show_page_number())
        self.preview.zoomChanged.connect(self._show_zoom)
        self.zoom.setCurrentIndex(self.zoom.findData(DEFAULT_ZOOM))
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #7f7f7f")
        self.stack = QStackedLayout()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(self.stack, 1)
        for signal in (doc.plansChanged, doc.analysisChanged, doc.projectReplaced):
            signal.connect(self.invalidate)
        self._update()

    # -------------------------------------------------------------- content

    def invalidate(self) -> None:
        self.dirty = True
        self.content = self.pages = self.content_key = None
        self._fill_scope()
        if self.isVisible():
            self.rebuild()
        else:
            self._update()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.dirty:
            self.rebuild()

    def _fill_scope(self) -> None:
        from planning.reports.city_plans import funded_cities

        plan = self.doc.current_plan()
        chosen = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(self.tr("The whole province"), "")
        if plan is not None:
            for city in funded_cities(plan):
                if city:
                    self.scope.addItem(city, city)
        self.scope.setCurrentIndex(max(0, self.scope.findData(chosen)))
        self.scope.blockSignals(False)

    def city(self) -> str | None:
        return self.scope.currentData() or None

    def rebuild(self) -> Task | None:
        """Build the report of the current plan (and city) on the worker, lay its pages out on this
        thread a step at a time, then show them."""
        self.dirty = False
        plan = self.doc.current_plan()
        if plan is None:
            self.content = self.pages = None
            self.waiting = None
            self._update()
            return None
        layout = self.page_layout()
        what = (id(plan), self.city(), id(self.doc.comparison), id(self.doc.frontier_points))
        paper = None if layout is None else (layout.fullRectPoints().getRect(), layout.paintRectPoints().getRect())
        key = (*what, paper)
        if self.content_key == key and (self.content is not None or self.building is not None):
            self._update()
            return self.building
        same_content = self.content if self.content is not None and self.content_key[:-1] == what else None
        self.content = self.pages = None
        self._update()
        if self.building is not None:
            self.building.cancel()  # its result would be thrown away
        self.content_key = key
        error_title = self.tr("Building the report")

        def built(content) -> None:
            from .render import lay_out_steps

            if self.content_key is key:  # nothing newer was asked for meanwhile
                self.building = self.doc.run(
                    Operation(self.tr("Laying out the report"), lambda p: lay_out_steps(content, layout), quiet=True,
                              in_steps=True, error_title=error_title)
                    .success(lambda pages: laid_out(content, pages)))

        def laid_out(content, pages) -> None:
            if self.content_key is key:
                self.building = None
                self.content, self.pages = content, pages
                self._update()
                if self.isVisible():
                    self.preview.setFocus()  # Page Up, Page Down, Home and End turn the pages
                waiting, self.waiting = self.waiting, None
                if waiting is not None:
                    waiting()

        if same_content is not None:  # only the page setup changed: lay the same report out again
            built(same_content)
        else:
            self.building = self.doc.run(Operation(self.tr("Building the report"),
                                                   report_content_builder(self.doc, self.city()),
                                                   touches_project=False, quiet=True, error_title=error_title)
                                         .success(built))
        return self.building

    def _update(self) -> None:
        ready = self.content is not None
        for button in self.buttons.values():
            button.setEnabled(ready)
        self.buttons["setup"].setEnabled(True)
        if ready:
            self.preview.set_pages(self.pages)
            self.stack.setCurrentIndex(1)
        else:
            self.preview.set_pages(None)
            self.placeholder.setText(self.tr("No plan yet: plan a scenario to see its report.")
                                     if self.doc.current_plan() is None else self.tr("Preparing the report…"))
            self.stack.setCurrentIndex(0)
        self._show_page_number()

    def when_ready(self, action: Callable[[], None]) -> bool:
        """Run ``action`` (print, preview, PDF) now when the report is laid out, else as soon as it is: the
        last one asked for runs. Whether it ran now."""
        if self.content is not None:
            self.waiting = None
            action()
            return True
        self.waiting = action
        if self.building is None:
            self.rebuild()
        return False

    def ask(self, text: str, buttons, default):
        return QMessageBox.question(self, "DTPlan", text, buttons, default)

    def _zoom_chosen(self, index: int) -> None:
        if index < len(ZOOMS):
            self.preview.set_zoom(self.zoom.itemData(index))

    def _show_zoom(self) -> None:
        """The zoom box follows the view, also after Ctrl + wheel (shown in an extra item)."""
        zoom = None if self.preview.fit_width else round(self.preview.zoom(), 2)
        index = self.zoom.findData(zoom) if zoom is None or zoom in ZOOMS else -1
        self.zoom.blockSignals(True)
        while self.zoom.count() > len(ZOOMS):
            self.zoom.removeItem(len(ZOOMS))
        if index < 0:
            self.zoom.addItem(f"{zoom:.0%}", zoom)
            index = len(ZOOMS)
        self.zoom.setCurrentIndex(index)
        self.zoom.blockSignals(False)

    def _show_page_number(self) -> None:
        count = self.preview.page_count()
        self.page_label.setText(self.tr("Page {page} of {count}").format(page=self.preview.current_page() + 1,
                                                                         count=count) if count else "")

    # -------------------------------------------------------------- pages

    def page_layout(self) -> QPageLayout | None:
        """The remembered page setup (None: the report template's A4)."""
        return self.settings.page_layout()

    def page_setup(self) -> bool:
        from .render import default_page_layout

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        layout = self.page_layout()
        if layout is not None:
            printer.setPageLayout(layout)
        elif self.content is not None:
            printer.setPageLayout(default_page_layout(self.content))
        dialog = QPageSetupDialog(printer, self)
        if dialog.exec() != QPageSetupDialog.DialogCode.Accepted:
            return False
        self.settings.set_page_layout(printer.pageLayout())
        if self.content is not None:
            self.rebuild()
        return True

    def preview_dialog(self):
        from .render import preview_dialog

        return preview_dialog(self.content, self, self.pages, self.page_layout())

    def print_preview(self) -> None:
        if self.content is not None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            dialog = self.preview_dialog()
            QApplication.restoreOverrideCursor()
            dialog.exec()

    def print(self) -> Task | None:
        """Ask for a printer, then print a step at a time (the window stays usable meanwhile)."""
        if self.content is None:
            return None
        from .render import default_page_layout, paint_steps

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(self.page_layout() or default_page_layout(self.content))
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
        content, pages = self.content, self.pages
        return self.doc.run(Operation(self.tr("Printing"), lambda p: paint_steps(content, printer, pages),
                                      in_steps=True))

    def default_name(self) -> str:
        from planning.reports.export_set import safe_name
        from planning.reports.templates import Texts

        stem = Texts.load(self.doc.lang)("file_names.report")
        return safe_name(f"{stem}_{self.city()}" if self.city() else stem) + ".pdf"

    def save_pdf(self, path: str | Path | None = None) -> Task | None:
        if self.content is None:
            return None
        if path is None:
            folder = self.settings.last_folder or str(Path.home())
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save the report as PDF"),
                                                    str(Path(folder) / self.default_name()), self.tr("PDF (*.pdf)"))
            if not chosen:
                return None
            path = chosen
        from .render import render_pdf_steps

        path = Path(path).with_suffix(".pdf")
        content, layout, pages = self.content, self.page_layout(), self.pages
        def wrote(_result) -> None:
            offer_to_open_folder(self.ask, self.tr("Wrote the report to {path}.").format(path=path), path.parent)

        return self.doc.run(Operation(self.tr("Writing {name}").format(name=path.name),
                                      lambda p: render_pdf_steps(content, path, layout, pages), in_steps=True,
                                      error_title=self.tr("Saving the PDF")).success(wrote))

    def save_city_reports(self, folder: str | Path | None = None) -> Task | None:
        """One PDF per funded city in ``folder`` (asked for when not given)."""
        plan = self.doc.current_plan()
        folder = folder_to_write(self, self.tr("Folder for the city reports"), folder,
                                 self.settings.last_folder) if plan is not None else None
        if folder is None:
            return None
        doc, layout = self.doc, self.page_layout()

        def contents(progress) -> list:
            from planning.reports.city_plans import funded_cities

            cities = [c for c in funded_cities(plan) if c]
            out = []
            for k, city in enumerate(cities):
                progress.step(k / len(cities), city)
                out.append((city, report_content_builder(doc, city, plan)(None)))
            return out

        def write(progress, built: list) -> Iterator[float]:
            from planning.reports.export_set import safe_name
            from planning.reports.templates import Texts
            from .render import render_pdf_steps

            stem = Texts.load(doc.lang)("file_names.report")
            written = []
            for k, (city, content) in enumerate(built):
                progress.set_status(city)
                path = folder / f"{safe_name(stem + '_' + city)}.pdf"
                for fraction in render_pdf_steps(content, path, layout):
                    yield (k + fraction) / len(built)
                written.append(path)
            return written

        def wrote(written: list) -> None:
            offer_to_open_folder(self.ask, self.tr("Wrote {count} city reports to {folder}.").format(
                count=len(written), folder=folder), folder)

        def built(items: list) -> None:
            self.city_reports = doc.run(Operation(self.tr("Writing the city reports"), lambda p: write(p, items),
                                                  in_steps=True).success(wrote))

        self.city_reports = doc.run(Operation(self.tr("Preparing the city reports"), contents, touches_project=False,
                                              error_title=self.tr("Writing the city reports")).success(built))
        return self.city_reports


def report_content_builder(doc: ProjectDocument, city: str | None, plan=None):
    """A function for the worker that builds the report content of ``plan`` (default: the current
    one), for one city or the province, and draws its charts once."""
    plan = plan or doc.current_plan()
    lang, comparison, frontier = doc.lang, doc.comparison, doc.frontier_points
    labels = doc.scenario_labels()
    province = doc.project.meta.province or None

    def build(progress):  # no Qt here: it runs on the worker
        from planning.reports.city_plans import city_plan
        from planning.reports.content import build_report

        target = city_plan(plan, city, lang) if city else plan
        content = build_report(target, lang=lang, city=city, province=province,
                               comparison=None if city else comparison, scenario_labels=labels,
                               frontier=None if city else frontier)
        charts = content.charts()
        for k, chart in enumerate(charts):
            if progress is not None:
                progress.step(k / max(1, len(charts)), chart.caption)
            chart.png(int(content.style.get("chart_dpi", 300)))
        return content

    return build
