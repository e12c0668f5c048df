"""Which section of the user guide matches where the planner is: F1 opens the section of the view,
page or dialog that has the focus (the innermost one the guide knows), else the guide's contents."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

# the widget's class name -> the guide's page and section
TOPICS = {
    "ImportWizard": "import.html#wizard",
    "ImportModeDialog": "import.html#modes",
    "ImportReportView": "import.html#report",
    "RosterTemplateDialog": "import.html#template",
    "OverrideDialog": "firms.html#overrides",
    "FirmDetail": "firms.html#detail",
    "PolicyForm": "policy.html",
    "RosterView": "firms.html",
    "ChartsView": "plan.html#charts",
    "ReportView": "exports.html#print",
}
BUDGET_PAGES = {"summary": "plan.html#summary", "lines": "plan.html#lines", "outcomes": "plan.html#outcomes",
                "comparison": "scenarios.html#comparison", "frontier": "scenarios.html#frontier",
                "cuts": "scenarios.html#cuts"}
TEMPLATE_PAGES = {"rules": "rules.html#rules", "actions": "rules.html#actions", "policy": "policy.html#fields",
                  "weights": "policy.html#weights", "scenarios": "scenarios.html#define",
                  "key_sectors": "rules.html#tags", "foundation": "rules.html#tiers", "size_classes": "rules.html#tags"}


def _budget_topic(view) -> str:
    keys = list(view.pages)
    index = view.tabs.currentIndex()
    return BUDGET_PAGES.get(keys[index] if 0 <= index < len(keys) else "", "plan.html")


def _rules_topic(view) -> str:
    row = view.pages.currentRow()
    if row <= 0:
        return "policy.html"
    names = [name for name, _ in view.template_names()]
    return TEMPLATE_PAGES.get(names[row - 1] if row - 1 < len(names) else "", "rules.html")


class HelpKey(QObject):
    """F1 anywhere in the application (the main window's own F1 is its menu's shortcut; this catches it in
    the dialogs and wizards): ``show(topic)`` with the section of the widget that has the focus."""

    def __init__(self, show, owner: QWidget):
        super().__init__(owner)
        self.show = show
        self.owner = owner

    def owns(self, widget: QWidget | None) -> bool:
        """The widget is in the owner's window or in a window opened over it."""
        window = widget.window() if widget is not None else None
        while window is not None:
            if window is self.owner:
                return True
            parent = window.parentWidget()
            window = parent.window() if parent is not None else None
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_F1
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            focus = QApplication.focusWidget() or (watched if isinstance(watched, QWidget) else None) \
                or QApplication.activeWindow()
            if not self.owns(focus):
                return False
            if type(focus.window()).__name__ != "HelpWindow":
                self.show(topic_of(focus))
            return True
        return False


def topic_of(widget: QWidget | None) -> str | None:
    """The guide's section for a widget: its own, or that of the nearest enclosing widget that has one."""
    while widget is not None:
        name = type(widget).__name__
        if name == "BudgetView":
            return _budget_topic(widget)
        if name == "RulesView":
            return _rules_topic(widget)
        if name in TOPICS:
            return TOPICS[name]
        widget = widget.parentWidget()
    return None
