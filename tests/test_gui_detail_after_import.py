"""After an import the detail panel shows no firm that is not in the view: row numbers of the roster
before name other firms, so the selection is cleared, and a firm the data no longer shows is let go."""

from planning.importing.importer import Roster
from tests.conftest import wait_idle
from tests.test_roster_update import city_resubmission


def test_an_import_clears_the_firm_shown_in_the_detail(loaded_window, qtbot):
    window, doc, roster = loaded_window, loaded_window.doc, loaded_window.roster
    roster.select_firm(5)
    assert roster.selected_row == 5 and roster.detail.row == 5 and roster.selected_rows() == [5]
    incoming, report, _ = city_resubmission(doc.project)
    dialog = window.import_roster(Roster(incoming, report))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(doc.strategyChanged, timeout=60000):
        dialog.accept()
    wait_idle(qtbot, window)
    assert roster.selected_row == -1 and roster.detail.row == -1 and roster.selected_rows() == []
    assert "Select a firm" in roster.detail.browser.toPlainText()
    assert not window.adjust["track"].isEnabled()


def test_a_firm_the_new_data_hides_leaves_the_detail(loaded_window, qtbot):
    roster = loaded_window.roster
    roster.select_firm(5)
    roster.search.setText("no firm is called this")
    roster.apply_filter()
    roster.refresh()  # new data arrives while the firm is filtered out
    assert roster.model.rowCount() == 0 and roster.selected_row == -1 and roster.detail.row == -1
