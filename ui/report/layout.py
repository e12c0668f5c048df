"""The report broken into pages: each block is a small QTextDocument, measured once, and placed on
pages by a paginator that knows where each block may break (between the lines of a paragraph, between
the rows of a table) and what must stay together (a heading with what follows it, a table's head with
its first row, a chart with its caption).

Qt lays out one long document in one piece (seconds for an annex of thousands of firms) and draws a
page of a long table by walking the whole table; small documents keep every step short, so the
window lays the report out a step at a time between events, and drawing a page costs milliseconds.
All of this runs on the GUI thread: Qt objects made on a worker thread can deadlock PySide (the worker
holds the GIL while Qt locks a signal mutex that the GUI thread holds while waiting for the GIL).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QPageLayout, QPagedPaintDevice, QPainter, QPen, QTextDocument

from planning.reports.content import Chart, Paragraph, ReportContent, Subheading, Table

from .html import (CSS_DPI, chart_html, cover_html, heading_html, paragraph_html, report_font, style_sheet,
                          table_head_html, table_rows_html)

CHART_DPI = 300
ROWS_PER_DOCUMENT = 60  # a long table is measured this many rows at a time
MIN_PIECE = 0.06  # of the page: a block breaks only if at least this much of it stays on the page
SPACE_BEFORE = {"subheading": 14, "paragraph": 3, "chart": 8, "table": 8, "note": 2}  # CSS pixels


@dataclass(eq=False)
class Flow:
    """One block as a document: how tall it is and where it may be broken across pages."""

    document: QTextDocument
    height: float
    breaks: list[float] = field(default_factory=list)  # document heights where a page may end, ascending
    keep_with_next: bool = False  # never the last thing on a page
    header: "Flow | None" = None  # drawn first wherever this flow starts a page (a table's head)
    new_page: bool = False  # starts a page of its own (the cover, a section)
    space_before: float = 0.0  # from what is above it on the page (none at the top of a page)

    def first_piece(self, least: float) -> float:
        """The least of it that may stand at the foot of a page, given the least piece allowed there."""
        return next((b for b in self.breaks if b >= least), self.height)


@dataclass(eq=False)
class Strip:
    """The part ``top``–``bottom`` of a flow's document, drawn ``y`` below the top of the page body."""

    flow: Flow
    top: float
    bottom: float
    y: float


@dataclass(eq=False)
class Pages:
    """The report laid out for one page set-up at one resolution: the preview, the printer and the PDF
    writer all draw these pages, so they break alike."""

    content: ReportContent
    page_layout: QPageLayout
    dpi: int
    body: QRectF  # in device pixels from the top left of the printable area
    device: QImage  # what the text was measured on: it must live as long as the documents
    pages: list[list[Strip]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.pages)

    def suits(self, device: QPagedPaintDevice) -> bool:
        return device.resolution() == self.dpi and device.pageLayout().isEquivalentTo(self.page_layout)

    def paper_size(self) -> QSizeF:
        """The whole sheet, in device pixels."""
        return QSizeF(self.page_layout.fullRectPixels(self.dpi).size())

    def printable_origin(self) -> QPointF:
        """Where the printable area starts on the sheet, in device pixels."""
        return QPointF(self.page_layout.paintRectPixels(self.dpi).topLeft())

    def text(self, index: int) -> str:
        """The text on page ``index`` (whole blocks, for tests and searching)."""
        seen, out = set(), []
        for strip in self.pages[index]:
            if id(strip.flow) not in seen:
                seen.add(id(strip.flow))
                out.append(strip.flow.document.toPlainText())
        return "\n".join(out)

    def draw(self, painter: QPainter, index: int) -> None:
        """Page ``index`` in device pixels, the origin at the top left of the printable area."""
        body, content = self.body, self.content
        overdraw = 0.5 * self.dpi / CSS_DPI  # the rule on a strip's lower edge belongs to it (see Paginator._put)
        for strip in self.pages[index]:
            painter.save()
            painter.translate(body.left(), body.top() + strip.y - strip.top)
            strip.flow.document.drawContents(
                painter, QRectF(0, strip.top, body.width(), strip.bottom - strip.top + overdraw))
            painter.restore()
        if index == 0:
            return  # the cover has no running title or number
        width, band = body.width(), body.top()
        muted = QColor(str(content.style.get("muted_color", "#595959")))
        small = report_font(content, 8)
        small.setPixelSize(max(1, round(8 * self.dpi / 72)))  # 8 points at this resolution, whatever the painter's
        painter.save()
        painter.setFont(small)
        painter.setPen(muted)
        painter.drawText(QRectF(0, 0, width, band * 0.8), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         content.running_title)
        painter.setPen(QPen(muted, max(1.0, self.dpi / 300.0)))
        painter.drawLine(QPointF(0, band * 0.85), QPointF(width, band * 0.85))
        painter.drawText(QRectF(0, body.bottom() + band * 0.2, width, band * 0.8), Qt.AlignmentFlag.AlignCenter,
                         content.footer_text(index + 1, self.count))
        painter.restore()


