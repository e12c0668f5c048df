"""The task runner: work runs off the GUI thread, progress and results come back as queued signals,
cancelling stops the core at its next check, and the progress dialog shows only for slow work."""

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton, QWidget

from planning.base.progress import Cancelled
from ui.progress_view import DelayedProgressDialog, TaskIndicator
from ui.tasks import TaskRunner


@pytest.fixture
def runner():
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def test_work_runs_on_the_worker_and_reports_in_the_gui_thread(qtbot, runner):
    gui = threading.get_ident()
    seen = []

    def work(progress):
        for k in range(5):
            progress.step(k / 5, f"step {k}")
            time.sleep(0.06)
        return threading.get_ident()

    def listen(task):  # listeners connect when the task is announced, before it starts
        task.progress.connect(lambda f: seen.append(("progress", threading.get_ident() == gui)))
        task.status.connect(lambda s: seen.append(("status", s)))

    runner.taskStarted.connect(listen)
    with qtbot.waitSignal(runner.busyChanged):
        task = runner.submit("counting", work, succeeded=lambda worker: seen.append(("done", worker)))
    assert runner.busy
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    done = [worker for kind, worker in seen if kind == "done"]
    assert done and done[0] != gui
    assert all(flag for kind, flag in seen if kind == "progress")
    assert ("status", "step 4") in seen


def test_cancel_stops_the_core_at_its_next_check(qtbot, runner):
    started = threading.Event()

    def work(progress):
        started.set()
        for k in range(1000):
            progress.step(k / 1000)
            time.sleep(0.01)
        return "finished"

    results = []
    task = runner.submit("long", work, succeeded=results.append, cancelled=lambda: results.append("cancelled"))
    assert started.wait(5)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.cancel()
    assert results == ["cancelled"]


def test_a_failure_arrives_with_its_traceback(qtbot, runner):
    def work(progress):
        raise ValueError("bad input")

    failures = []
    with qtbot.waitSignal(runner.taskStarted) as started:
        task = runner.submit("failing", work, failed=lambda exc, details: failures.append((exc, details)))
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)  # connected before the work started: never missed
    exc, details = failures[0]
    assert started.args[0] is task and task.error is exc
    assert isinstance(exc, ValueError) and "bad input" in details and "Traceback" in details


def test_tasks_run_one_after_the_other(qtbot, runner):
    order = []

    def work(name, pause):
        def run(progress):
            order.append(f"start {name}")
            time.sleep(pause)
            order.append(f"end {name}")
        return run

    first = runner.submit("a", work("a", 0.2))
    second = runner.submit("b", work("b", 0.0))
    qtbot.waitUntil(lambda: first.done and second.done, timeout=5000)
    assert order == ["start a", "end a", "start b", "end b"]


def test_progress_dialog_only_for_slow_work_and_it_cancels(qtbot, runner):
    parent = QWidget()
    qtbot.addWidget(parent)
    quick = runner.submit("quick", lambda p: 1)
    quick_dialog = DelayedProgressDialog(quick, parent)
    qtbot.waitUntil(lambda: quick.done, timeout=5000)
    qtbot.wait(700)
    assert quick_dialog.dialog is None if _alive(quick_dialog) else True

    def slow(progress):
        for k in range(500):
            progress.step(k / 500, "working")
            time.sleep(0.01)

    task = runner.submit("slow", slow)
    dialog = DelayedProgressDialog(task, parent)
    assert dialog.dialog is None
    qtbot.waitUntil(lambda: dialog.dialog is not None and dialog.dialog.isVisible(), timeout=3000)
    indicator_cancelled = []
    task.cancelled.connect(lambda: indicator_cancelled.append(True))
    dialog.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    qtbot.waitUntil(lambda: indicator_cancelled == [True], timeout=5000)
    qtbot.waitUntil(lambda: not _alive(dialog), timeout=5000)  # the dialog goes with the task


def test_status_bar_indicator_follows_the_running_task(qtbot, runner):
    indicator = TaskIndicator(runner)
    qtbot.addWidget(indicator)
    gate = threading.Event()
    task = runner.submit("waiting", lambda p: gate.wait(5))
    assert indicator.current is task and not indicator.isHidden()
    gate.set()
    qtbot.waitUntil(lambda: indicator.isHidden(), timeout=5000)


def test_cancelled_is_raised_by_check():
    from ui.tasks import Task

    task = Task("x", lambda p: None)
    task.cancel()
    with pytest.raises(Cancelled):
        task.reporter.check()


def _alive(obj) -> bool:
    try:
        obj.objectName()
        return True
    except RuntimeError:
        return False


def test_steps_run_on_the_gui_thread_a_slice_at_a_time(qtbot, runner):
    gui = threading.get_ident()
    threads, fractions, results = set(), [], []

    def steps(progress):
        for k in range(40):
            threads.add(threading.get_ident())
            time.sleep(0.005)
            yield (k + 1) / 40
        return "laid out"

    ticks = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: ticks.append(1))
    ticker.start(0)
    task = runner.submit_steps("steps", steps, succeeded=results.append)
    task.progress.connect(fractions.append)
    assert runner.tasks == [task] and not runner.busy  # it never touches the project
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    ticker.stop()
    assert results == ["laid out"] and task.result == "laid out"
    assert threads == {gui}
    assert len(ticks) >= 3  # the event loop ran between slices
    assert fractions and fractions[-1] == 1.0
    qtbot.waitUntil(lambda: not runner.tasks, timeout=1000)


def test_cancelled_or_failing_steps_are_closed(qtbot, runner):
    closed, outcome = [], []

    def steps(progress):
        try:
            while True:
                time.sleep(0.01)
                yield None
        finally:
            closed.append(True)

    task = runner.submit_steps("forever", steps, cancelled=lambda: outcome.append("cancelled"))
    qtbot.wait(100)
    task.cancel()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert outcome == ["cancelled"] and closed == [True]

    def broken(progress):
        yield 0.5
        raise ValueError("bad page")

    failed = []
    task = runner.submit_steps("broken", broken, failed=lambda exc, tb: failed.append((exc, tb)))
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert isinstance(failed[0][0], ValueError) and "bad page" in failed[0][1]
    assert task.error is failed[0][0]
