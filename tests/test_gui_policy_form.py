"""The policy form edits who is eligible and flags a yearly split that does not add up as the planner types."""

from tests.conftest import wait_idle


def test_yearly_split_that_does_not_add_up_is_flagged_while_typing(loaded_window, qtbot):
    form = loaded_window.rules.form
    policy = loaded_window.doc.project.templates["policy"]
    assert sum(policy["yearly_budget_wan"].values()) == policy["total_budget_wan"]
    assert form.split_status.isHidden()
    spin = form.spins[("policy", "yearly_budget_wan", "2025")]
    depth = loaded_window.doc.undo_stack.count()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "1000")  # typed, not yet confirmed: nothing applied
    assert loaded_window.doc.undo_stack.count() == depth
    assert not form.split_status.isHidden()
    yearly = sum(v for k, v in policy["yearly_budget_wan"].items() if k != "2025") + 1000
    assert f"{yearly:,.1f}" in form.split_status.text() and "less than" in form.split_status.text()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), str(policy["yearly_budget_wan"]["2025"]))
    assert form.split_status.isHidden()


def test_eligibility_is_edited_through_the_core_with_undo(loaded_window, qtbot):
    window = loaded_window
    doc, form = window.doc, window.rules.form
    before = dict(doc.project.templates["policy"]["eligibility"])
    box = form.checks[("eligibility", "fund_unclassified_industry")]
    assert box.isChecked() == bool(before["fund_unclassified_industry"])
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        box.setChecked(not box.isChecked())
    assert doc.project.templates["policy"]["eligibility"]["fund_unclassified_industry"] is (not before["fund_unclassified_industry"])
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: ("eligibility", "sme_only_programmes", "sme_retrofit") in form.checks)
    programme = form.checks[("eligibility", "sme_only_programmes", "sme_retrofit")]
    assert programme.isChecked() == ("sme_retrofit" in before["sme_only_programmes"])
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        programme.setChecked(not programme.isChecked())
    now = doc.project.templates["policy"]["eligibility"]["sme_only_programmes"]
    assert ("sme_retrofit" in now) != ("sme_retrofit" in before["sme_only_programmes"])
    wait_idle(qtbot, window)
    for _ in range(2):
        with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
            doc.undo_stack.undo()
        wait_idle(qtbot, window)
    assert doc.project.templates["policy"]["eligibility"] == before


def test_eligibility_the_core_refuses_is_not_applied(loaded_window, qtbot):
    doc, form = loaded_window.doc, loaded_window.rules.form
    rules = doc.project.templates["policy"]["eligibility"]
    assert rules["sme_only_programmes"], "the bundled policy has SME-only programmes"
    depth = doc.undo_stack.count()
    for size in list(rules["sme_size_classes"])[:-1]:
        with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
            form.checks[("eligibility", "sme_size_classes", size)].setChecked(False)
        wait_idle(qtbot, window=loaded_window)
        qtbot.waitUntil(lambda: ("eligibility", "sme_size_classes", size) in form.checks)
    last = doc.project.templates["policy"]["eligibility"]["sme_size_classes"]
    assert len(last) == 1
    box = form.checks[("eligibility", "sme_size_classes", last[0])]
    box.setChecked(False)  # SME-only programmes without any SME size class: refused
    assert doc.project.templates["policy"]["eligibility"]["sme_size_classes"] == last
    assert box.isChecked() and "✗" in form.status.text()
    while doc.undo_stack.index() > depth:
        with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
            doc.undo_stack.undo()
        wait_idle(qtbot, loaded_window)


def test_packages_batches_and_the_value_of_outcomes_are_edited_with_undo(loaded_window, qtbot):
    window = loaded_window
    doc, form = window.doc, window.rules.form
    policy, weights = doc.project.templates["policy"], doc.project.templates["weights"]
    year = str(policy["horizon"]["start"])
    key = ("policy", "packages", "max_firms_started_per_year", year)
    assert form.spins[key].value() == -1 and form.spins[key].text() == "No limit"
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        form.spins[key].setValue(40)
    assert doc.project.templates["policy"]["packages"]["max_firms_started_per_year"][year] == 40
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: key in form.spins)
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        form.spins[key].setValue(-1)  # back to no limit: the year leaves the policy
    assert year not in doc.project.templates["policy"]["packages"]["max_firms_started_per_year"]
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: ("packages", "fund_partial_packages") in form.checks)
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        form.checks[("packages", "fund_partial_packages")].setChecked(True)
    assert doc.project.templates["policy"]["packages"]["fund_partial_packages"] is True
    wait_idle(qtbot, window)
    level = ("weights", "package_value", "level_reached", "3")
    qtbot.waitUntil(lambda: level in form.spins)
    assert form.spins[level].value() == weights["package_value"]["level_reached"]["3"]
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        form.spins[level].setValue(3.0)
    assert doc.project.templates["weights"]["package_value"]["level_reached"]["3"] == 3.0
    wait_idle(qtbot, window)
    for _ in range(4):
        with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
            doc.undo_stack.undo()
        wait_idle(qtbot, window)
    assert doc.project.templates["policy"] == policy and doc.project.templates["weights"] == weights


def test_level_tiered_caps_and_quotas_are_in_the_form(loaded_window, qtbot):
    doc, form = loaded_window.doc, loaded_window.rules.form
    policy = doc.project.templates["policy"]
    key = ("policy", "firm_cap_by_level_reached", "caps_wan", "3")
    assert form.spins[key].value() == policy["firm_cap_by_level_reached"]["caps_wan"]["3"]
    assert ("policy", "firm_cap_by_level_reached", "caps_wan", "1") not in form.spins  # nothing below 二级
    quota = ("policy", "programme_quota_per_year", "smart_factory")
    with qtbot.waitSignal(doc.strategyChanged, timeout=30000):
        form.spins[quota].setValue(5)
    assert doc.project.templates["policy"]["programme_quota_per_year"]["smart_factory"] == 5
    wait_idle(qtbot, loaded_window)
    qtbot.waitUntil(lambda: key in form.spins)
    depth = doc.undo_stack.count()
    form.spins[key].setValue(10.0)  # below the cap of 二级: caps may not fall with the level, refused
    assert doc.undo_stack.count() == depth
    assert doc.project.templates["policy"]["firm_cap_by_level_reached"]["caps_wan"]["3"] == 60
    assert form.spins[key].value() == 60
    assert "lower cap" in form.status.text()
