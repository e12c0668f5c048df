"""Planning from the window: in the background with the window responsive, every scenario compared,
the efficient frontier and budget cuts, and templates edited with live validation and undo."""

import json

import pytest
from PySide6.QtCore import QTimer

from planning.base.money import same_money
from tests.conftest import wait_idle


def test_planning_runs_in_the_background_and_the_window_stays_responsive(loaded_window, qtbot, monkeypatch):
    import threading

    from planning.project.facade import Project

    window = loaded_window
    doc = window.doc
    planned_on = []
    ticks = []
    plan_scenario = Project.plan

    def plan_and_note_the_thread(self, *args, **kwargs):
        planned_on.append(threading.current_thread())
        return plan_scenario(self, *args, **kwargs)

    monkeypatch.setattr(Project, "plan", plan_and_note_the_thread)
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(len(planned_on)))
    timer.start(20)
    window.budget.scenario.setCurrentIndex(window.budget.scenario.findData("sme_focus"))
    window.budget.budget.setValue(3000)
    with qtbot.waitSignal(doc.plansChanged, timeout=60000):
        task = window.actions_["plan"].trigger() or window.runner.tasks[-1]
    timer.stop()
    assert task.done
    plan = doc.plans["sme_focus"]
    assert doc.scenario == "sme_focus" and doc.current_plan() is plan
    assert plan.policy.total_budget == 3000
    assert doc.project.runs["sme_focus"].total == 3000
    # the plan was computed on the worker, and the GUI thread's event loop ran meanwhile
    assert planned_on and all(t is not threading.main_thread() for t in planned_on)
    assert any(n > 0 for n in ticks)
    assert window.isWindowModified()
    assert "3,000.0" in window.budget.summary.toPlainText()
    assert window.budget.lines_model.rowCount() == len(plan.lines)
    wait_idle(qtbot, window)


def test_planning_can_be_cancelled(loaded_window, qtbot):
    window = loaded_window
    before = dict(window.doc.plans)
    window.budget.method.setCurrentIndex(window.budget.method.findData("milp"))
    task = window.budget.plan()
    with qtbot.waitSignal(task.cancelled, timeout=60000):
        window.actions_["cancel"].trigger()
    assert window.doc.plans == before
    wait_idle(qtbot, window)


def test_scenarios_compared_frontier_and_cuts(loaded_window, qtbot):
    window = loaded_window
    doc, budget = window.doc, window.budget
    with qtbot.waitSignal(doc.analysisChanged, timeout=180000):
        window.actions_["plan_all"].trigger()
    wait_idle(qtbot, window)
    names = list(doc.project.scenario_specs())
    assert list(doc.comparison.columns) == names
    assert budget.comparison.columnCount() == len(names)
    headers = [budget.comparison.horizontalHeaderItem(c).text() for c in range(len(names))]
    assert [h.split(" (Δ")[0] for h in headers] == [doc.scenario_labels()[n] for n in names]
    assert headers[0] == doc.scenario_labels()["baseline"]
    assert all(h.endswith("(Δ vs Baseline)") for h in headers[1:])
    assert "total_value" not in budget.comparison_keys and "optimality_gap" not in budget.comparison_keys
    row = budget.comparison_keys.index("funded_firms")
    assert budget.comparison.verticalHeaderItem(row).text() == "Firms funded"
    austerity = list(doc.comparison.columns).index("austerity")
    budget_row = budget.comparison_keys.index("budget_wan")
    assert budget.comparison.verticalHeaderItem(budget_row).text().endswith("(10k CNY)")
    value, delta = budget.comparison.item(budget_row, austerity).text().split(" (")
    assert float(value.replace(",", "")) == pytest.approx(doc.comparison.at["budget_wan", "austerity"], abs=0.05)
    change = doc.comparison.at["budget_wan", "austerity"] - doc.comparison.at["budget_wan", "baseline"]
    assert float(delta.rstrip(")").replace(",", "").replace("−", "-")) == pytest.approx(change, abs=0.05)

    doc.scenario = "baseline"
    with qtbot.waitSignal(doc.analysisChanged, timeout=180000):
        window.actions_["frontier"].trigger()
    points = doc.frontier_points
    assert len(points) == 8 and budget.frontier_table.rowCount() == 8
    assert points[-1]["budget_wan"] == doc.current_plan().policy.total_budget

    with qtbot.waitSignal(doc.analysisChanged, timeout=60000):
        window.actions_["cut20"].trigger()
    assert window.tabs.currentWidget() is budget and budget.tabs.currentWidget() is budget.pages["cuts"][0]
    result = doc.cuts[0.2]
    plan = doc.current_plan()
    assert result.budget_wan == 0.8 * plan.policy.total_budget
    assert budget.dropped_model.rowCount() == len(result.dropped)
    assert same_money(result.kept.total_subsidy + result.dropped["subsidy_wan"].sum(), plan.total_subsidy)
    assert "fewer" in budget.cut_summary.text()
    with qtbot.waitSignal(doc.analysisChanged, timeout=60000):
        window.actions_["cut10"].trigger()
    assert budget.cut_choice.count() == 2
    wait_idle(qtbot, window)


def test_double_click_on_a_funded_action_shows_the_firm(loaded_window, qtbot):
    window = loaded_window
    budget = window.budget
    index = budget.lines_model.index(0, 0)
    firm = int(window.doc.current_plan().lines["firm"].iloc[budget.lines_model.source_row(0)])
    budget.lines.doubleClicked.emit(index)
    assert window.tabs.currentWidget() is window.roster
    assert window.roster.selected_row == firm


