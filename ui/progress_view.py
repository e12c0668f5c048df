"""How background work shows: a progress dialog that appears only when a task takes longer than
half a second (quick work never flashes a window), and a status-bar indicator with the time spent so
far and Cancel."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QProgressBar, QProgressDialog, QToolButton, QWidget

from .people_text import progress_status
from .tasks import Task, TaskRunner

SHOW_AFTER_MS = 500
TICK_MS = 1000


def elapsed_text(seconds: float) -> str:
    """m:ss (h:mm:ss from an hour on)."""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class DelayedProgressDialog(QObject):
    def __init__(self, task: Task, parent: QWidget, delay_ms: int = SHOW_AFTER_MS):
        super().__init__(parent)
        self.task = task
        self.parent_widget = parent
        self.dialog: QProgressDialog | None = None
        self._fraction = 0.0
        self._status = task.label
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._show)
        task.progress.connect(self._on_progress)
        task.status.connect(self._on_status)
        task.finished.connect(self._close)
        self.timer.start(delay_ms)

    def _text(self) -> str:
        status = self._status.strip()
        return self.task.label if not status or status == self.task.label else f"{self.task.label}\n{status}"

    def _show(self) -> None:
        if self.task.done:
            return
        parent = QApplication.activeModalWidget() or self.parent_widget  # above a wizard that is open
        dialog = QProgressDialog(self._text(), self.tr("Cancel"), 0, 1000, parent)
        dialog.setWindowTitle(self.tr("Working"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        dialog.setValue(int(self._fraction * 1000))
        dialog.canceled.connect(self._cancel)
        self.dialog = dialog
        dialog.show()

    def _cancel(self) -> None:
        self.task.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(self.tr("Cancelling…"))
            self.dialog.setCancelButton(None)
            self.dialog.show()  # QProgressDialog hides itself on cancel; keep it until the work stops

    def _on_progress(self, fraction: float) -> None:
        self._fraction = fraction
        if self.dialog is not None:
            self.dialog.setValue(int(fraction * 1000))

    def _on_status(self, text: str) -> None:
        self._status = progress_status(text)
        if self.dialog is not None and not self.task.cancel_requested:
            self.dialog.setLabelText(self._text())

    def _close(self) -> None:
        self.timer.stop()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.deleteLater()


class TaskIndicator(QWidget):
    """Status-bar widget: the running task's name, its progress, the time since it was asked for and a
    Cancel button. ``taskEnded(task, seconds)`` tells how long each task took."""

    taskEnded = Signal(object, float)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.current: Task | None = None
        self.clock = time.monotonic  # tests put a fake clock here
        self.started: dict[Task, float] = {}
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.tick)
        self.elapsed = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QToolButton()
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.elapsed)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        runner.taskStarted.connect(self._started)
        self.hide()

    def _started(self, task: Task) -> None:
        self.started[task] = self.clock()
        task.progress.connect(lambda f, t=task: self._progress(t, f))
        task.finished.connect(lambda t=task: self._finished(t))
        if self.current is None:
            self._show(task)

    def _show(self, task: Task) -> None:
        self.current = task
        self.label.setText(task.label)
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        self.tick()
        self.ticker.start()
        self.show()

    def tick(self) -> None:
        """Show the time the current task has taken so far."""
        if self.current is not None:
            seconds = self.clock() - self.started.get(self.current, self.clock())
            self.elapsed.setText(self.tr("Elapsed {time}").format(time=elapsed_text(seconds)))

    def _progress(self, task: Task, fraction: float) -> None:
        if task is self.current:
            self.bar.setValue(int(fraction * 1000))

    def _finished(self, task: Task) -> None:
        started = self.started.pop(task, None)
        if started is not None:
            self.taskEnded.emit(task, self.clock() - started)
        if task is not self.current:
            return
        waiting = [t for t in self.runner.tasks if t is not task and not t.done]
        if waiting:
            self._show(waiting[0])
        else:
            self.current = None
            self.ticker.stop()
            self.hide()

    def cancel(self) -> None:
        if self.current is not None:
            self.current.cancel()
            self.cancel_button.setEnabled(False)
