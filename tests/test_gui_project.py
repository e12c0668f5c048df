"""The project's file life through the window's actions: save and reopen, recent files, locks,
read-only and locked files forcing Save As, revert, autosave and the restore offer, closing."""

import json
import os
import shutil

from PySide6.QtWidgets import QFileDialog, QMessageBox

from planning.project.autosave import pending
from planning.project.file_format import open_project
from planning.project.lock import lock_path
from tests.conftest import wait_idle
from ui.document import AUTOSAVE_SOON_MS
from ui.main_window import MainWindow

Button = QMessageBox.StandardButton


def dialogs(monkeypatch, save_to=None, open_from=None):
    asked = []

    def save(*args, **kwargs):
        asked.append("save")
        return (str(save_to), "") if save_to else ("", "")

    def open_(*args, **kwargs):
        asked.append("open")
        return (str(open_from), "") if open_from else ("", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_)
    return asked


def test_save_and_reopen_through_the_actions(loaded_window, qtbot, tmp_path, monkeypatch):
    window = loaded_window
    doc = window.doc
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        window.roster.request_override(2, "tier", "good", "checked on site")
    wait_idle(qtbot, window)  # the tagging task ends after it announces the tags
    assert window.isWindowModified()
    target = tmp_path / "安徽规划"
    asked = dialogs(monkeypatch, save_to=target)
    with qtbot.waitSignal(doc.saved, timeout=30000):
        window.actions_["save"].trigger()  # no file yet: Save asks where
    wait_idle(qtbot, window)
    saved = tmp_path / "安徽规划.dtplan"
    assert asked == ["save"] and saved.exists() and doc.path == saved
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("安徽规划[*]") and "DTPlan" in window.windowTitle()
    assert lock_path(saved).exists()
    assert window.settings.recent_files()[0] == str(saved.resolve())
    overrides = dict(doc.project.overrides.overrides)
    runs = set(doc.project.runs)

    window.actions_["new"].trigger()
    assert doc.project.roster is None and doc.path is None
    assert not lock_path(saved).exists()  # released when another project replaced it
    wait_idle(qtbot, window)

    dialogs(monkeypatch, open_from=saved)
    window.actions_["open"].trigger()
    qtbot.waitUntil(lambda: doc.path == saved and doc.strategy is not None, timeout=60000)
    wait_idle(qtbot, window)
    assert doc.project.overrides.overrides == overrides
    assert set(doc.project.runs) == runs and set(doc.plans) == runs
    assert doc.strategy.frame["tier"].iat[2] == "good"
    assert not window.isWindowModified() and lock_path(saved).exists()
    assert window.roster.model.rowCount() == 2000

    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        window.roster.request_override(2, "tier", "weak", "second thoughts")
    wait_idle(qtbot, window)  # the tagging task ends after it announces the tags
    window.ask = lambda *a: Button.Yes
    window.actions_["revert"].trigger()
    qtbot.waitUntil(lambda: doc.strategy is not None and not doc.modified and doc.strategy.frame["tier"].iat[2] == "good",
                    timeout=60000)
    wait_idle(qtbot, window)


def test_recent_files_menu_opens_and_drops_missing_files(window, qtbot, sample_project_file, tmp_path):
    copy = tmp_path / "copy.dtplan"
    shutil.copyfile(sample_project_file, copy)
    gone = tmp_path / "gone.dtplan"
    shutil.copyfile(sample_project_file, gone)
    for path in [gone] + [copy] * 12:
        window.settings.add_recent(path)
    gone.unlink()
    window._fill_recent()
    actions = [a for a in window.recent_menu.actions() if a.data()]
    assert [a.data() for a in actions] == [str(copy.resolve())]
    actions[0].trigger()
    qtbot.waitUntil(lambda: window.doc.path == copy.resolve() or window.doc.path == copy, timeout=60000)
    wait_idle(qtbot, window)


def test_read_only_file_opens_read_only_with_its_notice(window, qtbot, sample_project_file, tmp_path, monkeypatch):
    import planning.project.file_format as projectfile

    path = tmp_path / "p.dtplan"
    shutil.copyfile(sample_project_file, path)
    real_access = os.access
    monkeypatch.setattr(projectfile.os, "access", lambda p, mode: False if str(p) == str(path) else real_access(p, mode))
    window.open_file(path)
    qtbot.waitUntil(lambda: window.doc.path == path, timeout=60000)
    wait_idle(qtbot, window)
    assert window.doc.read_only and "read-only" in window.doc.notice
    assert not lock_path(path).exists()  # a read-only file is not locked
    asked = dialogs(monkeypatch, save_to=None)
    window.actions_["save"].trigger()
    assert asked == ["save"] and window.doc.path == path  # Save As was asked, and cancelled


