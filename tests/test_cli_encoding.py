"""The command line's output survives any code page and any redirection (issue: a cp1252 or cp936
console ended `dtplan-cli --self-test > out.txt` in UnicodeEncodeError)."""

import io
import os
import subprocess
import sys

import pytest

import main
from tests.conftest import ROOT

SAMPLE = ROOT / "resources" / "samples" / "sample_roster.xlsx"


@pytest.mark.parametrize("encoding", ["cp1252", "cp936", "ascii"])
def test_cli_output_survives_a_narrow_code_page(encoding):
    env = dict(os.environ, PYTHONIOENCODING=encoding, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "main.py", "import", str(SAMPLE)], cwd=ROOT, capture_output=True,
                         timeout=300, env=env)
    stderr = run.stderr.decode(encoding, errors="replace")
    assert run.returncode == 0, stderr
    assert "UnicodeEncodeError" not in stderr
    run.stdout.decode(encoding)  # what was written is valid in that code page
    assert run.stdout.strip()


def test_robust_output_replaces_what_the_code_page_cannot_hold(monkeypatch):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252", errors="strict")
    monkeypatch.setattr(sys, "stdout", stream)
    main.robust_output()
    print("规划 € ✓")
    stream.flush()
    assert raw.getvalue().decode("cp1252").strip() == "?? € ?"


def test_robust_output_keeps_utf8_and_skips_missing_streams(monkeypatch):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.setattr(sys, "stderr", None)  # the windowed Windows program has no streams
    main.robust_output()
    print("规划 😀")
    stream.flush()
    assert raw.getvalue().decode("utf-8").strip() == "规划 😀"
