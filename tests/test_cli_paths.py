"""File and sheet names with newlines or terminal escapes are printed escaped, on one line."""

import shutil
import subprocess
import sys

import pytest

from planning.cli.common import shown
from tests.conftest import ROOT

SAMPLE = ROOT / "resources" / "samples" / "sample_roster.xlsx"
HOSTILE = "名单\n\x1b[2J\x1b]0;owned\x07\u202eslx"


def test_shown_escapes_what_a_terminal_would_act_on_and_keeps_the_rest():
    assert shown("安徽/名单 2025.xlsx") == "安徽/名单 2025.xlsx"
    assert shown(HOSTILE) == "名单\\n\\x1b[2J\\x1b]0;owned\\x07\\u202eslx"
    assert shown("a\r\nb\u2028c\x7f") == "a\\r\\nb\\u2028c\\x7f"


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names cannot hold control characters")
def test_the_cli_prints_hostile_file_names_escaped(tmp_path):
    good = tmp_path / (HOSTILE + ".xlsx")
    shutil.copyfile(SAMPLE, good)
    run = subprocess.run([sys.executable, "main.py", "import", str(good)], cwd=ROOT, capture_output=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert b"\x1b" not in run.stdout and b"\x07" not in run.stdout and "\u202e".encode() not in run.stdout
    assert "名单\\n\\x1b[2J".encode() in run.stdout
    broken = tmp_path / (HOSTILE + "2.xlsx")
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    run = subprocess.run([sys.executable, "main.py", "import", str(broken)], cwd=ROOT, capture_output=True,
                         timeout=300)
    assert run.returncode == 2 and len(run.stderr.decode().splitlines()) == 1, run.stderr
    assert b"\x1b" not in run.stderr


def test_a_library_warning_is_no_line_on_stderr(monkeypatch, capsys):
    import warnings

    from planning.cli import commands

    def warns(args):
        warnings.warn("Workbook contains no default style, apply openpyxl's default", UserWarning)
        return 0

    monkeypatch.setitem(commands.COMMANDS, "import", warns)
    assert commands.main(["import", "x.xlsx"]) == 0
    assert capsys.readouterr().err == ""
