"""The plan report on paper: one QTextDocument feeds the print preview, the printer and the PDF file.

``make_document`` turns a :class:`planning.report_content.ReportContent` into a QTextDocument (an
HTML subset: tables with <thead> so headers repeat on every page, charts as 300-dpi PNG resources).
``paint`` lays it out for a paged device (QPrinter or QPdfWriter, A4) and draws each page with a
running title and a page number that we paint ourselves. The bundled fonts are registered with Qt
so the PDF embeds them and looks the same on every machine. Nothing is bold: the CJK font has no bold
face, and Qt's synthetic bold draws the text twice, which doubles it when the PDF is searched or copied.
"""

from __future__ import annotations

import html
import os
import sys
from pathlib import Path

import matplotlib
from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt, QUrl
from PySide6.QtGui import (QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPageLayout, QPageSize,
                           QPagedPaintDevice, QPainter, QPdfWriter, QPen, QTextCursor, QTextDocument, QTextFormat,
                           QTextFrame, QTextTable)

from planning.paths import resource_path
from planning.report_content import LEFT, Chart, Paragraph, ReportContent, Subheading, Table

PDF_DPI = 1200  # as QPrinter.HighResolution: the PDF and the printed pages break alike
CHART_DPI = 300
CSS_DPI = 96.0  # QTextDocument reads HTML lengths as pixels at 96 dpi and scales them to the device
CHART_PREFIX = "dtplan-chart-"
KEEP_WITH_NEXT = 0.12  # a subheading this close to the foot of a page starts the next one
_app = None
_families: list[str] | None = None


def ensure_app() -> QGuiApplication:
    """The running Qt application, or a headless one for command-line exports (a QApplication, so
    that widgets created later in the same process still work)."""
    global _app
    app = QGuiApplication.instance()
    if app is None:
        from PySide6.QtWidgets import QApplication

        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = app = QApplication([sys.argv[0] if sys.argv else "dtplan"])
    return app


