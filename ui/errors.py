"""Errors the planner can report offline: a rotating log file in the user's data folder, and a dialog
with the details to copy (sys.excepthook for the unexpected ones, a short message for input the core
refuses)."""

from __future__ import annotations

import html
import logging
import logging.handlers
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QThread, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QLabel, QMessageBox, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from planning.base import messages
from planning.base.errors import ConfigError, DTPlanError
from planning.base.paths import user_data_dir

LOG_BYTES = 1_000_000
LOG_FILES = 5
log = logging.getLogger("dtplan")


def log_dir() -> Path:
    return user_data_dir() / "logs"


def setup_logging() -> Path | None:
    """Log to ``<user data>/logs/dtplan.log`` (1 MB, 5 files kept); None when not writable."""
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(folder / "dtplan.log", maxBytes=LOG_BYTES,
                                                       backupCount=LOG_FILES, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return folder / "dtplan.log"


def open_log_folder() -> None:
    log_dir().mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))


def user_message(exc: BaseException, lang: str | None = None) -> str | None:
    """The one-line text of an error the planner can act on (a refused file, a bad template), or None
    for an unexpected one."""
    if isinstance(exc, DTPlanError):
        return exc.message(lang)
    if isinstance(exc, ConfigError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if getattr(exc, "filename", None) else "")
    return None


class ErrorDialog(QDialog):
    def __init__(self, what: str, message: str, details: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("DTPlan: something went wrong"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        body = html.escape(message)
        text = QLabel(f"<b>{html.escape(what)}</b><br>{body}" if what else body)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(text)
        hint = QLabel(self.tr("The details below are also in the log file. Copy them into your report to the "
                              "support team."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(180)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        logs = buttons.addButton(self.tr("Open log folder"), QDialogButtonBox.ButtonRole.ActionRole)
        logs.clicked.connect(open_log_folder)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


def report_error(parent: QWidget | None, what: str, exc: BaseException, details: str) -> QDialog:
    """Show an error without blocking (the dialog is window-modal and returns at once)."""
    message = user_message(exc, messages.language())
    if message is not None:
        box = QMessageBox(QMessageBox.Icon.Warning, "DTPlan", what, QMessageBox.StandardButton.Ok, parent)
        box.setInformativeText(message)
        if details:
            box.setDetailedText(details)
        box.open()
        return box
    log.error("%s: %s\n%s", what, exc, details)
    dialog = ErrorDialog(what, f"{type(exc).__name__}: {exc}", details, parent)
    dialog.open()
    return dialog


def install_excepthook() -> None:
    """Unexpected exceptions: logged with their traceback, and shown with the details to copy."""

    def hook(kind, value, tb) -> None:
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unhandled exception\n%s", details)
        app = QApplication.instance()
        if app is None or QThread.currentThread() is not app.thread() or issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        what = QCoreApplication.translate("ErrorDialog", "Unexpected error")
        ErrorDialog(what, f"{kind.__name__}: {value}", details, app.activeWindow()).exec()

    def thread_hook(args) -> None:
        details = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
        log.error("unhandled exception in thread %s\n%s", args.thread, details)

    sys.excepthook = hook
    threading.excepthook = thread_hook
