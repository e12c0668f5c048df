"""The import wizard on small fixture rosters: detected header and mapping, a mapping changed by the
planner, the normalised preview and the validation report (filter, jump, export), then the import
into the project (undoable), and files dropped on the window."""

import pandas as pd
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.conftest import wait_idle
from tests.roster_files import FIRMS, HEADER, simple_rows, write_xlsx

TITLE = ["2025年数字化转型企业名单（填报单位：某市工信局）"]


def roster_with_problems(path):
    rows = [TITLE, [], HEADER] + [[i + 1, *firm] for i, firm in enumerate(FIRMS)]
    rows.append([4, "宿州丁纺织有限公司", "91341300MA2BAD0000", "宿州市", "埇桥区", "C17", "一百", 30, "二级"])
    rows.append(["合计", None, None, None, None, None, 2300, 205, None])
    return write_xlsx(path, rows)


def open_wizard(window, qtbot, paths):
    wizard = window.import_rosters(paths)
    qtbot.addWidget(wizard)
    assert wizard.files_page.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.layout_page.isComplete(), timeout=30000)
    return wizard


def field_of(page, letter: str) -> str:
    for r in range(page.columns.rowCount()):
        if page.columns.item(r, 0).text() == letter:
            return page.columns.cellWidget(r, 2).currentData()
    raise KeyError(letter)


def combo_of(page, letter: str):
    for r in range(page.columns.rowCount()):
        if page.columns.item(r, 0).text() == letter:
            return page.columns.cellWidget(r, 2)
    raise KeyError(letter)


def test_wizard_shows_the_detected_header_and_imports(window, qtbot, tmp_path):
    path = roster_with_problems(tmp_path / "宿州名单.xlsx")
    wizard = open_wizard(window, qtbot, [path])
    page = wizard.layout_page
    layout = page.inspection.layout
    assert layout.header_row == 2  # third row, under the title and a blank row
    assert "row 3" in page.status.text()
    assert field_of(page, "B") == "name" and field_of(page, "C") == "credit_code" and field_of(page, "E") == "county"
    assert page.raw.item(2, 1).background().color().name().lower() == "#ddebf7"  # the header row is marked
    combo = combo_of(page, "E")
    combo.setCurrentIndex(combo.findData(""))  # the planner says: do not import the county column
    assert page.options().mapping == {"E": ""}

    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.isComplete(), timeout=30000)
    roster = wizard.roster()
    assert len(roster.frame) == 4
    assert roster.frame["county"].isna().all()  # the mapping was applied by the real import
    assert "4 firms imported" in preview.summary.text()
    assert preview.data_model.rowCount() == 4
    names = [preview.data_model.data(preview.data_model.index(r, preview.data_model.column_of("name")))
             for r in range(4)]
    assert "宿州丁纺织有限公司" in names

    report = preview.report
    total = report.model.rowCount()
    assert total == len(roster.report.rows())
    report.severity.setCurrentIndex(report.severity.findData("error"))
    errors = [r for r in roster.report.rows() if r["severity"] == "error"]
    assert report.model.rowCount() == len(errors) > 0
    report.severity.setCurrentIndex(0)
    report.category.setCurrentIndex(report.category.findData("skipped"))
    assert report.model.rowCount() == len(roster.report.skipped)
    report.category.setCurrentIndex(0)
    report.kind.setCurrentIndex(report.kind.findData("value.unparseable_number"))
    assert report.model.rowCount() == 1
    csv = report.export(tmp_path / "report.csv")
    exported = pd.read_csv(csv, encoding="utf-8-sig")
    assert len(exported) == 1 and exported["Row"].iloc[0] == 7
    assert preview.jump("宿州名单.xlsx", exported["Sheet"].iloc[0], 7)
    assert preview.tabs.currentWidget() is preview.data
    selected = preview.data.selectionModel().selectedRows()[0]
    assert preview.data_model.source_row(selected.row()) == 3
    assert not preview.jump("宿州名单.xlsx", exported["Sheet"].iloc[0], 1)  # the title row is not a firm
    report.kind.setCurrentIndex(0)
    xlsx = report.export(tmp_path / "report.xlsx")
    assert len(pd.read_excel(xlsx, engine="calamine")) == total

    with qtbot.waitSignal(window.doc.strategyChanged, timeout=30000):
        wizard.accept()
    assert len(window.doc.project.roster) == 4
    assert window.doc.undo_stack.undoText() == "Import rosters"
    assert window.isWindowModified()
    wait_idle(qtbot, window)
    assert window.doc.current_plan() is not None  # planned after the import
    with qtbot.waitSignal(window.doc.strategyChanged, timeout=30000):
        window.doc.undo_stack.undo()
    assert window.doc.project.roster is None
    wait_idle(qtbot, window)


