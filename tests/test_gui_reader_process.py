"""The window survives a file whose reader aborts: the import wizard's preview and the import itself end
with the one-line refusal, and the window goes on working (planning.importing.readers.isolation)."""

import functools

from planning.importing import importer
from planning.importing.readers import isolation
from tests import reader_standins
from tests.conftest import wait_idle
from tests.roster_files import simple_rows, write_xlsx
import ui.import_inspect


def test_the_window_survives_a_reader_that_aborts(window, qtbot, tmp_path, monkeypatch):
    aborting = functools.partial(isolation.open_untrusted, opener=reader_standins.aborting)
    monkeypatch.setattr(ui.import_inspect, "open_untrusted", aborting)
    monkeypatch.setattr(importer, "open_untrusted", aborting)
    path = write_xlsx(tmp_path / "宏达名单.xlsx", simple_rows())

    wizard = window.import_rosters([path])
    qtbot.addWidget(wizard)
    wizard.next()
    page = wizard.layout_page
    qtbot.waitUntil(lambda: not page.loading, timeout=30000)
    assert "宏达名单.xlsx cannot be read: the reader stopped abruptly" in page.error
    wizard.next()  # the import itself reads the file again, in a reader of its own
    qtbot.waitUntil(lambda: "the reader stopped abruptly" in wizard.preview_page.summary.text(), timeout=30000)
    assert not wizard.preview_page.isComplete()
    wizard.reject()
    wait_idle(qtbot, window)

    monkeypatch.undo()  # the same file, read by the real reader, imports in the same window
    wizard = window.import_rosters([path])
    qtbot.addWidget(wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.layout_page.isComplete(), timeout=30000)
    assert wizard.layout_page.inspection.layout is not None
    wizard.reject()
    wait_idle(qtbot, window)
    assert window.isVisible()


def test_the_window_survives_a_project_check_that_aborts(window, qtbot, tmp_path, monkeypatch):
    from planning.project import file_format
    from planning.project.facade import Project

    project = Project.new("宏达")
    project.import_rosters([write_xlsx(tmp_path / "宏达名单.xlsx", simple_rows())])
    path = tmp_path / "宏达.dtplan"
    file_format.save_project(project, path)
    monkeypatch.setattr(file_format, "check_in_sandbox", reader_standins.project_check_aborting)
    window.open_file(path)
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=30000)
    wait_idle(qtbot, window)
    assert "宏达.dtplan" in window.last_error.informativeText()
    assert window.doc.path != path
    window.last_error.close()

    monkeypatch.undo()  # the same file, checked by the real check, opens in the same window
    window.open_file(path)
    qtbot.waitUntil(lambda: window.doc.path == path, timeout=30000)
    wait_idle(qtbot, window)
    assert window.isVisible() and len(window.doc.project.roster) == len(project.roster)
