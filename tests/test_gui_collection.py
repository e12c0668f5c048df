"""Closing the loop with the cities in the window: File → Roster template… writes the collection
template (for a city, pre-filled from the open project), and the import report writes the lists of
rows to correct, one per city; both end offering to open the folder."""

from PySide6.QtWidgets import QFileDialog, QMessageBox

from planning.importing.importer import import_rosters
from tests.conftest import wait_idle

Button = QMessageBox.StandardButton


def answering_no(window):
    asked = []

    def ask(text, buttons, default):
        asked.append(text)
        return Button.No

    window.ask = ask
    return asked


def test_the_roster_template_of_a_city_pre_filled_from_the_open_project(loaded_window, qtbot, tmp_path, monkeypatch):
    window = loaded_window
    asked = answering_no(window)
    target = tmp_path / "hefei.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions_["roster_template"].trigger()
    dialog = window.template_dialog
    assert dialog.isVisible() and dialog.place.itemData(0) is None and "Anhui" in dialog.place.itemText(0)
    assert dialog.prefill.isEnabled() and dialog.prefill.isChecked()
    dialog.place.setCurrentIndex(dialog.place.findData("合肥市"))
    dialog.accept()
    wait_idle(qtbot, window)
    assert target.is_file()
    hefei = window.doc.project.roster
    hefei = hefei[hefei["city"] == "合肥市"]
    back = import_rosters([target])
    assert back.frame["credit_code"].tolist() == hefei["credit_code"].tolist()
    assert len(asked) == 1 and str(target) in asked[0] and "Open the folder?" in asked[0]
    assert f"{len(hefei)} firms" in asked[0]


def test_without_a_roster_the_template_is_the_provinces_and_empty(window, qtbot, tmp_path, monkeypatch):
    asked = answering_no(window)
    target = tmp_path / "province.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions_["roster_template"].trigger()
    dialog = window.template_dialog
    assert not dialog.prefill.isEnabled() and dialog.place.count() == 17  # the province and its 16 cities
    dialog.accept()
    wait_idle(qtbot, window)
    assert target.is_file() and "0 firms" in asked[0]


def test_cancelling_the_dialog_writes_nothing(window, qtbot, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (_ for _ in ()).throw(AssertionError("asked")))
    window.actions_["roster_template"].trigger()
    window.template_dialog.reject()
    wait_idle(qtbot, window)


def test_the_import_report_writes_one_list_per_city(loaded_window, qtbot, tmp_path, monkeypatch):
    window = loaded_window
    asked = answering_no(window)
    dialog = window.show_import_report()
    view = dialog.view
    assert view.lists_button.isEnabled()
    folder = tmp_path / "lists"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    view.lists_button.click()
    written = sorted(folder.iterdir())
    report, roster = window.doc.project.report, window.doc.project.roster
    cities = {roster["city"].iat[i] for i in range(len(roster))
              if (roster["source_file"].iat[i], roster["source_sheet"].iat[i], roster["source_row"].iat[i])
              in {(p.file, p.sheet, p.row) for p in report.issues}}
    assert len(written) >= len(cities) > 1
    assert all(p.suffix == ".xlsx" for p in written)
    assert len(asked) == 1 and str(folder) in asked[0] and f"{len(written)} lists" in asked[0]
