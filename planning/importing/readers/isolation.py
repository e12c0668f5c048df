"""Every spreadsheet from outside is read in a reader process of its own, with a hard memory cap and a
deadline, so that what no check can foresee (native code that aborts, a runaway allocation, a hang)
ends as a one-line refusal, never as the death of the window or the command line.

``open_untrusted`` is the one way the importer and the import wizard open a file: it starts the reader
process (started as reader_launch.py says, which works in the frozen bundle), which runs the preflight checks
and opens the file as :func:`planning.importing.readers.grids.open_workbook` does, in-process, and
hands back a :class:`WorkbookSource` whose sheets are fetched from it on demand: a whole sheet as one
pickled message, or a large sheet read in parts (planning.importing.readers.xlsx_split) one part per
message while the reader parses the next ones. The memory cap and the seconds the caller may wait for
the reader are data (``reader_process`` in templates/import_settings.json).
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from planning.base.errors import ImportFailure
from planning.base.progress import Cancelled, Progress
from planning.importing.config import ImportConfig
from planning.importing.readers import grids
from planning.importing.readers.grids import Grid, Merge, SheetSource, WorkbookSource, damaged_zip_refused
from planning.importing.readers.process_limits import cap_memory, reader_memory_bytes
from planning.importing.readers.reader_launch import start_reader_process

Opener = Callable[[str, ImportConfig, bool], WorkbookSource]

MEMORY_EXIT = 86  # the reader's exit status when Python ran out of memory under the cap
STALE_SECONDS = 24 * 3600
_PREFIX = "dtplan-reader-"
_STDERR = "stderr.txt"
# what allocators write to stderr when an allocation fails under the cap (Rust, C++, Python)
_MEMORY_MARKERS = ("memory allocation of", "bad_alloc", "MemoryError", "out of memory", "Cannot allocate memory")
_STDERR_TAIL = 4096
_CANCEL_CHECK_S = 0.25  # how often a wait for the reader looks whether the user cancelled


def open_untrusted(path: str | os.PathLike, cfg: ImportConfig, split: bool = False,
                   opener: Opener | None = None, readers: "ReadersAhead | None" = None,
                   progress: Progress | None = None) -> WorkbookSource:
    """The workbook at ``path`` read in a reader process (see the module); close it when done.
    ``readers``: where to take a reader started beforehand, whose start overlapped other work.
    ``progress``: a cancel request stops the reader (Cancelled) even while it is busy.
    ``opener`` (a module-level function, for tests) opens the file inside the reader instead of
    grids.open_workbook."""
    reader = readers.take() if readers is not None else _ready_reader(cfg) or start_reader(cfg)
    try:
        reader.open(Path(path), split, opener or grids.open_workbook, progress)
        _, fmt, warnings, facts = reader.receive()
    except BaseException:
        reader.stop()
        raise
    sheets = [_RemoteSheet(name, index, kind, hidden, unit, date1904, _reader=reader, _split=in_parts)
              for name, index, kind, hidden, unit, date1904, in_parts in facts]
    return WorkbookSource(Path(path), fmt, sheets, list(warnings), _close=reader.close)


def start_reader(cfg: ImportConfig) -> "Reader":
    """A reader process, started and waiting for the file to open; stop() it if it is not used."""
    return Reader(cfg)


_ready: "Reader | None" = None
_ready_lock = threading.Lock()


def keep_reader_ready(cfg: ImportConfig) -> None:
    """Start a reader now, unless one is waiting already, so that the next file read does not wait for its
    start (the import wizard: the import follows the preview). It ends with this process."""
    global _ready
    with _ready_lock:
        if _ready is None or not _ready.process.is_alive():
            _ready = start_reader(cfg)


@atexit.register
def _stop_ready_reader() -> None:
    global _ready
    with _ready_lock:
        reader, _ready = _ready, None
    if reader is not None:
        reader.stop()


def _ready_reader(cfg: ImportConfig) -> "Reader | None":
    """The reader kept ready, if it is alive and has the limits ``cfg`` asks for."""
    global _ready
    with _ready_lock:
        reader, _ready = _ready, None
    if reader is None:
        return None
    if reader.process.is_alive() and reader.cfg == cfg:
        return reader
    reader.stop()
    return None


class ReadersAhead:
    """Reader processes for ``count`` files, each started while the file before it is read (the first
    one at once), so that their start overlaps other work."""

    def __init__(self, cfg: ImportConfig, count: int):
        self.cfg = cfg
        self.left = count
        self.spare: Reader | None = (_ready_reader(cfg) or start_reader(cfg)) if count else None

    def take(self) -> "Reader":
        reader, self.spare = self.spare, None
        self.left -= 1
        if self.left > 0:
            self.spare = start_reader(self.cfg)
        return reader or start_reader(self.cfg)

    def close(self) -> None:
        if self.spare is not None:
            self.spare.stop()
            self.spare = None

    def __enter__(self) -> "ReadersAhead":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class _RemoteSheet(SheetSource):
    """A sheet held by the reader process, fetched when first asked for and kept until released."""

    _reader: "Reader | None" = None
    _split: bool = False  # read in parts: the first part, then the others streamed
    _first: tuple[Grid, list[Merge]] | None = None

    def load(self) -> tuple[Grid, list[Merge]]:
        if self._cache is None:
            self._cache = self._reader.grid("load", self.index)
        return self._cache

    def head(self) -> tuple[Grid, list[Merge]]:
        if not self._split or self._cache is not None:
            return self.load()
        if self._first is None:
            self._first = self._reader.grid("head", self.index)
        return self._first

    def pieces(self) -> Iterator[tuple[int, Grid, list[Merge]]]:
        if not self._split or self._cache is not None:
            rows, merged = self.load()
            yield 0, rows, merged
            return
        rows, merged = self.head()
        for offset, part, part_merged in self._reader.stream(self.index):
            yield offset, (rows if offset == 0 else part), part_merged

    def release(self) -> None:
        self._cache = self._first = None
        self._reader.send(("release", self.index))


class Reader:
    """The parent's side of one reader process."""

    def __init__(self, cfg: ImportConfig):
        self.label = ""
        self.cfg = cfg
        self.limit = reader_memory_bytes(cfg.reader_memory_mb, cfg.reader_memory_share)
        self.seconds = cfg.reader_seconds
        self.waited = 0.0
        self.in_stream = False
        self.progress: Progress | None = None
        _remove_stale_folders()
        self.folder = Path(tempfile.mkdtemp(prefix=_PREFIX))
        try:
            self.process, self.conn = start_reader_process((self.limit, str(self.folder)))
        except OSError as exc:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise ImportFailure("unreadable", file="", detail=exc.strerror or str(exc)) from None

    def open(self, path: Path, split: bool, opener: Opener, progress: Progress | None = None) -> None:
        """Have the reader open ``path``; its answer is the next message."""
        self.label = path.name
        self.waited = 0.0
        self.progress = progress
        self.send(("open", str(path), self.cfg, split, opener))

    # ---------------------------------------------------------------- requests

    def send(self, request: tuple) -> None:
        if self.process.is_alive() and not self.in_stream:
            try:
                self.conn.send(request)
            except OSError:
                pass  # the reader is gone: the next receive says why

    def grid(self, op: str, index: int) -> tuple[Grid, list[Merge]]:
        self.send((op, index))
        _, rows, merged = self.receive()
        return rows, merged

    def stream(self, index: int) -> Iterator[tuple[int, Grid | None, list[Merge]]]:
        self.send(("pieces", index))
        self.in_stream = True
        try:
            while True:
                message = self.receive()
                if message[0] == "end":
                    break
                _, offset, part, merged = message
                yield offset, part, merged
        except BaseException:
            self.stop()  # the reader is still sending the rest: it cannot be asked anything else
            raise
        self.in_stream = False

    def receive(self) -> tuple:
        """The reader's next message; its refusal, or why it died or is stopped, as an ImportFailure."""
        ready, message = self._wait(), None
        try:
            message = self.conn.recv() if ready else None
        except (EOFError, OSError):
            pass
        if not ready:
            self.stop()
            raise ImportFailure("reader_timeout", file=self.label, seconds=f"{self.seconds:g}")
        if message is None:
            raise self._death()
        if message[0] == "fail":
            raise ImportFailure(message[1], **message[2])
        if message[0] == "memory":
            self.stop()
            raise self._memory_failure()
        return message

    def _wait(self) -> bool:
        """Whether the reader said something (or ended) before its seconds ran out."""
        while True:
            started = time.monotonic()
            try:
                ready = self.conn.poll(max(min(self.seconds - self.waited, _CANCEL_CHECK_S), 0.0))
            except (EOFError, OSError):
                ready = True
            self.waited += time.monotonic() - started
            if ready or self.waited >= self.seconds:
                return ready
            if self.progress is not None and self.progress.cancelled():
                self.stop()
                raise Cancelled()

    # ---------------------------------------------------------------- ending

    def _death(self) -> ImportFailure:
        self.process.join(timeout=10)
        code = self.process.exitcode
        said = self._stderr_tail()
        self.stop()
        if code == MEMORY_EXIT or (code is not None and code < 0 and -code == getattr(signal, "SIGKILL", -1)) \
                or any(marker in said for marker in _MEMORY_MARKERS):
            return self._memory_failure()
        if code is not None and code < 0:
            try:
                detail = signal.Signals(-code).name
            except ValueError:
                detail = f"signal {-code}"
        else:
            detail = f"exit status {code}"
        return ImportFailure("reader_aborted", file=self.label, detail=detail)

    def _memory_failure(self) -> ImportFailure:
        return ImportFailure("reader_memory", file=self.label, limit_gb=f"{round(self.limit / 2**30, 1):g}")

    def _stderr_tail(self) -> str:
        try:
            with open(self.folder / _STDERR, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                fh.seek(max(fh.tell() - _STDERR_TAIL, 0))
                return fh.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def close(self) -> None:
        """Let the reader finish (it removes its temporary files), then make sure it is gone."""
        if self.process.is_alive() and not self.in_stream:
            try:
                self.conn.send(("close", -1))
            except OSError:
                pass
            self.process.join(timeout=10)
        self.stop()

    def stop(self) -> None:
        if self.process.pid is not None and self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.in_stream = False
        self.conn.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _remove_stale_folders() -> None:
    """Folders of readers whose parent was killed before it could remove them."""
    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob(_PREFIX + "*"):
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


# ---------------------------------------------------------------- the reader process


def _serve(conn, limit: int, folder: str) -> None:
    """The reader process: capture stderr, cap memory, then open the file it is given and answer the
    parent's requests."""
    stderr = os.open(os.path.join(folder, _STDERR), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(stderr, 2)
    os.close(stderr)
    tempfile.tempdir = folder  # the parent removes whatever is left there, even after a crash
    grids.quiet_native_stderr = False
    try:
        cap_memory(limit)
    except Exception as exc:  # a system that will not cap a process: read uncapped, still apart
        print(f"dtplan reader: memory cap not set ({exc})", file=sys.stderr, flush=True)
    try:
        op, path, cfg, split, opener = conn.recv()
        if op == "open":
            _answer(conn, path, cfg, split, opener)
    except MemoryError:
        try:
            conn.send(("memory",))
        except BaseException:
            pass
        os._exit(MEMORY_EXIT)
    except (EOFError, OSError):
        pass  # the parent went away


def _answer(conn, path: str, cfg: ImportConfig, split: bool, opener: Opener) -> None:
    label = Path(path).name
    source = _attempt(conn, label, lambda: opener(path, cfg, split))
    if source is None:
        return
    with source:
        conn.send(("opened", source.format, source.warnings,
                   [(s.name, s.index, s.kind, s.hidden, s.row_unit, s.date1904, s._parts is not None)
                    for s in source.sheets]))
        while True:
            op, index = conn.recv()
            if op == "close":
                return
            sheet = source.sheets[index]
            if op == "release":
                sheet.release()
            elif op == "pieces":
                _attempt(conn, label, lambda: _send_pieces(conn, sheet))
            else:
                _attempt(conn, label, lambda: conn.send(("grid", *(sheet.load() if op == "load" else sheet.head()))))


def _send_pieces(conn, sheet: SheetSource) -> bool:
    for offset, rows, merged in sheet.pieces():
        conn.send(("piece", offset, None if offset == 0 else rows, merged))
    conn.send(("end",))
    return True


def _attempt(conn, label: str, work: Callable):
    """``work()``, or its failure sent to the parent as a refusal (and None)."""
    try:
        with damaged_zip_refused(label):
            return work()
    except ImportFailure as failure:
        conn.send(("fail", failure.kind, failure.params))
    except MemoryError:
        raise
    except Exception as exc:  # a reader's bug on a hostile file is that file's refusal, in one line
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:160]
        conn.send(("fail", "corrupt", {"file": label, "detail": detail}))
    return None
