"""The plan report on paper: the same pages for the window's preview, the print preview, the printer
and the PDF file.

``lay_out`` turns a :class:`planning.reports.content.ReportContent` into :class:`Pages` for a page
set-up and a resolution (ui.report.layout); ``paint`` draws them on a printer or PDF writer, each page
with a running title and a page number that we paint ourselves. The bundled fonts are registered with
Qt so the PDF embeds them and looks the same on every machine. The ``*_steps`` forms do the same work a
step at a time, for the window (an operation in steps, ui.operations); the others run it through.
"""

from __future__ import annotations

from pathlib import Path
from typing import Generator

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPagedPaintDevice, QPainter, QPdfWriter

from planning.reports.content import ReportContent

from .html import register_fonts
from .layout import Pages, Paginator

PDF_DPI = 1200  # as QPrinter.HighResolution: the PDF and the printed pages break alike

__all__ = ["PDF_DPI", "Pages", "default_page_layout", "lay_out", "lay_out_steps", "paint",
           "paint_steps", "preview_dialog", "print_document", "render_pdf", "render_pdf_steps", "setup_device"]

Steps = Generator[float, None, object]


def default_page_layout(content: ReportContent) -> QPageLayout:
    """A4 portrait with the report template's margins."""
    margins = content.style.get("page_margins_mm") or {}
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(float(margins.get("left", 20)), float(margins.get("top", 20)),
                                 float(margins.get("right", 18)), float(margins.get("bottom", 18))),
                       QPageLayout.Unit.Millimeter)


def setup_device(device: QPagedPaintDevice, content: ReportContent) -> None:
    device.setPageLayout(default_page_layout(content))


def _run(steps: Steps):
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def _within(steps: Steps, start: float, span: float) -> Steps:
    """``steps`` with its progress mapped into ``start``–``start + span``; same result."""
    while True:
        try:
            fraction = next(steps)
        except StopIteration as done:
            return done.value
        yield start + span * fraction


def lay_out_steps(content: ReportContent, page_layout: QPageLayout | None = None, dpi: int = PDF_DPI) -> Steps:
    """The report's pages on ``page_layout`` (the template's A4 by default) at ``dpi``."""
    register_fonts()
    paginator = Paginator(content, page_layout or default_page_layout(content), dpi)
    yield from paginator.steps()
    return paginator.pages


def lay_out(content: ReportContent, page_layout: QPageLayout | None = None, dpi: int = PDF_DPI) -> Pages:
    return _run(lay_out_steps(content, page_layout, dpi))


def paint_steps(content: ReportContent, device: QPagedPaintDevice, pages: Pages | None = None) -> Steps:
    """Draw every page of the report on ``device`` (laid out for it first unless ``pages`` suits it);
    the result is the number of pages. Laying out takes the first half of the progress."""
    if pages is None or not pages.suits(device):
        pages = yield from _within(lay_out_steps(content, device.pageLayout(), device.resolution()), 0.0, 0.5)
    painter = QPainter(device)
    if not painter.isActive():
        raise OSError("cannot paint on the printer or PDF file (is the file writable?)")
    try:
        for index in range(pages.count):
            if index:
                device.newPage()
            pages.draw(painter, index)
            yield 0.5 + 0.5 * (index + 1) / pages.count
    finally:
        painter.end()
    return pages.count


def paint(content: ReportContent, device: QPagedPaintDevice, pages: Pages | None = None) -> int:
    return _run(paint_steps(content, device, pages))


def render_pdf_steps(content: ReportContent, path: str | Path, page_layout: QPageLayout | None = None,
                     pages: Pages | None = None) -> Steps:
    """Write the report to a PDF file (the template's A4 unless ``page_layout``, fonts embedded), whole
    or not at all: it is written beside ``path`` and moved there once complete."""
    register_fonts()
    path = Path(path)
    partial = path.with_name(f".{path.stem}.partial.pdf")
    writer = QPdfWriter(str(partial))
    writer.setResolution(PDF_DPI)
    writer.setTitle(content.running_title)
    writer.setCreator("DTPlan")
    writer.setPageLayout(page_layout or default_page_layout(content))
    complete = False
    try:
        yield from paint_steps(content, writer, pages)
        complete = True
    finally:
        del writer  # closes the file
        if not complete:
            partial.unlink(missing_ok=True)
    partial.replace(path)
    return path


def render_pdf(content: ReportContent, path: str | Path, page_layout: QPageLayout | None = None,
               pages: Pages | None = None) -> Path:
    return _run(render_pdf_steps(content, path, page_layout, pages))


def print_document(content: ReportContent, printer, pages: Pages | None = None) -> int:
    """Print to a configured QPrinter (from a QPrintDialog); returns the number of pages."""
    return paint(content, printer, pages)


def preview_dialog(content: ReportContent, parent=None, pages: Pages | None = None,
                   page_layout: QPageLayout | None = None):
    """A QPrintPreviewDialog over the report (drawing ``pages`` when they suit its printer);
    printing from it uses the same pages."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    dialog = QPrintPreviewDialog(parent)  # owns its printer (one passed in would have to outlive it)
    dialog.printer().setPageLayout(page_layout or default_page_layout(content))
    dialog.printer().setResolution(PDF_DPI)  # pages break as in the PDF
    dialog.setWindowTitle(content.running_title)
    dialog.paintRequested.connect(lambda device: paint(content, device, pages))
    return dialog
