"""The roster table as a planner works with it: several rows selected, copied with Ctrl+C as
tab-separated text, exported (the list shown or the rows selected) through the safe table writer,
the columns chosen from the header's menu and remembered, and one reason applied to many firms as
one undo step."""

from contextlib import contextmanager

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox, QFileDialog, QLabel

from tests.conftest import wait_idle
from ui.override_dialog import OverrideDialog


@contextmanager
def retagging(qtbot, window):
    """Until the edit made inside has the firms tagged again and every task after it ended."""
    with qtbot.waitSignal(window.doc.strategyChanged, timeout=30000):
        yield
    wait_idle(qtbot, window)


def texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_several_rows_selected_and_copied_as_shown(loaded_window, qtbot):
    roster = loaded_window.roster
    table, model = roster.table, roster.model
    assert table.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
    model.sort(model.column_of("revenue_wan"), Qt.SortOrder.DescendingOrder)
    wanted = [int(model.rows[k]) for k in (4, 1, 7)]
    roster.select_rows(wanted)
    assert roster.selected_rows() == [int(model.rows[k]) for k in (1, 4, 7)]  # in the order shown
    table.setFocus()
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().split("\r\n")
    assert lines[-1] == "" and len(lines) == 1 + 3 + 1
    header = lines[0].split("\t")
    assert header == [c.header for c in model.columns]
    revenue = header.index(model.columns[model.column_of("revenue_wan")].header)
    name = header.index(model.columns[model.column_of("name")].header)
    frame = loaded_window.doc.strategy.frame
    for line, k in zip(lines[1:4], (1, 4, 7)):
        cells = line.split("\t")
        assert len(cells) == len(header)
        assert cells[name] == frame["name"].iat[int(model.rows[k])]
        assert cells[revenue] == f"{frame['revenue_wan'].iat[int(model.rows[k])]:,.1f}"  # as shown


def test_hidden_columns_are_left_out_of_the_copy_and_remembered(loaded_window, settings):
    roster = loaded_window.roster
    model, chooser = roster.model, roster.columns_shown
    menu = chooser.menu()
    assert texts(menu)[:len(model.columns)] == [c.header for c in model.columns]
    credit = next(a for a in menu.actions() if a.text() == model.columns[model.column_of("credit_code")].header)
    credit.setChecked(False)  # as a click on the checked entry does
    assert roster.table.isColumnHidden(model.column_of("credit_code"))
    assert settings.hidden_columns("roster") == ["credit_code"]
    roster.select_rows([3])
    header = roster.copy_selection().split("\r\n")[0].split("\t")
    assert model.columns[model.column_of("credit_code")].header not in header
    assert len(header) == len(model.columns) - 1

    roster.refresh()  # new data: the column stays hidden
    assert roster.table.isColumnHidden(model.column_of("credit_code"))
    chooser.show_all()
    assert not roster.table.isColumnHidden(model.column_of("credit_code"))
    assert settings.hidden_columns("roster") == []


def test_the_last_column_cannot_be_hidden(loaded_window):
    roster = loaded_window.roster
    chooser, model = roster.columns_shown, roster.model
    for column in model.columns:
        chooser.set_shown(column.key, False)
    assert [roster.table.isColumnHidden(k) for k in range(len(model.columns))].count(False) == 1
    chooser.show_all()


def test_the_list_shown_exported_in_its_order(loaded_window, tmp_path, monkeypatch):
    roster = loaded_window.roster
    model = roster.model
    frame = loaded_window.doc.strategy.frame
    city = frame["city"].value_counts().index[0]
    roster.city.setCurrentIndex(roster.city.findData(city))
    model.sort(model.column_of("score"), Qt.SortOrder.DescendingOrder)
    roster.columns_shown.set_shown("actions", False)
    path = tmp_path / "firms.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    assert roster.export_button.isEnabled()
    roster.export_button.click()  # the button next to the filters
    written = pd.read_excel(path, engine="openpyxl")
    assert len(written) == int((frame["city"] == city).sum())
    assert list(written.columns) == [c.header for c in model.columns if c.key != "actions"]
    names = written[model.columns[model.column_of("name")].header].fillna("").tolist()
    assert names == [str(n) if isinstance(n, str) else "" for n in frame["name"].to_numpy()[model.rows]]
    score = written[model.columns[model.column_of("score")].header].to_numpy(dtype=float)
    assert np.allclose(score, frame["score"].to_numpy(dtype=float)[model.rows], equal_nan=True)  # numbers stay numbers

    roster.select_rows([int(model.rows[2]), int(model.rows[0])])
    csv = tmp_path / "selected.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(csv.with_suffix("")), "CSV, UTF-8 (*.csv)"))
    next(a for a in roster.row_menu().actions() if a.text() == "Export selected…").trigger()
    selected = pd.read_csv(csv, encoding="utf-8-sig")
    assert selected[model.columns[model.column_of("name")].header].tolist() == \
        [frame["name"].iat[int(model.rows[0])], frame["name"].iat[int(model.rows[2])]]
    roster.search.setText("no firm is called this")
    roster.apply_filter()
    assert not roster.export_button.isEnabled()


