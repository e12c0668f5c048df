"""The roster view over the sample project: sorting and filtering through the index permutation,
the detail panel, and overrides done, undone and redone through the undo stack."""

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from planning.strategy.catalogue import track_label
from planning.strategy.explanations import explanation_text
from tests.conftest import wait_idle
from ui.override_dialog import OverrideDialog


def shown(model, key: str) -> list[str]:
    column = model.column_of(key)
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_sort_by_number_and_text_follows_a_stable_argsort(loaded_window):
    roster = loaded_window.roster
    model = roster.model
    frame = loaded_window.doc.strategy.frame
    before = frame.copy()
    model.sort(model.column_of("score"), Qt.SortOrder.DescendingOrder)
    score = frame["score"].to_numpy(dtype=float)
    expected = np.argsort(-score, kind="stable")
    assert list(model.rows) == list(expected)
    assert np.isnan(score[model.rows[-1]]) or score[model.rows[-1]] == np.nanmin(score)
    model.sort(model.column_of("name"), Qt.SortOrder.AscendingOrder)
    names = shown(model, "name")
    assert names[: len([n for n in names if n])] == sorted(n for n in names if n)
    pd.testing.assert_frame_equal(frame, before)  # the data are never reordered


def test_sorting_keeps_the_selected_firm_selected(loaded_window):
    roster = loaded_window.roster
    roster.select_firm(17)
    roster.table.sortByColumn(roster.model.column_of("revenue_wan"), Qt.SortOrder.DescendingOrder)
    current = roster.table.selectionModel().currentIndex()
    assert roster.model.source_row(current.row()) == 17
    assert roster.selected_row == 17


def test_search_and_filters_narrow_the_rows(loaded_window, qtbot):
    roster = loaded_window.roster
    frame = loaded_window.doc.strategy.frame
    model = roster.model
    city = frame["city"].value_counts().index[1]
    roster.city.setCurrentIndex(roster.city.findData(city))
    assert model.rowCount() == int((frame["city"] == city).sum())
    assert set(shown(model, "city")) == {roster.city.currentText()}  # in English, the city's pinyin
    roster.track.setCurrentIndex(roster.track.findData("intelligence"))
    both = int(((frame["city"] == city) & (frame["track"] == "intelligence")).sum())
    assert model.rowCount() == both
    assert roster.count_label.text() == f"{both:,} of {len(frame):,} firms"
    roster.city.setCurrentIndex(0)
    roster.track.setCurrentIndex(0)
    code = frame["credit_code"].dropna().iloc[123]
    roster.search.setText(code[-8:].lower())
    qtbot.waitUntil(lambda: model.rowCount() < len(frame))
    assert code in shown(model, "credit_code")
    roster.search.clear()
    roster.apply_filter()
    roster.flag.setCurrentIndex(roster.flag.findData("unclassified"))
    assert model.rowCount() == int((frame["sector_source"] == "unclassified").sum()) > 0
    roster.flag.setCurrentIndex(roster.flag.findData("funded"))
    funded = loaded_window.doc.current_plan().lines["firm"].nunique()
    assert model.rowCount() == funded


def test_sorting_a_filtered_view_sorts_only_what_is_shown(loaded_window):
    roster = loaded_window.roster
    frame = loaded_window.doc.strategy.frame
    roster.tier.setCurrentIndex(roster.tier.findData("good"))
    model = roster.model
    model.sort(model.column_of("employees"), Qt.SortOrder.AscendingOrder)
    rows = list(model.rows)
    assert set(rows) == set(np.flatnonzero((frame["tier"] == "good").to_numpy()))
    employees = frame["employees"].to_numpy(dtype=float)[rows]
    known = employees[~np.isnan(employees)]
    assert list(known) == sorted(known)
    assert np.isnan(employees[len(known):]).all()  # blanks last


def test_detail_panel_explains_the_firm_and_its_funding(loaded_window):
    roster = loaded_window.roster
    plan = loaded_window.doc.current_plan()
    row = int(plan.lines["firm"].iloc[0])
    roster.select_firm(row)
    text = roster.detail.browser.toPlainText()
    frame = loaded_window.doc.strategy.frame
    assert frame["name"].iat[row] in text
    assert "Why" in text and "Funding" in text
    assert explanation_text(loaded_window.doc.strategy, row, "en")[:40] in text.replace("\n", " ")
    funded = plan.lines[plan.lines["firm"] == row]
    assert loaded_window.doc.strategy.config.catalogue.by_id()[funded["action"].iloc[0]].label("en") in text
    assert roster.detail.adjust_button.isEnabled()


