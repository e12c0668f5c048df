"""The report view's keys and actions: Page Up/Down, Home and End turn the pages; printing or saving the
PDF while the report is being prepared follows once it is ready; what is written offers its folder."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.conftest import wait_idle


def test_page_keys_turn_the_pages(report_window, qtbot):
    view = report_window.report.preview
    view.resize(700, 500)  # less than a sheet in view
    count = view.page_count()
    assert count > 3 and view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.current_page() == count - 1
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.current_page() == 0
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.current_page() == 2
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert view.current_page() == 1
    assert report_window.report.page_label.text() == f"Page 2 of {count}"


def test_saving_the_pdf_while_the_report_is_prepared_follows_when_ready(loaded_window, qtbot, tmp_path, monkeypatch):
    window = loaded_window
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    questions = []
    window.ask = lambda text, *_: questions.append(text) or QMessageBox.StandardButton.No
    window.actions_["pdf"].trigger()  # the report tab opens and starts preparing the report
    assert window.report.content is None and window.tabs.currentWidget() is window.report
    assert "as soon as it is ready" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: target.exists() and not window.runner.tasks, timeout=180000)
    assert window.report.waiting is None
    assert questions and str(target) in questions[-1] and "Open the folder?" in questions[-1]


def test_only_the_last_action_asked_for_follows(loaded_window, qtbot):
    window = loaded_window
    done = []
    window._report(lambda: done.append("preview"))
    window._report(lambda: done.append("print"))
    assert done == []
    qtbot.waitUntil(lambda: window.report.content is not None, timeout=120000)
    wait_idle(qtbot, window)
    assert done == ["print"]
    window._report(lambda: done.append("again"))  # ready: at once
    assert done == ["print", "again"]


def test_city_reports_end_with_a_message_that_offers_the_folder(report_window, qtbot, tmp_path, monkeypatch):
    window = report_window
    questions = []
    window.ask = lambda text, *_: questions.append(text) or QMessageBox.StandardButton.No
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    window.actions_["city_reports"].trigger()
    qtbot.waitUntil(lambda: bool(questions), timeout=300000)
    wait_idle(qtbot, window)
    count = len(list(Path(tmp_path).glob("*.pdf")))
    assert count > 0
    assert questions == [f"Wrote {count} city reports to {tmp_path}.\n\nOpen the folder?"]
