"""Project locks: a ``~$<name>.lock`` file beside a project open for editing, like Office's ``~$`` files."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from planning.strategy.overrides import current_user


def lock_path(path: Path) -> Path:
    return path.with_name(f"~${path.name}.lock")


def _me() -> dict:
    return {"user": current_user(), "host": socket.gethostname(), "pid": os.getpid()}


def is_mine(owner: dict) -> bool:
    me = _me()
    return owner.get("user") == me["user"] and owner.get("host") == me["host"]


def read_lock(path: Path) -> dict | None:
    try:
        text = lock_path(path).read_text(encoding="utf-8")[:4096]
        owner = json.loads(text)
        return owner if isinstance(owner, dict) else None
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None


def take_lock(path: Path) -> bool:
    """Mark the file as open here (like Office's ~$ files); False when the folder is not writable."""
    try:
        from planning.project.facade import now

        lock_path(path).write_text(json.dumps({**_me(), "since": now()}, ensure_ascii=False), encoding="utf-8")
        return True
    except OSError:
        return False


def release_lock(path: Path) -> None:
    owner = read_lock(path)
    if owner is not None and is_mine(owner):
        lock_path(path).unlink(missing_ok=True)
