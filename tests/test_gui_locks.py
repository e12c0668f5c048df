"""The window and a project whose lock another DTPlan process holds: opened read-only with a notice naming
who holds it; once that process has been killed the project opens for editing and its lock is taken over."""

import json
import os
import shutil

from planning.project.lock import lock_path
from tests.conftest import wait_idle
from tests.lock_holder import end, lock_held_by_another_process


def test_a_project_held_by_another_process_opens_read_only_until_that_process_is_gone(window, qtbot,
                                                                                      sample_project_file, tmp_path):
    path = tmp_path / "shared.dtplan"
    shutil.copyfile(sample_project_file, path)
    doc = window.doc
    with lock_held_by_another_process(path) as other:
        owner = json.loads(lock_path(path).read_text(encoding="utf-8"))
        window.open_file(path)
        qtbot.waitUntil(lambda: doc.path == path, timeout=60000)
        wait_idle(qtbot, window)
        assert doc.read_only and owner["user"] in doc.notice and owner["host"] in doc.notice
        assert "(read-only)" in window.windowTitle()
        assert json.loads(lock_path(path).read_text(encoding="utf-8"))["pid"] == other.pid
        end(other)
        window.open_file(path)
        qtbot.waitUntil(lambda: not doc.read_only, timeout=60000)
        wait_idle(qtbot, window)
        assert doc.locked == path
        assert json.loads(lock_path(path).read_text(encoding="utf-8"))["pid"] == os.getpid()
    window.close()
    assert not lock_path(path).exists()
