"""The planner's edits as QUndoCommands: each redo/undo calls the core through the document, so the
undo stack mirrors what the project records (overrides with their reasons, templates, the roster)."""

from __future__ import annotations

import copy

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from planning.strategy.overrides import override_keys
from planning.strategy.overrides import Override

from .document import ProjectDocument


def override_label(field: str) -> str:
    """The undo text of an override: 调整路径, 调整数字化基础 …"""
    labels = {
        "tier": QCoreApplication.translate("Commands", "Adjust digital foundation"),
        "key_sector": QCoreApplication.translate("Commands", "Adjust key sector"),
        "track": QCoreApplication.translate("Commands", "Adjust track"),
        "actions": QCoreApplication.translate("Commands", "Adjust actions"),
        "division": QCoreApplication.translate("Commands", "Adjust industry division"),
    }
    return labels.get(field, field)


def _previous(doc: ProjectDocument, row: int, field: str) -> Override | None:
    frame = doc.project.strategy().frame
    key = override_keys(frame.iloc[row: row + 1])[0]
    previous = doc.project.overrides.overrides.get((key, field))
    return copy.deepcopy(previous)


class OverrideCommand(QUndoCommand):
    """Set one tag of one firm by hand, with the planner's reason. Undo restores the override that
    was there before (or the computed value)."""

    def __init__(self, doc: ProjectDocument, row: int, field: str, value, reason: str):
        super().__init__(override_label(field))
        self.doc, self.row, self.field, self.value, self.reason = doc, row, field, value, reason
        self.previous = _previous(doc, row, field)

    def redo(self) -> None:
        self.doc.set_override(self.row, self.field, self.value, self.reason)

    def undo(self) -> None:
        undo_reason = QCoreApplication.translate("Commands", "Undone: {reason}").format(reason=self.reason)
        if self.previous is not None:
            self.doc.set_override(self.row, self.field, self.previous.value, self.previous.reason)
        else:
            self.doc.clear_override(self.row, self.field, undo_reason)


class ClearOverrideCommand(QUndoCommand):
    """Go back to the computed value of a tag; undo puts the override back."""

    def __init__(self, doc: ProjectDocument, row: int, field: str, reason: str):
        super().__init__(QCoreApplication.translate("Commands", "Restore computed value"))
        self.doc, self.row, self.field, self.reason = doc, row, field, reason
        self.previous = _previous(doc, row, field)

    def redo(self) -> None:
        self.doc.clear_override(self.row, self.field, self.reason)

    def undo(self) -> None:
        if self.previous is not None:
            self.doc.set_override(self.row, self.field, self.previous.value, self.previous.reason)


class BatchOverrideCommand(QUndoCommand):
    """Set one tag of several firms to one value (None: back to the computed value) with one reason,
    as one undo step. Undo gives each firm back the override it had before (or the computed value)."""

    def __init__(self, doc: ProjectDocument, rows: list[int], field: str, value, reason: str):
        change = override_label(field) if value is not None else \
            QCoreApplication.translate("Commands", "Restore computed value")
        super().__init__(QCoreApplication.translate("Commands", "{change} ({count} firms)").format(
            change=change, count=len(rows)))
        self.doc, self.rows, self.field, self.value, self.reason = doc, list(rows), field, value, reason
        frame = doc.project.strategy().frame
        keys = override_keys(frame.iloc[self.rows])
        self.previous = [copy.deepcopy(doc.project.overrides.overrides.get((key, field))) for key in keys]

    def redo(self) -> None:
        self.doc.change_overrides(self.field, [(row, self.value, self.reason) for row in self.rows])

    def undo(self) -> None:
        undo_reason = QCoreApplication.translate("Commands", "Undone: {reason}").format(reason=self.reason)
        self.doc.change_overrides(self.field, [
            (row, None, undo_reason) if previous is None else (row, previous.value, previous.reason)
            for row, previous in zip(self.rows, self.previous)])


class TemplateCommand(QUndoCommand):
    """Replace a template (rules, catalogue, policy, weights …) with a body already validated."""

    def __init__(self, doc: ProjectDocument, name: str, body: dict, label: str):
        super().__init__(label)
        self.doc, self.name = doc, name
        self.old = copy.deepcopy(doc.project.templates[name])
        self.new = copy.deepcopy(body)

    def redo(self) -> None:
        self.doc.set_template(self.name, self.new)

    def undo(self) -> None:
        self.doc.set_template(self.name, self.old)


class ImportCommand(QUndoCommand):
    """Put an imported roster into the project as ``update`` (a planning.project.roster_update.RosterUpdate)
    says; undo brings back, in one step, the roster, its report, the overrides and the plans of before."""

    def __init__(self, doc: ProjectDocument, update, label: str | None = None):
        super().__init__(label or QCoreApplication.translate("Commands", "Import rosters"))
        self.doc, self.update = doc, update
        self.before = doc.roster_state()

    def redo(self) -> None:
        self.doc.apply_roster_update(self.update)

    def undo(self) -> None:
        self.doc.restore_roster_state(self.before)
