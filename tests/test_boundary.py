"""The core stays headless: importing planning loads no Qt, no ui package and no pyplot."""

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_planning_imports_no_qt_ui_or_pyplot():
    code = (
        "import json, sys, pkgutil, importlib, planning\n"
        "for m in pkgutil.walk_packages(planning.__path__, 'planning.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    assert "planning.importing.importer" in loaded  # the walk really imported the core
    forbidden = [m for m in loaded if m.startswith(("PySide6", "shiboken6", "ui", "matplotlib.pyplot"))]
    assert forbidden == []
