"""Long work shows the time it has taken in the status bar (Elapsed m:ss) while it runs, and says how
long it took when it ends. A fake clock stands in for the wall clock."""

import threading

from ui.operations import Operation
from tests.conftest import wait_idle


def test_the_status_bar_counts_the_time_and_the_end_says_how_long(window, qtbot):
    indicator = window.indicator
    now = [100.0]
    indicator.clock = lambda: now[0]
    release = threading.Event()
    task = window.doc.run(Operation("Long work", lambda progress: release.wait(60), touches_project=False))
    assert indicator.isVisible() and indicator.elapsed.text() == "Elapsed 0:00"
    now[0] += 65
    indicator.tick()  # what its one-second timer does
    assert indicator.elapsed.text() == "Elapsed 1:05"
    now[0] += 3600
    indicator.tick()
    assert indicator.elapsed.text() == "Elapsed 1:01:05"
    now[0] = 100.0 + 125
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    wait_idle(qtbot, window)
    assert not indicator.isVisible() and not indicator.ticker.isActive()
    assert window.statusBar().currentMessage() == "Long work: done in 2:05."


def test_the_end_follows_what_the_work_said_and_quick_or_quiet_work_says_nothing(window, qtbot):
    indicator = window.indicator
    now = [0.0]
    indicator.clock = lambda: now[0]

    def said(_result) -> None:
        window.statusBar().showMessage("Wrote plan.xlsx", 5000)

    def work(progress) -> None:
        now[0] += 30

    window.doc.run(Operation("Writing plan.xlsx", work, touches_project=False).success(said))
    wait_idle(qtbot, window)
    assert window.statusBar().currentMessage() == "Wrote plan.xlsx Writing plan.xlsx: done in 0:30."
    window.statusBar().clearMessage()
    window.doc.run(Operation("Tagging", work, touches_project=False, quiet=True))
    wait_idle(qtbot, window)
    assert window.statusBar().currentMessage() == ""
    window.doc.run(Operation("Quick", lambda progress: None, touches_project=False))  # the clock stands still
    wait_idle(qtbot, window)
    assert window.statusBar().currentMessage() == ""
