"""Every text the window shows: walk the widgets of a window (or dialog) and collect what a user
reads — window titles, tab texts, labels, buttons, group titles, placeholders, combo and list items,
spin box suffixes, tooltips, menu and toolbar actions, table headers and the first rows of every
table model — each with where it was found."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QComboBox, QDoubleSpinBox, QGroupBox,
                               QLabel, QLineEdit, QListWidget, QMainWindow, QMenu, QSpinBox, QTabWidget, QTextBrowser,
                               QWidget)

FIRST_ROWS = 30
TAGS = re.compile(r"<[^>]*>")


def plain(text: str) -> str:
    """A label's rich text as it reads, without tags and entities."""
    text = TAGS.sub(" ", text)
    return text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def _where(widget: QWidget) -> str:
    return f"{type(widget).__name__}:{widget.objectName() or type(widget.parent()).__name__ if widget.parent() else ''}"


def actions_of(menu: QMenu, where: str):
    for action in menu.actions():
        yield f"{where} › action", action.text()
        yield f"{where} › tooltip", action.toolTip() if action.toolTip() != action.text().replace("&", "") else ""
        if action.menu() is not None:
            yield from actions_of(action.menu(), f"{where} › {action.text()}")


def model_texts(view: QAbstractItemView, where: str):
    if isinstance(view, QListWidget):
        for row in range(view.count()):
            yield f"{where} item {row}", view.item(row).text()
            yield f"{where} item {row} tooltip", view.item(row).toolTip()
        return
    model = view.model()
    if model is None:
        return
    for column in range(model.columnCount(QModelIndex())):
        yield f"{where} header", str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        yield f"{where} header tooltip", str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) or "")
    for row in range(min(FIRST_ROWS, model.rowCount(QModelIndex()))):
        for column in range(max(1, model.columnCount(QModelIndex()))):
            index = model.index(row, column)
            yield f"{where} row {row} column {column}", str(model.data(index, Qt.ItemDataRole.DisplayRole) or "")
            yield f"{where} row {row} column {column} tooltip", str(model.data(index, Qt.ItemDataRole.ToolTipRole) or "")


def widget_texts(widget: QWidget):
    """(where, text) of one widget's own texts."""
    where = _where(widget)
    if widget.isWindow():
        yield f"{where} title", widget.windowTitle()
    yield f"{where} tooltip", widget.toolTip()
    yield f"{where} status tip", widget.statusTip()
    if isinstance(widget, QLabel):
        yield where, plain(widget.text())
    elif isinstance(widget, QAbstractButton):
        yield where, widget.text()
    elif isinstance(widget, QGroupBox):
        yield where, widget.title()
    elif isinstance(widget, QLineEdit):
        yield f"{where} placeholder", widget.placeholderText()
    elif isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield f"{where} item {i}", widget.itemText(i)
    elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        yield f"{where} suffix", widget.suffix()
        yield f"{where} prefix", widget.prefix()
        yield f"{where} special", widget.specialValueText()
    elif isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield f"{where} tab {i}", widget.tabText(i)
            yield f"{where} tab {i} tooltip", widget.tabToolTip(i)
    elif isinstance(widget, QTextBrowser):
        yield where, widget.toPlainText()
    if isinstance(widget, QAbstractItemView) and not isinstance(widget, QComboBox):
        yield from model_texts(widget, where)
    if isinstance(widget, QMenu):
        yield from actions_of(widget, where)
    for action in widget.actions():
        if not isinstance(widget, QMenu):
            yield f"{where} action", action.text()


def window_texts(window: QWidget):
    """(where, text) of a window and every widget in it; a main window's menus and status bar too."""
    yield from widget_texts(window)
    for child in window.findChildren(QWidget):
        yield from widget_texts(child)
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            yield "menu bar", action.text()
            if action.menu() is not None:
                yield from actions_of(action.menu(), f"menu {action.text()}")
        yield "status bar", window.statusBar().currentMessage()


def all_texts(window: QWidget) -> list[tuple[str, str]]:
    return [(where, text) for where, text in window_texts(window) if text and text.strip()]


def report_texts(content) -> list[tuple[str, str]]:
    """The texts of a report (ui.report's content): cover, headings, paragraphs, table captions,
    columns, the first rows and the totals, chart captions."""
    cover = content.cover
    texts = [("report cover", text) for text in (cover.title, cover.subtitle, cover.department, cover.date,
                                                  *cover.notes, cover.prepared_with)]
    texts += [("report", content.running_title), ("report", content.footer.format(page=1, pages=2))]
    for section in content.sections:
        texts.append((f"report {section.key}", section.heading))
        for block in section.blocks:
            where = f"report {section.key} {type(block).__name__}"
            for attribute in ("text", "caption", "note"):
                texts.append((where, str(getattr(block, attribute, "") or "")))
            for cell in [*getattr(block, "columns", []), *(getattr(block, "total", None) or [])]:
                texts.append((where, str(cell)))
            for row in getattr(block, "rows", [])[:FIRST_ROWS]:
                texts += [(where, str(cell)) for cell in row]
    return [(where, text) for where, text in texts if text and text.strip()]
