"""The offer to restore unsaved work names the project file it belongs to, not the title the project
inherited (every project made from the sample is titled "Sample project")."""

import os

from PySide6.QtWidgets import QMessageBox

from planning.project.autosave import Autosaver, pending
from planning.project.facade import Project
from ui.main_window import MainWindow

Button = QMessageBox.StandardButton


def test_the_recovery_prompt_names_the_project_file(settings, qtbot, tmp_path):
    source = tmp_path / "合肥2026.dtplan"
    source.write_bytes(b"")
    os.utime(source, (1e9, 1e9))  # older than the autosave
    Autosaver(source).write(Project.new("Sample project"))
    Autosaver(None).write(Project.new("Draft without a file"))
    found = pending()
    assert len(found) == 2
    window = MainWindow(settings, "en")
    qtbot.addWidget(window)
    names = {r.title: window.recovery_name(r) for r in found}
    assert names == {"Sample project": f"合肥2026.dtplan, {tmp_path}", "Draft without a file": "Draft without a file"}
    questions = []
    window.ask = lambda text, *_: questions.append(text) or Button.Discard
    window.start(sample=False)
    assert questions and names[found[0].title] in questions[0]
