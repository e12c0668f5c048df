"""A template as JSON text that validates as the planner types: the core's ConfigError (naming the
file, the rule and the field) shows live, and only valid text can be applied (an undoable command)."""

from __future__ import annotations

import json

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from planning.base.errors import ConfigError
from planning.project.facade import default_templates

from .commands import TemplateCommand
from .document import ProjectDocument
from .template_form import apply_row

VALIDATE_DELAY_MS = 300
OK_STYLE = "color: #2E7D32"
ERROR_STYLE = "color: #C00000"


def dump(body: dict) -> str:
    return json.dumps(body, ensure_ascii=False, indent=2)


class JsonTemplateEditor(QWidget):
    def __init__(self, doc: ProjectDocument, name: str, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.name, self.label = doc, name, label
        self.valid_body: dict | None = None
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.textChanged.connect(lambda: self.timer.start(VALIDATE_DELAY_MS))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.validate)
        self.defaults_button = QPushButton(self.tr("Shipped defaults"))
        self.defaults_button.setToolTip(self.tr("Put the template shipped with DTPlan in the editor (apply to use it)"))
        self.defaults_button.clicked.connect(self.load_defaults)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addLayout(apply_row(self, self.defaults_button))
        self.load()

    def current(self) -> dict:
        return self.doc.project.templates[self.name]

    def load(self) -> None:
        self.editor.setPlainText(dump(self.current()))
        self.validate()

    def load_defaults(self) -> None:
        self.editor.setPlainText(dump(default_templates()[self.name]))
        self.validate()

    def set_text(self, text: str) -> None:
        self.editor.setPlainText(text)
        self.validate()

    def validate(self) -> bool:
        self.timer.stop()
        self.valid_body = None
        text = self.editor.toPlainText()
        try:
            body = json.loads(text)
            self.doc.project.check_template(self.name, body)
        except json.JSONDecodeError as exc:
            self._show(self.tr("Not valid JSON: line {line}, column {column}: {message}").format(
                line=exc.lineno, column=exc.colno, message=self.json_problem(exc.msg)), False)
        except ConfigError as exc:
            self._show(self.tr("Not valid: {message}").format(message=exc.message(self.doc.lang)), False)
        else:
            self.valid_body = body
            same = body == self.current()
            self._show(self.tr("Valid; in use.") if same else self.tr("Valid; not applied yet."), True)
        self._update_buttons()
        return self.valid_body is not None

    def json_problem(self, message: str) -> str:
        """Python's words for what is wrong in JSON text, in the UI language."""
        problems = {"Expecting value": self.tr("a value is expected"),
                    "Expecting property name enclosed in double quotes": self.tr("a name in double quotes is expected"),
                    "Expecting ':' delimiter": self.tr("a colon is expected"),
                    "Expecting ',' delimiter": self.tr("a comma is expected"),
                    "Unterminated string starting at": self.tr("a text is not closed by a double quote"),
                    "Invalid control character at": self.tr("a text holds a line break or another control character"),
                    "Invalid \\escape": self.tr("a backslash starts no known escape"),
                    "Extra data": self.tr("more text follows the end of the template")}
        return problems.get(message, message)

    def _show(self, text: str, ok: bool) -> None:
        self.status.setText(("✓ " if ok else "✗ ") + text)
        self.status.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    def _update_buttons(self) -> None:
        dirty = self.valid_body is not None and self.valid_body != self.current()
        self.apply_button.setEnabled(dirty and not self.doc.busy)

    def apply(self) -> bool:
        if not self.validate() or self.valid_body == self.current() or self.doc.busy:
            return False
        label = self.tr("Edit {template}").format(template=self.label)
        self.doc.undo_stack.push(TemplateCommand(self.doc, self.name, self.valid_body, label))
        return True
