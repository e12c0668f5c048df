"""Long work off the GUI thread: a serial task runner adapting planning.base.progress.Progress.

The work function runs on one worker thread (so project operations never overlap, Anki-style) and
receives a :class:`TaskProgress`; it must not touch widgets, nor make Qt objects at all: PySide can
deadlock when a worker holding the GIL waits for a Qt lock that the GUI thread holds while it waits
for the GIL. Qt work (documents, printers, PDF writers) goes to ``submit_steps`` instead, which runs
a generator on the GUI thread a slice at a time. Progress, the result and any exception
come back through the task's signals, which Qt queues to the GUI thread. Cancelling is cooperative:
the core stops at its next ``progress.check()`` and the task ends with ``cancelled``. The window
starts its work through ui.operations, which runs on this.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
import weakref
from typing import Callable, Iterator

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from planning.base.progress import Cancelled, Progress

log = logging.getLogger(__name__)
_runners: "weakref.WeakSet[TaskRunner]" = weakref.WeakSet()


class TaskProgress(Progress):
    """Thread-safe: called from the worker, it forwards to the task's signals (throttled)."""

    def __init__(self, task: "Task"):
        self._task = task
        self._cancel = threading.Event()
        self._last_fraction = -1.0
        self._last_emit = 0.0

    def set_status(self, text: str) -> None:
        self._task.status.emit(str(text))

    def set_fraction(self, fraction: float) -> None:
        fraction = min(1.0, max(0.0, float(fraction)))
        now = time.monotonic()
        if abs(fraction - self._last_fraction) >= 0.005 and (now - self._last_emit >= 0.05 or fraction >= 1.0):
            self._last_fraction, self._last_emit = fraction, now
            self._task.progress.emit(fraction)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class Task(QObject):
    """One piece of background work and its outcome, delivered as signals in the GUI thread."""

    progress = Signal(float)
    status = Signal(str)
    succeeded = Signal(object)
    failed = Signal(object, str)  # the exception and its formatted traceback
    cancelled = Signal()
    finished = Signal()  # after whichever of the three above

    def __init__(self, label: str, fn: Callable[[TaskProgress], object], touches_project: bool = True,
                 quiet: bool = False):
        super().__init__()
        self.label = label
        self.fn = fn
        self.touches_project = touches_project
        self.quiet = quiet  # shown in the status bar only, never in a progress dialog
        self.reporter = TaskProgress(self)
        self.running = False
        self.done = False
        self.result = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        self.reporter.cancel()

    @property
    def cancel_requested(self) -> bool:
        return self.reporter.cancelled()


class _Runnable(QRunnable):
    def __init__(self, task: Task):
        super().__init__()
        self.setAutoDelete(True)
        self.task = task

    def run(self) -> None:
        task = self.task
        task.running = True
        try:
            task.reporter.check()
            result = task.fn(task.reporter)
        except Cancelled:
            task.cancelled.emit()
        except BaseException as exc:  # delivered to the GUI, never lost in the worker
            log.exception("task %r failed", task.label)
            task.error = exc
            task.failed.emit(exc, traceback.format_exc())
        else:
            task.result = result
            task.succeeded.emit(result)
        finally:
            task.running = False
            task.done = True
            task.finished.emit()


