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


STAGES = ("base", "reference", "importing", "strategy", "budget", "reports", "project", "cli")


def test_each_stage_imports_only_the_stages_before_it():
    """planning/ is laid out by the stages of a planner's work; an import upward would make a cycle."""
    import ast

    upward = []
    for path in sorted((ROOT / "planning").rglob("*.py")):
        parts = path.relative_to(ROOT / "planning").parts
        if len(parts) < 2:
            continue
        assert parts[0] in STAGES, f"{path}: a package that is not a stage"
        mine = STAGES.index(parts[0])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level > 1:
                upward.append(f"{'/'.join(parts)}:{node.lineno} relative import out of its package")
                continue
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                stage = name.split(".")[1] if name.startswith("planning.") else None
                if stage in STAGES and STAGES.index(stage) > mine:
                    upward.append(f"{'/'.join(parts)}:{node.lineno} imports {name}")
    assert upward == []