def measuring_device(dpi: int) -> QImage:
    """An image that reports ``dpi``: text measured on it breaks exactly as on a PDF writer or printer
    of that resolution."""
    image = QImage(1, 1, QImage.Format.Format_RGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


def body_rect(content: ReportContent, page_layout: QPageLayout, dpi: int) -> QRectF:
    """Where the blocks go on each page, in device pixels from the top left of the printable area:
    below the running title and above the page number."""
    page = page_layout.paintRectPixels(dpi)
    band = float(content.style.get("footer_height_mm", 8)) / 25.4 * dpi
    return QRectF(0, band, page.width(), page.height() - 2 * band)


class Paginator:
    """Lays the report out block by block; ``steps()`` yields the fraction done after each block, so
    the window can do the work between events. ``pages`` holds the result once the steps are done."""

    def __init__(self, content: ReportContent, page_layout: QPageLayout, dpi: int):
        self.content = content
        self.pages = Pages(content, QPageLayout(page_layout), dpi, body_rect(content, page_layout, dpi),
                           measuring_device(dpi))
        self._css = style_sheet(content.style)
        self._font = report_font(content, float(content.style.get("body_size_pt", 10.5)))
        self._chart_dpi = int(content.style.get("chart_dpi", CHART_DPI))
        self._chart_width_mm = float(content.style.get("chart_width_mm", 165))
        self._rule = 0.5 * dpi / CSS_DPI  # a table's rules, drawn once where two strips meet
        self._page: list[Strip] = []
        self._y = 0.0
        self._waiting: list[Flow] = []  # flows kept back to stay with the next one

    # -------------------------------------------------------------- the work, a block at a time

    def steps(self) -> Iterator[float]:
        content = self.content
        blocks = sum(len(s.blocks) + 1 for s in content.sections) + 1
        done = 0
        self._place(self._document(cover_html(content)), new_page=True)
        for section in content.sections:
            self._place(self._document(heading_html(section.heading, 1)), new_page=True, keep_with_next=True)
            done += 1
            yield done / blocks
            for block in section.blocks:
                for flow in self._flows(block):
                    self._place(flow)
                    yield done / blocks
                done += 1
        self._flush_waiting(start_page=True)
        yield 1.0

    def run(self) -> Pages:
        for _ in self.steps():
            pass
        return self.pages

    # -------------------------------------------------------------- blocks into measured documents

    def _document(self, html: str, images: dict[str, Chart] | None = None, space_before: float = 0.0) -> Flow:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(self._font)
        doc.setDefaultStyleSheet(self._css)
        doc.documentLayout().setPaintDevice(self.pages.device)
        for name, chart in (images or {}).items():
            image = QImage.fromData(chart.png(self._chart_dpi), "PNG").convertToFormat(QImage.Format.Format_RGB32)
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        doc.setHtml(html)
        doc.setTextWidth(self.pages.body.width())
        return Flow(doc, doc.size().height(), space_before=space_before * self.pages.dpi / CSS_DPI)

    def _flows(self, block) -> Iterator[Flow]:
        if isinstance(block, Subheading):
            flow = self._document(heading_html(block.text, 2), space_before=SPACE_BEFORE["subheading"])
            flow.keep_with_next = True
            yield flow
        elif isinstance(block, Paragraph):
            flow = self._document(paragraph_html(block.text, block.style), space_before=SPACE_BEFORE["paragraph"])
            flow.breaks = _line_breaks(flow.document)
            yield flow
        elif isinstance(block, Chart):
            yield self._document(chart_html(block, "chart.png", self._chart_width_mm), {"chart.png": block},
                                 space_before=SPACE_BEFORE["chart"])
        elif isinstance(block, Table):
            head = self._document(table_head_html(block), space_before=SPACE_BEFORE["table"])
            head.keep_with_next = True
            yield head
            stops = list(range(0, len(block.rows), ROWS_PER_DOCUMENT))[1:] + [len(block.rows)]
            start = 0
            for stop in stops:
                rows = self._document(table_rows_html(block, start, stop))
                rows.breaks = _row_breaks(rows.document)
                rows.header = head
                yield rows
                start = stop
            if block.note:
                yield self._document(paragraph_html(block.note, "note"), space_before=SPACE_BEFORE["note"])

    # -------------------------------------------------------------- flows onto pages

    def _room(self) -> float:
        return self.pages.body.height() - self._y

    def _finish_page(self) -> None:
        if self._page:
            self.pages.pages.append(self._page)
        self._page, self._y = [], 0.0

    def _put(self, flow: Flow, top: float, bottom: float) -> None:
        if flow.header is not None:  # a run of table rows: under the table's head, whose lower rule it shares
            if not self._page:
                self._put(flow.header, 0.0, flow.header.height)
            top = min(bottom, top + self._rule)
        self._page.append(Strip(flow, top, bottom, self._y))
        self._y += bottom - top

    def _place(self, flow: Flow, new_page: bool = False, keep_with_next: bool = False) -> None:
        flow.new_page |= new_page
        flow.keep_with_next |= keep_with_next
        if flow.new_page:
            self._flush_waiting(start_page=True)
        if flow.keep_with_next:
            self._waiting.append(flow)
            return
        waiting, self._waiting = self._waiting, []
        least = MIN_PIECE * self.pages.body.height()
        together = sum(f.space_before + f.height for f in waiting) + flow.space_before + flow.first_piece(least)
        if waiting and together > self._room() and self._page and together <= self.pages.body.height():
            self._finish_page()  # the heading (or table head) goes with its first lines to the next page
        for kept in waiting:
            self._flow(kept)
        self._flow(flow)

    def _flush_waiting(self, start_page: bool) -> None:
        waiting, self._waiting = self._waiting, []
        for kept in waiting:
            self._flow(kept)
        if start_page:
            self._finish_page()

    def _flow(self, flow: Flow) -> None:
        least = MIN_PIECE * self.pages.body.height()
        top = 0.0
        while top < flow.height:
            gap = flow.space_before if top == 0 and self._page else 0.0
            header = flow.header.height if flow.header is not None and not self._page else 0.0
            room = self._room() - gap - header
            if flow.height - top <= room:
                self._y += gap
                self._put(flow, top, flow.height)
                return
            fits = [b for b in flow.breaks if top + least <= b <= top + room]
            if fits:
                self._y += gap
                self._put(flow, top, fits[-1])
                top = fits[-1]
                self._finish_page()
            elif self._page:
                self._finish_page()  # nothing of it fits here: on to a fresh page
            else:  # not even a fresh page holds its next piece: cut at the foot of the page
                self._put(flow, top, top + room)
                top += room
                self._finish_page()


def _line_breaks(doc: QTextDocument) -> list[float]:
    """The foot of every line but the last: a paragraph may continue on the next page there."""
    out = []
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        origin = layout.position().y()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            out.append(origin + line.y() + line.height())
        block = block.next()
    return out[:-1]


def _row_breaks(doc: QTextDocument) -> list[float]:
    """The top of every row but the first of the document's one table: where a page may end."""
    table = doc.rootFrame().childFrames()[0]
    layout = doc.documentLayout()
    frame_top = layout.frameBoundingRect(table).top()

    def content_top(row: int) -> float:
        return layout.blockBoundingRect(doc.findBlock(table.cellAt(row, 0).firstPosition())).top()

    inset = content_top(0) - frame_top  # from a row's top edge to its text
    return [content_top(row) - inset for row in range(1, table.rows())]
