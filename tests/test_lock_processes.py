"""Locks across processes: a live DTPlan process's lock keeps the project read-only here, naming who holds
it; once that process is gone (killed, crashed) its lock is stale and taken over."""

import json
import os
import shutil

from planning.project.file_format import open_project
from planning.project.lock import held_elsewhere, is_stale, lock_path, process_alive, release_lock, take_lock
from tests.lock_holder import end, lock_held_by_another_process


def test_a_live_process_holds_the_lock_and_a_killed_ones_lock_is_taken_over(sample_project_file, tmp_path):
    path = tmp_path / "shared.dtplan"
    shutil.copyfile(sample_project_file, path)
    with lock_held_by_another_process(path) as other:
        owner = json.loads(lock_path(path).read_text(encoding="utf-8"))
        assert owner["pid"] == other.pid and process_alive(other.pid) and not is_stale(owner)
        opened = open_project(path)
        assert opened.read_only and opened.notice == "project.locked" and opened.lock_owner["pid"] == other.pid
        assert held_elsewhere(path)["pid"] == other.pid
        mine = object()
        assert not take_lock(path, mine)
        end(other)  # killed: its lock file stays behind
        assert lock_path(path).exists() and not process_alive(other.pid) and is_stale(owner)
        assert held_elsewhere(path) is None
        assert not open_project(path).read_only
        assert take_lock(path, mine)
        assert json.loads(lock_path(path).read_text(encoding="utf-8"))["pid"] == os.getpid()
        release_lock(path, mine)
        assert not lock_path(path).exists()


def test_a_lock_of_another_host_is_never_stale(tmp_path):
    path = tmp_path / "p.dtplan"
    path.write_bytes(b"x")
    lock_path(path).write_text(json.dumps({"user": "wangwu", "host": "no-such-host-7", "pid": 999999999}),
                               encoding="utf-8")
    assert held_elsewhere(path)["user"] == "wangwu"
    assert not take_lock(path, object())
