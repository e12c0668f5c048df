"""Property-based fuzzing of the project loader (issue 13): any hostile ``.dtplan`` made from a sound one
(tests/fuzz/project_inputs.py) is opened or refused with one line, a ProjectFileError naming the file;
never another exception. The long campaign is tests/fuzz/fuzz_project.py."""

from __future__ import annotations

import random
import shutil

import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from planning.project.file_format import ProjectFileError, open_project
from tests.conftest import ROOT
from tests.fuzz.project_inputs import hostile_project

FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck), print_blob=True)


@pytest.fixture(scope="module")
def seeds(sample_project_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("project-seeds")
    v1 = folder / "v1.dtplan"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "project_v1.dtplan", v1)
    return [sample_project_file, v1]


def test_hostile_projects_are_opened_or_refused_in_one_line(seeds, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-projects")
    outcomes = {"opened": 0, "refused": 0}

    @FUZZ
    @given(seed=st.integers(0, 2**32 - 1))
    def one(seed):
        path = hostile_project(random.Random(seed), seeds, folder, f"p{seed}")
        try:
            open_project(path)
            outcomes["opened"] += 1
        except ProjectFileError as exc:
            for lang in ("zh", "en"):
                text = exc.message(lang)
                assert "\n" not in text and path.name in text, text
            outcomes["refused"] += 1
        finally:
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".bak").unlink(missing_ok=True)

    one()
    assert outcomes["opened"] and outcomes["refused"]  # the inputs were not all alike
