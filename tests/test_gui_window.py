"""The window on an office laptop's screen: where it opens, that the status bar's Cancel and the
budget view's buttons stay on screen at 1366×768, the geometry remembered per screen; and the file
names a chart's title suggests."""

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.charts_view import ChartsView
from ui.main_window import DEFAULT_SIZE, MainWindow, screen_key

LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel taskbar


def inside(widget, window) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size()))


def new_window(qtbot, settings, lang):
    window = MainWindow(settings, lang)
    window.ask = lambda *args: QMessageBox.StandardButton.Discard
    qtbot.addWidget(window)
    return window


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_on_a_1366x768_screen_the_window_fits_and_its_buttons_are_on_screen(qtbot, settings, lang):
    window = new_window(qtbot, settings, lang)
    window.fit_to(LAPTOP)
    assert window.isMaximized()
    window.showNormal()
    window.setGeometry(LAPTOP.adjusted(0, 30, 0, 0))  # what maximised leaves under a title bar
    qtbot.waitExposed(window)
    hint = window.minimumSizeHint()
    assert hint.width() <= LAPTOP.width() and hint.height() <= LAPTOP.height() - 30
    scaled = LAPTOP.size() / 1.5  # the same laptop at 150 % display scaling, in logical pixels
    assert hint.width() <= scaled.width() and hint.height() <= scaled.height() - 30
    assert window.width() <= LAPTOP.width() and window.height() <= LAPTOP.height() - 30

    indicator = window.indicator
    indicator.show()
    QApplication.processEvents()
    assert indicator.cancel_button.isVisible() and inside(indicator.cancel_button, window)

    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        assert inside(window.tabs.currentWidget(), window)
    window.tabs.setCurrentWidget(window.budget)
    QApplication.processEvents()
    for button in (window.budget.plan_button, window.budget.all_button):
        assert button.isVisible() and inside(button, window), button.text()
    window.budget.show_page("cuts")
    QApplication.processEvents()
    for button in window.budget.cut_buttons:
        assert button.isVisible() and inside(button, window), button.text()
    window.tabs.setCurrentWidget(window.roster)
    QApplication.processEvents()
    adjust = window.roster.detail.adjust_button
    if adjust.isVisible():
        assert inside(adjust, window)


def test_a_large_screen_gets_the_default_size_centred(qtbot, settings):
    window = new_window(qtbot, settings, "en")
    screen = QRect(0, 0, 1920, 1040)
    window.fit_to(screen)
    assert not window.isMaximized()
    assert window.geometry().size() == DEFAULT_SIZE
    assert abs(window.geometry().center().x() - screen.center().x()) <= 1


def test_the_geometry_is_remembered_per_screen(qtbot, settings):
    window = new_window(qtbot, settings, "en")
    window.show()
    qtbot.waitExposed(window)
    window.setGeometry(QRect(40, 50, 700, 520))  # within the offscreen screen (800×600)
    window.close()
    key = screen_key(window.screen())
    geometry, _state = settings.window_state(key)
    assert geometry is not None
    assert settings.window_state("other_screen_800x600")[0] is None

    again = new_window(qtbot, settings, "en")
    assert again.height() == window.height() == 520


@pytest.mark.parametrize("title, name", [
    ("项目数量（实施前/后）", "项目数量（实施前_后）.png"),
    ('a\\b:c*d?"e<f>g|h', "a_b_c_d_e_f_g_h.png"),
    ("各地市资金 1.5 亿", "各地市资金 1.5 亿.png"),
])
def test_a_chart_title_becomes_a_file_name_without_folders(title, name):
    assert ChartsView.file_name(title) == name


