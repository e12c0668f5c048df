"""The main window in Chinese on a fresh copy of the sample project, for the forms' tests."""

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.conftest import wait_idle


@pytest.fixture
def chinese_window(qapp, qtbot, settings, sample_project_file):
    from planning.project.file_format import open_project
    from ui.app import install_translations
    from ui.main_window import MainWindow

    install_translations(qapp, "zh_CN")
    window = MainWindow(settings, "zh")
    window.ask = lambda *args: QMessageBox.StandardButton.Discard
    window.budget.method.setCurrentIndex(window.budget.method.findData("greedy"))
    qtbot.addWidget(window)
    window.show()
    window.doc.replace(open_project(sample_project_file).project)
    window.doc.refresh_strategy(then=window.doc.replan_stored)
    wait_idle(qtbot, window)
    try:
        yield window
    finally:
        install_translations(qapp, "en")