def test_exported_text_stays_inert(loaded_window, tmp_path):
    from ui.table_rows import rows_as_frame

    roster = loaded_window.roster
    model = roster.model
    column = model.columns[model.column_of("name")]
    column.values = column.values.copy()
    column.values[int(model.rows[0])] = "=HYPERLINK(\"x\")"
    path = roster.export_rows([0], tmp_path / "risky.csv")
    written = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    assert written.iat[0, 0] == "'=HYPERLINK(\"x\")"  # text, not a formula, when opened
    assert rows_as_frame(model, [0], [model.column_of("name")]).iat[0, 0] == "=HYPERLINK(\"x\")"


def test_row_menu_offers_copy_export_and_adjustments(loaded_window):
    roster = loaded_window.roster
    roster.select_rows([1, 2])
    entries = texts(roster.row_menu())
    assert entries[:3] == ["Copy", "Export selected…", "Export list…"]
    assert "Adjust Track…" in entries and "Adjust Digital foundation…" in entries
    enabled = {a.text(): a.isEnabled() for a in roster.row_menu().actions() if not a.isSeparator()}
    assert enabled.pop("Restore computed value") is False  # neither firm has an override
    assert all(enabled.values())


def test_thirty_firms_adjusted_with_one_reason_in_one_undo_step(loaded_window, qtbot):
    window, doc, roster = loaded_window, loaded_window.doc, loaded_window.roster
    frame = doc.strategy.frame
    rows = [int(r) for r in np.flatnonzero((frame["track"] != "intelligence").to_numpy())[:30]]
    before = frame["track"].to_numpy(dtype=object)[rows].copy()
    # one of them had an override already: undo gives it back, not the computed value
    with retagging(qtbot, window):
        roster.request_override(rows[0], "track", "digitalization", "city's request")
    depth = doc.undo_stack.count()
    audit = len(doc.project.overrides.audit)
    roster.select_rows(rows)
    assert sorted(roster.selected_rows()) == sorted(rows)

    with retagging(qtbot, window):
        assert roster.request_batch_override(roster.selected_rows(), "track", "intelligence", "provincial pilot batch")
    assert doc.undo_stack.count() == depth + 1
    assert window.actions_["undo"].text() == "Undo Adjust track (30 firms)"
    track = doc.strategy.frame["track"].to_numpy(dtype=object)
    assert set(track[rows]) == {"intelligence"}
    assert len(doc.project.overrides.audit) == audit + 30
    assert {o.reason for o in doc.project.overrides.for_field("track").values()} >= {"provincial pilot batch"}
    assert sorted(roster.selected_rows()) == sorted(rows)  # still selected after the new tags

    with retagging(qtbot, window):
        window.actions_["undo"].trigger()
    track = doc.strategy.frame["track"].to_numpy(dtype=object)
    assert track[rows[0]] == "digitalization"
    assert list(track[rows[1:]]) == list(before[1:])
    key = doc.strategy.frame["credit_code"].iat[rows[0]]
    assert doc.project.overrides.overrides[(key, "track")].reason == "city's request"
    assert len(doc.project.overrides.for_field("track")) == 1

    with retagging(qtbot, window):
        window.actions_["redo"].trigger()
    assert set(doc.strategy.frame["track"].to_numpy(dtype=object)[rows]) == {"intelligence"}


def test_batch_dialog_names_the_count_and_needs_a_reason(loaded_window, qtbot):
    result = loaded_window.doc.strategy
    frame = result.frame
    rows = [int(np.flatnonzero((frame["track"] == t).to_numpy())[0]) for t in ("digitalization", "intelligence")]
    dialog = OverrideDialog(result, rows, "track", "Track", "en")
    qtbot.addWidget(dialog)
    assert "2 selected" in [label.text() for label in dialog.findChildren(QLabel)]
    assert "(differ)" in [label.text() for label in dialog.findChildren(QLabel)]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.set_value("intelligence")
    dialog.reason.setPlainText("provincial pilot batch")
    assert ok.isEnabled() and dialog.value() == "intelligence"


def test_several_firms_back_to_computed_values_in_one_step(loaded_window, qtbot):
    window, doc, roster = loaded_window, loaded_window.doc, loaded_window.roster
    frame = doc.strategy.frame
    rows = [int(r) for r in np.flatnonzero((frame["tier"] != "leading").to_numpy())[:5]]
    computed = frame["tier"].to_numpy(dtype=object)[rows].copy()
    with retagging(qtbot, window):
        roster.request_batch_override(rows, "tier", "leading", "national champions")
    roster.select_rows(rows)
    restore = next(a.menu() for a in roster.row_menu().actions() if a.menu() is not None)
    assert restore.title() == "Restore computed value"
    enabled = {a.text(): a.isEnabled() for a in restore.actions()}
    assert enabled["Digital foundation"] and not enabled["Track"]

    with retagging(qtbot, window):
        assert roster.request_batch_clear(roster.selected_rows(), "tier")
    assert doc.undo_stack.undoText() == "Restore computed value (5 firms)"
    assert list(doc.strategy.frame["tier"].to_numpy(dtype=object)[rows]) == list(computed)
    assert not doc.project.overrides.for_field("tier")
    with retagging(qtbot, window):
        doc.undo_stack.undo()
    assert set(doc.strategy.frame["tier"].to_numpy(dtype=object)[rows]) == {"leading"}
