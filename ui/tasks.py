"""Long work off the GUI thread: a serial task runner adapting planning.progress.Progress.

The work function runs on one worker thread (so project operations never overlap, Anki-style) and
receives a :class:`TaskProgress`; it must not touch widgets. Progress, the result and any exception
come back through the task's signals, which Qt queues to the GUI thread. Cancelling is cooperative:
the core stops at its next ``progress.check()`` and the task ends with ``cancelled``.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
import weakref
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from planning.progress import Cancelled, Progress

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
        for signal, slot in ((task.succeeded, succeeded), (task.failed, failed), (task.cancelled, cancelled),
                             (task.finished, finished)):
            if slot is not None:
                signal.connect(slot)
        task.finished.connect(lambda t=task: self._finished(t))
        was_busy = self.busy
        self.tasks.append(task)
        self.taskStarted.emit(task)
        if self.busy != was_busy:
            self.busyChanged.emit(self.busy)
        self.pool.start(_Runnable(task))
        return task

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
