"""Importing into a project that has firms: the planner chooses add / replace a city (detected from the
file) / replace all from a preview, and one undo brings back roster, overrides and plans."""

from planning.importing.importer import Roster
from planning.project.roster_update import ADD, REPLACE_ALL, REPLACE_CITY
from tests.conftest import wait_idle
from tests.test_roster_update import CITY, city_resubmission


def test_a_city_resubmission_is_previewed_applied_and_undone_in_one_step(loaded_window, qtbot):
    window, doc = loaded_window, loaded_window.doc
    roster_before, plan_before = doc.project.roster, doc.current_plan()
    runs_before = dict(doc.project.runs)
    incoming, report, gone = city_resubmission(doc.project)
    dialog = window.import_roster(Roster(incoming, report))
    qtbot.addWidget(dialog)
    assert dialog.mode() == REPLACE_CITY and dialog.city.currentData() == CITY  # detected from the file
    assert CITY in dialog.hint.text()
    assert "1 firms added, 1 updated, 1 removed" in dialog.summary.text()
    kinds = [dialog.changes.item(r, 0).text() for r in range(dialog.changes.rowCount())]
    assert kinds == ["Added", "Updated", "Removed"]
    assert dialog.changes.item(1, 3).text() == "Phone"
    dialog.set_mode(REPLACE_ALL)
    assert len(dialog.preview.removed) == len(roster_before) - (len(incoming) - 1)
    dialog.set_mode(ADD)
    assert not dialog.preview.removed
    dialog.set_mode(REPLACE_CITY, CITY)
    with qtbot.waitSignal(doc.strategyChanged, timeout=60000):
        dialog.accept()
    assert len(doc.project.roster) == len(roster_before)
    assert gone["name"] not in set(doc.project.roster["name"])
    assert doc.undo_stack.undoText() == "Import rosters: replace a city"
    wait_idle(qtbot, window)
    assert doc.current_plan() is not None and doc.current_plan() is not plan_before  # planned again

    with qtbot.waitSignal(doc.strategyChanged, timeout=60000):
        doc.undo_stack.undo()
    assert doc.project.roster is roster_before
    assert doc.current_plan() is plan_before and doc.project.runs == runs_before  # the plan is back too
    wait_idle(qtbot, window)
    assert not doc.plans_stale and len(doc.strategy) == len(roster_before)


def test_cancelling_the_choice_changes_nothing(loaded_window, qtbot):
    doc = loaded_window.doc
    roster_before = doc.project.roster
    incoming, report, _ = city_resubmission(doc.project)
    dialog = loaded_window.import_roster(Roster(incoming, report))
    qtbot.addWidget(dialog)
    dialog.reject()
    assert doc.project.roster is roster_before and not doc.undo_stack.count()


def test_the_cities_to_replace_are_listed_in_division_order(loaded_window, qtbot):
    doc = loaded_window.doc
    incoming, report, _ = city_resubmission(doc.project)
    dialog = loaded_window.import_roster(Roster(incoming, report))
    qtbot.addWidget(dialog)
    cities = [dialog.city.itemText(k) for k in range(dialog.city.count())]
    assert cities[:3] == ["合肥市", "芜湖市", "蚌埠市"] and len(cities) == doc.project.roster["city"].nunique()
    dialog.reject()


def test_the_wizard_leads_to_the_choice_when_the_project_has_firms(loaded_window, qtbot, tmp_path):
    from tests.roster_files import FIRMS, simple_rows, write_xlsx
    from tests.test_gui_import import open_wizard

    window, doc = loaded_window, loaded_window.doc
    before = len(doc.project.roster)
    wuhu = int((doc.project.roster["city"] == CITY).sum())
    wizard = open_wizard(window, qtbot, [write_xlsx(tmp_path / "芜湖.xlsx", simple_rows([FIRMS[1]]))])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.isComplete(), timeout=30000)
    wizard.accept()
    dialog = window.import_mode_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.mode() == REPLACE_CITY
    assert doc.project.roster is not None and len(doc.project.roster) == before  # nothing changed yet
    with qtbot.waitSignal(doc.strategyChanged, timeout=60000):
        dialog.accept()
    assert len(doc.project.roster) == before - wuhu + 1
    wait_idle(qtbot, window)


def test_an_import_accepted_while_work_runs_is_applied_when_it_ends(loaded_window, qtbot):
    window, doc = loaded_window, loaded_window.doc
    incoming, report, _ = city_resubmission(doc.project)
    dialog = window.import_roster(Roster(incoming, report))
    qtbot.addWidget(dialog)
    doc.plan("baseline")  # runs in the background
    assert doc.busy
    roster_before = doc.project.roster
    dialog.accept()
    assert doc.project.roster is roster_before and not doc.undo_stack.count()
    qtbot.waitUntil(lambda: doc.undo_stack.count() == 1, timeout=120000)
    assert doc.project.roster is not roster_before
    wait_idle(qtbot, window)
