"""The open project as the window sees it: the core Project, its file, its undo stack and the results
computed in this session (tags, plans, comparison, frontier, cuts), with signals the views follow.

Every change goes through core methods; anything slow runs as an operation (ui.operations) on the
serial task runner, and while a task that touches the project runs, edits are refused (``busy``), so
the worker never sees the project change under it. Edits and operations declare what they changed;
``announce`` turns that declaration into the signals the views follow.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from planning.base import messages
from planning.project.autosave import Autosaver, Recovery, forget
from planning.budget.action_plan import BudgetPlan
from planning.importing.importer import ImportOptions, Roster
from planning.project.facade import Comparison, Project
from planning.project.file_format import open_project, save_project
from planning.project.lock import held_elsewhere, holder, release_lock, take_lock
from planning.strategy.strategies import StrategyResult

from .operations import Changes, Operation
from .tasks import Task, TaskProgress, TaskRunner

log = logging.getLogger(__name__)
AUTOSAVE_SOON_MS = 2000
LOCKED = "project.locked"  # the core's notice of a project another process holds


@dataclass
class RosterState:
    project: Project  # a snapshot
    plans: dict[str, BudgetPlan]
    scenario: str
    plans_stale: bool
    comparison: object
    frontier_points: list[dict] | None
    cuts: dict[float, object]


class ProjectDocument(QObject):
    projectReplaced = Signal()  # another project (new, opened, restored): views start over
    strategyChanged = Signal()  # firms' tags changed (roster, overrides, templates)
    plansChanged = Signal()  # a plan was computed, or the plans became stale
    analysisChanged = Signal()  # comparison, frontier or cuts
    templatesChanged = Signal(str)
    stateChanged = Signal()  # path, read-only, modified: the title
    busyChanged = Signal(bool)
    changed = Signal(object)  # the Changes announced, after the signals above
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
            self.announce(Changes(plans=True, analysis=True))

    def scenario_labels(self) -> dict[str, str]:
        return self.project.scenario_labels(self.lang)

    def announce(self, changes: Changes) -> None:
        """Tell the views what changed, always in this order."""
        if changes.project:
            self.projectReplaced.emit()
        for name in sorted(changes.templates):
            self.templatesChanged.emit(name)
        if changes.tags:
            self.strategyChanged.emit()
        if changes.plans:
            self.plansChanged.emit()
        if changes.analysis:
            self.analysisChanged.emit()
        self.changed.emit(changes)

    def report_failure(self, what: str, exc: BaseException, details: str) -> None:
        self.failed.emit(what, exc, details)

    def run(self, operation: Operation) -> Task:
        return operation.run(self)

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
        if self.path is not None and not read_only:
            if take_lock(self.path, self):
                self.locked = self.path
            elif holder(self.path) is not None:  # another window of this program edits it
                self.read_only = True
                self.notice = self.tr("This project is already open in another DTPlan window; it was opened "
                                      "read-only here.")
            elif (owner := held_elsewhere(self.path)) is not None:  # another DTPlan took it since it was read
                self.read_only = True
                self.notice = self.notice_text(LOCKED, owner)
        self.autosaver = Autosaver(self.path)
        self.undo_stack.clear()
        self.extra_dirty = dirty
        self.strategy = None
        self.plans = {}
        self.plans_stale = False
        self.comparison, self.frontier_points, self.cuts = None, None, {}
        self._generation += 1
        self.stateChanged.emit()
        self.announce(Changes(project=True, plans=True, analysis=True))

    def release(self) -> None:
        """Give up the open file: release its lock (called on close and before another opens)."""
        if self.locked is not None:
            release_lock(self.locked, self)
            self.locked = None

    def notice_text(self, kind: str, owner: dict | None = None, version: int | None = None) -> str:
        """A notice of the core about an opened file, in the window's language."""
        owner = owner or {}
        return messages.tr(kind, self.lang, version=version, user=owner.get("user", "?"), host=owner.get("host", "?"),
                           since=owner.get("since", "?"))

    def open(self, path: Path, then: Callable[[], None] | None = None, failed: Callable | None = None) -> Task:
        """Open the project file ``path``; ``failed(exc, details)`` replaces the window's error report."""
        path = Path(path)

        def done(opened) -> None:
            notice = self.notice_text(opened.notice, opened.lock_owner, opened.migrated_from) if opened.notice else None
            self.replace(opened.project, path, read_only=opened.read_only, notice=notice)
            self.refresh_strategy(then=lambda: (self.replan_stored(), then and then()))

        return self.run(Operation(self.tr("Opening {name}").format(name=path.name), lambda p: open_project(path))
                        .success(done).failure(failed))

    def save(self, path: Path | None = None, then: Callable[[], None] | None = None) -> Task:
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no file to save to")
        project = self.project

        def done(written) -> None:
            if self.path != target or self.read_only:
                self.release()
                self.path, self.read_only, self.notice = target, False, None
                if take_lock(target, self):
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

        return self.run(Operation(self.tr("Saving {name}").format(name=target.name),
                                  lambda p: save_project(project, target)).success(done).then(then))

    def autosave_soon(self) -> None:
        """After an important change: autosave in a few seconds. Several changes make one write, and a
        stream of changes does not put it off: the first one starts the clock."""
        if not self.autosave_timer.isActive():
            self.autosave_timer.start(AUTOSAVE_SOON_MS)

    def autosave(self) -> threading.Thread | None:
        """Write a snapshot of the project on the autosave thread, whatever else runs: edits go on
        meanwhile and a long task does not hold it back. Returns the thread that writes it."""
        if not self.modified:
            return None
        return self.autosaver.write_in_background(self.project.snapshot())

    def revert(self) -> Task:
        """Reopen the saved file, dropping the changes; the autosave and the recovery are deleted only
        once it opened, so that a file that no longer opens loses nothing."""
        autosaver, recovery = self.autosaver, self.recovery

        def forget_unsaved() -> None:
            autosaver.discard()
            if recovery is not None:
                forget(recovery)

        return self.open(self.path, then=forget_unsaved)

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
        return self.run(Operation(self.tr("Importing rosters"), lambda p: Project.read_rosters(paths, options, p),
                                  touches_project=False).success(succeeded).failure(failed))

    def apply_roster_update(self, update) -> None:
        """Take the roster of ``update`` (planning.project.roster_update.RosterUpdate)."""
        self.project.apply_roster_update(update)
        self.plans = {}  # their firm numbers belong to the roster before
        self.plans_stale = False
        self._inputs_changed(Changes(roster=True))

    def roster_state(self) -> RosterState:
        """What a change to the whole roster replaces: the project's roster, report, overrides and runs,
        and this session's plans and analyses."""
        return RosterState(self.project.snapshot(), dict(self.plans), self.scenario, self.plans_stale,
                           self.comparison, self.frontier_points, dict(self.cuts))

    def restore_roster_state(self, state: RosterState) -> None:
        self.project.restore(state.project)
        self.plans, self.scenario, self.plans_stale = dict(state.plans), state.scenario, state.plans_stale
        self.comparison, self.frontier_points, self.cuts = state.comparison, state.frontier_points, dict(state.cuts)
        self.announce(Changes(roster=True, overrides=True, plans=True, analysis=True))
        self.refresh_strategy()
        self.autosave_soon()

    # -------------------------------------------------------------- tags

    def refresh_strategy(self, then: Callable[[], None] | None = None) -> Task | None:
        """Recompute every firm's tags in the background; views update when they arrive."""
        self._generation += 1
        generation, project = self._generation, self.project
        if project.roster is None:
            self.strategy = None
            self.announce(Changes(tags=True))
            if then is not None:
                then()
            return None

        def done(result: StrategyResult) -> None:
            self.strategy = result

        def work(progress: TaskProgress) -> StrategyResult:
            progress.set_status(self.tr("Applying the strategy rules"))
            return project.strategy()

        return self.run(Operation(self.tr("Tagging firms"), work, changes=Changes(tags=True), quiet=True)
                        .success(done).then(then)
                        .unless(lambda: generation != self._generation or project is not self.project))

    def set_override(self, row: int, field: str, value, reason: str) -> None:
        self.project.set_override(row, field, value, reason)
        self._inputs_changed(Changes(overrides=True))

    def clear_override(self, row: int, field: str, reason: str) -> None:
        self.project.clear_override(row, field, reason)
        self._inputs_changed(Changes(overrides=True))

    def change_overrides(self, field: str, changes: list[tuple[int, object, str]]) -> None:
        """Several firms' ``field`` at once: (row, value, reason), None for the computed value."""
        self.project.change_overrides(field, changes)
        self._inputs_changed(Changes(overrides=True))

    def set_template(self, name: str, body: dict) -> None:
        self.project.set_template(name, body)  # raises ConfigError, changing nothing, when invalid
        self._inputs_changed(Changes(templates=frozenset({name})))

    def _inputs_changed(self, changes: Changes) -> None:
        """The roster, an override or a template changed: the plans are stale and the tags are
        computed again."""
        if self.plans:
            self.plans_stale = True
        if changes.clears_runs:
            self.comparison, self.frontier_points, self.cuts = None, None, {}
        self.announce(changes | Changes(plans=True, analysis=changes.clears_runs))
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
            self.plans[scenario] = plan
            self.scenario = scenario
            self.plans_stale = False
            self.cuts = {}
            if dirty:
                self.mark_dirty()

        return self.run(Operation(self.tr("Planning “{scenario}”").format(scenario=label),
                                  lambda p: project.plan(scenario, total, years, method, lang, p),
                                  changes=Changes(plans=True, analysis=True), quiet=quiet)
                        .success(done).then(then).unless(lambda: project is not self.project))

    def replan_stored(self) -> Task | None:
        """The full plans of the scenarios stored in the project (the file keeps their lines; charts and
        reports need the full plans): rebuilt from the lines when their inputs did not change, else planned
        again with the budget, years and method they were run with. Not an edit."""
        project, lang = self.project, self.lang
        if not project.runs or project.roster is None:
            return None

        def done(plans: dict[str, BudgetPlan]) -> None:
            self.plans.update(plans)
            if self.scenario not in self.plans:
                self.scenario = next(iter(plans))
            self.plans_stale = False

        return self.run(Operation(self.tr("Recomputing the stored plans"), lambda p: project.stored_plans(lang, p),
                                  changes=Changes(plans=True), quiet=True)
                        .success(done).unless(lambda: project is not self.project))

    def plan_all(self, total: float | None = None, method: str = "auto") -> Task:
        """Every scenario, then their comparison side by side: an analysis, not an edit (the project's
        stored plans stay as they were; a scenario not planned yet in this session can be looked at)."""
        project, lang = self.project, self.lang

        def done(side_by_side: Comparison) -> None:
            for name, plan in side_by_side.plans.items():
                self.plans.setdefault(name, plan)
            self.comparison = side_by_side.table

        return self.run(Operation(self.tr("Planning every scenario"),
                                  lambda p: project.compare(total, None, method, lang, p, keep=False),
                                  changes=Changes(plans=True, analysis=True), quiet=True)
                        .success(done).unless(lambda: project is not self.project))

    def compute_frontier(self, levels: int = 8, method: str = "auto") -> Task | None:
        project, plan = self.project, self.current_plan()
        if plan is None:
            return None

        def done(points: list[dict]) -> None:
            self.frontier_points = points

        return self.run(Operation(self.tr("Computing the efficient frontier"),
                                  lambda p: project.frontier(plan, levels, method, p),
                                  changes=Changes(analysis=True), touches_project=False, quiet=True).success(done))

    def compute_cut(self, fraction: float) -> Task | None:
        project, plan = self.project, self.current_plan()
        if plan is None:
            return None

        def done(result) -> None:
            self.cuts[fraction] = result

        return self.run(Operation(self.tr("Cutting the budget by {percent}%").format(percent=round(fraction * 100)),
                                  lambda p: project.cut(plan, fraction), changes=Changes(analysis=True), touches_project=False)
                        .success(done))
