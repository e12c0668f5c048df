"""The plan's outputs speak the planner's language: one formatter per kind of number in both languages,
the plan's quality in words (or nothing), no optimiser words in the report, the workbook or the command
line, and comparisons with their change against the baseline."""

import re
import subprocess
import sys
from datetime import date

import openpyxl
import pytest

from planning.reports import formats
from planning.reports.content import Paragraph, Table, build_report
from planning.reports.workbook import write_workbook
from tests.conftest import ROOT
from tests.export_plans import synthetic_plan

OPTIMISER_WORDS = re.compile(r"优先值总和|最优性差距|objective|milp|MILP|HiGHS|Optimal\b|optimality|greedy|贪心", re.I)


def test_money_percent_and_counts_read_the_same_everywhere():
    assert formats.money(1234567.891) == "1,234,567.9"
    assert formats.money(None) == formats.MISSING == formats.count(float("nan"))
    assert formats.signed_money(-1500) == "−1,500.0" and formats.signed_money(2.04) == "+2.0"
    assert formats.signed_money(0.01) == "0.0"
    assert formats.percent(0.1234) == "12.3%" and formats.points(12.34) == "12.3"
    assert formats.count(12345.4) == "12,345" and formats.signed_count(-3) == "−3"


def test_plan_quality_in_words_or_nothing():
    assert formats.plan_quality(0.0025, "zh") == "方案质量：已证明距最优不超过 0.3 %"
    assert formats.plan_quality(0.003, "zh") == "方案质量：已证明距最优不超过 0.3 %"
    assert formats.plan_quality(0.0, "en") == "Plan quality: proven the best possible"
    assert formats.plan_quality(None, "zh") == "" and formats.plan_quality(9.9, "zh") == ""


def report_text(content) -> str:
    parts = [content.cover.title]
    for section in content.sections:
        parts.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            elif isinstance(block, Table):
                parts += [block.caption, block.note, *block.columns] + [c for row in block.rows for c in row]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_optimiser_words_in_the_report_or_the_workbook(tmp_path, lang):
    plan = synthetic_plan(120, budget=300.0)
    text = report_text(build_report(plan, lang=lang, today=date(2025, 3, 31)))
    assert not OPTIMISER_WORDS.search(text), OPTIMISER_WORDS.search(text)
    book = openpyxl.load_workbook(write_workbook(plan, tmp_path / "p.xlsx", lang=lang, today=date(2025, 3, 31)))
    cells = [str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    found = [c for c in cells if OPTIMISER_WORDS.search(c) and not c.startswith("=")]
    assert found == []


def test_cli_summary_in_the_planners_words(tmp_path):
    from tests.roster_files import simple_rows, write_xlsx

    path = write_xlsx(tmp_path / "r.xlsx", simple_rows())
    out = subprocess.run([sys.executable, "main.py", "plan", str(path), "--budget", "12345.6", "--lang", "zh"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "12,345.6 万元" in out.stdout
    assert not OPTIMISER_WORDS.search(out.stdout)


def test_scenario_comparison_shows_the_change_against_the_baseline_with_units():
    import pandas as pd

    plan = synthetic_plan(120, budget=300.0)
    comparison = pd.DataFrame({"baseline": {"budget_wan": 3000.0, "funded_firms": 120, "kpi:rd_tool_rate": 40.0},
                               "austerity": {"budget_wan": 2400.0, "funded_firms": 100, "kpi:rd_tool_rate": 38.5}})
    content = build_report(plan, lang="zh", comparison=comparison, scenario_labels={"baseline": "基准方案",
                                                                                      "austerity": "压减方案"})
    table = next(t for s in content.sections if s.key == "scenarios" for t in s.blocks if isinstance(t, Table))
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["预算资金"] == ["万元", "3,000.0", "2,400.0（−600.0）"]
    assert rows["支持企业"] == ["家", "120", "100（−20）"]
    assert rows["数字化研发设计工具普及率（%）"][2] == "38.5（−1.5）"
