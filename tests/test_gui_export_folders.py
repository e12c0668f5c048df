"""Every export from the window ends by saying what it wrote and offering to open its folder: the plan
workbook, the workbooks per city (as ``export --per-city`` writes them, run in the background), a chart
and the import report; the import report's window closes with its own button."""

import openpyxl
import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from tests.conftest import wait_idle


@pytest.fixture
def questions(loaded_window):
    asked = []
    loaded_window.ask = lambda text, *_: asked.append(text) or QMessageBox.StandardButton.No
    return asked


def test_the_plan_workbook_offers_its_folder(loaded_window, qtbot, tmp_path, monkeypatch, questions):
    target = tmp_path / "plan.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    loaded_window.actions_["export"].trigger()
    wait_idle(qtbot, loaded_window)
    assert target.exists()
    assert questions == [f"Wrote the plan workbook to {target}.\n\nOpen the folder?"]


def test_workbooks_per_city_from_the_menu(loaded_window, qtbot, tmp_path, monkeypatch, questions):
    window = loaded_window
    from planning.reports.city_plans import funded_cities

    cities = [c for c in funded_cities(window.doc.current_plan()) if c]
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    action = window.actions_["city_workbooks"]
    assert action.isEnabled() and action in window.menuBar().actions()[0].menu().actions()
    started = []
    window.runner.taskStarted.connect(lambda task: started.append(task))
    action.trigger()
    assert started and not started[0].quiet  # in the background, with its progress
    wait_idle(qtbot, window)
    books = sorted(tmp_path.rglob("*.xlsx"))
    assert len(books) == 1 + len(cities)
    assert sum(any(city in p.name for p in books) for city in cities) == len(cities)
    book = openpyxl.load_workbook(books[-1], read_only=True)
    assert len(book.sheetnames) >= 3
    book.close()
    assert questions == [f"Wrote {len(books)} plan workbooks (the province's and one per city) to {tmp_path}."
                         "\n\nOpen the folder?"]
    assert not window.doc.modified


def test_a_chart_export_offers_its_folder(loaded_window, qtbot, tmp_path, monkeypatch, questions):
    window = loaded_window
    charts = window.charts
    window.tabs.setCurrentWidget(charts)
    qtbot.waitUntil(lambda: charts.canvas is not None and charts.list.count() >= 6, timeout=30000)
    target = tmp_path / "chart.svg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    charts.export_button.click()
    assert target.exists()
    assert questions == [f"Wrote the chart to {target}.\n\nOpen the folder?"]


def test_the_import_report_export_offers_its_folder_and_its_window_closes(loaded_window, qtbot, tmp_path, monkeypatch,
                                                                          questions):
    dialog = loaded_window.show_import_report()
    target = tmp_path / "report.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.view.export_button.click()
    assert target.exists()
    assert questions == [f"Wrote the import report to {target}.\n\nOpen the folder?"]
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    assert close is not None and close.isVisible()
    close.click()
    assert not dialog.isVisible()


def test_the_import_report_columns_show_their_whole_titles(loaded_window):
    dialog = loaded_window.show_import_report()
    table, header = dialog.view.table, dialog.view.table.horizontalHeader()
    for k in range(dialog.view.model.columnCount()):
        assert table.columnWidth(k) >= header.sectionSizeFromContents(k).width()
