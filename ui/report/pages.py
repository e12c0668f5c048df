"""The report's pages in the window: a column of sheets drawn only where they show.

A report of a few thousand funded firms runs to well over a hundred pages, and a page of its annex
takes tens of milliseconds to draw, so nothing here draws every page: a page is drawn when it first
comes into view, at the current zoom, and kept in a small cache, which makes scrolling a blit.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

if TYPE_CHECKING:  # the report's modules load matplotlib: not at start-up
    from .layout import Pages

GAP = 16  # pixels around and between the sheets
CACHED_PAGES = 12
ZOOM_LIMITS = (0.2, 4.0)


class PageView(QAbstractScrollArea):
    currentPageChanged = Signal(int)  # 0-based
    zoomChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pages: Pages | None = None
        self.fit_width = True
        self._zoom = 1.0  # 1.0 shows the sheet at its real size on this screen
        self._cache: OrderedDict[int, QImage] = OrderedDict()
        self._current = -1
        self.pages_drawn = 0  # page images drawn since the pages were set
        palette = self.viewport().palette()
        palette.setColor(QPalette.ColorRole.Dark, QColor("#8a8f96"))
        self.viewport().setPalette(palette)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Dark)
        self.viewport().setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._follow_current())

    # -------------------------------------------------------------- what is shown

    def set_pages(self, pages: Pages | None) -> None:
        if pages is self.pages:
            return
        self.pages = pages
        self._cache.clear()
        self.pages_drawn = 0
        self._current = -1
        self._relayout()
        self.verticalScrollBar().setValue(0)
        self._follow_current()

    def page_count(self) -> int:
        return self.pages.count if self.pages is not None else 0

    def current_page(self) -> int:
        return max(0, self._current)

    def set_current_page(self, index: int) -> None:
        if self.pages is not None:
            index = max(0, min(self.pages.count - 1, index))
            self.verticalScrollBar().setValue(GAP + index * (self._sheet_size().height() + GAP) - GAP // 2)

    # -------------------------------------------------------------- zoom

    def zoom(self) -> float:
        """The shown size against the real size (fit to width included)."""
        return self._scale() * self.pages.dpi / self._screen_dpi() if self.pages is not None else self._zoom

    def set_zoom(self, zoom: float | None) -> None:
        """A fixed zoom (1.0 = real size), or ``None`` to fit the sheets to the width."""
        page = self.current_page()
        self.fit_width = zoom is None
        if zoom is not None:
            self._zoom = max(ZOOM_LIMITS[0], min(ZOOM_LIMITS[1], zoom))
        self._cache.clear()
        self._relayout()
        self.set_current_page(page)
        self.zoomChanged.emit()

    def _screen_dpi(self) -> float:
        return float(self.logicalDpiX() or 96)

    def _scale(self) -> float:
        """Screen pixels per device pixel of the pages."""
        if self.pages is None:
            return 1.0
        if self.fit_width:
            room = max(50, self.viewport().width() - 2 * GAP)
            return room / self.pages.paper_size().width()
        return self._zoom * self._screen_dpi() / self.pages.dpi

    def _sheet_size(self) -> QSize:
        paper = self.pages.paper_size() * self._scale()
        return QSize(max(1, round(paper.width())), max(1, round(paper.height())))

    # -------------------------------------------------------------- geometry

    def _relayout(self) -> None:
        bars = (self.horizontalScrollBar(), self.verticalScrollBar())
        if self.pages is None:
            for bar in bars:
                bar.setRange(0, 0)
            self.viewport().update()
            return
        sheet = self._sheet_size()
        total = QSize(sheet.width() + 2 * GAP, GAP + self.pages.count * (sheet.height() + GAP))
        view = self.viewport().size()
        for bar, extent, shown in ((bars[0], total.width(), view.width()), (bars[1], total.height(), view.height())):
            bar.setRange(0, max(0, extent - shown))
            bar.setPageStep(shown)
            bar.setSingleStep(max(20, shown // 20))
        self.viewport().update()

    def _sheet_rect(self, index: int) -> QRect:
        sheet = self._sheet_size()
        left = max(GAP, (self.viewport().width() - sheet.width()) // 2) - self.horizontalScrollBar().value()
        top = GAP + index * (sheet.height() + GAP) - self.verticalScrollBar().value()
        return QRect(left, top, sheet.width(), sheet.height())

    def _visible(self) -> range:
        if self.pages is None:
            return range(0)
        step = self._sheet_size().height() + GAP
        top = self.verticalScrollBar().value()
        first = max(0, (top - GAP) // step)
        last = min(self.pages.count - 1, (top + self.viewport().height()) // step)
        return range(first, last + 1)

    def _follow_current(self) -> None:
        if self.pages is None:
            return
        step = self._sheet_size().height() + GAP
        middle = self.verticalScrollBar().value() + self.viewport().height() // 2
        current = max(0, min(self.pages.count - 1, middle // step))
        if current != self._current:
            self._current = current
            self.currentPageChanged.emit(current)

    # -------------------------------------------------------------- drawing

    def _image(self, index: int) -> QImage:
        image = self._cache.get(index)
        if image is not None:
            self._cache.move_to_end(index)
            return image
        ratio = self.devicePixelRatioF()
        sheet = self._sheet_size()
        image = QImage(round(sheet.width() * ratio), round(sheet.height() * ratio), QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(ratio)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                               | QPainter.RenderHint.SmoothPixmapTransform)
        scale = self._scale()
        painter.scale(scale, scale)
        painter.translate(self.pages.printable_origin())
        self.pages.draw(painter, index)
        painter.end()
        self.pages_drawn += 1
        self._cache[index] = image
        while len(self._cache) > CACHED_PAGES:
            self._cache.popitem(last=False)
        return image

    def paintEvent(self, event) -> None:
        if self.pages is None:
            return
        painter = QPainter(self.viewport())
        shadow = QColor(0, 0, 0, 70)
        for index in self._visible():
            rect = self._sheet_rect(index)
            if not rect.adjusted(0, 0, 3, 3).intersects(event.rect()):
                continue
            painter.fillRect(rect.translated(3, 3), shadow)
            painter.drawImage(QPointF(rect.topLeft()), self._image(index))
        painter.end()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit_width and self.pages is not None and event.oldSize().width() != event.size().width():
            page = self.current_page()
            self._cache.clear()
            self._relayout()
            self.set_current_page(page)
        else:
            self._relayout()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and self.pages is not None:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom() * (1.15 ** steps))
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        """Page Up and Page Down turn one sheet, Home and End go to the first and the last."""
        if self.pages is not None:
            moves = {Qt.Key.Key_PageUp: lambda page: page - 1, Qt.Key.Key_PageDown: lambda page: page + 1,
                     Qt.Key.Key_Home: lambda page: 0, Qt.Key.Key_End: lambda page: self.pages.count - 1}
            move = moves.get(event.key())
            if move is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                self.set_current_page(move(self.current_page()))
                event.accept()
                return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(640, 800)
