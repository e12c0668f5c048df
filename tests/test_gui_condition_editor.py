"""The condition editor keeps a template's conditions as written until the planner changes them, and
builds groups, negations and lists of known values with its widgets."""

import pytest
from PySide6.QtCore import Qt

from planning.project.facade import default_templates
from ui.condition_editor import ConditionEditor, root_data, root_node


def shipped_conditions() -> list:
    templates = default_templates()
    found = [rule.get("when") or {} for rule in templates["rules"]["rules"]]
    found += [action["skip_if"] for action in templates["actions"]["actions"] if action.get("skip_if")]
    return found


@pytest.mark.parametrize("condition", shipped_conditions())
def test_every_shipped_condition_reads_back_as_written(condition):
    assert root_data(root_node(condition)) == condition


@pytest.fixture
def editor(qtbot):
    from planning.project.facade import Project

    widget = ConditionEditor()
    qtbot.addWidget(widget)
    widget.set_condition({}, Project.new("t").strategy_config(), "en")
    return widget


def test_a_group_of_tests_with_a_negation_and_a_list_of_known_values(editor):
    assert editor.condition() == {}
    editor.add_group_button.click()  # an 'any' group under the top
    editor.add_test_button.click()
    editor.field.setCurrentIndex(editor.field.findData("size_class"))
    editor.operator.setCurrentIndex(editor.operator.findData("in"))
    codes = [editor.choices.item(k).data(Qt.ItemDataRole.UserRole) for k in range(editor.choices.count())]
    for code in ("large", "medium"):
        editor.choices.item(codes.index(code)).setCheckState(Qt.CheckState.Checked)
    assert sorted(editor.condition()["any"][0]["value"]) == ["large", "medium"]
    editor.tree.setCurrentItem(editor.tree.topLevelItem(0).child(0))  # the group
    editor.add_test_button.click()
    editor.field.setCurrentIndex(editor.field.findData("miit_level"))
    editor.operator.setCurrentIndex(editor.operator.findData("between"))
    editor.low.setValue(2)
    editor.high.setValue(3)
    editor.negated.setChecked(True)
    second = editor.condition()["any"][1]
    assert second == {"not": {"field": "miit_level", "op": "between", "value": [2, 3]}}
    assert editor.problems() == [] and editor.problem.isHidden()
    editor.high.setValue(1)
    assert editor.problems() and "above high" in editor.problem.text()
    first = editor.condition()["any"][0]
    editor.delete_button.click()
    assert editor.condition() == {"any": [first]} and editor.problems() == []
