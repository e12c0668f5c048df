"""Comparing every scenario is an analysis, not an edit: the project is not marked modified and its stored
plans stay as they were."""

from tests.conftest import wait_idle


def test_a_comparison_run_does_not_mark_the_project_modified(loaded_window, qtbot):
    window, doc = loaded_window, loaded_window.doc
    assert not doc.modified
    baseline, runs = doc.current_plan(), dict(doc.project.runs)
    with qtbot.waitSignal(doc.analysisChanged, timeout=180000):
        window.actions_["plan_all"].trigger()
    wait_idle(qtbot, window)
    assert doc.comparison is not None and set(doc.plans) == set(doc.project.scenario_specs())
    assert not doc.modified and not window.isWindowModified()
    assert doc.project.runs == runs and doc.current_plan() is baseline
