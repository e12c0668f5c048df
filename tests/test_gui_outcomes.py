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
