"""The plan report: a live paginated preview in the window, the print preview dialog, printing,
PDF, page setup (remembered in the settings) and one report per city.

The report content is the core's (planning.report_content, built on the worker with its charts);
ui.report_render turns it into pages for the preview, the printer and the PDF writer alike.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageLayout, QPdfWriter
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QStackedLayout, QVBoxLayout,
                               QWidget)

from .document import ProjectDocument
from .settings import Settings
from .tasks import Task

PREVIEW_ZOOM = 0.6


class ReportView(QWidget):
    def __init__(self, doc: ProjectDocument, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.settings = settings
        self.content = None
        self.content_key = None
        self.dirty = True
        self.pages_painted = 0
        self.scope = QComboBox()
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scope.currentIndexChanged.connect(lambda _i: self.rebuild())
        self.buttons = {}
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Report for:")))
        bar.addWidget(self.scope)
        bar.addStretch(1)
        for key, text, slot in (("setup", self.tr("Page setup…"), self.page_setup),
                                ("preview", self.tr("Print preview…"), self.print_preview),
                                ("print", self.tr("Print…"), self.print),
                                ("pdf", self.tr("Save as PDF…"), lambda: self.save_pdf())):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
        self.printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        self.preview = QPrintPreviewWidget(self.printer)
        self.preview.paintRequested.connect(self._paint_preview)
        self.placeholder = QLabel(self.tr("No plan yet: plan a scenario to see its report."))
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
        self.content = None
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
        from planning.plan_views import funded_cities

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
        """Build the report content of the current plan (and city) on the worker, then preview it."""
        self.dirty = False
        plan = self.doc.current_plan()
        if plan is None:
            self.content = None
            self._update()
            return None
        key = (id(plan), self.city(), id(self.doc.comparison), id(self.doc.frontier_points))
        if self.content is not None and self.content_key == key:
            self._update()
            return None
        builder = report_builder(self.doc, self.city())

        def done(content) -> None:
            self.content, self.content_key = content, key
            self._update()

        return self.doc.runner.submit(self.tr("Building the report"), lambda p: builder(p), touches_project=False,
                                      quiet=True, succeeded=done,
                                      failed=lambda exc, tb: self.doc.failed.emit(self.tr("Building the report"), exc, tb))

    def _update(self) -> None:
        ready = self.content is not None
        for button in self.buttons.values():
            button.setEnabled(ready)
        self.buttons["setup"].setEnabled(True)
        self.stack.setCurrentIndex(1 if ready else 0)
        if ready:
            self._apply_layout(self.printer)
            self.preview.updatePreview()
            self.preview.setZoomFactor(PREVIEW_ZOOM)

    # -------------------------------------------------------------- pages

    def _apply_layout(self, device) -> None:
        from ui.report_render import setup_device

        setup_device(device, self.content)
        layout = self.settings.page_layout()
        if layout is not None:
            device.setPageLayout(layout)

    def _paint_preview(self, printer) -> None:
        if self.content is not None:
            from ui.report_render import paint

            self.pages_painted = paint(self.content, printer)

    def page_setup(self) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        layout = self.settings.page_layout()
        if layout is not None:
            printer.setPageLayout(layout)
        elif self.content is not None:
            self._apply_layout(printer)
        dialog = QPageSetupDialog(printer, self)
        if dialog.exec() != QPageSetupDialog.DialogCode.Accepted:
            return False
        self.settings.set_page_layout(printer.pageLayout())
        if self.content is not None:
            self._update()
        return True

    def preview_dialog(self) -> QPrintPreviewDialog:
        from ui.report_render import paint

        dialog = QPrintPreviewDialog(self)  # the dialog owns its printer: one of ours would die before it
        self._apply_layout(dialog.printer())
        dialog.setWindowTitle(self.content.running_title)
        dialog.paintRequested.connect(lambda device: paint(self.content, device))
        return dialog

    def print_preview(self) -> None:
        if self.content is not None:
            self.preview_dialog().exec()

    def print(self) -> bool:
        if self.content is None:
            return False
        from ui.report_render import paint

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self._apply_layout(printer)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        paint(self.content, printer)
        return True

    def default_name(self) -> str:
        from planning.exports import safe_name
        from planning.report_templates import Texts

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
        path = Path(path).with_suffix(".pdf")
        content, layout = self.content, self.settings.page_layout()
        return self.doc.runner.submit(self.tr("Writing {name}").format(name=path.name),
                                      lambda p: write_pdf(content, path, layout), touches_project=False,
                                      failed=lambda exc, tb: self.doc.failed.emit(self.tr("Saving the PDF"), exc, tb))

    def save_city_reports(self, folder: str | Path | None = None) -> Task | None:
        """One PDF per funded city in ``folder`` (asked for when not given)."""
        plan = self.doc.current_plan()
        if plan is None:
            return None
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the city reports"),
                                                      self.settings.last_folder or str(Path.home()))
            if not folder:
                return None
        folder = Path(folder)
        doc, layout = self.doc, self.settings.page_layout()

        def work(progress) -> list[Path]:
            from planning.exports import safe_name
            from planning.plan_views import city_plan, funded_cities
            from planning.report_templates import Texts

            stem = Texts.load(doc.lang)("file_names.report")
            cities = [c for c in funded_cities(plan) if c]
            written = []
            for k, city in enumerate(cities):
                progress.step(k / len(cities), city)
                content = report_builder(doc, city, plan)(None)
                written.append(write_pdf(content, folder / f"{safe_name(stem + '_' + city)}.pdf", layout))
            progress.step(1.0, "")
            return written

        return doc.runner.submit(self.tr("Writing the city reports"), work, touches_project=False,
                                 failed=lambda exc, tb: doc.failed.emit(self.tr("Writing the city reports"), exc, tb))


def report_builder(doc: ProjectDocument, city: str | None, plan=None):
    """A function for the worker that builds the report content of ``plan`` (default: the current
    one), for one city or the province, and draws its charts once."""
    plan = plan or doc.current_plan()
    lang, comparison, frontier = doc.lang, doc.comparison, doc.frontier_points
    labels = doc.scenario_labels()
    province = doc.project.meta.province or None

    def build(progress):
        from planning.plan_views import city_plan
        from planning.report_content import build_report

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


def write_pdf(content, path: Path, layout: QPageLayout | None = None) -> Path:
    """The report as a PDF file, on the page set up (the report template's A4 by default)."""
    from ui.report_render import PDF_DPI, paint, register_fonts, setup_device

    register_fonts()
    path = Path(path)
    tmp = path.with_name(f".{path.stem}.partial.pdf")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(PDF_DPI)
    writer.setTitle(content.running_title)
    writer.setCreator("DTPlan")
    setup_device(writer, content)
    if layout is not None:
        writer.setPageLayout(layout)
    try:
        paint(content, writer)
    except BaseException:
        del writer
        tmp.unlink(missing_ok=True)
        raise
    del writer  # closes the file
    tmp.replace(path)
    return path
