"""A project file is checked in a sandboxed process (planning.project.file_checks, run through
planning.importing.readers.sandbox): whatever the check does on a hostile file (abort, allocate without
end, hang) ends as a one-line refusal naming the file and its backup, and this process lives on. What
passes is read here only when its rows fit in this machine's share of memory."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from planning.importing.config import default_import_config
from planning.project import file_format
from planning.project.facade import Project
from planning.project.file_format import ProjectFileError, open_project, save_project
from tests import reader_standins
from tests.conftest import ROOT

SAMPLE = ROOT / "resources" / "samples" / "sample_roster.xlsx"


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    project = Project.new("安徽省2025年一企一策")
    project.import_rosters([SAMPLE])
    path = tmp_path_factory.mktemp("sandbox") / "安徽.dtplan"
    save_project(project, path)
    return path, len(project.roster)


def refusal(path, **limits) -> ProjectFileError:
    cfg = dataclasses.replace(default_import_config(), **limits)
    with pytest.raises(ProjectFileError) as caught:
        open_project(path, cfg)
    for lang in ("zh", "en"):
        text = caught.value.message(lang)
        assert "\n" not in text and path.name in text
    return caught.value


def test_a_check_that_aborts_is_refused_in_one_line_naming_the_backup(saved, tmp_path, monkeypatch):
    path = tmp_path / saved[0].name
    path.write_bytes(saved[0].read_bytes())
    (tmp_path / (path.name + ".bak")).write_bytes(saved[0].read_bytes())
    monkeypatch.setattr(file_format, "check_in_sandbox", reader_standins.project_check_aborting)
    failure = refusal(path)
    assert failure.kind == "check_aborted" and "SIGABRT" in failure.message("en")
    assert path.name + ".bak" in failure.message("zh")


def test_the_checks_memory_cap_holds(saved, monkeypatch):
    monkeypatch.setattr(file_format, "check_in_sandbox", reader_standins.project_check_allocating)
    failure = refusal(saved[0], reader_memory_mb=256)
    assert failure.kind == "check_memory" and "0.2 GB" in failure.message("en")


def test_the_real_check_under_a_cap_too_small_is_refused_as_memory(saved):
    assert refusal(saved[0], reader_memory_mb=1).kind == "check_memory"


def test_a_check_past_its_deadline_is_stopped_and_refused(saved, monkeypatch):
    monkeypatch.setattr(file_format, "check_in_sandbox", reader_standins.project_check_sleeping)
    failure = refusal(saved[0], reader_seconds=1.0)
    assert failure.kind == "check_timeout" and "1 seconds" in failure.message("en")


def test_the_checks_refusal_comes_back_as_it_is(saved, tmp_path):
    path = tmp_path / "check.dtplan"
    path.write_bytes(saved[0].read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE extra (x TEXT)")
    conn.commit()
    conn.close()
    failure = refusal(path)
    assert failure.kind == "unexpected" and "table extra" in failure.message("en")


def test_a_project_whose_rows_would_not_fit_this_machine_is_refused_before_it_is_read(saved, monkeypatch):
    path, firms = saved
    reads = []
    monkeypatch.setattr(file_format, "_read_project", lambda *a: reads.append(a))
    cfg = default_import_config()
    roster_bytes = firms * cfg.project_bytes_per_row["roster"]
    # a machine whose share is just under what the roster alone will take
    monkeypatch.setattr(file_format, "machine_memory_bytes", lambda: int(roster_bytes / cfg.project_load_share) - 1)
    failure = refusal(path)
    assert failure.kind == "too_large_for_memory" and not reads
    assert "GB" in failure.message("zh")


def test_a_project_that_fits_opens_through_the_sandbox(saved):
    path, firms = saved
    opened = open_project(path)
    assert len(opened.project.roster) == firms
