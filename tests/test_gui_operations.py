"""Operations: the work runs on the worker (or on the GUI thread in steps), the result is stored, the
declared changes are announced and the follow-up runs, in that order; a stale result is dropped; a
failure goes to the default error report unless the operation handles it; the document turns a
declaration into the signals the views follow."""

import threading

import pytest

from planning.base.errors import DTPlanError, ImportFailure
from ui.document import ProjectDocument
from ui.operations import NOTHING, Changes, Operation
from ui.tasks import TaskRunner


class Host:
    def __init__(self):
        self.runner = TaskRunner()
        self.events = []

    def announce(self, changes):
        self.events.append(("announce", changes))

    def report_failure(self, what, exc, details):
        self.events.append(("failure", what, exc))


@pytest.fixture
def host():
    host = Host()
    yield host
    host.runner.shutdown()


def test_success_stores_then_announces_then_follows_up(qtbot, host):
    gui = threading.get_ident()
    changes = Changes(plans=True, analysis=True)
    task = (Operation("plan", lambda p: threading.get_ident(), changes=changes)
            .success(lambda worker: host.events.append(("success", worker != gui)))
            .then(lambda: host.events.append(("then",)))
            .run(host))
    qtbot.waitUntil(lambda: task.done and len(host.events) == 3, timeout=5000)
    assert host.events == [("success", True), ("announce", changes), ("then",)]
    assert task.touches_project and host.runner.tasks == []


def test_a_stale_result_is_dropped(qtbot, host):
    task = (Operation("tags", lambda p: 1, changes=Changes(tags=True))
            .success(lambda r: host.events.append(("success", r))).then(lambda: host.events.append(("then",)))
            .unless(lambda: True).run(host))
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    qtbot.waitUntil(lambda: not host.runner.tasks, timeout=5000)
    assert host.events == []


def test_failures_go_to_the_default_report_under_the_error_title(qtbot, host):
    def refuse(progress):
        raise ImportFailure("not_found", file="x.xlsx")

    task = Operation("Writing x.xlsx", refuse, error_title="Exporting the workbook").run(host)
    qtbot.waitUntil(lambda: task.done and bool(host.events), timeout=5000)
    (kind, what, exc), = host.events
    assert (kind, what) == ("failure", "Exporting the workbook") and isinstance(exc, DTPlanError)

    handled = []
    task = Operation("Reading", refuse).failure(lambda exc, tb: handled.append(exc)).run(host)
    qtbot.waitUntil(lambda: task.done and bool(handled), timeout=5000)
    assert len(host.events) == 1  # the operation's own handler replaced the report


def test_steps_run_on_the_gui_thread_and_never_touch_the_project(qtbot, host):
    gui = threading.get_ident()

    def steps(progress):
        yield 0.5
        return threading.get_ident()

    results = []
    task = Operation("Laying out", steps, in_steps=True).success(results.append).run(host)
    assert not task.touches_project and not host.runner.busy
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results == [gui]


def test_changes_combine_and_say_what_they_imply():
    assert not NOTHING
    combined = Changes(templates=frozenset({"policy"})) | Changes(plans=True)
    assert combined.templates == {"policy"} and combined.plans and combined.inputs and combined.clears_runs
    assert Changes(overrides=True).inputs and not Changes(overrides=True).clears_runs
    assert not Changes(plans=True).inputs


def test_the_document_announces_a_declaration_as_the_views_signals(qtbot):
    runner = TaskRunner()
    doc = ProjectDocument(runner, "en")
    seen = []
    doc.projectReplaced.connect(lambda: seen.append("project"))
    doc.templatesChanged.connect(lambda name: seen.append(f"template {name}"))
    doc.strategyChanged.connect(lambda: seen.append("tags"))
    doc.plansChanged.connect(lambda: seen.append("plans"))
    doc.analysisChanged.connect(lambda: seen.append("analysis"))
    doc.changed.connect(lambda changes: seen.append(changes))
    declared = Changes(project=True, templates=frozenset({"weights"}), tags=True, plans=True, analysis=True)
    doc.announce(declared)
    assert seen == ["project", "template weights", "tags", "plans", "analysis", declared]
    seen.clear()
    doc.announce(Changes(analysis=True))
    assert seen == ["analysis", Changes(analysis=True)]
    runner.shutdown()
