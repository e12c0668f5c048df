"""Where files are written and, once written, saying so with the offer to open the folder."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

Button = QMessageBox.StandardButton


def folder_to_write(parent: QWidget, title: str, folder: str | Path | None, start: str | None) -> Path | None:
    """``folder`` when given, else the one the planner chooses (starting at ``start``); None when cancelled."""
    if folder is None:
        folder = QFileDialog.getExistingDirectory(parent, title, start or str(Path.home()))
    return Path(folder) if folder else None


def offer_to_open_folder(ask: Callable[[str, object, object], object], text: str, folder: Path) -> bool:
    """Tell what was written (``text``) through ``ask`` (the window's question box), and open
    ``folder`` in the file manager when the planner says yes; whether it was opened."""
    question = QCoreApplication.translate("FolderOffer", "{text}\n\nOpen the folder?").format(text=text)
    if ask(question, Button.Yes | Button.No, Button.Yes) != Button.Yes:
        return False
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
    return True