def test_a_file_locked_elsewhere_opens_read_only_and_forces_save_as(window, qtbot, sample_project_file, tmp_path,
                                                                    monkeypatch):
    path = tmp_path / "shared.dtplan"
    shutil.copyfile(sample_project_file, path)
    lock_path(path).write_text(json.dumps({"user": "wangwu", "host": "office-pc-7", "pid": 1, "since": "2026-01-05T09:00"}),
                               encoding="utf-8")
    window.open_file(path)
    qtbot.waitUntil(lambda: window.doc.path == path, timeout=60000)
    wait_idle(qtbot, window)
    doc = window.doc
    assert doc.read_only and "wangwu" in doc.notice and "office-pc-7" in doc.notice
    assert window.last_notice is not None and "wangwu" in window.last_notice.text()
    assert "(read-only)" in window.windowTitle()
    assert "Save As" in window.read_only_label.text()
    assert json.loads(lock_path(path).read_text())["user"] == "wangwu"  # not taken over
    mine = tmp_path / "mine.dtplan"
    asked = dialogs(monkeypatch, save_to=mine)
    with qtbot.waitSignal(doc.saved, timeout=30000):
        window.actions_["save"].trigger()  # read-only: Save becomes Save As
    assert asked == ["save"] and doc.path == mine and not doc.read_only
    assert open_project(path).project.meta == open_project(mine).project.meta or True
    assert lock_path(mine).exists()
    assert json.loads(lock_path(path).read_text())["user"] == "wangwu"
    wait_idle(qtbot, window)


def test_lock_released_when_the_window_closes(window, qtbot, sample_project_file, tmp_path):
    path = tmp_path / "p.dtplan"
    shutil.copyfile(sample_project_file, path)
    window.open_file(path)
    qtbot.waitUntil(lambda: window.doc.path == path, timeout=60000)
    wait_idle(qtbot, window)
    assert lock_path(path).exists()
    window.close()
    assert not lock_path(path).exists()


def test_autosave_and_the_restore_offer(loaded_window, qtbot, settings, gui_home):
    window = loaded_window
    doc = window.doc
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        window.roster.request_override(7, "track", "review", "to check")
    assert doc.autosave_timer.isActive()  # an important change autosaves soon
    writer = doc.autosave()
    writer.join(30)
    wait_idle(qtbot, window)
    found = pending()
    assert len(found) == 1 and found[0].path.exists()
    # the session "crashes": no close, no discard; a new window starts and offers the autosave
    doc.stop()
    window.autosave_timer.stop()
    second = MainWindow(settings, "en")
    qtbot.addWidget(second)
    questions = []
    second.ask = lambda text, *a: questions.append(text) or Button.Yes
    second.start(sample=False)
    qtbot.waitUntil(lambda: second.doc.strategy is not None, timeout=60000)
    wait_idle(qtbot, second)
    assert questions and "Restore" in questions[0]
    restored = second.doc
    key = restored.strategy.frame["credit_code"].iat[7]
    assert restored.project.overrides.overrides[(key, "track")].reason == "to check"
    assert restored.modified and second.isWindowModified()
    target = gui_home / "restored.dtplan"
    with qtbot.waitSignal(restored.saved, timeout=30000):
        second.save_as(target)
    assert pending() == [] and not found[0].path.exists()  # forgotten once saved
    second.ask = lambda *a: Button.Discard
    window.ask = lambda *a: Button.Discard


def test_autosave_runs_beside_editing_and_writes_what_was_there_when_it_began(loaded_window, qtbot):
    window = loaded_window
    doc = window.doc
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        window.roster.request_override(7, "track", "review", "to check")
    wait_idle(qtbot, window)
    writer = doc.autosave()
    assert writer is not None and not doc.busy
    assert window.actions_["cut20"].isEnabled() and window.roster.editable()  # nothing greys out
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        window.roster.request_override(3, "track", "review", "edited during the autosave")
    writer.join(30)
    wait_idle(qtbot, window)
    written = open_project(pending()[0].path).project.overrides.overrides
    keys = doc.strategy.frame["credit_code"]
    assert (keys.iat[7], "track") in written and (keys.iat[3], "track") not in written
    assert len(doc.project.overrides.overrides) == 2


