"""The open project as the window sees it: the core Project, its file, its undo stack and the results
computed in this session (tags, plans, comparison, frontier, cuts), with signals the views follow.

Every change goes through core methods; anything slow runs on the serial task runner, and while a
task that touches the project runs, edits are refused (``busy``), so the worker never sees the
project change under it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from planning.base import messages
from planning.project.autosave import Autosaver, Recovery, forget
from planning.budget.action_plan import BudgetPlan
from planning.importing.importer import ImportOptions, Roster
from planning.project.facade import Project
from planning.project.file_format import open_project, save_project
from planning.project.lock import release_lock, take_lock
from planning.strategy.strategies import StrategyResult

from .tasks import Task, TaskProgress, TaskRunner

log = logging.getLogger(__name__)
AUTOSAVE_SOON_MS = 3000


class SubProgress:
    """A part [start, start + span) of a task's progress, for work made of several core calls."""

    def __init__(self, parent: TaskProgress, start: float, span: float):
        self.parent, self.start, self.span = parent, start, span

    def set_status(self, text: str) -> None:
        self.parent.set_status(text)

    def set_fraction(self, fraction: float) -> None:
        self.parent.set_fraction(self.start + self.span * min(1.0, max(0.0, fraction)))

    def cancelled(self) -> bool:
        return self.parent.cancelled()

    def check(self) -> None:
        self.parent.check()

    def step(self, fraction: float, status: str | None = None) -> None:
        if status:
            self.set_status(status)
        self.set_fraction(fraction)
        self.check()


