import os
import sys
import weakref
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import ui  # noqa: E402,F401  (first: guards None/True/False against PySide6's reference leaks, ui/qtfix.py)

CORPUS = ROOT.parent / "shared" / "corpus" / "foreign"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the foreign corpus is not beside this checkout ({CORPUS})")
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _is_gui_test(request) -> bool:
    return request.node.module.__name__.rsplit(".", 1)[-1].startswith("test_gui")


@pytest.fixture(autouse=True)
def _qt_hygiene(request, monkeypatch):
    """A GUI test must not leave QThreads, task-runner work or QTimers running (the usual cause of
    flaky Qt suites): track what the test starts and fail when something is still alive at the end,
    after pytest-qt has closed the test's widgets."""
    if not _is_gui_test(request):
        yield
        return
    from PySide6.QtCore import QThread, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    timers: "weakref.WeakSet[QTimer]" = weakref.WeakSet()
    threads: "weakref.WeakSet[QThread]" = weakref.WeakSet()
    timer_start, thread_start = QTimer.start, QThread.start

    def start_timer(self, *args):
        timers.add(self)
        return timer_start(self, *args)

    def start_thread(self, *args):
        threads.add(self)
        return thread_start(self, *args)

    monkeypatch.setattr(QTimer, "start", start_timer)
    monkeypatch.setattr(QThread, "start", start_thread)
    yield
    from ui.tasks import live_runners

    app = QApplication.instance()
    if app is not None:
        app.processEvents()  # zero-delay timers fire, queued results arrive
    problems = []
    for runner in live_runners():
        try:
            if runner.tasks or not runner.pool.waitForDone(2000):
                problems.append(f"tasks left on a task runner: {[t.label for t in runner.tasks]}")
                runner.shutdown()
        except RuntimeError:  # the runner's C++ object is gone: nothing can run
            pass
    if not QThreadPool.globalInstance().waitForDone(2000):
        problems.append("the global thread pool is still busy")

    def alive(obj, test) -> bool:
        try:
            return test(obj)
        except RuntimeError:
            return False

    running = [t for t in list(threads) if alive(t, lambda t: t.isRunning())]
    active = [t for t in list(timers) if alive(t, lambda t: t.isActive())]
    for timer in active:
        timer.stop()
    if running:
        problems.append(f"{len(running)} QThread(s) still running")
    if active:
        problems.append(f"{len(active)} QTimer(s) still active: " +
                        ", ".join(f"{t.objectName() or type(t.parent()).__name__}/{t.interval()}ms" for t in active))
    if problems:
        pytest.fail("; ".join(problems))


# ---------------------------------------------------------------- GUI fixtures (PySide6 imported lazily)

SAMPLE = ROOT / "resources" / "samples" / "sample_roster.xlsx"


@pytest.fixture
def gui_home(tmp_path, monkeypatch):
    """Settings, logs, autosaves and locks of a GUI test live in its own folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture
def settings(gui_home):
    from ui.settings import Settings

    return Settings(gui_home / "settings.ini")


@pytest.fixture(scope="session")
def sample_project_file(tmp_path_factory):
    """The sample roster imported and its baseline planned (greedy, quick), saved once per session;
    tests open a fresh copy of it."""
    from planning.project.facade import Project
    from planning.project.file_format import save_project

    project = Project.new("示例项目", author="tester")
    project.import_rosters([SAMPLE])
    project.plan("baseline", method="greedy")
    path = tmp_path_factory.mktemp("sample") / "sample.dtplan"
    save_project(project, path)
    return path


def wait_idle(qtbot, window, timeout: int = 120_000) -> None:
    """Until the window's task runner has nothing queued or running (and its results arrived)."""
    qtbot.waitUntil(lambda: not window.runner.tasks, timeout=timeout)


@pytest.fixture
def window(qtbot, settings):
    """The main window, English, with every question answered 'Discard' unless a test says otherwise."""
    from PySide6.QtWidgets import QMessageBox

    from ui.main_window import MainWindow

    win = MainWindow(settings, "en")
    win.ask = lambda *args: QMessageBox.StandardButton.Discard
    win.budget.method.setCurrentIndex(win.budget.method.findData("greedy"))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.ask = lambda *args: QMessageBox.StandardButton.Discard


@pytest.fixture
def loaded_window(window, qtbot, sample_project_file):
    """The window on a fresh copy of the sample project, tagged and with its baseline plan."""
    from planning.project.file_format import open_project

    window.doc.replace(open_project(sample_project_file).project)
    window.doc.refresh_strategy(then=window.doc.replan_stored)
    wait_idle(qtbot, window)
    assert window.doc.strategy is not None and window.doc.current_plan() is not None
    return window


def sample_window(qapp, qtbot, settings, project_file, lang: str):
    """The main window in ``lang`` (its translations installed) on a fresh copy of the sample project,
    tagged and with its baseline plan; the caller installs English again when done."""
    from PySide6.QtWidgets import QMessageBox

    from planning.project.file_format import open_project
    from ui.app import install_translations
    from ui.main_window import MainWindow

    install_translations(qapp, "zh_CN" if lang == "zh" else "en")
    window = MainWindow(settings, lang)
    window.ask = lambda *args: QMessageBox.StandardButton.Discard
    window.budget.method.setCurrentIndex(window.budget.method.findData("greedy"))
    qtbot.addWidget(window)
    window.show()
    window.doc.replace(open_project(project_file).project)
    window.doc.refresh_strategy(then=window.doc.replan_stored)
    wait_idle(qtbot, window)
    return window


@pytest.fixture
def chinese_window(qapp, qtbot, settings, sample_project_file):
    """The window in Chinese on a fresh copy of the sample project."""
    from ui.app import install_translations

    try:
        yield sample_window(qapp, qtbot, settings, sample_project_file, "zh")
    finally:
        install_translations(qapp, "en")


@pytest.fixture
def report_window(loaded_window, qtbot):
    """The loaded window on its report, laid out."""
    window = loaded_window
    window.tabs.setCurrentWidget(window.report)
    qtbot.waitUntil(lambda: window.report.content is not None, timeout=120000)
    wait_idle(qtbot, window)
    return window