def register_fonts() -> list[str]:
    """Register the bundled CJK font and matplotlib's DejaVu Sans with Qt (once); their families."""
    global _families
    if _families is None:
        ensure_app()
        ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        families: list[str] = []
        for path in (ttf / "DejaVuSans.ttf", ttf / "DejaVuSans-Bold.ttf",
                     resource_path("fonts", "DroidSansFallbackFull.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            for family in QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []:
                if family not in families:
                    families.append(family)
        _families = families
    return list(_families)


def _font(content: ReportContent, size_pt: float) -> QFont:
    register_fonts()
    font = QFont()
    font.setFamilies(list(content.style.get("font_families") or ["DejaVu Sans", "Droid Sans Fallback"]))
    font.setPointSizeF(size_pt)
    font.setFeature(QFont.Tag("liga"), 0)  # 'fi' stays two letters when the PDF is searched or copied
    return font


# ------------------------------------------------------------------ the document


def _css(style: dict) -> str:
    body = style.get("body_size_pt", 10.5)
    table = style.get("table_size_pt", 9)
    heading = style.get("heading_color", "#1F3864")
    border = style.get("table_border", "#8EA9C1")
    return f"""
      body {{ font-size: {body}pt; }}
      h1 {{ font-size: {style.get('heading_size_pt', 16)}pt; color: {heading}; margin-top: 0px; margin-bottom: 10px;
            page-break-before: always; font-weight: normal; }}
      h2 {{ font-size: {style.get('subheading_size_pt', 12.5)}pt; color: {heading}; margin-top: 14px;
            margin-bottom: 6px; font-weight: normal; }}
      p {{ margin-top: 3px; margin-bottom: 6px; line-height: 150%; }}
      p.note {{ font-size: {table}pt; color: {style.get('muted_color', '#595959')}; margin-top: 2px; }}
      table.data {{ border-collapse: collapse; font-size: {table}pt; margin-top: 6px; margin-bottom: 2px; }}
      table.data td, table.data th {{ border: 0.5px solid {border}; }}
      table.compact td, table.compact th {{ font-size: {style.get('annex_size_pt', 7.5)}pt; }}
      th {{ background-color: {style.get('table_header_bg', '#1F4E79')};
            color: {style.get('table_header_fg', '#FFFFFF')}; font-weight: normal; text-align: center; }}
      th.caption {{ background-color: #FFFFFF; color: {heading}; border-width: 0px; font-size: {body}pt;
                    padding-bottom: 5px; }}
      tr.stripe td {{ background-color: {style.get('table_stripe_bg', '#F2F6FA')}; }}
      tr.total td {{ background-color: {style.get('total_bg', '#DDEBF7')}; }}
      td.right {{ text-align: right; }}
      td.figure {{ text-align: center; font-size: {table + 0.5}pt; color: {heading}; }}
    """


def _esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _table_html(table: Table) -> str:
    n = len(table.columns)
    widths = table.widths or [100.0 / n] * n
    scale = 100.0 / sum(widths)
    kind, padding = ("data compact", 2) if table.compact else ("data", 3)
    out = [f'<table class="{kind}" width="100%" cellspacing="0" cellpadding="{padding}"><thead>',
           f'<tr><th class="caption" colspan="{n}">{_esc(table.caption)}</th></tr><tr>']
    for label, width in zip(table.columns, widths):
        out.append(f'<th width="{width * scale:.1f}%">{_esc(label)}</th>')
    out.append("</tr></thead><tbody>")

    def cells(values: list[str]) -> str:
        return "".join(f'<td class="{"left" if a == LEFT else "right"}">{_esc(v)}</td>'
                       for v, a in zip(values, table.align))

    for k, row in enumerate(table.rows):
        out.append(('<tr class="stripe">' if k % 2 else "<tr>") + cells(row) + "</tr>")
    if table.total:
        out.append(f'<tr class="total">{cells(table.total)}</tr>')
    out.append("</tbody></table>")
    if table.note:
        out.append(f'<p class="note">{_esc(table.note)}</p>')
    return "".join(out)


def _chart_html(chart: Chart, name: str, width_mm: float) -> str:
    w_in, h_in = chart.size_in
    width = width_mm / 25.4 * CSS_DPI
    height = width * h_in / w_in
    return (f'<table width="100%" cellspacing="0" cellpadding="2"><tr><td class="figure">'
            f'<img src="{name}" width="{width:.0f}" height="{height:.0f}"><br>{_esc(chart.caption)}</td></tr></table>')


def _cover_html(content: ReportContent) -> str:
    style, cover = content.style, content.cover
    heading = style.get("heading_color", "#1F3864")
    notes = "".join(f'<p align="center" style="font-size: 11pt;">{_esc(n)}</p>' for n in cover.notes)
    title = "<br>".join(_esc(line) for line in cover.title.split("\n"))
    title_pt = style.get("cover_title_size_pt", 22)
    subtitle_pt = style.get("cover_subtitle_size_pt", 14)
    return (f'<p style="margin-top: 210px;" align="center"><span style="font-size: {title_pt}pt; '
            f'color: {heading};">{title}</span></p>'
            f'<p align="center" style="margin-top: 24px;"><span style="font-size: {subtitle_pt}pt;">'
            f'{_esc(cover.subtitle)}</span></p>{notes}'
            f'<p align="center" style="margin-top: 300px; font-size: 14pt;">{_esc(cover.department)}</p>'
            f'<p align="center" style="font-size: 12pt;">{_esc(cover.date)}</p>'
            f'<p align="center" class="note" style="margin-top: 40px;">{_esc(cover.prepared_with)}</p>')


def report_html(content: ReportContent) -> tuple[str, dict[str, Chart]]:
    """The report as Qt rich-text HTML, and the charts its <img> names stand for."""
    width_mm = float(content.style.get("chart_width_mm", 165))
    parts = [f"<html><head><style>{_css(content.style)}</style></head><body>", _cover_html(content)]
    images: dict[str, Chart] = {}
    for section in content.sections:
        parts.append(f"<h1>{_esc(section.heading)}</h1>")
        for block in section.blocks:
            if isinstance(block, Subheading):
                parts.append(f"<h2>{_esc(block.text)}</h2>")
            elif isinstance(block, Paragraph):
                parts.append(f'<p class="{block.style}">{_esc(block.text)}</p>')
            elif isinstance(block, Table):
                parts.append(_table_html(block))
            elif isinstance(block, Chart):
                name = f"{CHART_PREFIX}{len(images) + 1}.png"
                images[name] = block
                parts.append(_chart_html(block, name, width_mm))
    parts.append("</body></html>")
    return "".join(parts), images


def make_document(content: ReportContent, device: QPagedPaintDevice | None = None) -> QTextDocument:
    """The report as a QTextDocument, laid out for ``device`` (a printer or PDF writer) when given."""
    register_fonts()
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(_font(content, float(content.style.get("body_size_pt", 10.5))))
    if device is not None:
        doc.documentLayout().setPaintDevice(device)
    text, images = report_html(content)
    dpi = int(content.style.get("chart_dpi", CHART_DPI))
    for name, chart in images.items():
        image = QImage.fromData(chart.png(dpi)).convertToFormat(QImage.Format.Format_RGB32)
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    doc.setHtml(text)
    body = _body_rect(content, device) if device is not None else _body_rect_css(content)
    doc.setPageSize(body.size())
    keep_together(doc)
    return doc


def keep_together(doc: QTextDocument) -> None:
    """Move a chart (with its caption) or a subheading to the next page rather than split it from
    what follows: QTextDocument has no 'keep with next', so set a page break where one is needed,
    in document order, as the layout settles."""
    page = doc.pageSize().height()
    layout = doc.documentLayout()
    root = doc.rootFrame()
    items: list[tuple[int, object]] = [(f.firstPosition(), f) for f in root.childFrames() if _is_chart(doc, f)]
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == 2 and doc.frameAt(block.position()) == root:
            items.append((block.position(), block))
        block = block.next()
    for _, item in sorted(items, key=lambda pair: pair[0]):
        if isinstance(item, QTextFrame):
            rect = layout.frameBoundingRect(item)
            if rect.height() < page and int(rect.top() // page) != int((rect.bottom() - 1) // page):
                fmt = item.frameFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                item.setFrameFormat(fmt)
        else:
            top = layout.blockBoundingRect(item).top()
            after = item.next()
            if not after.isValid():
                continue
            frame = doc.frameAt(after.position())
            below = layout.frameBoundingRect(frame).top() if frame != root else layout.blockBoundingRect(after).top()
            near_bottom = page - top % page < KEEP_WITH_NEXT * page
            if int(below // page) > int(top // page) or near_bottom:
                cursor = QTextCursor(item)
                fmt = item.blockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.setBlockFormat(fmt)


def _is_chart(doc: QTextDocument, frame: QTextFrame) -> bool:
    if not isinstance(frame, QTextTable) or frame.rows() != 1 or frame.columns() != 1:
        return False
    cursor = QTextCursor(doc)
    cursor.setPosition(frame.cellAt(0, 0).firstPosition() + 1)
    fmt = cursor.charFormat()
    return fmt.isImageFormat() and fmt.toImageFormat().name().startswith(CHART_PREFIX)


# ------------------------------------------------------------------ pages


def _mm(device_dpi: float, mm: float) -> float:
    return mm / 25.4 * device_dpi


def _body_rect(content: ReportContent, device: QPagedPaintDevice) -> QRectF:
    """Where the document goes on each page, in device pixels, below the running title and above
    the page number (the device's own margins are already outside)."""
    dpi = device.resolution()
    page = device.pageLayout().paintRectPixels(dpi)
    band = _mm(dpi, float(content.style.get("footer_height_mm", 8)))
    return QRectF(0, band, page.width(), page.height() - 2 * band)


def _body_rect_css(content: ReportContent) -> QRectF:
    margins = content.style.get("page_margins_mm") or {}
    band = float(content.style.get("footer_height_mm", 8))
    width = 210 - float(margins.get("left", 20)) - float(margins.get("right", 18))
    height = 297 - float(margins.get("top", 20)) - float(margins.get("bottom", 18)) - 2 * band
    return QRectF(0, 0, _mm(CSS_DPI, width), _mm(CSS_DPI, height))


def setup_device(device: QPagedPaintDevice, content: ReportContent) -> None:
    """A4 portrait with the template's margins."""
    margins = content.style.get("page_margins_mm") or {}
    device.setPageLayout(QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
        QMarginsF(float(margins.get("left", 20)), float(margins.get("top", 20)), float(margins.get("right", 18)),
                  float(margins.get("bottom", 18))), QPageLayout.Unit.Millimeter))


def paint(content: ReportContent, device: QPagedPaintDevice, document: QTextDocument | None = None) -> int:
    """Lay the report out for ``device`` and paint every page; returns the number of pages."""
    doc = document or make_document(content, device)
    body = _body_rect(content, device)
    doc.setPageSize(body.size())
    pages = _page_count(doc)
    dpi = device.resolution()
    band = body.top()
    width = body.width()
    muted = QColor(str(content.style.get("muted_color", "#595959")))
    small = _font(content, 8)
    painter = QPainter(device)
    if not painter.isActive():
        raise OSError("cannot paint on the printer or PDF file (is the file writable?)")
    try:
        for index in range(pages):
            if index:
                device.newPage()
            painter.save()
            painter.translate(body.left(), body.top() - index * body.height())
            # half a pixel in from each page edge: a line that starts exactly on the boundary belongs to the
            # next page, and drawn here (even clipped away) its text would be found on this page of the PDF
            doc.drawContents(painter, QRectF(0, index * body.height() + 0.5, width, body.height() - 1.0))
            painter.restore()
            if index == 0:
                continue  # the cover has no running title or number
            painter.setFont(small)
            painter.setPen(muted)
            painter.drawText(QRectF(0, 0, width, band * 0.8), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             content.running_title)
            painter.setPen(QPen(muted, max(1.0, dpi / 300.0)))
            painter.drawLine(QPointF(0, band * 0.85), QPointF(width, band * 0.85))
            painter.drawText(QRectF(0, body.bottom() + band * 0.2, width, band * 0.8), Qt.AlignmentFlag.AlignCenter,
                             content.footer_text(index + 1, pages))
    finally:
        painter.end()
    return pages


def _page_count(doc: QTextDocument) -> int:
    """Pages up to the last line of text: pageCount() also counts a page that only the last
    paragraph's bottom margin spills onto."""
    block = doc.lastBlock()
    while block.isValid() and not block.text().strip():
        block = block.previous()
    if not block.isValid():
        return doc.pageCount()
    rect = doc.documentLayout().blockBoundingRect(block)
    if doc.frameAt(block.position()) != doc.rootFrame():  # ends inside a table: take the table's bottom
        rect = doc.documentLayout().frameBoundingRect(doc.frameAt(block.position()))
    bottom = rect.bottom() - block.blockFormat().bottomMargin()
    return max(1, min(doc.pageCount(), int((bottom - 1) // doc.pageSize().height()) + 1))


def render_pdf(content: ReportContent, path: str | Path) -> Path:
    """Write the report to a PDF file (A4, fonts embedded); returns the path."""
    register_fonts()
    path = Path(path)
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setTitle(content.running_title)
    writer.setCreator("DTPlan")
    setup_device(writer, content)
    paint(content, writer)
    return path


def print_document(content: ReportContent, printer) -> int:
    """Print to a configured QPrinter (from a QPrintDialog); returns the number of pages."""
    return paint(content, printer)


def preview_dialog(content: ReportContent, parent=None):
    """A QPrintPreviewDialog over the report; printing from it uses the same pages."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    dialog = QPrintPreviewDialog(parent)  # owns its printer (one passed in would have to outlive it)
    setup_device(dialog.printer(), content)
    dialog.printer().setResolution(PDF_DPI)  # pages break as in the PDF
    dialog.setWindowTitle(content.running_title)
    dialog.paintRequested.connect(lambda device: paint(content, device))
    return dialog


def print_preview(content: ReportContent, parent=None) -> int:
    """Show the print preview (modal); returns the dialog's result."""
    return preview_dialog(content, parent).exec()