def test_a_chart_exported_under_a_title_with_a_slash_lands_in_the_chosen_folder(loaded_window, qtbot, tmp_path,
                                                                                  monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    charts = loaded_window.charts
    loaded_window.tabs.setCurrentWidget(charts)
    qtbot.waitUntil(lambda: charts.current() is not None, timeout=60000)
    proposed = []

    def save(parent, caption, name, filters):
        proposed.append(name)
        return str(tmp_path / name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    written = charts.export()
    assert "/" not in proposed[0] and written.parent == tmp_path and written.exists()


def test_columns_fit_their_content_on_every_open_and_user_widths_are_kept(loaded_window, qtbot, sample_project_file,
                                                                         tmp_path):
    import shutil

    from tests.conftest import wait_idle
    from ui.column_widths import MAX_CHARS

    window = loaded_window
    table, model = window.roster.table, window.roster.model
    name, code = model.column_of("name"), model.column_of("credit_code")
    table.setColumnWidth(name, 40)  # squeezed, as a previous project left it
    table.setColumnWidth(code, 40)
    window.settings.qsettings.remove("columns")
    path = tmp_path / "again.dtplan"
    shutil.copyfile(sample_project_file, path)
    window.open_file(path)  # what Ctrl+O and the recent files do
    qtbot.waitUntil(lambda: window.doc.path == path, timeout=60000)
    wait_idle(qtbot, window)
    metrics = table.fontMetrics()
    em = metrics.horizontalAdvance("汉")
    for column in (name, code):
        longest = max(metrics.horizontalAdvance(str(model.data(model.index(r, column)))) for r in range(50))
        assert table.columnWidth(column) >= min(longest, MAX_CHARS * em)
    header_width = table.horizontalHeader().fontMetrics().horizontalAdvance(str(model.headerData(
        code, Qt.Orientation.Horizontal)))
    assert table.columnWidth(code) > header_width

    table.horizontalHeader().resizeSection(name, 123)  # the user drags the edge
    assert window.settings.column_widths("roster")["name"] == 123
    window.open_file(path)
    qtbot.waitUntil(lambda: not window.runner.tasks and window.doc.strategy is not None, timeout=60000)
    wait_idle(qtbot, window)
    assert table.columnWidth(model.column_of("name")) == 123


def test_a_large_table_is_sized_from_a_sample_of_its_rows():
    from ui.column_widths import SAMPLE_ROWS, sample_rows

    assert list(sample_rows(10)) == list(range(10))
    rows = sample_rows(20_000)
    assert len(rows) == SAMPLE_ROWS and rows[0] == 0 and rows[-1] > 19_000


def test_a_file_open_in_one_window_is_brought_forward_not_opened_twice(qtbot, settings, sample_project_file, tmp_path):
    import shutil

    from planning.project.lock import lock_path
    from tests.conftest import wait_idle

    path = tmp_path / "shared.dtplan"
    shutil.copyfile(sample_project_file, path)
    first, second = new_window(qtbot, settings, "en"), new_window(qtbot, settings, "en")
    first.show()
    second.show()
    first.open_file(path)
    qtbot.waitUntil(lambda: first.doc.path == path, timeout=60000)
    wait_idle(qtbot, first)
    assert first.doc.locked == path and not first.doc.read_only

    second.open_file(path)  # from the menu, the recent files or a drop
    assert second.doc.path is None and not second.runner.tasks

    second.doc.open(path)  # were it opened anyway, it would be read-only
    qtbot.waitUntil(lambda: second.doc.path == path, timeout=60000)
    wait_idle(qtbot, second)
    assert second.doc.read_only and second.doc.locked is None and "another DTPlan window" in second.doc.notice
    second.close()
    assert lock_path(path).exists()  # closing the second window leaves the first one's lock
    first.close()
    assert not lock_path(path).exists()


def test_save_as_onto_a_file_another_window_edits_is_refused(qtbot, settings, sample_project_file, tmp_path):
    import shutil

    from tests.conftest import wait_idle

    path = tmp_path / "shared.dtplan"
    shutil.copyfile(sample_project_file, path)
    first, second = new_window(qtbot, settings, "en"), new_window(qtbot, settings, "en")
    first.open_file(path)
    qtbot.waitUntil(lambda: first.doc.path == path, timeout=60000)
    wait_idle(qtbot, first)
    before = path.read_bytes()
    assert second.save_as(path) is None
    assert "another DTPlan window" in second.statusBar().currentMessage()
    assert path.read_bytes() == before and second.doc.path is None
