"""Settings: typed options with defaults in an INI file, versioned upgrades, recent files, the page
set up, and the preferences dialog."""

from PySide6.QtCore import QMarginsF, QSettings
from PySide6.QtGui import QPageLayout, QPageSize

from ui.preferences import PreferencesDialog
from ui.settings import MAX_RECENT, SETTINGS_VERSION, Settings


def test_defaults_and_types(settings):
    assert settings.language == "zh_CN" and settings.lang == "zh"
    assert settings.autosave_minutes == 5 and settings.show_detail is True
    settings.autosave_minutes = 12
    settings.show_detail = False
    settings.sync()
    again = Settings(settings.file_name())
    assert again.autosave_minutes == 12 and again.show_detail is False
    assert settings.file_name().endswith(".ini")
    assert "settings_version=2" in open(settings.file_name(), encoding="utf-8").read()


def test_unreadable_values_fall_back_to_the_defaults(gui_home):
    path = gui_home / "odd.ini"
    raw = QSettings(str(path), QSettings.Format.IniFormat)
    raw.setValue("settings_version", SETTINGS_VERSION)
    raw.setValue("autosave/minutes", "soon")
    raw.sync()
    assert Settings(path).autosave_minutes == 5


def test_old_settings_are_upgraded_in_order(gui_home, sample_project_file):
    path = gui_home / "old.ini"
    raw = QSettings(str(path), QSettings.Format.IniFormat)
    raw.setValue("recent", [str(sample_project_file)])
    raw.setValue("autosave/seconds", 600)
    raw.sync()
    settings = Settings(path)
    assert settings.version == SETTINGS_VERSION
    assert settings.recent_files() == [str(sample_project_file)]
    assert settings.autosave_minutes == 10
    assert not settings.qsettings.contains("recent") and not settings.qsettings.contains("autosave/seconds")


def test_settings_from_a_newer_dtplan_are_left_alone(gui_home):
    path = gui_home / "new.ini"
    raw = QSettings(str(path), QSettings.Format.IniFormat)
    raw.setValue("settings_version", SETTINGS_VERSION + 5)
    raw.setValue("recent", "kept")
    raw.sync()
    settings = Settings(path)
    assert settings.version == SETTINGS_VERSION + 5 and settings.qsettings.value("recent") == "kept"


def test_recent_files_newest_first_at_most_ten_missing_dropped(settings, tmp_path):
    files = []
    for k in range(13):
        path = tmp_path / f"p{k}.dtplan"
        path.write_bytes(b"x")
        files.append(path)
        settings.add_recent(path)
    recent = settings.recent_files()
    assert len(recent) == MAX_RECENT
    assert recent[0] == str(files[-1].resolve()) and str(files[0].resolve()) not in recent
    settings.add_recent(files[5])
    assert settings.recent_files()[0] == str(files[5].resolve())
    files[5].unlink()
    assert str(files[5].resolve()) not in settings.recent_files()
    settings.clear_recent()
    assert settings.recent_files() == []


def test_page_layout_is_remembered(settings):
    assert settings.page_layout() is None
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A3), QPageLayout.Orientation.Landscape,
                         QMarginsF(10, 12, 14, 16), QPageLayout.Unit.Millimeter)
    settings.set_page_layout(layout)
    settings.sync()
    again = Settings(settings.file_name()).page_layout()
    assert again.pageSize().id() == QPageSize.PageSizeId.A3
    assert again.orientation() == QPageLayout.Orientation.Landscape
    margins = again.margins(QPageLayout.Unit.Millimeter)
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (10, 12, 14, 16)


def test_preferences_dialog_saves_and_says_when_a_restart_is_needed(qtbot, settings):
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert not dialog.restart_needed()
    dialog.autosave.setValue(3)
    assert not dialog.save() and settings.autosave_minutes == 3
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.restart_needed()
    assert dialog.save() and settings.language == "en" and settings.lang == "en"
