"""A damaged project with its backup beside it: the refusal names the backup and offers to open it; the
backup opens as an unsaved project and the damaged file is left as it is."""

import shutil

from PySide6.QtWidgets import QMessageBox

from tests.conftest import wait_idle


def test_a_damaged_project_offers_its_backup(window, qtbot, sample_project_file, tmp_path):
    path = tmp_path / "p.dtplan"
    shutil.copyfile(sample_project_file, path)
    shutil.copyfile(sample_project_file, tmp_path / "p.dtplan.bak")
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # the header stays, the pages are garbage
    path.write_bytes(bytes(data))
    window.open_file(path)
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=60000)
    wait_idle(qtbot, window)
    box = window.last_error
    assert isinstance(box, QMessageBox) and "p.dtplan.bak" in box.informativeText()
    [button] = [b for b in box.buttons() if b.text() == "Open the backup"]
    button.click()
    qtbot.waitUntil(lambda: window.doc.strategy is not None, timeout=60000)
    wait_idle(qtbot, window)
    doc = window.doc
    assert doc.path is None and doc.modified and len(doc.project.roster) > 0
    assert "p.dtplan.bak" in doc.notice and path.read_bytes() == bytes(data)
