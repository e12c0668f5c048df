"""A text file renamed .xlsx is refused as "not a spreadsheet", in the import wizard and by the import
itself, instead of "no header found"; a CSV renamed .xlsx still imports."""

import pytest

from planning.base.errors import ImportFailure
from planning.project.facade import Project
from tests.conftest import wait_idle

NOT_A_SPREADSHEET = "notes.xlsx is not a spreadsheet (not Excel, WPS, ODS, CSV or an HTML table)"


@pytest.fixture
def notes(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("Meeting notes\nCall the cities on Monday\n", encoding="utf-8")
    return path


def test_the_import_refuses_it_as_not_a_spreadsheet(notes, tmp_path):
    with pytest.raises(ImportFailure) as refused:
        Project.read_rosters([notes])
    assert refused.value.kind == "not_spreadsheet" and refused.value.message("en") == NOT_A_SPREADSHEET
    renamed_csv = tmp_path / "合肥.xlsx"
    renamed_csv.write_text("企业名称,统一社会信用代码\n合肥某某科技有限公司,91340100MA2N0J1A2B\n", encoding="utf-8")
    assert len(Project.read_rosters([renamed_csv]).frame) == 1


def test_the_wizard_says_not_a_spreadsheet(window, qtbot, notes):
    wizard = window.import_rosters([notes])
    qtbot.addWidget(wizard)
    wizard.next()
    page = wizard.layout_page
    qtbot.waitUntil(lambda: bool(page.refused), timeout=30000)
    assert page.refused == {str(notes): NOT_A_SPREADSHEET}
    assert NOT_A_SPREADSHEET in page.status.text() and "header" not in page.status.text()
    assert not page.isComplete()
    wizard.reject()
    wait_idle(qtbot, window)
