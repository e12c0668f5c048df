"""Where DTPlan finds its bundled files, frozen (PyInstaller) or not.

Everything the program reads from its own installation goes through :func:`bundle_path`, so the same
code works from a source checkout and from a frozen bundle. Nothing is ever written there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from planning import APP_NAME


def bundle_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]


def bundle_path(*parts: str) -> Path:
    return bundle_root().joinpath(*parts)


def template_path(*parts: str) -> Path:
    return bundle_path("templates", *parts)


def resource_path(*parts: str) -> Path:
    return bundle_path("resources", *parts)


def sample_roster_path() -> Path:
    return resource_path("samples", "sample_roster.xlsx")


def user_data_dir() -> Path:
    """Where DTPlan keeps logs, autosaves and recovery files for this user (never the install folder)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME
