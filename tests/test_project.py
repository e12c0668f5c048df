"""``Project`` assembles the pipeline (rosters → tags → plans → comparison, frontier → export set) for
the command line, the window and the self-test alike, always from the project's own templates."""

import json
from pathlib import Path

import openpyxl
import pytest

from planning.base.errors import ConfigError
from planning.base.progress import Progress
from planning.cli import commands as cli
from planning.project.facade import Project
from planning.project.file_format import open_project, save_project
from planning.reports.content import money
from planning.reports.templates import Texts
from tests.conftest import SAMPLE

OWN_BUDGET = 5000.0  # the shipped policy's is 50,000 万元


def small_budget_policy(project: Project) -> dict:
    policy = dict(project.templates["policy"])
    policy["total_budget_wan"] = OWN_BUDGET
    policy["yearly_budget_wan"] = {"2025": 1500, "2026": 2000, "2027": 1500}
    return policy


@pytest.fixture(scope="module")
def small_budget_file(tmp_path_factory) -> Path:
    """The sample with a policy budget of its own (5,000 万元), its baseline planned (greedy) and saved."""
    project = Project.from_rosters([SAMPLE], title="own budget")
    project.set_template("policy", small_budget_policy(project))
    project.plan("baseline", method="greedy")
    return save_project(project, tmp_path_factory.mktemp("own") / "own.dtplan")


def capture_pdf(contents: list):
    def render(content, path):
        contents.append(content)
        Path(path).write_bytes(b"%PDF-")
    return render


def test_compare_uses_the_projects_own_policy(small_budget_file):
    project = open_project(small_budget_file).project
    side_by_side = project.compare(method="greedy", keep=False)
    assert list(side_by_side.table.columns) == list(project.scenario_specs())
    assert side_by_side.table.at["budget_wan", "baseline"] == pytest.approx(OWN_BUDGET)
    assert side_by_side.table.at["budget_wan", "austerity"] == pytest.approx(0.8 * OWN_BUDGET)
    assert (side_by_side.table.loc["total_subsidy_wan"] <= side_by_side.table.loc["budget_wan"] + 0.01).all()
    assert project.scenario_labels("zh")["baseline"] == "基准方案"
    assert list(project.runs) == ["baseline"]  # keep=False leaves the project's runs alone


def test_cli_export_compare_agrees_with_project_compare(small_budget_file, tmp_path, capsys):
    contents: list = []
    code = cli.main(["export", str(small_budget_file), "--out", str(tmp_path / "out"), "--format", "pdf",
                     "--compare", "--json", "--lang", "zh"], renderers={"pdf": capture_pdf(contents)})
    assert code == cli.EXIT_OK, capsys.readouterr().err
    printed = json.loads(capsys.readouterr().out)
    assert printed["budget_wan"] == pytest.approx(OWN_BUDGET)
    [content] = contents
    [section] = [s for s in content.sections if s.key == "scenarios"]
    [table] = [b for b in section.blocks if hasattr(b, "rows")]
    rendered = {row[0]: row[1:] for row in table.rows}

    expected = open_project(small_budget_file).project.compare(method="greedy", keep=False).table
    texts = Texts.load("zh")
    for key in ("budget_wan", "total_subsidy_wan"):
        unit, *cells = rendered[texts(f"figures.{key}")]
        assert unit == "万元"
        assert [cell.split("（")[0] for cell in cells] == [money(expected.at[key, c]) for c in expected.columns]
    assert rendered[texts("figures.budget_wan")][1] == money(OWN_BUDGET)


def test_plan_with_save_plans_once_and_saves_that_plan(tmp_path, capsys, monkeypatch):
    import planning.budget.scenarios as scenarios
    import planning.project.facade as facade

    planned = []
    real = scenarios.run_scenario
    counting = lambda *a, **k: planned.append(a[3].name) or real(*a, **k)  # noqa: E731
    monkeypatch.setattr(scenarios, "run_scenario", counting)
    monkeypatch.setattr(facade, "run_scenario", counting)
    saved = tmp_path / "p.dtplan"
    code = cli.main(["plan", str(SAMPLE), "--budget", "3000", "--method", "greedy", "--save", str(saved), "--json",
                     "--title", "一次"])
    assert code == cli.EXIT_OK, capsys.readouterr().err
    printed = json.loads(capsys.readouterr().out)
    assert planned == ["baseline"]
    project = open_project(saved).project
    assert project.meta.title == "一次"
    assert list(project.runs) == ["baseline"] and project.runs["baseline"].total == 3000
    assert project.runs["baseline"].summary["total_subsidy_wan"] == pytest.approx(printed["total_subsidy_wan"])


