"""Autosave and crash recovery: the working project is written now and then into the user's data
folder; after a crash the next start offers to restore it, but only when it is newer than the saved
file. A recovery file is deleted only after the project was saved successfully or the user explicitly
discarded it; declining it for now keeps it for the next start.

Autosaves are written on a thread of their own, beside any other work, so that a long background task
never delays them. Killed saves leave temporary files beside their project (``.NAME.dtplan.XXXXXXXX.tmp``,
``.NAME.dtplan.bak.tmp``); :func:`remove_stale_temporaries` removes DTPlan's own that are older than an hour.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from planning import PROJECT_EXTENSION
from planning.base.paths import user_data_dir
from planning.project.facade import Project
from planning.project.file_format import open_project, save_project

log = logging.getLogger(__name__)
STALE_AFTER_S = 3600
# what save_project (mkstemp with prefix ".NAME." and suffix ".tmp") and Autosaver.write leave behind
_TEMPORARY = re.compile(r"^\..+\.dtplan\.(bak|[a-z0-9_]{8})\.tmp$|^[0-9a-f]{32}\.json\.tmp$", re.DOTALL)


def recovery_dir() -> Path:
    return user_data_dir() / "recovery"


@dataclass
class Recovery:
    path: Path  # the autosaved project
    source: Path | None  # the file the user was working on (None for an unsaved project)
    saved_at: datetime
    title: str


class Autosaver:
    """Writes one project's autosaves; one instance per open project."""

    def __init__(self, source: Path | None = None, folder: Path | None = None):
        self.folder = folder or recovery_dir()
        self.id = uuid.uuid4().hex
        self.source = source
        self._writing = threading.Lock()  # held while the files are written or deleted
        self._queue = threading.Lock()  # guards _next and _thread
        self._next: Project | None = None
        self._thread: threading.Thread | None = None

    @property
    def path(self) -> Path:
        return self.folder / f"{self.id}.dtplan"

    @property
    def sidecar(self) -> Path:
        return self.folder / f"{self.id}.json"

    def write(self, project: Project) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        save_project(project, self.path, keep_backup=False)
        info = {"source": str(self.source) if self.source else None, "saved_at": datetime.now().isoformat(),
                "title": project.meta.title}
        tmp = self.sidecar.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.sidecar)
        return self.path

    def write_in_background(self, project: Project) -> threading.Thread:
        """Write ``project`` (a snapshot) on the autosave thread; a write asked for while one runs waits
        for it, and only the newest waiting one is written. Returns the thread that writes it."""
        with self._queue:
            self._next = project
            if self._thread is None:
                self._thread = threading.Thread(target=self._drain, name="autosave", daemon=True)
                self._thread.start()
            return self._thread

    def _drain(self) -> None:
        while True:
            with self._queue:
                project, self._next = self._next, None
                if project is None:
                    self._thread = None
                    return
            with self._writing:
                try:
                    self.write(project)
                except Exception:  # a full disk must not end the session; the next autosave tries again
                    log.exception("autosave failed")

    def discard(self) -> None:
        """Forget the autosave: call only after the project was saved (or the user discarded it). A write
        under way finishes first; one waiting is dropped."""
        with self._queue:
            self._next = None
        with self._writing:
            self.path.unlink(missing_ok=True)
            self.sidecar.unlink(missing_ok=True)


def pending(folder: Path | None = None) -> list[Recovery]:
    """Autosaves left by a session that did not end normally and that hold newer work than the file
    they belong to, newest first."""
    folder = folder or recovery_dir()
    found = []
    for sidecar in sorted(folder.glob("*.json")) if folder.exists() else []:
        project_file = sidecar.with_suffix(PROJECT_EXTENSION)
        try:
            info = json.loads(sidecar.read_text(encoding="utf-8"))
            saved_at = datetime.fromisoformat(info["saved_at"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not project_file.exists():
            continue
        source = Path(info["source"]) if info.get("source") else None
        if source is not None and source.exists() and source.stat().st_mtime >= project_file.stat().st_mtime:
            continue  # the saved file is as new as the autosave: nothing to restore
        found.append(Recovery(project_file, source, saved_at, str(info.get("title") or "")))
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def restore(recovery: Recovery):
    """Open an autosave; the caller shows it as modified, to be saved where the user wants."""
    return open_project(recovery.path).project


def forget(recovery: Recovery) -> None:
    recovery.path.unlink(missing_ok=True)
    recovery.path.with_suffix(".json").unlink(missing_ok=True)




def remove_stale_temporaries(folders, older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Delete DTPlan's own temporary files (from saves that were killed) older than ``older_than_s`` in
    ``folders``; nothing else is touched. Returns the files removed."""
    removed, cutoff = [], time.time() - older_than_s
    for folder in dict.fromkeys(Path(f) for f in folders):
        try:
            candidates = [p for p in folder.iterdir() if _TEMPORARY.match(p.name)]
        except OSError:
            continue
        for path in candidates:
            try:
                if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(path)
            except OSError:
                continue
    return removed
