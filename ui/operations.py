"""The one way the window runs background work: an operation (after Anki's ``CollectionOp``).

An operation is the core work to run, how it reports a failure (by default the window's error report:
the one-line refusal for input the core refuses, the crash report with details otherwise), what to do
with its result, and the set of things it changes, which the document announces to the views once the
result is in. The work runs on the serial worker and must not touch widgets nor make Qt objects
(see ui.tasks); work that must make them (documents, printers, PDF writers) is a generator of steps
that ``in_steps=True`` runs on the GUI thread a slice at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Callable, Protocol

from .tasks import Task, TaskProgress, TaskRunner


@dataclass(frozen=True)
class Changes:
    """What an edit or an operation changed, for the views to refresh from."""

    project: bool = False  # another project replaced the open one: views start over
    roster: bool = False
    overrides: bool = False
    templates: frozenset[str] = frozenset()  # names of the templates edited
    tags: bool = False  # the firms' tags (the strategy result)
    plans: bool = False  # a plan was computed, shown, or became stale
    analysis: bool = False  # comparison, frontier or cuts

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(**{f.name: getattr(self, f.name) | getattr(other, f.name) for f in fields(self)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @property
    def inputs(self) -> bool:
        """The firms' tags must be computed again."""
        return self.roster or self.overrides or bool(self.templates)

    @property
    def clears_runs(self) -> bool:
        """Plans compared, frontiers and cuts no longer hold (the roster or a template changed)."""
        return self.roster or bool(self.templates)


NOTHING = Changes()


class OperationHost(Protocol):
    """Where operations run: the open project's document."""

    runner: TaskRunner

    def announce(self, changes: Changes) -> None: ...

    def report_failure(self, what: str, exc: BaseException, details: str) -> None: ...


class Operation:
    """``Operation(label, work, changes=...).success(store).then(next).run(doc)``.

    On success, in this order: ``success(result)`` (store the result), the declared changes are
    announced, ``then()`` (what comes next). ``unless(stale)`` drops a result that a newer change has
    made useless: nothing of the three happens. ``failure(handler)`` replaces the default error report.
    """

    def __init__(self, label: str, work: Callable[[TaskProgress], object], *, changes: Changes = NOTHING,
                 touches_project: bool = True, quiet: bool = False, in_steps: bool = False,
                 error_title: str | None = None):
        self.label = label
        self.work = work
        self.changes = changes
        self.touches_project = touches_project and not in_steps  # steps never touch the project
        self.quiet = quiet
        self.in_steps = in_steps
        self.error_title = error_title or label
        self._success: Callable[[object], None] | None = None
        self._then: Callable[[], None] | None = None
        self._failure: Callable[[BaseException, str], None] | None = None
        self._stale: Callable[[], bool] | None = None

    def success(self, handler: Callable[[object], None] | None) -> "Operation":
        self._success = handler
        return self

    def then(self, follow_up: Callable[[], None] | None) -> "Operation":
        self._then = follow_up
        return self

    def failure(self, handler: Callable[[BaseException, str], None] | None) -> "Operation":
        self._failure = handler
        return self

    def unless(self, stale: Callable[[], bool]) -> "Operation":
        self._stale = stale
        return self

    def run(self, host: OperationHost) -> Task:
        def succeeded(result) -> None:
            if self._stale is not None and self._stale():
                return
            if self._success is not None:
                self._success(result)
            if self.changes:
                host.announce(self.changes)
            if self._then is not None:
                self._then()

        def failed(exc: BaseException, details: str) -> None:
            if self._failure is not None:
                self._failure(exc, details)
            else:
                host.report_failure(self.error_title, exc, details)

        if self.in_steps:
            return host.runner.submit_steps(self.label, self.work, quiet=self.quiet, succeeded=succeeded,
                                            failed=failed)
        return host.runner.submit(self.label, self.work, touches_project=self.touches_project, quiet=self.quiet,
                                  succeeded=succeeded, failed=failed)
