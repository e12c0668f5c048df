"""Every spreadsheet from outside is read in a reader process of its own, with a hard memory cap and a
deadline, so that what no check can foresee (native code that aborts, a runaway allocation, a hang)
ends as a one-line refusal, never as the death of the window or the command line.

``open_untrusted`` is the one way the importer and the import wizard open a file: it starts the reader
process (a sandbox, see sandbox.py), which runs the preflight checks
and opens the file as :func:`planning.importing.readers.grids.open_workbook` does, in-process, and
hands back a :class:`WorkbookSource` whose sheets are fetched from it on demand: a whole sheet as one
pickled message, or a large sheet read in parts (planning.importing.readers.xlsx_split) one part per
message, as columns (column_piece.py), while the reader parses the next ones. The memory cap and the
seconds the caller may wait for the reader are data (``reader_process`` in templates/import_settings.json).
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from planning.base.errors import ImportFailure
from planning.base.progress import Progress
from planning.importing.config import ImportConfig
from planning.importing.readers import column_piece, grids
from planning.importing.readers.column_piece import ColumnPiece
from planning.importing.readers.grids import Grid, Merge, SheetSource, WorkbookSource, damaged_zip_refused
from planning.importing.readers.process_limits import reader_memory_bytes
from planning.importing.readers.sandbox import MEMORY_EXIT, Sandbox, SandboxFailure

Opener = Callable[[str, ImportConfig, bool], WorkbookSource]
__all__ = ["MEMORY_EXIT", "ReadersAhead", "keep_reader_ready", "open_untrusted", "start_reader"]


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

    def pieces(self) -> Iterator[tuple[int, Grid | ColumnPiece, list[Merge]]]:
        """As SheetSource.pieces, but the parts after the first arrive as columns."""
        if not self._split or self._cache is not None:
            rows, merged = self.load()
            yield 0, rows, merged
            return
        rows, merged = self.head()
        for offset, part, part_merged in self._reader.stream(self.index):
            yield offset, (rows if offset == 0 else column_piece.decode(part)), part_merged

    def release(self) -> None:
        self._cache = self._first = None
        self._reader.send(("release", self.index))


class Reader:
    """The parent's side of one reader process (a sandbox that opens spreadsheets)."""

    def __init__(self, cfg: ImportConfig):
        self.label = ""
        self.cfg = cfg
        self.in_stream = False
        try:
            self.sandbox = Sandbox(reader_memory_bytes(cfg.reader_memory_mb, cfg.reader_memory_share),
                                   cfg.reader_seconds)
        except OSError as exc:
            raise ImportFailure("unreadable", file="", detail=exc.strerror or str(exc)) from None
        self.process = self.sandbox.process

    def open(self, path: Path, split: bool, opener: Opener, progress: Progress | None = None) -> None:
        """Have the reader open ``path``; its answer is the next message."""
        self.label = path.name
        self.sandbox.start(_answer, str(path), self.cfg, split, opener, progress=progress)

    # ---------------------------------------------------------------- requests

    def send(self, request: tuple) -> None:
        if not self.in_stream:
            self.sandbox.send(request)

    def grid(self, op: str, index: int) -> tuple[Grid, list[Merge]]:
        self.send((op, index))
        _, rows, merged = self.receive()
        return rows, merged

    def stream(self, index: int) -> Iterator[tuple[int, tuple | None, list[Merge]]]:
        """(offset, the part encoded as columns or None for the first, merged cells) of each part."""
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
        try:
            message = self.sandbox.receive()
        except SandboxFailure as failure:  # fail.reader_memory, fail.reader_timeout, fail.reader_aborted
            raise ImportFailure("reader_" + failure.reason, file=self.label, **failure.params) from None
        if message[0] == "fail":
            raise ImportFailure(message[1], **message[2])
        return message

    # ---------------------------------------------------------------- ending

    def close(self) -> None:
        """Let the reader finish (it removes its temporary files) and make sure it is gone, while the
        caller goes on."""
        self.sandbox.close(None if self.in_stream else ("close", -1), wait=False)
        self.in_stream = False

    def stop(self) -> None:
        self.sandbox.stop()
        self.in_stream = False


# ---------------------------------------------------------------- the reader process


def _answer(conn, path: str, cfg: ImportConfig, split: bool, opener: Opener) -> None:
    """The reader process's work (sandbox.serve runs it): open the file, then answer for its sheets."""
    grids.quiet_native_stderr = False
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
        conn.send(("piece", offset, None if offset == 0 else column_piece.encode(rows), merged))
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
