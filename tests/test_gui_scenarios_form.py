"""Scenarios as a form: a scenario made from the current policy keeps the planner's edits when the
policy changes again, is named and renamed there, shows in the budget view, and is deleted; each apply
is one undo step and a name the core refuses is named in the UI language."""

import copy

from planning.budget.scenarios import scenario_inputs
from tests.conftest import wait_idle
from ui.commands import TemplateCommand


def edit_policy_ratio(window, qtbot, ratio: float) -> None:
    doc = window.doc
    body = copy.deepcopy(doc.project.templates["policy"])
    body["subsidy_ratio"]["default"] = ratio
    doc.undo_stack.push(TemplateCommand(doc, "policy", body, "ratio"))
    wait_idle(qtbot, window)


def test_a_scenario_from_the_current_policy_keeps_the_edits(loaded_window, qtbot):
    window, doc = loaded_window, loaded_window.doc
    form = window.rules.scenarios_form
    count = len(doc.project.templates["scenarios"]["scenarios"])
    edit_policy_ratio(window, qtbot, 0.33)
    form.new_button.click()
    row = form.current_row()
    assert row == count and form.scenarios()[row]["policy"]["subsidy_ratio"]["default"] == 0.33
    form.name_en.setText("Generous")
    form.name_en.textEdited.emit("Generous")
    form.name_zh.setText("宽松补助")
    form.name_zh.textEdited.emit("宽松补助")
    form.factor.setValue(90)
    assert form.apply_button.isEnabled(), form.status.text()
    assert form.apply()
    wait_idle(qtbot, window)
    stored = doc.project.templates["scenarios"]["scenarios"][-1]
    assert stored["en"] == "Generous" and stored["policy"]["budget_factor"] == 0.9
    assert "Generous" in [window.budget.scenario.itemText(k) for k in range(window.budget.scenario.count())]
    edit_policy_ratio(window, qtbot, 0.1)  # the policy changes again: the scenario keeps its copy
    spec = doc.project.scenario_specs()[stored["name"]]
    policy, _ = scenario_inputs(doc.project.templates["policy"], doc.project.templates["weights"], spec)
    assert policy.ratio_default == 0.33
    form.table.setCurrentCell(count, 0)
    form.name_en.setText("Generous support")
    form.name_en.textEdited.emit("Generous support")
    assert form.apply()
    wait_idle(qtbot, window)
    assert doc.project.scenario_labels("en")[stored["name"]] == "Generous support"
    doc.undo_stack.undo()
    wait_idle(qtbot, window)
    assert doc.project.scenario_labels("en")[stored["name"]] == "Generous"
    form.table.setCurrentCell(count, 0)
    form.delete_button.click()
    assert form.apply()
    wait_idle(qtbot, window)
    assert stored["name"] not in doc.project.scenario_specs()
    doc.undo_stack.undo()
    wait_idle(qtbot, window)
    assert stored["name"] in doc.project.scenario_specs()


def test_the_baseline_cannot_be_deleted(loaded_window):
    form = loaded_window.rules.scenarios_form
    form.table.setCurrentCell([s["name"] for s in form.scenarios()].index("baseline"), 0)
    assert not form.delete_button.isEnabled()


def test_a_repeated_scenario_id_is_named_in_chinese_and_apply_is_refused(chinese_window):
    form = chinese_window.rules.scenarios_form
    form.new_button.click()
    form.scenario_id.setText("austerity")
    form.scenario_id.textEdited.emit("austerity")
    assert not form.problem.isHidden() and "编号重复" in form.problem.text()
    assert form.status.text().startswith("✗ 无效：") and not form.apply_button.isEnabled() and not form.apply()
    form.scenario_id.setText("generous")
    form.scenario_id.textEdited.emit("generous")
    assert form.problem.isHidden() and form.apply_button.isEnabled()


def test_the_plan_menu_starts_a_scenario_from_the_current_policy(loaded_window):
    window = loaded_window
    count = len(window.rules.scenarios_form.scenarios())
    window.actions_["new_scenario"].trigger()
    form = window.rules.scenarios_form
    assert window.tabs.currentWidget() is window.rules and form.isVisible()
    assert len(form.scenarios()) == count + 1 and form.current_row() == count
    assert form.apply_button.isEnabled()
