"""The self-test that proves an installation (and the frozen bundle) works end to end."""

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_self_test_passes_and_writes_its_result(tmp_path):
    result = tmp_path / "result.json"
    run = subprocess.run([sys.executable, "main.py", "--self-test", str(result)], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(result.read_text(encoding="utf-8"))
    assert report["ok"] and not report["frozen"]
    assert [c["check"] for c in report["checks"]] == ["translations", "font", "user_guide", "import_and_plan", "chart", "workbook",
                                                    "pdf_report"]
    assert all(c["ok"] for c in report["checks"])
