"""Project locks: a ``~$<name>.lock`` file beside a project open for editing, like Office's ``~$`` files.

The file names who holds the project (user, host, process id, since when). Within one process each open
document owns its lock; across processes a lock written on this host by a process that has ended (it
crashed, or was killed) is stale and taken over, while one held by a live process, or written on another
host, keeps the project read-only for everyone else."""

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
    """The lock was written by this process."""
    me = _me()
    return owner.get("host") == me["host"] and owner.get("pid") == me["pid"] and owner.get("user") == me["user"]


def is_stale(owner: dict) -> bool:
    """The lock was written on this host by a process that has ended (a lock of another host cannot be
    checked and is never stale)."""
    if owner.get("host") != socket.gethostname():
        return False
    pid = owner.get("pid")
    return not isinstance(pid, int) or not process_alive(pid)


def may_take(owner: dict) -> bool:
    """This process may edit the project this lock is of: it wrote the lock, or the lock is stale."""
    return is_mine(owner) or is_stale(owner)


def process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    except OSError:
        return False
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process that has ended but not yet been waited for (Linux): as good as dead."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def _windows_process_alive(pid: int) -> bool:
    import ctypes
    from ctypes import wintypes

    query_limited_information, still_active, access_denied = 0x1000, 259, 5
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == access_denied  # exists, but not ours to look at
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def read_lock(path: Path) -> dict | None:
    try:
        text = lock_path(path).read_text(encoding="utf-8")[:4096]
        owner = json.loads(text)
        return owner if isinstance(owner, dict) else None
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None


def held_elsewhere(path: Path) -> dict | None:
    """The owner written in the lock of ``path`` when another live process (or another host) holds it."""
    owner = read_lock(path)
    return owner if owner is not None and not may_take(owner) else None


def take_lock(path: Path, owner: object = None) -> bool:
    """Mark the file as open here (like Office's ~$ files) for ``owner``; False when the folder is not
    writable, another owner in this process holds it already, or another process does (a stale lock is
    taken over)."""
    key = _key(path)
    if _held.get(key, owner) is not owner:
        return False
    from planning.project.facade import now

    text = json.dumps({**_me(), "since": now()}, ensure_ascii=False).encode("utf-8")
    try:
        try:
            handle = os.open(lock_path(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            written = read_lock(path)
            if written is not None and not may_take(written):
                return False
            handle = os.open(lock_path(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(handle, text)
        finally:
            os.close(handle)
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