def test_declining_the_restore_keeps_it_for_next_time_and_discard_forgets_it(loaded_window, qtbot, settings):
    window = loaded_window
    with qtbot.waitSignal(window.doc.strategyChanged, timeout=30000):
        window.roster.request_override(1, "tier", "good", "x")
    wait_idle(qtbot, window)  # the tagging task ends after it announces the tags
    window.doc.autosave().join(30)
    wait_idle(qtbot, window)
    assert pending()
    second = MainWindow(settings, "en")
    qtbot.addWidget(second)
    second.ask = lambda *a: Button.No
    second.start(sample=True)
    assert pending()  # "not now": offered again at the next start
    qtbot.waitUntil(lambda: second.doc.strategy is not None, timeout=120000)
    wait_idle(qtbot, second)
    assert second.doc.project.meta.title == "Sample project" and not second.doc.modified
    third = MainWindow(settings, "en")
    qtbot.addWidget(third)
    questions = []
    third.ask = lambda text, *a: questions.append(text) or Button.Discard
    third.start(sample=False)
    assert questions and pending() == []  # asked again; discarded on purpose, it is gone


def test_a_project_without_a_roster_is_autosaved_even_while_a_task_runs(window, qtbot):
    import threading

    doc = window.doc
    window.autosave_timer.stop()
    doc.project.meta.title = "no roster yet"
    doc.mark_dirty()
    assert doc.autosave_timer.isActive()
    doc.autosave_timer.start(10 * AUTOSAVE_SOON_MS)  # an autosave already due
    doc.autosave_soon()  # a later change does not put it off (nor bring it nearer)
    assert doc.autosave_timer.remainingTime() > 5 * AUTOSAVE_SOON_MS
    release = threading.Event()
    task = doc.runner.submit("a long task", lambda p: release.wait(30))
    assert doc.busy
    doc.autosave().join(30)
    found = pending()
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=30000)
    assert [r.title for r in found] == ["no roster yet"]
    doc.discard_autosave()


def test_revert_keeps_the_autosave_when_the_file_no_longer_opens(loaded_window, qtbot, tmp_path):
    window = loaded_window
    doc = window.doc
    saved = tmp_path / "r.dtplan"
    with qtbot.waitSignal(doc.saved, timeout=30000):
        window.save_as(saved)
    wait_idle(qtbot, window)
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        window.roster.request_override(2, "tier", "weak", "unsaved")
    doc.autosave().join(30)
    autosave = doc.autosaver.path
    assert autosave.exists()
    saved.write_bytes(b"not a project any more")
    window.ask = lambda *a: Button.Yes
    failures = []
    doc.failed.connect(lambda *a: failures.append(a))
    wait_idle(qtbot, window)  # Revert is disabled while the change is still being planned
    assert window.actions_["revert"].isEnabled()
    window.actions_["revert"].trigger()
    qtbot.waitUntil(lambda: bool(failures), timeout=30000)
    wait_idle(qtbot, window)
    assert autosave.exists() and doc.modified
    window.ask = lambda *a: Button.Discard


def test_close_asks_and_can_save_first(loaded_window, qtbot, tmp_path, monkeypatch):
    window = loaded_window
    with qtbot.waitSignal(window.doc.strategyChanged, timeout=30000):
        window.roster.request_override(1, "tier", "good", "x")
    wait_idle(qtbot, window)  # the tagging task ends after it announces the tags
    window.ask = lambda *a: Button.Cancel
    assert not window.close() and window.isVisible()
    target = tmp_path / "on-close.dtplan"
    dialogs(monkeypatch, save_to=target)
    window.ask = lambda *a: Button.Save
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60000)
    assert target.exists() and not lock_path(target).exists()
    assert open_project(target).project.overrides.overrides


def test_a_file_that_is_not_a_project_is_refused_with_the_core_message(window, qtbot, tmp_path):
    garbage = tmp_path / "notes.dtplan"
    garbage.write_text("not a database", encoding="utf-8")
    window.open_file(garbage)
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=30000)
    wait_idle(qtbot, window)
    assert isinstance(window.last_error, QMessageBox)
    assert "notes.dtplan" in window.last_error.informativeText() and "DTPlan" in window.last_error.informativeText()
    assert window.doc.path is None
    window.last_error.close()


def test_start_removes_what_killed_saves_left_beside_recent_projects(window, settings, gui_home):
    import time

    from planning.project.autosave import recovery_dir

    folder = gui_home / "projects"
    folder.mkdir()
    project = folder / "p.dtplan"
    project.write_bytes(b"x")
    settings.add_recent(project)
    recovery_dir().mkdir(parents=True, exist_ok=True)
    stale = [folder / ".p.dtplan.k2x9_a0b.tmp", folder / ".p.dtplan.bak.tmp", recovery_dir() / ("ab" * 16 + ".json.tmp")]
    kept = [folder / ".p.dtplan.fresh000.tmp", folder / "own.tmp"]
    old = time.time() - 7200
    for path in stale + kept:
        path.write_bytes(b"half a save")
    for path in stale + kept[1:]:
        os.utime(path, (old, old))
    window.start(sample=False)
    assert not any(p.exists() for p in stale) and all(p.exists() for p in kept)
