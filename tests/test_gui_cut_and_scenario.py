"""预算压减测试 (a cut of this plan) and the 压减预算20% scenario (planned anew with 80 % of the money)
differ at the same budget; the cuts page says why, and shows the two side by side once both are in."""

from tests.conftest import wait_idle


def test_the_cuts_page_explains_the_cut_against_the_smaller_scenario(loaded_window, qtbot):
    window, doc, budget = loaded_window, loaded_window.doc, loaded_window.budget
    labels = doc.scenario_labels()
    window.actions_["cut20"].trigger()
    wait_idle(qtbot, window)
    note = budget.cut_note.text()
    assert "drops its least valuable packages" in note and f"“{labels['austerity']}”" in note
    assert "At " not in note  # the scenario was not planned in this session yet
    with qtbot.waitSignal(doc.analysisChanged, timeout=180000):
        window.actions_["plan_all"].trigger()
    wait_idle(qtbot, window)
    window.actions_["cut20"].trigger()
    wait_idle(qtbot, window)
    cut, austerity = doc.cuts[0.2], doc.plans["austerity"]
    assert abs(austerity.policy.total_budget - cut.budget_wan) < 0.5  # the same money
    note = budget.cut_note.text()
    firms = f"{austerity.lines['firm'].nunique():,}"
    kept = f"{cut.kept.lines['firm'].nunique():,}"
    assert f"“{labels['austerity']}” funds {firms} firms" in note and f"this cut keeps {kept} firms" in note
    assert austerity.lines["firm"].nunique() >= cut.kept.lines["firm"].nunique()  # planned anew, it funds more


def test_the_english_comparison_names_cities_in_pinyin(loaded_window, qtbot):
    window, doc, budget = loaded_window, loaded_window.doc, loaded_window.budget
    with qtbot.waitSignal(doc.analysisChanged, timeout=180000):
        window.actions_["plan_all"].trigger()
    wait_idle(qtbot, window)
    cities = [budget.comparison.verticalHeaderItem(r).text() for r, key in enumerate(budget.comparison_keys)
              if key.startswith("city:") and key != "city:unknown"]
    assert cities and all(text.startswith("Subsidy: ") and text.replace("(万元)", "").isascii() for text in cities)
