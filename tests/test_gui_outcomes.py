"""The window shows every roster firm, funded or not and why, as the workbook and the command line do."""

from planning.reports.firm_outcomes import firm_outcomes


def test_every_firm_and_why_in_the_budget_view(loaded_window, qtbot):
    window = loaded_window
    budget, plan = window.budget, window.doc.current_plan()
    assert budget.outcomes_shown is None and budget.outcomes_model.rowCount() == 0  # filled only when in view
    budget.show_page("outcomes")
    qtbot.waitUntil(lambda: budget.outcomes_model.rowCount() == len(plan.strategy.frame))
    reasons = firm_outcomes(plan, window.doc.lang)["reason"]
    reason_column = len(budget.outcomes_model.columns) - 1
    shown = [budget.outcomes_model.index(r, reason_column).data() for r in range(5)]
    assert shown == reasons.head(5).tolist()
    with qtbot.waitSignal(budget.firmRequested, timeout=5000) as signal:
        budget.outcomes.doubleClicked.emit(budget.outcomes_model.index(3, 0))
    assert signal.args == [3]


def test_the_summary_shows_the_kpis_with_how_each_is_computed(loaded_window):
    budget = loaded_window.budget
    text = budget.summary.toPlainText()
    assert "Firms using digital R&D tools (%)" in text and "Key-process CNC rate (estimate, %)" in text
    assert "indicative" in text and "defined differently" in text
    assert "priority value" not in text.lower() and "optimality" not in text.lower()