def test_override_done_undone_and_redone(loaded_window, qtbot):
    window = loaded_window
    doc, roster = window.doc, window.roster
    frame = doc.strategy.frame
    row = int(np.flatnonzero((frame["track"] == "digitalization").to_numpy())[0])
    roster.select_firm(row)
    audit_before = len(doc.project.overrides.audit)
    assert not window.isWindowModified()

    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        assert roster.request_override(row, "track", "intelligence", "provincial pilot firm")
    key = doc.strategy.frame["credit_code"].iat[row]
    assert doc.project.overrides.overrides[(key, "track")].value == "intelligence"
    assert doc.strategy.frame["track"].iat[row] == "intelligence"
    assert "track" in doc.strategy.frame["overridden"].iat[row]
    view_row = roster.model.view_row(row)
    assert roster.model.data(roster.model.index(view_row, roster.model.column_of("track"))) == track_label("intelligence", "en")
    assert window.actions_["undo"].text() == "Undo Adjust track"
    assert window.isWindowModified() and doc.plans_stale

    wait_idle(qtbot, window)  # the tagging task ends after it announces the tags
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        window.actions_["undo"].trigger()
    assert (key, "track") not in doc.project.overrides.overrides
    assert doc.strategy.frame["track"].iat[row] == "digitalization"
    assert roster.model.data(roster.model.index(roster.model.view_row(row), roster.model.column_of("track"))) == \
        track_label("digitalization", "en")
    assert not window.isWindowModified()  # back at the clean state of the undo stack
    assert window.actions_["redo"].text() == "Redo Adjust track"

    wait_idle(qtbot, window)  # the tagging task ends after it announces the tags
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        window.actions_["redo"].trigger()
    assert doc.project.overrides.overrides[(key, "track")].reason == "provincial pilot firm"
    assert doc.strategy.frame["track"].iat[row] == "intelligence"
    assert len(doc.project.overrides.audit) == audit_before + 3  # set, cleared by undo, set again
    wait_idle(qtbot, window)


def test_undo_restores_an_earlier_override_not_the_computed_value(loaded_window, qtbot):
    doc, roster = loaded_window.doc, loaded_window.roster
    for tier, reason in (("good", "site visit"), ("leading", "national champion")):
        with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
            roster.request_override(5, "tier", tier, reason)
        wait_idle(qtbot, loaded_window)  # the tagging task ends after it announces the tags
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        doc.undo_stack.undo()
    wait_idle(qtbot, loaded_window)
    key = doc.strategy.frame["credit_code"].iat[5]
    override = doc.project.overrides.overrides[(key, "tier")]
    assert (override.value, override.reason) == ("good", "site visit")
    assert doc.strategy.frame["tier"].iat[5] == "good"
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        roster.request_clear(5, "tier")
    assert (key, "tier") not in doc.project.overrides.overrides
    assert doc.undo_stack.undoText() == "Restore computed value"
    wait_idle(qtbot, loaded_window)


def test_actions_override_and_edits_refused_while_busy(loaded_window, qtbot):
    doc, roster = loaded_window.doc, loaded_window.roster
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        roster.request_override(3, "actions", ["S01", "D01"], "only diagnosis and ERP this year")
    wait_idle(qtbot, loaded_window)  # the tagging task ends after it announces the tags
    assert doc.strategy.frame["actions"].iat[3] == "S01;D01"
    with qtbot.waitSignal(doc.busyChanged, timeout=5000):
        task = doc.refresh_strategy()
    assert doc.busy and not roster.request_override(4, "tier", "good", "x")
    assert not loaded_window.actions_["undo"].isEnabled()
    qtbot.waitUntil(lambda: task.done, timeout=30000)
    wait_idle(qtbot, loaded_window)
    qtbot.waitUntil(lambda: loaded_window.actions_["undo"].isEnabled(), timeout=5000)


def test_override_dialog_needs_a_new_value_and_a_reason(loaded_window, qtbot):
    result = loaded_window.doc.strategy
    dialog = OverrideDialog(result, 0, "tier", "Digital foundation", "en")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    other = next(t.id for t in result.config.foundation.all_tiers() if t.id != result.frame["tier"].iat[0])
    dialog.set_value(other)
    assert not ok.isEnabled()  # no reason yet
    dialog.reason.setPlainText("   ")
    assert not ok.isEnabled()
    dialog.reason.setPlainText("verified on site")
    assert ok.isEnabled() and dialog.value() == other and dialog.reason_text() == "verified on site"


@pytest.mark.parametrize("field", ["tier", "key_sector", "track", "actions"])
def test_every_override_field_offers_the_template_choices(loaded_window, qtbot, field):
    dialog = OverrideDialog(loaded_window.doc.strategy, 0, field, field, "en")
    qtbot.addWidget(dialog)
    count = dialog.editor.count()
    config = loaded_window.doc.strategy.config
    expected = {"tier": len(config.foundation.all_tiers()), "key_sector": len(config.sectors.sectors), "track": 4,
                "actions": len(config.catalogue.actions)}[field]
    assert count == expected


def test_import_report_jumps_to_the_firm(loaded_window):
    window = loaded_window
    dialog = window.show_import_report()
    view = dialog.view
    report = window.doc.project.report
    assert view.model.rowCount() == len(report.rows())
    roster = window.doc.project.roster
    row = 42
    file = str(roster["source_file"].iat[row]).replace("\\", "/").rsplit("/", 1)[-1]
    view.jumpRequested.emit(file, roster["source_sheet"].iat[row], int(roster["source_row"].iat[row]))
    assert window.tabs.currentWidget() is window.roster and window.roster.selected_row == row
    dialog.close()


def test_a_report_row_finds_the_roster_row_read_from_it():
    from ui.source_rows import file_name, roster_row_of

    frame = pd.DataFrame({"source_file": [r"C:\名单\宿州.xlsx", "/data/宿州.xlsx", "/data/亳州.xlsx"],
                          "source_sheet": ["Sheet1", "Sheet2", "Sheet1"], "source_row": [7, 7, 7]})
    assert file_name(r"C:\名单\宿州.xlsx") == "宿州.xlsx" == file_name("/data/宿州.xlsx")
    assert roster_row_of(frame, "宿州.xlsx", "Sheet2", 7) == 1
    assert roster_row_of(frame, "宿州.xlsx", "Sheet1", 7) == 0
    assert roster_row_of(frame, "亳州.xlsx", "Sheet1", 8) is None
