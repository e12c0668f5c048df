"""Project locks: a ``~$<name>.lock`` file beside a project open for editing, like Office's ``~$`` files."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from planning.strategy.overrides import current_user


_held: dict[Path, object] = {}  # the locks this process holds, by file, and who in it holds each


def _key(path: Path) -> Path:
    return Path(os.path.abspath(path))


def holder(path: Path) -> object | None:
    """Who in this process holds the lock of ``path`` (a document), or None."""
    return _held.get(_key(path))


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


def take_lock(path: Path, owner: object = None) -> bool:
    """Mark the file as open here (like Office's ~$ files) for ``owner``; False when the folder is not
    writable or another owner in this process holds it already."""
    key = _key(path)
    if _held.get(key, owner) is not owner:
        return False
    try:
        from planning.project.facade import now

        lock_path(path).write_text(json.dumps({**_me(), "since": now()}, ensure_ascii=False), encoding="utf-8")
        _held[key] = owner
        return True
    except OSError:
        return False


def release_lock(path: Path, owner: object = None) -> None:
    """Give the lock up, unless another owner in this process holds it."""
    key = _key(path)
    if _held.get(key, owner) is not owner:
        return
    _held.pop(key, None)
    written = read_lock(path)
    if written is not None and is_mine(written):
        lock_path(path).unlink(missing_ok=True)
