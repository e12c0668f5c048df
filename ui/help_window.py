"""The user guide window: the offline guide of resources/guide/<language>/ (plain HTML and PNG) in a
browser with its contents list, back and forward, and a search in the page. Links leave nothing:
only pages of the guide open, anything else is ignored."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import (QLabel, QLineEdit, QListWidget, QListWidgetItem, QMainWindow, QSplitter,
                               QStyle, QTextBrowser, QToolBar, QWidget)

from planning.base.paths import resource_path

INDEX = "index.html"
IMAGE_WIDTH = 960  # pixels: the screenshots' width (tests/guide_screenshots.py)
CONTENTS_LINK = re.compile(r'<li class="page"><a href="([^"#]+)">(.*?)</a>', re.S)


def guide_folder(lang: str) -> Path:
    return resource_path("guide", "en" if lang == "en" else "zh_CN")


def contents(folder: Path) -> list[tuple[str, str]]:
    """The pages in reading order, as the index lists them: (file name, title)."""
    text = (folder / INDEX).read_text(encoding="utf-8")
    return [(href, re.sub(r"<[^>]+>", "", title).strip()) for href, title in CONTENTS_LINK.findall(text)]


class HelpWindow(QMainWindow):
    def __init__(self, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = guide_folder(lang)
        self.setWindowTitle(self.tr("DTPlan user guide"))
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setSearchPaths([str(self.folder)])
        self.browser.anchorClicked.connect(self.follow)
        self.browser.sourceChanged.connect(self._source_changed)
        self.pages = QListWidget()
        for href, title in contents(self.folder):
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, href)
            self.pages.addItem(item)
        self.pages.itemActivated.connect(lambda item: self.open(item.data(Qt.ItemDataRole.UserRole)))
        self.pages.itemClicked.connect(lambda item: self.open(item.data(Qt.ItemDataRole.UserRole)))
        splitter = QSplitter()
        splitter.addWidget(self.pages)
        splitter.addWidget(self.browser)
        em = self.fontMetrics().horizontalAdvance("汉")
        side = max(10 * em, self.pages.sizeHintForColumn(0) + 2 * self.pages.frameWidth() + 8)
        splitter.setSizes([side, IMAGE_WIDTH + 40])
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self._make_toolbar()
        free = self.screen().availableGeometry()
        self.resize(min(side + IMAGE_WIDTH + 60, free.width()), min(760, free.height()))
        self.open(INDEX)

    def _make_toolbar(self) -> None:
        bar = QToolBar(self.tr("Guide"))
        bar.setObjectName("guide_toolbar")
        bar.setMovable(False)
        style = self.style()
        self.back = bar.addAction(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack), self.tr("Back"),
                                  self.browser.backward)
        self.back.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.forward = bar.addAction(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward), self.tr("Forward"),
                                     self.browser.forward)
        self.forward.setShortcut(QKeySequence(QKeySequence.StandardKey.Forward))
        self.home = bar.addAction(style.standardIcon(QStyle.StandardPixmap.SP_DirHomeIcon), self.tr("Contents"),
                                  lambda: self.open(INDEX))
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.browser.forwardAvailable.connect(self.forward.setEnabled)
        self.back.setEnabled(False)
        self.forward.setEnabled(False)
        bar.addSeparator()
        bar.addWidget(QLabel(self.tr("Find in page:")))
        self.find_box = QLineEdit()
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(16 * self.fontMetrics().horizontalAdvance("汉"))
        self.find_box.returnPressed.connect(lambda: self.find_next())
        self.find_box.textChanged.connect(lambda _text: self.find_next(from_top=True))
        bar.addWidget(self.find_box)
        self.find_action = bar.addAction(self.tr("Next"), lambda: self.find_next())
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.FindNext))
        self.find_back = bar.addAction(self.tr("Previous"), lambda: self.find_next(backward=True))
        self.find_back.setShortcut(QKeySequence(QKeySequence.StandardKey.FindPrevious))
        find = QKeySequence(QKeySequence.StandardKey.Find)
        self.focus_find = bar.addAction(self.tr("Find"), self.find_box.setFocus)
        self.focus_find.setShortcut(find)
        self.focus_find.setVisible(False)
        self.find_status = QLabel()
        bar.addWidget(self.find_status)
        self.addToolBar(bar)

    # -------------------------------------------------------------- navigating

    def open(self, topic: str) -> bool:
        """Show a page of the guide, ``page.html`` or ``page.html#section``; False when there is none."""
        page, _, section = topic.partition("#")
        path = self.folder / page
        if not path.is_file() or path.resolve().parent != self.folder.resolve():
            return False
        url = QUrl.fromLocalFile(str(path))
        if section:
            url.setFragment(section)
        self.browser.setSource(url)
        if section:
            self.browser.scrollToAnchor(section)
        return True

    def follow(self, link: QUrl) -> None:
        """A clicked link: a page or a section of the guide opens, nothing else (the guide is offline)."""
        if link.scheme() not in ("", "file"):
            return
        url = self.browser.source().resolved(link) if link.isRelative() else link
        path = Path(url.toLocalFile())
        if path.is_file() and path.resolve().parent == self.folder.resolve():
            self.open(path.name + (f"#{url.fragment()}" if url.fragment() else ""))

    def current_page(self) -> str:
        return Path(self.browser.source().toLocalFile()).name

    def _source_changed(self, url: QUrl) -> None:
        page = Path(url.toLocalFile()).name
        for k in range(self.pages.count()):
            if self.pages.item(k).data(Qt.ItemDataRole.UserRole) == page:
                self.pages.blockSignals(True)
                self.pages.setCurrentRow(k)
                self.pages.blockSignals(False)
                break
        else:
            self.pages.clearSelection()
        self.find_status.setText("")

    def find_next(self, backward: bool = False, from_top: bool = False) -> bool:
        """Select the next (or previous) place the search text occurs in the page, wrapping around."""
        text = self.find_box.text()
        if not text:
            self.find_status.setText("")
            return False
        if from_top:
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.browser.find(text, flags)
        if not found:  # wrap around
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.End if backward else cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(text, flags)
        self.find_status.setText("" if found else self.tr("Not found"))
        return found