def test_several_files_and_a_forced_header_row(window, qtbot, tmp_path):
    first = write_xlsx(tmp_path / "a.xlsx", simple_rows())
    second = write_xlsx(tmp_path / "b.xlsx", simple_rows([
        ("淮南戊机械有限公司", "91340400MA2XXXXX1Y", "淮南市", "寿县", "C34", 500, 40, "二级")]))
    wizard = open_wizard(window, qtbot, [first, second])
    page = wizard.layout_page
    assert page.file.count() == 2
    assert page.spec_of(1) == "企业名称"  # several files: columns are named by their header
    page.file.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.isComplete() and page.inspection.path == second, timeout=30000)
    page.header_row.setValue(1)
    page.load(sheet=None)
    qtbot.waitUntil(lambda: page.isComplete(), timeout=30000)
    assert page.options().header_row == 1
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.isComplete(), timeout=30000)
    assert len(wizard.roster().frame) == 4
    assert set(wizard.roster().frame["source_file"].map(lambda p: p.rsplit("/", 1)[-1])) == {"a.xlsx", "b.xlsx"}
    wizard.reject()
    wait_idle(qtbot, window)


def test_a_file_that_is_not_a_roster_is_explained_not_imported(window, qtbot, tmp_path):
    path = write_xlsx(tmp_path / "notes.xlsx", [["说明"], ["本表为填表说明"]])
    wizard = window.import_rosters([path])
    qtbot.addWidget(wizard)
    wizard.next()
    page = wizard.layout_page
    qtbot.waitUntil(lambda: not page.loading, timeout=30000)
    assert page.inspection.layout is None and "No roster header" in page.status.text()
    wizard.next()  # "detect every roster sheet" still lets the planner try the import
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: not preview.loading, timeout=30000)
    assert not preview.isComplete()
    assert "notes.xlsx" in preview.summary.text()
    wizard.reject()
    wait_idle(qtbot, window)


def drop(window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_dropping_rosters_opens_the_wizard_with_them(window, qtbot, tmp_path):
    path = write_xlsx(tmp_path / "drop.xlsx", simple_rows())
    opened = []
    original = window.import_rosters
    window.import_rosters = lambda paths=(): opened.append(original(paths)) or opened[-1]
    drop(window, [path])
    wizard = opened[0]
    qtbot.addWidget(wizard)
    assert wizard.paths() == [path]
    wizard.reject()
    wait_idle(qtbot, window)


@pytest.mark.parametrize("suffix", [".dtplan"])
def test_dropping_a_project_opens_it(window, qtbot, sample_project_file, tmp_path, suffix):
    import shutil

    copy = tmp_path / ("dropped" + suffix)
    shutil.copyfile(sample_project_file, copy)
    drop(window, [copy])
    qtbot.waitUntil(lambda: window.doc.path == copy, timeout=30000)
    wait_idle(qtbot, window)
    assert len(window.doc.project.roster) == 2000


def test_a_bad_file_among_several_is_listed_and_the_others_are_imported(window, qtbot, tmp_path):
    bad = tmp_path / "损坏.xlsx"
    bad.write_bytes(b"PK\x03\x04" + bytes(200))  # a damaged zip: it cannot be read at all
    good = write_xlsx(tmp_path / "good.xlsx", simple_rows())
    wizard = window.import_rosters([bad, good])
    qtbot.addWidget(wizard)
    wizard.next()
    page = wizard.layout_page
    qtbot.waitUntil(lambda: page.isComplete(), timeout=30000)  # the next file is shown
    assert page.file.currentData() == str(good) and str(bad) in page.refused
    assert "损坏.xlsx" in page.refused_label.text()
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.isComplete(), timeout=30000)
    assert len(wizard.roster().frame) == len(FIRMS)
    assert "Not imported: 损坏.xlsx" in preview.summary.text()
    wizard.reject()
    wait_idle(qtbot, window)
