"""A new blank project says how to start (import the rosters, or try the sample) instead of showing an empty
table; the hint goes once the project has firms."""

from planning.project.facade import Project


def test_a_blank_project_shows_how_to_start(window, qtbot, monkeypatch):
    hint = window.roster.start_hint
    window.doc.replace(Project.new())
    assert hint.isVisible() and not window.roster.splitter.isVisible()
    asked = []
    monkeypatch.setattr(window, "import_rosters", lambda *a: asked.append("import"))
    monkeypatch.setattr(window, "load_sample", lambda: asked.append("sample"))
    hint.import_button.click()
    hint.sample_button.click()
    assert asked == ["import", "sample"]


def test_the_hint_goes_once_there_are_firms(loaded_window):
    assert not loaded_window.roster.start_hint.isVisible() and loaded_window.roster.splitter.isVisible()
