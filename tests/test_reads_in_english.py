"""A project planned and saved in a Chinese session reads fully in English: the stored plan holds codes,
and the explanations, the plan lines' reasons, the per-firm table and the summary are put into words
when read. The roster's own values (firm names, cities, files) are ASCII here, so any Chinese left in
what is rendered came from the core."""

import json
import re

import pandas as pd
import pytest

from planning.base import messages
from planning.project.facade import Project
from planning.project.file_format import open_project, save_project
from planning.reports import tables
from planning.reports.firms_table import firms_table
from planning.reports.templates import Texts
from planning.strategy.explanations import explanation, explanation_text
from tests.bench.bench_strategy import synthetic_frame

CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def chinese_in(texts) -> list[str]:
    return [t for t in map(str, texts) if CHINESE.search(t)]


def as_text(data) -> str:
    """JSON of a summary without the Chinese half of the pairs it copies from the templates (a
    reference's label_zh beside its label_en): those hold both languages on purpose."""
    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if not k.endswith("_zh")}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node
    return json.dumps(strip(data), ensure_ascii=False, default=str)


def cells(frame: pd.DataFrame) -> list:
    return list(frame.columns) + [v for column in frame.columns for v in frame[column].tolist()]


@pytest.fixture(scope="module")
def reopened(tmp_path_factory):
    frame = synthetic_frame(150, seed=7)
    n = len(frame)
    frame["name"] = [f"Firm {k:03d}" for k in range(n)]
    frame["city"] = [("Alpha", "Beta", "Gamma")[k % 3] for k in range(n)]
    frame["county"] = [f"County {k % 5}" for k in range(n)]
    frame["industry_name"] = pd.Series([None] * n, dtype=object)
    frame["source_file"], frame["source_sheet"], frame["source_row"] = "roster.xlsx", "Sheet1", range(2, n + 2)
    before = messages.language()
    messages.set_language("zh")
    try:
        project = Project.new("Plan", author="planner")
        project.set_roster(frame, None)
        project.set_override(0, "tier", "good", "site visit", author="planner")
        project.set_override(3, "track", "intelligence", "provincial pilot", author="planner")
        project.set_override(4, "actions", ["D01", "D02"], "asked by the city", author="planner")
        zh_plan = project.plan("baseline", total=3000.0, years=(2025, 2027), lang="zh")
        path = save_project(project, tmp_path_factory.mktemp("zh") / "plan.dtplan")
    finally:
        messages.set_language(before)
    assert len(zh_plan.lines) > 10
    return open_project(path).project


def test_the_stored_plan_holds_no_chinese(reopened):
    run = reopened.runs["baseline"]
    assert chinese_in(cells(run.lines)) == []
    assert chinese_in([as_text(run.summary)]) == []


def test_explanations_read_in_english(reopened):
    strategy = reopened.strategy()
    texts = [explanation_text(strategy, row, "en") for row in range(len(strategy.frame))]
    assert chinese_in(texts) == []
    assert "set by a planner" in texts[0] and "Left out" in " ".join(texts)
    shown = explanation(strategy, 4, "en")
    for action in shown["actions"]:  # MIIT's scenario names: actions.json gives them in Chinese only
        action.pop("scenarios")
    assert chinese_in([as_text(shown)]) == []


def test_plan_lines_tables_and_summary_read_in_english(reopened):
    plan = reopened.rerun("baseline", "en")
    texts = Texts.load("en")
    action_plan = tables.action_plan(plan, texts)
    assert action_plan["explanation"].str.startswith("Rule ").all()
    assert chinese_in(cells(action_plan)) == []
    assert chinese_in(cells(tables.funded_firms(plan, texts))) == []
    assert chinese_in(row["label"] for row in tables.constraint_rows(plan, texts)) == []
    assert chinese_in(cells(firms_table(plan.strategy, "en", plan))) == []
    assert chinese_in([as_text(plan.summary("en"))]) == []


def test_the_same_project_reads_in_chinese(reopened):
    strategy = reopened.strategy()
    assert CHINESE.search(explanation_text(strategy, 0, "zh"))
    assert "统一社会信用代码" in firms_table(strategy, "zh").columns