class _Stepper(QObject):
    """Runs a generator of steps on the GUI thread, a slice of time per turn of the event loop, for
    work that must stay on this thread (Qt documents, printers, PDF writers): the window keeps
    answering between slices. Each value the generator yields is its fraction done."""

    SLICE_S = 0.04

    def __init__(self, task: Task, steps: Callable[[TaskProgress], Iterator], parent: QObject):
        super().__init__(parent)
        self.task = task
        self.make_steps = steps
        self.steps: Iterator | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._slice)

    def start(self) -> None:
        self.timer.start(0)

    def _slice(self) -> None:
        task = self.task
        task.running = True
        deadline = time.monotonic() + self.SLICE_S
        try:
            task.reporter.check()
            if self.steps is None:
                self.steps = self.make_steps(task.reporter)
            while time.monotonic() < deadline:
                fraction = next(self.steps)
                if fraction is not None:
                    task.reporter.set_fraction(fraction)
                task.reporter.check()
        except StopIteration as done:
            task.result = done.value
            self._end(task.succeeded, done.value)
        except Cancelled:
            self._close_steps()
            self._end(task.cancelled)
        except BaseException as exc:  # delivered like a worker's failure
            log.exception("task %r failed", task.label)
            self._close_steps()
            task.error = exc
            self._end(task.failed, exc, traceback.format_exc())
        else:
            self.timer.start(0)

    def _close_steps(self) -> None:
        if self.steps is not None:
            self.steps.close()  # its finally blocks run: files closed, partial output removed

    def _end(self, outcome, *args) -> None:
        task = self.task
        task.running = False
        task.done = True
        outcome.emit(*args)
        task.finished.emit()
        self.deleteLater()


class TaskRunner(QObject):
    """Runs tasks one after the other on a single worker thread."""

    busyChanged = Signal(bool)  # a task touching the project is queued or running
    taskStarted = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.pool.setExpiryTimeout(2000)
        self.tasks: list[Task] = []
        _runners.add(self)

    def submit(self, label: str, fn: Callable[[TaskProgress], object], *, touches_project: bool = True,
               quiet: bool = False, succeeded: Callable | None = None, failed: Callable | None = None,
               cancelled: Callable | None = None, finished: Callable | None = None) -> Task:
        """Queue ``fn(progress)``. The callbacks are connected before the work starts, so none of
        its signals can be missed; other listeners connect in ``taskStarted``."""
        task = Task(label, fn, touches_project, quiet)
        was_busy = self.busy
        self._enlist(task, succeeded, failed, cancelled, finished)
        if self.busy != was_busy:
            self.busyChanged.emit(self.busy)
        self.pool.start(_Runnable(task))
        return task

    def submit_steps(self, label: str, steps: Callable[[TaskProgress], Iterator], *, quiet: bool = False,
                     succeeded: Callable | None = None, failed: Callable | None = None,
                     cancelled: Callable | None = None, finished: Callable | None = None) -> Task:
        """Run ``steps(progress)``, a generator, on the GUI thread a slice at a time (see _Stepper).
        It runs beside the worker's tasks and never touches the project."""
        task = Task(label, lambda p: None, touches_project=False, quiet=quiet)
        self._enlist(task, succeeded, failed, cancelled, finished)
        _Stepper(task, steps, self).start()
        return task

    def _enlist(self, task: Task, succeeded, failed, cancelled, finished) -> None:
        """Connect the callbacks before the work starts, so none of its signals can be missed."""
        for signal, slot in ((task.succeeded, succeeded), (task.failed, failed), (task.cancelled, cancelled),
                             (task.finished, finished)):
            if slot is not None:
                signal.connect(slot)
        task.finished.connect(lambda t=task: self._finished(t))
        self.tasks.append(task)
        self.taskStarted.emit(task)

    def _finished(self, task: Task) -> None:
        was_busy = self.busy
        if task in self.tasks:
            self.tasks.remove(task)
        if self.busy != was_busy:
            self.busyChanged.emit(self.busy)

    @property
    def busy(self) -> bool:
        return any(t.touches_project for t in self.tasks)

    def active(self) -> int:
        return self.pool.activeThreadCount()

    def cancel_all(self) -> None:
        for task in list(self.tasks):
            task.cancel()

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel what is queued or running and wait for the worker to stop."""
        self.cancel_all()
        self.pool.clear()
        done = self.pool.waitForDone(timeout_ms)
        self.tasks.clear()
        return done


def live_runners() -> list[TaskRunner]:
    return list(_runners)
