"""F1 and Help → User guide open the offline guide in the window's language at the section of the view
in focus; the guide window navigates and finds; policy fields and measures carry their tooltips."""

import re

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from tests.conftest import wait_idle


def press_f1(qtbot, widget):
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_F1)


def test_f1_opens_the_english_guide_at_the_section_of_the_view(loaded_window, qtbot):
    window = loaded_window
    window.tabs.setCurrentWidget(window.budget)
    window.budget.tabs.setCurrentWidget(window.budget.pages["comparison"][0])
    press_f1(qtbot, window.budget.tabs.currentWidget())
    help_window = window.help_window
    assert help_window is not None and help_window.isVisible()
    assert help_window.folder.name == "en"
    assert help_window.current_page() == "scenarios.html"
    assert help_window.browser.source().fragment() == "comparison"
    assert "Scenarios" in help_window.browser.toPlainText()

    window.tabs.setCurrentWidget(window.rules)
    window.rules.pages.setCurrentRow(0)
    press_f1(qtbot, window.rules.form)
    assert help_window.current_page() == "policy.html"
    window.tabs.setCurrentWidget(window.roster)
    press_f1(qtbot, window.roster.table)
    assert help_window.current_page() == "firms.html"


def test_the_help_menu_opens_the_guide(loaded_window, qtbot):
    window = loaded_window
    window.actions_["guide"].trigger()
    assert window.help_window.isVisible()
    assert window.actions_["guide"] in window.menuBar().actions()[-1].menu().actions()


def test_f1_in_a_dialog_over_the_window_opens_the_guide(window, qtbot):
    dialog = QDialog(window)
    edit = QLineEdit(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    qtbot.keyClick(edit, Qt.Key.Key_F1)
    assert window.help_window is not None and window.help_window.isVisible()
    assert window.help_window.current_page() == "index.html"
    dialog.close()


def test_the_import_wizard_has_its_section(window):
    from ui.help_topics import topic_of
    from ui.import_wizard import ImportWizard

    wizard = ImportWizard(window.doc, parent=window)
    assert topic_of(wizard.page(wizard.pageIds()[0])) == "import.html#wizard"
    assert window.help_window is None or not window.help_window.isVisible()
    wizard.deleteLater()


def test_the_chinese_window_opens_the_chinese_guide(settings, qtbot):
    from ui.main_window import MainWindow

    window = MainWindow(settings, "zh")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.report)
    press_f1(qtbot, window.report)
    help_window = window.help_window
    assert help_window is not None and help_window.folder.name == "zh_CN"
    assert help_window.current_page() == "exports.html"
    help_window.open("index.html")
    assert "用户指南" in help_window.browser.toPlainText()
    assert help_window.pages.count() >= 8
    wait_idle(qtbot, window)


def test_the_guide_navigates_finds_and_stays_offline(window, qtbot):
    guide = window.show_help()
    assert guide.current_page() == "index.html"
    guide.follow(QUrl("rules.html#actions"))
    assert guide.current_page() == "rules.html"
    guide.follow(QUrl("https://example.com/"))
    guide.follow(QUrl("../../templates/policy/subsidy_policy.json"))
    assert guide.current_page() == "rules.html"
    assert guide.back.isEnabled()
    guide.back.trigger()
    assert guide.current_page() == "index.html"
    guide.forward.trigger()
    assert guide.current_page() == "rules.html"
    guide.find_box.setText("R01")
    assert guide.find_next()
    assert guide.browser.textCursor().selectedText() == "R01"
    guide.find_box.setText("no such words here")
    assert not guide.find_next() and guide.find_status.text() == "Not found"
    guide.pages.itemClicked.emit(guide.pages.item(0))
    assert guide.current_page() == guide.pages.item(0).data(Qt.ItemDataRole.UserRole)


def test_every_policy_field_has_a_tooltip(loaded_window):
    form = loaded_window.rules.form
    fields = list(form.spins.items()) + list(form.checks.items())
    assert len(fields) > 30
    for key, widget in fields:
        assert widget.toolTip().strip(), key
    cap = next(spin for key, spin in form.spins.items() if key[1] == "action_cap_wan")
    assert "I01" in cap.toolTip() or "I03" in cap.toolTip()


def measure_names(window) -> dict:
    return {a.id: a.label("en") for a in window.doc.project.strategy_config().catalogue.actions}


def test_measure_codes_show_their_name_and_what_they_do(loaded_window, qtbot):
    window = loaded_window
    names = measure_names(window)
    model = window.roster.model
    column = next(k for k, c in enumerate(model.columns) if c.key == "actions")
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, column)))
    codes = [code for code in re.findall(r"\b[A-Z]\d{2}\b", model.data(model.index(row, column))) if code in names]
    assert codes  # the cell names its measures by code and name
    tip = model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole)
    for code in codes:
        assert f"{code} {names[code]}" in tip
    assert "every package" in tip  # S01's line, in every package

    lines = window.budget.lines_model
    column = next(k for k, c in enumerate(lines.columns) if c.key == "action")
    tip = lines.data(lines.index(0, column), Qt.ItemDataRole.ToolTipRole)
    assert tip and lines.data(lines.index(0, column)) in tip and "\n" in tip

    overview = window.rules.overview
    for r in range(overview.rowCount()):
        rule_codes = overview.item(r, 4).text().split()
        if rule_codes:
            assert all(f"{code} {names[code]}" in overview.item(r, 4).toolTip() for code in rule_codes)

    detail = window.roster.detail
    window.roster.select_firm(row)
    assert "measure:" in detail.browser.toHtml()
    assert detail.measure_tip(codes[0]).startswith(f"{codes[0]} {names[codes[0]]}\n")


def test_the_override_dialog_describes_each_measure(loaded_window):
    from ui.override_dialog import OverrideDialog

    window = loaded_window
    dialog = OverrideDialog(window.doc.strategy, 0, "actions", "Actions", "en", window)
    items = [dialog.editor.item(k) for k in range(dialog.editor.count())]
    assert items and all("\n" in item.toolTip() and item.toolTip().startswith(item.text()) for item in items)
    dialog.deleteLater()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_measure_missing_from_the_guide_gets_a_line_from_the_catalogue(lang):
    from dataclasses import replace

    from planning.project.facade import Project
    from ui.help_measures import measure_tip

    catalogue = Project.new("t").strategy_config().catalogue.by_id()
    custom = replace(catalogue["D01"], id="X99")
    tip = measure_tip({"X99": custom}, "X99", lang)
    assert tip.startswith(f"X99 {custom.label(lang)}\n") and "6" in tip
