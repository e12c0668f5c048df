"""The strategy rules as a form: rules added, copied, moved and deleted change how many firms each
track gets once applied (one undo step), and a condition the core refuses is named next to it in the
UI language while Apply stays refused."""

from tests.conftest import wait_idle


def track_counts(doc) -> dict:
    return doc.strategy.frame["track"].value_counts().to_dict()


def apply(form, doc, qtbot, window) -> None:
    assert form.apply_button.isEnabled(), form.status.text()
    with qtbot.waitSignal(doc.strategyChanged, timeout=60000):
        form.apply_button.click()
    wait_idle(qtbot, window)


def row_of(form, rule_id: str) -> int:
    return [r["id"] for r in form.rules()].index(rule_id)


def test_deleting_and_moving_rules_changes_the_tracks_with_undo(loaded_window, qtbot):
    window, doc = loaded_window, loaded_window.doc
    form = window.rules.rules_form
    before = track_counts(doc)
    rules_before = [r["id"] for r in doc.project.templates["rules"]["rules"]]
    form.table.setCurrentCell(row_of(form, "R08"), 0)  # weak firms: digitalise, else they fall to review
    form.delete_button.click()
    assert "R08" not in [r["id"] for r in form.rules()]
    assert doc.project.templates["rules"]["rules"][7]["id"] == "R08"  # nothing applied yet
    apply(form, doc, qtbot, window)
    after = track_counts(doc)
    assert after["digitalization"] < before["digitalization"] and after["review"] > before["review"]
    form.table.setCurrentCell(row_of(form, "R07"), 0)  # basic firms before the data check: fewer reviews
    for _ in range(4):
        form.up_button.click()
    assert row_of(form, "R07") == 2
    apply(form, doc, qtbot, window)
    moved = track_counts(doc)
    assert moved["review"] < after["review"]
    assert doc.strategy.frame["rule"].value_counts().get("R07", 0) > 0
    for _ in range(2):
        with qtbot.waitSignal(doc.strategyChanged, timeout=60000):
            doc.undo_stack.undo()
        wait_idle(qtbot, window)
    assert [r["id"] for r in doc.project.templates["rules"]["rules"]] == rules_before
    assert track_counts(doc) == before
    assert [r["id"] for r in form.rules()] == rules_before


def test_a_copied_rule_with_a_new_condition_decides_firms(loaded_window, qtbot):
    window, doc = loaded_window, loaded_window.doc
    form = window.rules.rules_form
    before = track_counts(doc)
    form.table.setCurrentCell(row_of(form, "R04"), 0)
    form.copy_button.click()
    row = form.current_row()
    assert form.rules()[row]["id"] not in ("R04", "") and form.rules()[row]["track"] == "intelligence"
    form.up_button.click()  # the copy before R04 ...
    for _ in range(2):
        form.up_button.click()  # ... and before the checks: basic firms go to intelligence
    editor = form.conditions
    editor.tree.setCurrentItem(editor.tree.topLevelItem(0))
    while editor.tree.topLevelItem(0).childCount():
        editor.tree.setCurrentItem(editor.tree.topLevelItem(0).child(0))
        editor.delete_button.click()
    editor.tree.setCurrentItem(editor.tree.topLevelItem(0))
    editor.add_test_button.click()
    editor.field.setCurrentIndex(editor.field.findData("tier"))
    editor.operator.setCurrentIndex(editor.operator.findData("=="))
    editor.choice.setCurrentIndex(editor.choice.findData("basic"))
    assert form.rules()[form.current_row()]["when"] == {"field": "tier", "op": "==", "value": "basic"}
    apply(form, doc, qtbot, window)
    after = track_counts(doc)
    assert after["intelligence"] > before["intelligence"] and after["digitalization"] < before["digitalization"]
    with qtbot.waitSignal(doc.strategyChanged, timeout=60000):
        doc.undo_stack.undo()
    wait_idle(qtbot, window)
    assert track_counts(doc) == before


def test_an_added_rule_sits_before_the_catch_all(loaded_window):
    form = loaded_window.rules.rules_form
    count = len(form.rules())
    form.add_button.click()
    assert len(form.rules()) == count + 1 and form.rules()[-1]["id"] == "R99"
    assert form.rules()[-2]["id"] not in [r["id"] for r in form.rules()[:-2]]
    assert form.apply_button.isEnabled()
    form.revert_button.click()
    assert len(form.rules()) == count and not form.apply_button.isEnabled()


def test_a_condition_the_core_refuses_is_named_in_chinese_and_apply_is_refused(chinese_window, qtbot):
    window, doc = chinese_window, chinese_window.doc
    form = window.rules.rules_form
    form.table.setCurrentCell(row_of(form, "R02"), 0)  # not manufacturing: division not between 13 and 43
    editor = form.conditions
    top = editor.tree.topLevelItem(0)
    negated = top.child(1)
    editor.tree.setCurrentItem(negated)
    assert editor.operator.currentData() == "between" and editor.text_low.text() == "13"
    editor.text_low.setText("50")
    editor.text_low.textEdited.emit("50")
    assert form.rules()[form.current_row()]["when"]["all"][1] == {"not": {"field": "division", "op": "between",
                                                                           "value": ["50", "43"]}}
    assert not editor.problem.isHidden()
    assert "下限 50 高于上限 43" in editor.problem.text() and "行业大类" in editor.problem.text()
    assert form.status.text().startswith("✗ 无效：")
    assert not form.apply_button.isEnabled() and not form.apply()
    assert doc.project.templates["rules"]["rules"][1]["when"]["all"][1]["not"]["value"] == ["13", "43"]
    editor.text_low.setText("13")
    editor.text_low.textEdited.emit("13")
    assert editor.problem.isHidden() and form.status.text().startswith("✓")
    assert not form.apply_button.isEnabled()  # the same rules as in use: nothing to apply
    form.rule_id.setText("R01")
    form.rule_id.textEdited.emit("R01")
    assert "规则编号重复" in form.rule_problem.text() and not form.apply_button.isEnabled()


def test_the_package_a_change_of_track_brings_is_edited_with_undo(loaded_window, qtbot):
    from PySide6.QtCore import Qt

    window, doc = loaded_window, loaded_window.doc
    form = window.rules.rules_form
    before = list(doc.project.templates["rules"]["track_packages"]["digitalization"])
    widget = form.packages["digitalization"]
    codes = [widget.item(k).data(Qt.ItemDataRole.UserRole) for k in range(widget.count())]
    widget.item(codes.index("D07")).setCheckState(Qt.CheckState.Checked)
    widget.item(codes.index("D05")).setCheckState(Qt.CheckState.Unchecked)
    assert form.draft["track_packages"]["digitalization"] == [a for a in before if a != "D05"] + ["D07"]
    apply(form, doc, qtbot, window)
    assert doc.project.templates["rules"]["track_packages"]["digitalization"][-1] == "D07"
    with qtbot.waitSignal(doc.strategyChanged, timeout=60000):
        doc.undo_stack.undo()
    wait_idle(qtbot, window)
    assert doc.project.templates["rules"]["track_packages"]["digitalization"] == before
