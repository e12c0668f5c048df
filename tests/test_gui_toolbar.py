"""The toolbar keeps its place when the undo label changes: its buttons say Undo and Redo, the command
they undo is in their tooltip and in the Edit menu."""

from tests.conftest import wait_idle


def test_the_toolbar_does_not_jump_when_the_undo_label_changes(loaded_window, qtbot):
    window = loaded_window
    a, toolbar = window.actions_, window.toolbar
    undo = toolbar.widgetForAction(a["undo_tool"])
    plan = toolbar.widgetForAction(a["plan"])
    width, plan_at = undo.sizeHint().width(), plan.pos()
    assert toolbar.widgetForAction(a["undo"]) is None and not a["undo_tool"].isEnabled()
    with qtbot.waitSignal(window.doc.strategyChanged, timeout=30000):
        window.roster.request_override(2, "track", "intelligence", "a long reason that is not shown")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: a["undo_tool"].isEnabled(), timeout=5000)
    assert a["undo"].text() == "Undo Adjust track" and a["undo_tool"].text() == "Undo"
    assert a["undo_tool"].toolTip() == "Undo Adjust track"
    assert undo.sizeHint().width() == width and plan.pos() == plan_at
    with qtbot.waitSignal(window.doc.strategyChanged, timeout=30000):
        undo.click()
    wait_idle(qtbot, window)
    assert not window.doc.project.overrides.overrides
    qtbot.waitUntil(lambda: a["redo_tool"].isEnabled(), timeout=5000)
    assert a["redo_tool"].toolTip() == "Redo Adjust track"


def test_the_chinese_toolbar_shows_no_menu_accelerators(chinese_window):
    window = chinese_window
    texts = [window.toolbar.widgetForAction(action).text() for action in window.toolbar.actions()
             if not action.isSeparator()]
    assert "打开" in texts and "导入名单" in texts
    assert not [text for text in texts if "(" in text or "&" in text or "…" in text]
