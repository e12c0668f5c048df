"""Codes and machine formats the core stores, shown in words and the locale's format in both languages."""

import pytest

from ui.app import install_translations
from ui.people_text import progress_status, solver, when


@pytest.fixture
def chinese(qapp):
    install_translations(qapp, "zh_CN")
    yield
    install_translations(qapp, "en")


def test_in_chinese_no_solver_code_or_iso_time_is_left(chinese):
    text = solver("milp", "Optimal", 0.0001)
    assert text.startswith("精确求解 · 最优") and "milp" not in text and "Optimal" not in text
    assert solver("greedy", "feasible") == "贪心算法 · 可行"
    assert "T" not in when("2026-12-07T03:56:17") and "2026" in when("2026-12-07T03:56:17")
    assert progress_status("milp") == "改进方案并证明其质量"  # the planner's words, no solver names
    assert progress_status("5000") == "预算 5,000 万元"
    assert progress_status("合肥市") == "合肥市"  # a city's name is already words


def test_in_english_the_same_words(qapp):
    install_translations(qapp, "en")
    assert solver("milp+greedy", "Time limit reached") == "exact optimisation + greedy selection · stopped at the time limit"
    assert "T03" not in when("2026-12-07T03:56:17")
    assert when("not a time") == "not a time"
    assert progress_status("candidates") == "Building the candidate actions"
