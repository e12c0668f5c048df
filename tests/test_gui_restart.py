"""A new language or scale offers to restart DTPlan: the window closes once the project's changes are
saved or dropped, and starts again on the same project."""

from PySide6.QtWidgets import QMessageBox

import ui.main_window as main_window
from tests.conftest import wait_idle

Button = QMessageBox.StandardButton


def test_a_new_language_offers_a_restart_on_the_same_project(loaded_window, qtbot, tmp_path, monkeypatch):
    window = loaded_window
    started = []
    monkeypatch.setattr(main_window, "start_detached", lambda command: started.append(command) or True)
    path = tmp_path / "p.dtplan"
    window.save_as(path)
    wait_idle(qtbot, window)
    questions = []
    window.ask = lambda text, *_: questions.append(text) or Button.Yes
    window.preferences_saved(True)
    assert "Restart DTPlan now?" in questions[0]
    assert started == [main_window.start_command(path)] and started[0][-1] == str(path)
    assert not window.isVisible()


def test_declining_the_restart_keeps_the_window(loaded_window, monkeypatch):
    window = loaded_window
    started = []
    monkeypatch.setattr(main_window, "start_detached", lambda command: started.append(command) or True)
    window.ask = lambda *_: Button.No
    window.preferences_saved(True)
    assert started == [] and window.isVisible()
    window.ask = lambda *_: (_ for _ in ()).throw(AssertionError("no question without a new language"))
    window.preferences_saved(False)


def test_unsaved_changes_are_asked_about_before_the_restart(loaded_window, qtbot, monkeypatch):
    window = loaded_window
    started = []
    monkeypatch.setattr(main_window, "start_detached", lambda command: started.append(command) or True)
    with qtbot.waitSignal(window.doc.strategyChanged, timeout=30000):
        window.roster.request_override(1, "tier", "good", "x")
    wait_idle(qtbot, window)
    answers = iter([Button.Yes, Button.Cancel])  # restart now? yes; save the changes? cancel
    window.ask = lambda *_: next(answers)
    window.preferences_saved(True)
    assert started == [] and window.isVisible()
    window.ask = lambda *_: Button.Discard