def test_from_rosters_reads_the_rosters_into_a_new_project():
    project = Project.from_rosters([SAMPLE], title="样例")
    assert project.meta.title == "样例" and project.meta.province
    assert len(project.roster) == project.report.enterprises > 0
    assert project.runs == {} and project.templates["policy"]["total_budget_wan"] == 50000


def test_from_rosters_checks_template_files_before_reading_any_roster(tmp_path):
    rules = tmp_path / "my_rules.json"
    rules.write_text(json.dumps({"rules": [{"id": "x", "when": {"no_such_field": 1}}]}), encoding="utf-8")
    with pytest.raises(ConfigError, match="my_rules.json"):
        Project.from_rosters([tmp_path / "not_read.xlsx"], template_files={"rules": rules})


class Fractions(Progress):
    def __init__(self):
        self.seen: list[float] = []

    def set_fraction(self, fraction: float) -> None:
        self.seen.append(fraction)


def test_export_writes_the_set_with_comparison_and_frontier(small_budget_file, tmp_path):
    project = open_project(small_budget_file).project
    stored = project.runs["baseline"].summary["total_subsidy_wan"]
    progress = Fractions()
    written = project.export(tmp_path, ("xlsx", "png"), compare=True, frontier=3, lang="en", progress=progress)
    names = {path.name for path in written}
    assert {"funding_plan.xlsx", "scenarios.png", "frontier.png", "yearly.png"} <= names
    assert all(path.exists() for path in written)
    book = openpyxl.load_workbook(tmp_path / "funding_plan.xlsx", read_only=True)
    assert book.sheetnames[0] == "Summary"
    book.close()
    assert list(project.runs) == ["baseline"]
    assert project.runs["baseline"].summary["total_subsidy_wan"] == pytest.approx(stored)
    assert progress.seen == sorted(progress.seen) and progress.seen[-1] == pytest.approx(1.0)


def test_export_of_a_project_without_plans_is_refused(tmp_path):
    project = Project.from_rosters([SAMPLE])
    with pytest.raises(ValueError):
        project.export(tmp_path, ("xlsx",))
    assert not any(tmp_path.iterdir())


def test_compare_keeps_every_scenario_and_rerun_all_plans_them_again(small_budget_file):
    project = open_project(small_budget_file).project
    side_by_side = project.compare(total=2000.0, method="greedy")
    assert list(project.runs) == list(project.scenario_specs())
    assert all(run.total == 2000.0 and run.method == "greedy" for run in project.runs.values())
    again = project.rerun_all()
    assert set(again) == set(side_by_side.plans)
    for name, plan in again.items():
        assert plan.total_subsidy == pytest.approx(side_by_side.plans[name].total_subsidy, abs=0.005)
    assert side_by_side.table.at["budget_wan", "austerity"] == pytest.approx(0.8 * 2000.0)


def test_the_window_writes_a_workbook_and_cuts_through_the_project(small_budget_file, tmp_path):
    project = open_project(small_budget_file).project
    plan = project.rerun("baseline")
    path = project.write_workbook(plan, tmp_path / "plan.xlsx", "en")
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames[0] == "Summary" and len(book.sheetnames) > 4  # with the import report's sheet
    result = project.cut(plan, 0.2)
    assert result.kept.total_subsidy <= 0.8 * plan.policy.total_budget + 1e-6
    assert set(project.runs) == {"baseline"}  # a what-if, not a run of the project


def test_a_policy_naming_a_size_class_that_does_not_exist_is_refused_as_it_is_edited():
    project = Project.new("t")
    policy = json.loads(json.dumps(project.templates["policy"]))
    policy["eligibility"]["sme_size_classes"] = ["medium", "no_such_class"]
    with pytest.raises(ConfigError, match="no_such_class"):
        project.check_template("policy", policy)
    sizes = json.loads(json.dumps(project.templates["size_classes"]))
    sizes["classes"] = [c for c in sizes["classes"] if c["id"] != "micro"]
    with pytest.raises(ConfigError, match="micro"):
        project.check_template("size_classes", sizes)