class ProjectDocument(QObject):
    projectReplaced = Signal()  # another project (new, opened, restored): views start over
    strategyChanged = Signal()  # firms' tags changed (roster, overrides, templates)
    plansChanged = Signal()  # a plan was computed, or the plans became stale
    analysisChanged = Signal()  # comparison, frontier or cuts
    templatesChanged = Signal(str)
    stateChanged = Signal()  # path, read-only, modified: the title
    busyChanged = Signal(bool)
    failed = Signal(str, object, str)  # what was being done, the exception, its traceback
    saved = Signal(str)

    def __init__(self, runner: TaskRunner, lang: str = "zh", parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.lang = lang
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self.stateChanged)
        self.project = Project.new()
        self.path: Path | None = None
        self.read_only = False
        self.notice: str | None = None
        self.locked: Path | None = None
        self.recovery: Recovery | None = None
        self.autosaver = Autosaver(None)
        self.strategy: StrategyResult | None = None
        self.plans: dict[str, BudgetPlan] = {}
        self.scenario = "baseline"
        self.plans_stale = False
        self.comparison = None
        self.frontier_points: list[dict] | None = None
        self.cuts: dict[float, object] = {}
        self.extra_dirty = False
        self._generation = 0
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.timeout.connect(self.autosave)
        runner.busyChanged.connect(self.busyChanged)

    # -------------------------------------------------------------- state

    @property
    def busy(self) -> bool:
        return self.runner.busy

    @property
    def modified(self) -> bool:
        return self.extra_dirty or not self.undo_stack.isClean()

    def display_name(self) -> str:
        if self.path is not None:
            return self.path.stem
        return self.project.meta.title or ""

    def mark_dirty(self) -> None:
        if not self.extra_dirty:
            self.extra_dirty = True
            self.stateChanged.emit()
        self.autosave_soon()

    def current_plan(self) -> BudgetPlan | None:
        return self.plans.get(self.scenario)

    def set_scenario(self, name: str) -> None:
        """Show the plan of scenario ``name`` (one planned in this session)."""
        if name in self.plans and name != self.scenario:
            self.scenario = name
            self.cuts = {}
            self.plansChanged.emit()
            self.analysisChanged.emit()

    def scenario_labels(self) -> dict[str, str]:
        return {name: spec.label(self.lang) for name, spec in self.project.scenario_specs().items()}

    def _submit(self, label: str, fn: Callable[[TaskProgress], object], succeeded: Callable | None = None,
                cancelled: Callable | None = None, touches_project: bool = True, failed: Callable | None = None,
                quiet: bool = False) -> Task:
        """Run ``fn`` on the worker; failures go to ``failed`` or else to the window's error report."""
        report = failed or (lambda exc, tb, what=label: self.failed.emit(what, exc, tb))
        return self.runner.submit(label, fn, touches_project=touches_project, quiet=quiet, succeeded=succeeded,
                                  cancelled=cancelled, failed=report)

    # -------------------------------------------------------------- whole projects

    def replace(self, project: Project, path: Path | None = None, *, read_only: bool = False,
                notice: str | None = None, dirty: bool = False, recovery: Recovery | None = None) -> None:
        """Make ``project`` the open one: locks, undo stack and results start over."""
        self.release()
        self.project = project
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self.notice = notice
        self.recovery = recovery
        if self.path is not None and not read_only and take_lock(self.path):
            self.locked = self.path
        self.autosaver = Autosaver(self.path)
        self.undo_stack.clear()
        self.extra_dirty = dirty
        self.strategy = None
        self.plans = {}
        self.plans_stale = False
        self.comparison, self.frontier_points, self.cuts = None, None, {}
        self._generation += 1
        self.projectReplaced.emit()
        self.stateChanged.emit()
        self.plansChanged.emit()
        self.analysisChanged.emit()

    def release(self) -> None:
        """Give up the open file: release its lock (called on close and before another opens)."""
        if self.locked is not None:
            release_lock(self.locked)
            self.locked = None

    def open(self, path: Path, then: Callable[[], None] | None = None) -> Task:
        path = Path(path)

        def done(opened) -> None:
            notice = None
            if opened.notice:
                owner = opened.lock_owner or {}
                notice = messages.tr(opened.notice, self.lang, version=opened.migrated_from,
                                     user=owner.get("user", "?"), host=owner.get("host", "?"),
                                     since=owner.get("since", "?"))
            self.replace(opened.project, path, read_only=opened.read_only, notice=notice)
            self.refresh_strategy(then=lambda: (self.replan_stored(), then and then()))

        return self._submit(self.tr("Opening {name}").format(name=path.name), lambda p: open_project(path), done)

    def save(self, path: Path | None = None, then: Callable[[], None] | None = None) -> Task:
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no file to save to")
        project = self.project

        def done(written) -> None:
            if self.path != target or self.read_only:
                self.release()
                self.path, self.read_only, self.notice = target, False, None
                if take_lock(target):
                    self.locked = target
            self.autosaver.discard()
            self.autosaver = Autosaver(target)
            if self.recovery is not None:
                forget(self.recovery)
                self.recovery = None
            self.extra_dirty = False
            self.undo_stack.setClean()
            self.stateChanged.emit()
            self.saved.emit(str(target))
            if then:
                then()

        return self._submit(self.tr("Saving {name}").format(name=target.name),
                            lambda p: save_project(project, target), done)

    def autosave_soon(self) -> None:
        """After an important change: autosave in a few seconds (several changes make one write)."""
        self.autosave_timer.start(AUTOSAVE_SOON_MS)

    def autosave(self) -> Task | None:
        """Write a snapshot of the project in the background. Edits go on meanwhile, so an autosave
        never greys out the window; while a task is changing the project, try again after it."""
        if not self.modified or self.project.roster is None:
            return None
        if self.busy:
            self.autosave_soon()
            return None
        snapshot, saver = self.project.snapshot(), self.autosaver
        return self._submit(self.tr("Autosaving"), lambda p: saver.write(snapshot), touches_project=False,
                            quiet=True)

    def discard_autosave(self) -> None:
        """The user closed without saving on purpose: the autosave is not wanted either."""
        self.autosaver.discard()
        if self.recovery is not None:
            forget(self.recovery)
            self.recovery = None

    def stop(self) -> None:
        self.autosave_timer.stop()

    # -------------------------------------------------------------- roster

    def import_rosters(self, paths: list[Path], options: ImportOptions | None = None,
                       succeeded: Callable[[Roster], None] | None = None, failed: Callable | None = None) -> Task:
        """Read rosters into a Roster (not yet the project's: the wizard shows it first)."""
        from planning.importing.importer import import_rosters

        return self._submit(self.tr("Importing rosters"), lambda p: import_rosters(paths, options, progress=p),
                            succeeded, touches_project=False, failed=failed)

    def set_roster(self, frame, report, province: str | None = None) -> None:
        self.project.set_roster(frame, report, province)
        self.plans = {}  # their firm numbers belong to the roster before
        self.plans_stale = False
        self._results_changed(runs_cleared=True)

    # -------------------------------------------------------------- tags

    def refresh_strategy(self, then: Callable[[], None] | None = None) -> Task | None:
        """Recompute every firm's tags in the background; views update when they arrive."""
        self._generation += 1
        generation, project = self._generation, self.project
        if project.roster is None:
            self.strategy = None
            self.strategyChanged.emit()
            return None

        def done(result: StrategyResult) -> None:
            if generation != self._generation or project is not self.project:
                return  # a newer change is on its way
            self.strategy = result
            self.strategyChanged.emit()
            if then:
                then()

        def work(progress: TaskProgress) -> StrategyResult:
            progress.set_status(self.tr("Applying the strategy rules"))
            return project.strategy()

        return self._submit(self.tr("Tagging firms"), work, done, quiet=True)

    def set_override(self, row: int, field: str, value, reason: str) -> None:
        self.project.set_override(row, field, value, reason)
        self._results_changed()

    def clear_override(self, row: int, field: str, reason: str) -> None:
        self.project.clear_override(row, field, reason)
        self._results_changed()

    def set_template(self, name: str, body: dict) -> None:
        self.project.set_template(name, body)  # raises ConfigError, changing nothing, when invalid
        self.templatesChanged.emit(name)
        self._results_changed(runs_cleared=True)

    def _results_changed(self, runs_cleared: bool = False) -> None:
        if self.plans:
            self.plans_stale = True
        if runs_cleared:
            self.comparison, self.frontier_points, self.cuts = None, None, {}
            self.analysisChanged.emit()
        self.plansChanged.emit()
        self.refresh_strategy()
        self.autosave_soon()

    # -------------------------------------------------------------- plans

    def plan(self, scenario: str | None = None, total: float | None = None, years: tuple[int, int] | None = None,
             method: str = "auto", *, dirty: bool = True, quiet: bool = False,
             then: Callable[[], None] | None = None) -> Task:
        scenario = scenario or self.scenario
        project, lang = self.project, self.lang
        label = self.scenario_labels().get(scenario, scenario)

        def done(plan: BudgetPlan) -> None:
            if project is not self.project:
                return
            self.plans[scenario] = plan
            self.scenario = scenario
            self.plans_stale = False
            self.cuts = {}
            if dirty:
                self.mark_dirty()
            self.plansChanged.emit()
            self.analysisChanged.emit()
            if then:
                then()

        return self._submit(self.tr("Planning “{scenario}”").format(scenario=label),
                            lambda p: project.plan(scenario, total, years, method, lang, p), done, quiet=quiet)

    def replan_stored(self) -> Task | None:
        """Plan again the scenarios stored in the project with the budget, years and method they were
        run with (the file keeps their lines; charts and reports need the full plans). Not an edit."""
        project, lang = self.project, self.lang
        runs = list(project.runs.values())
        if not runs or project.roster is None:
            return None

        def work(progress: TaskProgress) -> dict[str, BudgetPlan]:
            out = {}
            for k, run in enumerate(runs):
                sub = SubProgress(progress, k / len(runs), 1 / len(runs))
                out[run.name] = project.plan(run.name, run.total, run.years, run.method, lang, sub)
            return out

        def done(plans: dict[str, BudgetPlan]) -> None:
            if project is not self.project:
                return
            self.plans.update(plans)
            if self.scenario not in self.plans:
                self.scenario = next(iter(plans))
            self.plans_stale = False
            self.plansChanged.emit()

        return self._submit(self.tr("Recomputing the stored plans"), work, done, quiet=True)

    def plan_all(self, total: float | None = None, method: str = "auto") -> Task:
        """Every scenario, then their comparison side by side."""
        from planning.budget.scenarios import compare

        project, lang = self.project, self.lang
        names = list(project.scenario_specs())

        def work(progress: TaskProgress):
            plans = {}
            for k, name in enumerate(names):
                progress.set_status(self.scenario_labels().get(name, name))
                plans[name] = project.plan(name, total, None, method, lang, SubProgress(progress, k / len(names),
                                                                                        1 / len(names)))
            return plans, compare(list(plans.values()))

        def done(result) -> None:
            if project is not self.project:
                return
            plans, table = result
            self.plans.update(plans)
            self.plans_stale = False
            self.comparison = table
            self.mark_dirty()
            self.plansChanged.emit()
            self.analysisChanged.emit()

        return self._submit(self.tr("Planning every scenario"), work, done)

    def compute_frontier(self, levels: int = 8, method: str = "auto") -> Task | None:
        from planning.budget.scenarios import frontier

        plan = self.current_plan()
        if plan is None:
            return None

        def done(points: list[dict]) -> None:
            self.frontier_points = points
            self.analysisChanged.emit()

        return self._submit(self.tr("Computing the efficient frontier"),
                            lambda p: frontier(plan.strategy, plan.policy, plan.weights, levels=levels, method=method,
                                               progress=p), done, touches_project=False)

    def compute_cut(self, fraction: float) -> Task | None:
        from planning.budget.scenarios import cut

        plan = self.current_plan()
        if plan is None:
            return None

        def done(result) -> None:
            self.cuts[fraction] = result
            self.analysisChanged.emit()

        return self._submit(self.tr("Cutting the budget by {percent}%").format(percent=round(fraction * 100)),
                            lambda p: cut(plan, fraction), done, touches_project=False)
