"""A planning project: the roster and its import report, the templates in force, the planners'
overrides and audit trail, and the scenarios planned, with the project's own metadata.

Everything a colleague needs to get exactly the same plan travels with the project (and so with its
``.dtplan`` file): the rules, catalogue and policy are copies made when the project was created, not
references to the local ``templates/`` folder.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from planning import __version__
from planning.budget.action_plan import BudgetPlan, restore_plan
from planning.base.errors import ConfigError
from planning.importing.quality_report import ImportReport
from planning.importing.importer import ImportOptions, Roster, import_rosters
from planning.strategy.overrides import OverrideStore, current_user
from planning.base.paths import template_path
from planning.budget.policy import Policy, PriorityWeights, load_policy, load_scenarios, load_weights, merged
from planning.base.progress import NullProgress, PartProgress, Progress
from planning.budget import scenarios
from planning.budget.scenarios import ScenarioSpec, run_scenario, scenario_place
from planning.strategy.strategies import TEMPLATE_FILES, StrategyConfig, StrategyResult, plan_strategies
from planning.base.messages import message
from planning.base.template_files import read_json
from planning.project.fingerprint import inputs_digest, plan_fingerprint

if TYPE_CHECKING:
    from planning.reports.roster_template import WrittenTemplate



def default_templates() -> dict[str, dict]:
    """Fresh copies of the templates shipped in ``templates/`` (what a new project starts from)."""
    out = {key: read_json(template_path("strategy", name)) for key, name in TEMPLATE_FILES.items()}
    out["policy"] = load_policy()
    out["weights"] = load_weights()
    out["scenarios"] = {"scenarios": load_scenarios()}
    return out


def now() -> str:
    return datetime.now().isoformat(timespec="seconds")


@dataclass
class ProjectMeta:
    title: str = ""
    province: str = ""
    horizon_start: int = 2025
    horizon_end: int = 2027
    author: str = ""
    created: str = ""
    modified: str = ""
    app_version: str = __version__

    def to_dict(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict) -> "ProjectMeta":
        known = {k: data[k] for k in cls().__dict__ if k in data}
        return cls(**known)


@dataclass
class ScenarioRun:
    """What was asked of a scenario (budget, horizon, method) and what it gave (summary and lines)."""

    name: str
    total: float | None
    years: tuple[int, int] | None
    method: str
    summary: dict
    lines: pd.DataFrame
    computed: str = ""
    fingerprint: str = ""  # of the inputs it was planned from (see fingerprint.py)

    def params(self) -> dict:
        return {"total": self.total, "years": list(self.years) if self.years else None, "method": self.method,
                "fingerprint": self.fingerprint}

    def asked(self) -> dict:
        return {"total": self.total, "years": list(self.years) if self.years else None, "method": self.method}


@dataclass
class Comparison:
    """Every scenario of a project planned with the same budget, years and method, side by side."""

    plans: dict[str, BudgetPlan]
    table: pd.DataFrame  # one column per scenario, from planning.budget.scenarios.compare


@dataclass
class Project:
    meta: ProjectMeta = field(default_factory=ProjectMeta)
    roster: pd.DataFrame | None = None
    report: ImportReport | None = None
    templates: dict[str, dict] = field(default_factory=default_templates)
    overrides: OverrideStore = field(default_factory=OverrideStore)
    runs: dict[str, ScenarioRun] = field(default_factory=dict)
    _strategy: StrategyResult | None = field(default=None, repr=False)
    _config: StrategyConfig | None = field(default=None, repr=False)

    @classmethod
    def new(cls, title: str = "", province: str = "", author: str | None = None) -> "Project":
        stamp = now()
        policy = load_policy()
        horizon = policy.get("horizon", {})
        meta = ProjectMeta(title=title, province=province, author=author or current_user(), created=stamp,
                           modified=stamp, horizon_start=int(horizon.get("start", 2025)),
                           horizon_end=int(horizon.get("end", 2027)))
        return cls(meta=meta)

    @classmethod
    def from_rosters(cls, paths, options: ImportOptions | None = None, progress: Progress | None = None, *,
                     title: str = "", template_files: dict[str, Path] | None = None,
                     overrides: OverrideStore | None = None) -> "Project":
        """A new project on the roster files ``paths``. ``template_files`` replace some of the shipped
        templates by name (e.g. {"rules": path}); they are read and checked before any roster is, and
        their errors name the file."""
        project = cls.new(title)
        for name, path in (template_files or {}).items():
            project.set_template(name, read_json(Path(path)), source=Path(path).name)
        if overrides is not None:
            project.overrides = overrides
        project.import_rosters(paths, options, progress)
        return project

    def snapshot(self) -> "Project":
        """A copy to save while this project goes on changing. Frames, the import report and each
        template are replaced when they change, never edited in place, so copying the containers
        that hold them is enough (a few microseconds, whatever the roster's size)."""
        return Project(meta=replace(self.meta), roster=self.roster, report=self.report,
                       templates=dict(self.templates), overrides=self.overrides.copy(), runs=dict(self.runs),
                       _config=self._config)

    # -------------------------------------------------------------- what changes the plan

    def invalidate(self) -> None:
        self._strategy = None

    def touch(self) -> None:
        self.meta.modified = now()

    @staticmethod
    def read_rosters(paths, options: ImportOptions | None = None, progress: Progress | None = None) -> Roster:
        """Rosters read and checked, not yet any project's (the import wizard shows them first)."""
        return import_rosters(paths, options, progress=progress)

    def import_rosters(self, paths, options: ImportOptions | None = None, progress: Progress | None = None) -> Roster:
        roster = self.read_rosters(paths, options, progress)
        self.set_roster(roster.frame, roster.report, roster.province)
        return roster

    def set_roster(self, frame: pd.DataFrame, report: ImportReport | None, province_code: str | None = None) -> None:
        self.roster = frame
        self.report = report
        if not self.meta.province and province_code:
            from planning.reference.regions import region_index

            region = region_index().by_code.get(province_code)
            self.meta.province = region.name if region else ""
        self.runs.clear()
        self.invalidate()
        self.touch()

    def roster_update(self, frame: pd.DataFrame, report: ImportReport, mode: str, city: str | None = None,
                      province_code: str | None = None):
        """What importing ``frame`` in ``mode`` (add, replace_city, replace_all) would make of the roster,
        with its changes (planning.project.roster_update.RosterUpdate). Changes nothing."""
        from planning.project.roster_update import plan_update

        return plan_update(self.roster, self.report, frame, report, mode, city, self.overrides, province_code)

    def apply_roster_update(self, update) -> None:
        """Take the roster of ``update`` (from :meth:`roster_update`); the stored runs are dropped."""
        self.set_roster(update.frame, update.report, update.province)

    def restore(self, earlier: "Project") -> None:
        """Take back the roster, import report, overrides, runs and metadata of ``earlier`` (a
        :meth:`snapshot` of this project): one undo of a change to the whole roster."""
        self.meta = replace(earlier.meta)
        self.roster, self.report = earlier.roster, earlier.report
        self.overrides = earlier.overrides.copy()
        self.runs = dict(earlier.runs)
        self.invalidate()

    def check_template(self, name: str, body: dict, source: str | None = None) -> None:
        """Raise ConfigError (naming the file, rule or field) when ``body`` cannot replace template
        ``name``: the strategy templates, the policy, the weights and every scenario must still fit
        together. ``source`` names the file ``body`` came from in the errors. Changes nothing; the GUI
        calls it as the planner types."""
        if name not in self.templates:
            raise ConfigError("unknown_template", template=name)
        if not isinstance(body, dict):
            raise ConfigError("not_object", where=name)
        candidate = dict(self.templates)
        candidate[name] = body
        names = dict(TEMPLATE_FILES)
        if source and name in names:
            names[name] = source
        config = StrategyConfig.from_dicts({k: candidate[k] for k in TEMPLATE_FILES}, names)
        if name in TEMPLATE_FILES and name not in ("actions", "key_sectors", "size_classes"):
            return  # the policy, weights and scenarios only refer to actions, sectors and size classes
        Policy.from_dict(candidate["policy"]).check_against_strategy(config)
        PriorityWeights.from_dict(candidate["weights"])
        scenarios = candidate["scenarios"].get("scenarios")
        if not isinstance(scenarios, list):
            raise ConfigError("missing", where="scenarios.json", key=message("config.key.scenario_list"))
        names = [s.get("name") if isinstance(s, dict) else None for s in scenarios]
        if len(set(names)) != len(names) or not all(isinstance(n, str) and n for n in names):
            raise ConfigError("scenario.unique_names", where="scenarios.json")
        for item in scenarios:
            spec = ScenarioSpec.from_dict(item)
            where = scenario_place(spec.name)
            Policy.from_dict(merged(candidate["policy"], spec.policy_changes), where).check_against_strategy(config, where)
            PriorityWeights.from_dict(merged(candidate["weights"], spec.weight_changes), where)

    def set_template(self, name: str, body: dict, source: str | None = None) -> None:
        """Replace one template (validated first: a bad one raises ConfigError and changes nothing)."""
        self.check_template(name, body, source)
        candidate = dict(self.templates)
        candidate[name] = copy.deepcopy(body)
        self.templates = candidate
        self._config = None
        self.runs.clear()
        self.invalidate()
        self.touch()

    # -------------------------------------------------------------- derived results

    def strategy_config(self) -> StrategyConfig:
        if self._config is None:
            self._config = StrategyConfig.from_dicts({k: self.templates[k] for k in TEMPLATE_FILES})
        return self._config

    def strategy(self) -> StrategyResult:
        if self.roster is None:
            raise ValueError("the project has no roster yet")
        if self._strategy is None:
            self._strategy = plan_strategies(self.roster, self.strategy_config(), self.overrides)
        return self._strategy

    def scenario_specs(self) -> dict[str, ScenarioSpec]:
        return {s["name"]: ScenarioSpec.from_dict(s) for s in self.templates["scenarios"].get("scenarios", [])}

    def scenario_labels(self, lang: str = "zh") -> dict[str, str]:
        return {name: spec.label(lang) for name, spec in self.scenario_specs().items()}

    def plan(self, scenario: str = "baseline", total: float | None = None, years: tuple[int, int] | None = None,
             method: str = "auto", lang: str = "zh", progress: Progress | None = None) -> BudgetPlan:
        """Plan ``scenario`` of the project's own templates; kept as the project's run of that scenario."""
        plan = self._run(scenario, total, years, method, lang, progress)
        run = ScenarioRun(scenario, total, years, method, plan.summary(lang), plan.lines, now())
        run.fingerprint = self._fingerprint(run)
        self.runs[scenario] = run
        self.meta.horizon_start, self.meta.horizon_end = plan.policy.start, plan.policy.end
        self.touch()
        return plan

    def _run(self, scenario: str, total: float | None, years: tuple[int, int] | None, method: str, lang: str,
             progress: Progress | None) -> BudgetPlan:
        specs = self.scenario_specs()
        if scenario not in specs:
            raise KeyError(scenario)
        return run_scenario(self.strategy(), self.templates["policy"], self.templates["weights"], specs[scenario],
                            total=total, years=years, method=method, lang=lang, progress=progress)

    def rerun(self, scenario: str, lang: str = "zh", progress: Progress | None = None) -> BudgetPlan:
        """Plan a stored scenario again with the budget, horizon and method it was run with."""
        run = self.runs[scenario]
        return self.plan(scenario, run.total, run.years, run.method, lang, progress)

    def rerun_all(self, lang: str = "zh", progress: Progress | None = None) -> dict[str, BudgetPlan]:
        """Every stored scenario planned again, each with its own budget, horizon and method."""
        names = list(self.runs)
        return {name: self.rerun(name, lang, _share(progress, k, len(names))) for k, name in enumerate(names)}

    def stored_plans(self, lang: str = "zh", progress: Progress | None = None) -> dict[str, BudgetPlan]:
        """Every stored scenario's plan: as stored when nothing it depends on changed since (no choosing
        again), else planned again with its own budget, horizon and method."""
        names = list(self.runs)
        inputs = self._inputs()  # the same for every scenario: made once
        return {name: self.current_plan(name, lang, _share(progress, k, len(names)), inputs)
                for k, name in enumerate(names)}

    def current_plan(self, scenario: str, lang: str = "zh", progress: Progress | None = None,
                     inputs: str | None = None) -> BudgetPlan:
        """A stored scenario's plan: as stored when its inputs did not change, else planned again."""
        return self.stored_plan(scenario, inputs) or self.rerun(scenario, lang, progress)

    def stored_plan(self, scenario: str, inputs: str | None = None) -> BudgetPlan | None:
        """The stored plan of ``scenario`` rebuilt from its lines, or None when its inputs changed.
        ``inputs``: the project's inputs digest, when the caller has it."""
        run = self.runs.get(scenario)
        specs = self.scenario_specs()
        if run is None or scenario not in specs or not run.fingerprint or \
                run.fingerprint != self._fingerprint(run, inputs):
            return None
        policy, weights = scenarios.scenario_inputs(self.templates["policy"], self.templates["weights"],
                                                    specs[scenario], run.total, run.years)
        return restore_plan(self.strategy(), policy, weights, run.lines, run.summary.get("solver") or {}, scenario)

    def _inputs(self) -> str:
        return "" if self.roster is None else inputs_digest(self.roster, self.overrides, self.templates)

    def _fingerprint(self, run: ScenarioRun, inputs: str | None = None) -> str:
        inputs = self._inputs() if inputs is None else inputs
        return plan_fingerprint(inputs, run.name, run.asked()) if inputs else ""

    def compare(self, total: float | None = None, years: tuple[int, int] | None = None, method: str = "auto",
                lang: str = "zh", progress: Progress | None = None, *, keep: bool = True) -> Comparison:
        """Every scenario of the project's own templates planned with the same budget, horizon and
        method, side by side. ``keep`` keeps each plan as the project's run of its scenario."""
        progress = progress or NullProgress()
        specs = self.scenario_specs()
        plans = {}
        for k, (name, spec) in enumerate(specs.items()):
            progress.set_status(spec.label(lang))
            part = _share(progress, k, len(specs))
            plans[name] = (self.plan if keep else self._run)(name, total, years, method, lang, part)
        return Comparison(plans, scenarios.compare(list(plans.values())))

    def frontier(self, plan: BudgetPlan, levels: int = 10, method: str = "auto",
                 progress: Progress | None = None) -> list[dict]:
        """Value against budget at ``levels`` budgets up to (and beyond) ``plan``'s, with its policy and
        weights: ``plan`` is one of this project's."""
        return scenarios.frontier(plan.strategy, plan.policy, plan.weights, levels=levels, method=method,
                                  progress=progress)

    def cut(self, plan: BudgetPlan, fraction: float) -> scenarios.CutResult:
        """What-if: ``plan`` with its budget cut by ``fraction``, the least valuable funding dropped first."""
        return scenarios.cut(plan, fraction)

    def write_workbook(self, plan: BudgetPlan, path: Path, lang: str = "zh") -> Path:
        """The plan workbook of ``plan`` (one of this project's) with the project's import report, at ``path``."""
        from planning.reports.workbook import write_workbook

        return write_workbook(plan, Path(path), self.report, lang=lang, province=self.meta.province or None)

    def export(self, out_dir: Path, formats: tuple[str, ...] | None = None, *, plan: BudgetPlan | None = None,
               per_city: bool = False, compare: bool = False, frontier: int | None = None, lang: str = "zh",
               renderers: dict | None = None, progress: Progress | None = None) -> list[Path]:
        """Write the export set of ``plan`` (default: the first stored scenario, planned again) and the
        project's import report into ``out_dir``; returns the files written. ``compare`` adds every
        scenario planned with the budget, horizon and method ``plan`` was run with, ``frontier`` the
        efficient frontier at that many budget levels; neither changes the project's runs. ``renderers``
        maps a format the core cannot write (pdf) to its writer."""
        from planning.reports.export_set import FORMATS, ExportOptions, export_plan

        if plan is None:
            if not self.runs:
                raise ValueError("the project has no planned scenario to export")
            plan = self.current_plan(next(iter(self.runs)), lang)
        run = self.runs.get(plan.scenario)
        total, years, method = (run.total, run.years, run.method) if run else (None, None, "auto")
        steps = 1 + bool(compare) + bool(frontier)
        comparison, points = None, None
        if compare:
            comparison = self.compare(total, years, method, lang, _share(progress, 0, steps), keep=False).table
        if frontier:
            points = self.frontier(plan, frontier, method, _share(progress, steps - 2, steps))
        options = ExportOptions(formats=tuple(formats or FORMATS), lang=lang, per_city=per_city,
                                comparison=comparison, scenario_labels=self.scenario_labels(lang), frontier=points)
        return export_plan(plan, Path(out_dir), self.report, options, renderers, _share(progress, steps - 1, steps))

    def write_roster_template(self, path: Path, city: str | None = None, prefill: bool = True,
                              lang: str = "zh") -> WrittenTemplate:
        """The collection template for ``city`` (default: the whole province) at ``path``, pre-filled
        with the firms of this project's roster in that city when ``prefill``."""
        from planning.reports.roster_template import template_places, write_roster_template

        places = template_places(self.meta.province or None, city)
        firms = self.roster if prefill else None
        if firms is not None and places.city is not None:
            firms = firms[firms["city_code"] == places.city.code]
        return write_roster_template(Path(path), places, firms, lang)

    def write_problem_lists(self, out_dir: Path, lang: str = "zh") -> list[Path]:
        """One list of the rows to correct (退回修改清单) per city into ``out_dir``; the files written."""
        from planning.reports.problem_lists import write_problem_lists

        if self.report is None:
            return []
        return write_problem_lists(self.report, self.roster, Path(out_dir), lang)

    # -------------------------------------------------------------- overrides

    def set_override(self, row: int, field_name: str, value, reason: str, author: str | None = None):
        from planning.strategy.overrides import override_keys

        frame = self.strategy().frame
        key = override_keys(frame.iloc[row: row + 1])[0]
        old = frame.at[frame.index[row], field_name]
        override = self.overrides.set(key, field_name, value, reason, old=old, firm=str(frame.iat[row, frame.columns.get_loc("name")]),
                                      author=author)
        self.invalidate()
        self.touch()
        return override

    def clear_override(self, row: int, field_name: str, reason: str, author: str | None = None):
        from planning.strategy.overrides import override_keys

        frame = self.strategy().frame
        key = override_keys(frame.iloc[row: row + 1])[0]
        removed = self.overrides.clear(key, field_name, reason, author=author)
        self.invalidate()
        self.touch()
        return removed

    def change_overrides(self, field_name: str, changes, author: str | None = None) -> None:
        """Several firms' ``field_name`` changed at once, the tags computed again only after: each
        change is (row, value, reason), a value None going back to the computed value."""
        from planning.strategy.overrides import override_keys

        changes = list(changes)
        frame = self.strategy().frame
        rows = [row for row, _value, _reason in changes]
        keys = override_keys(frame.iloc[rows])
        olds = frame[field_name].to_numpy(dtype=object)[rows]
        names = frame["name"].to_numpy(dtype=object)[rows]
        for key, old, name, (_row, value, reason) in zip(keys, olds, names, changes):
            if value is None:
                self.overrides.clear(key, field_name, reason, firm=str(name), author=author)
            else:
                self.overrides.set(key, field_name, value, reason, old=old, firm=str(name), author=author)
        self.invalidate()
        self.touch()

    # -------------------------------------------------------------- summaries

    def summary(self, scenario: str | None = None, lang: str = "zh") -> dict:
        """The keys of ``main.py plan --json``, recomputed from the project's own data."""
        out: dict = {}
        if self.report is not None:
            full = self.report.to_summary(lang)
            out["import"] = {k: full[k] for k in ("enterprise_rows", "enterprises", "warnings")}
        result = self.strategy()
        summary = result.summary(lang)
        summary["firms_by_track"] = summary["by_track"]
        out.update(summary)
        name = scenario or (next(iter(self.runs)) if self.runs else None)
        if name is not None and name in self.runs:
            out.update(self.current_plan(name, lang).summary(lang))
        return out


def _share(progress: Progress | None, k: int, parts: int) -> Progress:
    """The ``k``-th of ``parts`` equal shares of ``progress``."""
    return PartProgress(progress or NullProgress(), k / parts, 1 / parts)
