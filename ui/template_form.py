"""The common frame of a template form: the planner edits a copy of one template (rules, catalogue,
scenarios); every edit is checked by the core as it is made, the message shown in the UI language, and
Apply is refused while the copy is invalid. Applying replaces the template as one undoable command,
as the JSON editor does."""

from __future__ import annotations

import copy

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QFormLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from planning.base.errors import ConfigError

from .commands import TemplateCommand
from .document import ProjectDocument

OK_STYLE = "color: #2E7D32"
ERROR_STYLE = "color: #C00000"


def error_label() -> QLabel:
    """A label for the message next to a field: red, wrapped, hidden while there is nothing to say."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText("✗ " + text if text else "")
    label.setVisible(bool(text))


class TemplateForm(QWidget):
    """Subclasses put their widgets into ``self.body``, fill them from ``self.draft`` in ``show_draft``,
    change ``self.draft`` and call ``edited`` on every edit, and may name field problems in
    ``field_problems`` (shown next to the fields; any problem refuses Apply)."""

    def __init__(self, doc: ProjectDocument, name: str, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.name, self.label = doc, name, label
        self.draft: dict = copy.deepcopy(self.current())
        self.core_problem = ""
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.body, 1)
        layout.addLayout(apply_row(self))

    def current(self) -> dict:
        return self.doc.project.templates[self.name]

    def load(self) -> None:
        self.draft = copy.deepcopy(self.current())
        self.show_draft()
        self.validate()

    def show_draft(self) -> None:
        raise NotImplementedError

    def field_problems(self) -> bool:
        """Show the messages next to the fields; True when a field has a problem."""
        return False

    def edited(self) -> None:
        self.validate()

    def check(self) -> None:
        """Raise ConfigError when the draft cannot replace the template."""
        self.doc.project.check_template(self.name, self.draft)

    def is_dirty(self) -> bool:
        return self.draft != self.current()

    def validate(self) -> bool:
        try:
            self.check()
        except ConfigError as exc:
            self.core_problem = exc.message(self.doc.lang)
        else:
            self.core_problem = ""
        fields_wrong = self.field_problems()
        if self.core_problem:
            self._show(self.tr("Not valid: {message}").format(message=self.core_problem), False)
        elif fields_wrong:
            self._show(self.tr("Not valid: see the message next to the field."), False)
        elif not self.is_dirty():
            self._show(self.tr("Valid; in use."), True)
        else:
            self._show(self.tr("Valid; not applied yet."), True)
        self._update_buttons()
        return not self.core_problem and not fields_wrong

    def _show(self, text: str, ok: bool) -> None:
        self.status.setText(("✓ " if ok else "✗ ") + text)
        self.status.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    def is_valid(self) -> bool:
        return not self.status.text().startswith("✗")

    def _update_buttons(self) -> None:
        self.apply_button.setEnabled(self.is_valid() and self.is_dirty() and not self.doc.busy)

    def apply(self) -> bool:
        if not self.validate() or not self.is_dirty() or self.doc.busy:
            return False
        label = self.tr("Edit {template}").format(template=self.label)
        self.doc.undo_stack.push(TemplateCommand(self.doc, self.name, self.draft, label))
        return True


def apply_row(editor, *extra: QPushButton) -> QHBoxLayout:
    """The status line and the buttons under a template editor (``extra`` before Revert and Apply),
    kept up to date with the document: the editor gives load, validate, apply and _update_buttons."""
    editor.status = QLabel()
    editor.status.setWordWrap(True)
    editor.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    editor.revert_button = QPushButton(QCoreApplication.translate("TemplateForm", "Revert"))
    editor.revert_button.setToolTip(QCoreApplication.translate("TemplateForm", "Show the template the project uses now"))
    editor.revert_button.clicked.connect(editor.load)
    editor.apply_button = QPushButton(QCoreApplication.translate("TemplateForm", "Apply"))
    editor.apply_button.clicked.connect(editor.apply)
    row = QHBoxLayout()
    for widget in (editor.status, *extra, editor.revert_button, editor.apply_button):
        row.addWidget(widget, 1 if widget is editor.status else 0)
    doc, name = editor.doc, editor.name
    doc.templatesChanged.connect(lambda changed: editor.load() if changed == name else editor.validate())
    doc.projectReplaced.connect(editor.load)
    doc.busyChanged.connect(lambda _busy: editor._update_buttons())
    return row


def form_group(layout: QVBoxLayout, title: str, grow: bool = False) -> QFormLayout:
    """A titled group of labelled fields added to ``layout``; ``grow`` widens the fields with it."""
    box = QGroupBox(title)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow if grow
                              else QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    layout.addWidget(box)
    return form


def fill_checklist(widget: QListWidget, entries: list[tuple[str, str]], checked) -> None:
    """Put (code, label) entries into a list of check boxes, those in ``checked`` ticked."""
    widget.blockSignals(True)
    widget.clear()
    for code, label in entries:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if code in checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.blockSignals(False)


def checked_codes(widget: QListWidget) -> list[str]:
    return [widget.item(k).data(Qt.ItemDataRole.UserRole) for k in range(widget.count())
            if widget.item(k).checkState() == Qt.CheckState.Checked]


def in_order(previous: list, checked: list) -> list:
    """The ticked ids, those already chosen first in their order, the newly ticked after them."""
    kept = [code for code in previous if code in checked]
    return kept + [code for code in checked if code not in kept]