def test_json_template_validates_as_you_type_and_applies_undoably(loaded_window, qtbot):
    window = loaded_window
    doc = window.doc
    editor = window.rules.editors["policy"]
    body = json.loads(editor.editor.toPlainText())
    body["subsidy_ratio"]["default"] = 1.5
    editor.set_text(json.dumps(body))
    assert "subsidy_ratio.default" in editor.status.text() and not editor.apply_button.isEnabled()
    assert not editor.apply()
    editor.set_text("{ not json")
    assert "line 1" in editor.status.text() and not editor.apply_button.isEnabled()
    body["subsidy_ratio"]["default"] = 0.25
    body["action_cap_wan"]["Z99"] = 10  # an action the catalogue does not have
    editor.set_text(json.dumps(body))
    assert "Z99" in editor.status.text()
    del body["action_cap_wan"]["Z99"]
    editor.set_text(json.dumps(body))
    assert editor.apply_button.isEnabled()
    old = doc.project.templates["policy"]["subsidy_ratio"]["default"]
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        assert editor.apply()
    assert doc.project.templates["policy"]["subsidy_ratio"]["default"] == 0.25
    assert doc.project.runs == {} and doc.plans_stale and not window.budget.stale.isHidden()
    assert doc.undo_stack.undoText() == "Edit Subsidy policy"
    assert "in use" in editor.status.text()
    wait_idle(qtbot, window)  # the tagging task ends after it announces the tags
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        doc.undo_stack.undo()
    assert doc.project.templates["policy"]["subsidy_ratio"]["default"] == old
    assert json.loads(editor.editor.toPlainText())["subsidy_ratio"]["default"] == old
    wait_idle(qtbot, window)


def test_rules_edit_changes_the_tags(loaded_window, qtbot):
    window = loaded_window
    doc = window.doc
    editor = window.rules.editors["rules"]
    body = json.loads(editor.editor.toPlainText())
    first = body["rules"][0]
    body["rules"].insert(0, {"id": "R00", "zh": "全部复核", "en": "Review everyone", "when": {"all": []},
                             "track": "review", "actions": [], "reason_zh": "测试", "reason_en": "test"})
    editor.set_text(json.dumps(body, ensure_ascii=False))
    assert editor.apply_button.isEnabled(), editor.status.text()
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        editor.apply()
    assert (doc.strategy.frame["rule"] == "R00").all() and (doc.strategy.frame["track"] == "review").all()
    overview = window.rules.overview
    assert overview.item(0, 0).text() == "R00" and overview.item(0, 5).text() == "2,000"
    assert overview.item(1, 0).text() == first["id"]
    wait_idle(qtbot, window)  # the tagging task ends after it announces the tags
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        doc.undo_stack.undo()
    assert not (doc.strategy.frame["rule"] == "R00").any()
    wait_idle(qtbot, window)


def test_policy_form_changes_numbers_through_the_core(loaded_window, qtbot):
    window = loaded_window
    doc, form = window.doc, window.rules.form
    policy = doc.project.templates["policy"]
    yearly = dict(policy["yearly_budget_wan"])
    total = policy["total_budget_wan"]
    spin = form.spins[("policy", "total_budget_wan")]
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        spin.setValue(total / 2)
    policy = doc.project.templates["policy"]
    assert policy["total_budget_wan"] == total / 2
    assert policy["yearly_budget_wan"] == {y: v / 2 for y, v in yearly.items()}  # rescaled like the CLI does
    assert doc.undo_stack.undoText() == "Change Total budget"
    qtbot.waitUntil(lambda: form.spins[("policy", "yearly_budget_wan", "2025")].value() == yearly["2025"] / 2)

    share = form.spins[("policy", "subsidy_ratio", "default")]
    share.setValue(150)  # beyond the spin box's range: held at 100 %
    assert doc.project.templates["policy"]["subsidy_ratio"]["default"] == 1.0
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: ("policy", "weights", "size") in form.spins or ("weights", "weights", "size") in form.spins)
    weight = form.spins[("weights", "weights", "size")]
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        weight.setValue(40)
    wait_idle(qtbot, window)  # the tagging task ends after it announces the tags
    assert doc.project.templates["weights"]["weights"]["size"] == 40
    end = form.spins[("policy", "horizon", "end")]
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        end.setValue(2028)
    policy = doc.project.templates["policy"]
    assert policy["horizon"]["end"] == 2028 and set(policy["yearly_budget_wan"]) == {"2025", "2026", "2027", "2028"}
    qtbot.waitUntil(lambda: ("policy", "yearly_budget_wan", "2028") in form.spins)
    for _ in range(4):
        wait_idle(qtbot, window)  # the tagging task ends after it announces the tags
        with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
            doc.undo_stack.undo()
    assert doc.project.templates["policy"]["total_budget_wan"] == total
    wait_idle(qtbot, window)


def test_policy_form_refuses_an_invalid_number_and_shows_why(loaded_window, qtbot):
    window = loaded_window
    form, doc = window.rules.form, window.doc
    start = form.spins[("policy", "horizon", "start")]
    before = doc.project.templates["policy"]["horizon"]["start"]
    depth = doc.undo_stack.count()
    start.setValue(2040)  # after the last year
    assert doc.project.templates["policy"]["horizon"]["start"] == before
    assert doc.undo_stack.count() == depth
    assert "horizon" in form.status.text()
    assert start.value() == before  # the box shows what the project holds
