"""The action catalogue as a form: an action's cost edited there changes the plan once applied (one
undo step with the policy's entries for it), actions are listed by code and name, and a cost model
the core refuses is named next to the cost in the UI language while Apply stays refused."""

from tests.conftest import wait_idle


def planned_investment(window, qtbot) -> float:
    window.budget.plan()
    wait_idle(qtbot, window)
    return window.doc.current_plan().summary()["total_investment_wan"]


def choose(form, action_id: str) -> None:
    form.table.setCurrentCell([a["id"] for a in form.catalogue_actions()].index(action_id), 0)


def test_an_action_cost_changes_the_plan_and_undo_restores_it(loaded_window, qtbot):
    window, doc = loaded_window, loaded_window.doc
    form = window.rules.catalogue_form
    assert form.table.item(0, 1).text() not in ("", form.table.item(0, 0).text())  # a name, not the code again
    before = planned_investment(window, qtbot)
    choose(form, "D03")
    form.costs["fixed_wan"].setValue(form.costs["fixed_wan"].value() + 40)
    form.costs["max_wan"].setValue(form.costs["max_wan"].value() + 100)
    assert not form.is_dirty() or form.apply_button.isEnabled()
    with qtbot.waitSignal(doc.strategyChanged, timeout=60000):
        assert form.apply()
    wait_idle(qtbot, window)
    d03 = next(a for a in doc.project.templates["actions"]["actions"] if a["id"] == "D03")
    assert d03["cost"]["fixed_wan"] == 60 and d03["cost"]["max_wan"] == 400
    after = planned_investment(window, qtbot)
    assert after != before
    with qtbot.waitSignal(doc.strategyChanged, timeout=60000):
        doc.undo_stack.undo()
    wait_idle(qtbot, window)
    d03 = next(a for a in doc.project.templates["actions"]["actions"] if a["id"] == "D03")
    assert d03["cost"]["fixed_wan"] == 20
    assert planned_investment(window, qtbot) == before


def test_a_copied_action_with_its_own_subsidy_ratio_is_one_undo_step(loaded_window, qtbot):
    window, doc = loaded_window, loaded_window.doc
    form = window.rules.catalogue_form
    depth = doc.undo_stack.count()
    choose(form, "D05")
    form.copy_button.click()
    new_id = form.catalogue_actions()[form.current_row()]["id"]
    assert new_id not in ("D05", "") and form.ratio.text() == "as in the policy"
    form.ratio.setValue(45)
    with qtbot.waitSignal(doc.strategyChanged, timeout=60000):
        assert form.apply()
    wait_idle(qtbot, window)
    assert new_id in [a["id"] for a in doc.project.templates["actions"]["actions"]]
    assert doc.project.templates["policy"]["subsidy_ratio"]["by_action"][new_id] == 0.45
    assert doc.undo_stack.count() == depth + 1
    form.table.setCurrentCell([a["id"] for a in form.catalogue_actions()].index(new_id), 0)
    form.delete_button.click()
    with qtbot.waitSignal(doc.strategyChanged, timeout=60000):
        assert form.apply()
    wait_idle(qtbot, window)
    assert new_id not in doc.project.templates["policy"]["subsidy_ratio"]["by_action"]
    for _ in range(2):
        doc.undo_stack.undo()
        wait_idle(qtbot, window)
    assert new_id not in [a["id"] for a in doc.project.templates["actions"]["actions"]]
    assert new_id not in doc.project.templates["policy"]["subsidy_ratio"]["by_action"]


def test_a_cost_the_core_refuses_is_named_in_chinese_and_apply_is_refused(chinese_window):
    form = chinese_window.rules.catalogue_form
    choose(form, "D01")
    assert "ERP" in form.table.item(form.current_row(), 1).text()
    form.costs["min_wan"].setValue(form.costs["max_wan"].value() + 1)
    assert not form.cost_problem.isHidden() and "费用下限高于上限" in form.cost_problem.text()
    assert form.status.text().startswith("✗ 无效：") and not form.apply_button.isEnabled() and not form.apply()
    form.phasing[0].setValue(50)
    form.costs["min_wan"].setValue(8)
    assert form.cost_problem.isHidden()
    assert "合计必须为 1" in form.phasing_problem.text() and not form.apply_button.isEnabled()
    form.add_year_button.click()
    form.phasing[1].setValue(50)
    assert form.phasing_problem.isHidden() and form.apply_button.isEnabled()
