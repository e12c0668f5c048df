"""At start the window reopens the most recent project when it still exists (like WPS), instead of
importing and planning the sample again; the sample only on a first run, when the recent project is gone,
or when the preference says so."""

import shutil

import pytest

from tests.conftest import wait_idle
from ui.preferences import PreferencesDialog


@pytest.fixture
def sample_calls(window, monkeypatch):
    calls = []
    monkeypatch.setattr(window, "load_sample", lambda: calls.append("sample"))
    return calls


def test_the_most_recent_project_is_reopened(window, qtbot, settings, sample_project_file, tmp_path, sample_calls):
    older, newer = tmp_path / "older.dtplan", tmp_path / "newer.dtplan"
    for path in (older, newer):
        shutil.copyfile(sample_project_file, path)
        settings.add_recent(path)
    window.start()
    qtbot.waitUntil(lambda: window.doc.path is not None, timeout=60000)
    wait_idle(qtbot, window)
    assert window.doc.path.resolve() == newer.resolve() and not sample_calls
    assert window.doc.current_plan() is not None and not window.doc.modified


def test_the_sample_on_a_first_run_or_when_the_recent_project_is_gone(window, settings, tmp_path, sample_calls):
    window.start()
    assert sample_calls == ["sample"]
    gone = tmp_path / "gone.dtplan"
    gone.write_bytes(b"x")
    settings.add_recent(gone)
    gone.unlink()
    window.start()
    assert sample_calls == ["sample", "sample"] and window.doc.path is None


def test_the_preference_turns_reopening_off(window, qtbot, settings, sample_project_file, tmp_path, sample_calls):
    path = tmp_path / "p.dtplan"
    shutil.copyfile(sample_project_file, path)
    settings.add_recent(path)
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.reopen_last.isChecked()
    dialog.reopen_last.setChecked(False)
    dialog.save()
    assert settings.reopen_last is False
    window.start()
    assert sample_calls == ["sample"] and window.doc.path is None
