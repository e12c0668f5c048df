"""The user's preferences in one INI file (QSettings, user scope), behind a small typed wrapper.

Every option has a type and a default; a settings version with ordered upgrade steps moves older files
forward (Picard's config_upgrade). A file written by a newer DTPlan is read as it is, never downgraded.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QSettings
from PySide6.QtGui import QPageLayout, QPageSize

SETTINGS_VERSION = 2
MAX_RECENT = 10
LANGUAGES = ("zh_CN", "en")
UI_SCALES = ("auto", "1", "1.25", "1.5", "2")


def _upgrade_to_1(s: QSettings) -> None:
    """Version 1: the pre-release kept the recent files under a flat 'recent' key."""
    if s.contains("recent"):
        s.setValue("files/recent", s.value("recent"))
        s.remove("recent")


def _upgrade_to_2(s: QSettings) -> None:
    """Version 2: the autosave interval is in minutes (it was seconds)."""
    if s.contains("autosave/seconds"):
        seconds = int(s.value("autosave/seconds") or 300)
        s.setValue("autosave/minutes", max(1, round(seconds / 60)))
        s.remove("autosave/seconds")


UPGRADES = {1: _upgrade_to_1, 2: _upgrade_to_2}


class Option:
    """A typed entry: ``settings.language`` reads (or writes) the key, falling back to the default."""

    def __init__(self, key: str, kind: type, default):
        self.key, self.kind, self.default = key, kind, default

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj: "Settings", owner=None):
        if obj is None:
            return self
        value = obj.qsettings.value(self.key, None)
        if value is None:
            return self.default
        try:
            if self.kind is bool:
                return value if isinstance(value, bool) else str(value).lower() in ("true", "1", "yes")
            return self.kind(value)
        except (TypeError, ValueError):
            return self.default

    def __set__(self, obj: "Settings", value) -> None:
        obj.qsettings.setValue(self.key, value)


class Settings:
    language = Option("ui/language", str, "zh_CN")
    ui_scale = Option("ui/scale", str, "auto")
    autosave_minutes = Option("autosave/minutes", int, 5)
    last_folder = Option("files/last_folder", str, "")
    show_detail = Option("ui/show_detail", bool, True)
    reopen_last = Option("files/reopen_last", bool, True)  # at start, the most recent project, not the sample

    def __init__(self, path: str | os.PathLike | None = None):
        if path is None:
            self.qsettings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "DTPlan", "DTPlan")
        else:
            self.qsettings = QSettings(str(path), QSettings.Format.IniFormat)
        self.upgrade()

    # -------------------------------------------------------------- versions

    @property
    def version(self) -> int:
        try:
            return int(self.qsettings.value("settings_version", 0))
        except (TypeError, ValueError):
            return 0

    def upgrade(self) -> None:
        version = self.version
        if version >= SETTINGS_VERSION:
            return  # current, or written by a newer DTPlan: leave it alone
        fresh = not self.qsettings.allKeys()
        if not fresh:
            for step in range(version + 1, SETTINGS_VERSION + 1):
                UPGRADES[step](self.qsettings)
        self.qsettings.setValue("settings_version", SETTINGS_VERSION)
        self.qsettings.sync()

    def file_name(self) -> str:
        return self.qsettings.fileName()

    def sync(self) -> None:
        self.qsettings.sync()

    @property
    def lang(self) -> str:
        """The core's language code for the chosen UI language."""
        return "en" if self.language == "en" else "zh"

    # -------------------------------------------------------------- recent files

    def recent_files(self) -> list[str]:
        """The recent projects that still exist, newest first (missing ones are dropped)."""
        value = self.qsettings.value("files/recent", [])
        items = [value] if isinstance(value, str) else list(value or [])
        kept = [p for p in dict.fromkeys(str(i) for i in items if i) if Path(p).is_file()][:MAX_RECENT]
        if kept != items:
            self.qsettings.setValue("files/recent", kept)
        return kept

    def add_recent(self, path: str | os.PathLike) -> None:
        path = str(Path(path).resolve())
        items = [path] + [p for p in self.recent_files() if p != path]
        self.qsettings.setValue("files/recent", items[:MAX_RECENT])

    def clear_recent(self) -> None:
        self.qsettings.setValue("files/recent", [])

    # -------------------------------------------------------------- window and page

    def window_state(self, screen: str = "") -> tuple[QByteArray | None, QByteArray | None]:
        """The window's geometry last time on ``screen`` (a name with its size), and the toolbars' state."""
        s = self.qsettings
        geometry = s.value(f"window/geometry_on/{screen}", None) if screen else None
        return geometry, s.value("window/state", None)

    def set_window_state(self, geometry: QByteArray, state: QByteArray, screen: str = "") -> None:
        if screen:
            self.qsettings.setValue(f"window/geometry_on/{screen}", geometry)
        self.qsettings.setValue("window/state", state)

    def column_widths(self, table: str) -> dict[str, int]:
        """The widths the user gave the columns of ``table`` (by column key)."""
        s = self.qsettings
        s.beginGroup(f"columns/{table}")
        try:
            widths = {}
            for key in s.childKeys():
                try:
                    widths[key] = int(s.value(key))
                except (TypeError, ValueError):
                    pass
            return widths
        finally:
            s.endGroup()

    def set_column_width(self, table: str, key: str, width: int) -> None:
        self.qsettings.setValue(f"columns/{table}/{key}", int(width))

    def hidden_columns(self, table: str) -> list[str]:
        """The keys of the columns the user hid in ``table``."""
        value = self.qsettings.value(f"hidden_columns/{table}", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [str(i) for i in items if i]

    def set_hidden_columns(self, table: str, keys: list[str]) -> None:
        self.qsettings.setValue(f"hidden_columns/{table}", list(keys))

    def page_layout(self) -> QPageLayout | None:
        """The page set up for printing last time, or None to use the report template's."""
        s = self.qsettings
        if not s.contains("page/size"):
            return None
        try:
            size = QPageSize(QPageSize.PageSizeId(int(s.value("page/size"))))
            orientation = QPageLayout.Orientation(int(s.value("page/orientation", 0)))
            margins = [float(v) for v in s.value("page/margins_mm", [20, 20, 18, 18])]
        except (TypeError, ValueError):
            return None
        return QPageLayout(size, orientation, QMarginsF(*margins[:4]), QPageLayout.Unit.Millimeter)

    def set_page_layout(self, layout: QPageLayout) -> None:
        margins = layout.margins(QPageLayout.Unit.Millimeter)
        self.qsettings.setValue("page/size", int(layout.pageSize().id().value))
        self.qsettings.setValue("page/orientation", int(layout.orientation().value))
        self.qsettings.setValue("page/margins_mm", [margins.left(), margins.top(), margins.right(), margins.bottom()])
