"""Where the time of one import goes, across the two processes: prints a timeline of the reader's
checks, copies and parses and of the importer's work on each part, in seconds from the call.

    .venv/bin/python -m tests.bench.import_timeline [path]   (default: the cached 100k roster)
"""

from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path

LOG = os.environ.setdefault("DTPLAN_TIMELINE", f"/tmp/dtplan-timeline-{os.getpid()}.txt")


def _log(what: str, start: float, end: float) -> None:
    with open(LOG, "a") as fh:
        fh.write(f"{os.getpid()} {start:.4f} {end:.4f} {what}\n")


def _timed(owner, name: str, label: str | None = None) -> None:
    original = getattr(owner, name)
    static = isinstance(owner, type) and isinstance(owner.__dict__.get(name), staticmethod)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        start = time.time()
        try:
            return original(*args, **kwargs)
        finally:
            _log(label or name, start, time.time())

    setattr(owner, name, staticmethod(wrapper) if static else wrapper)


def timed_open_workbook(path, cfg, split=False):
    """grids.open_workbook in the reader, with its stages logged."""
    from planning.importing.readers import grids, isolation, preflight, xlsx_split

    _timed(preflight, "check_xlsx_sheets", "reader: preflight")
    _timed(xlsx_split.WorkbookSplitter, "finish", "reader: copy")
    _timed(grids, "_calamine_workbook", "reader: calamine open")
    _timed(grids.WorkbookSource, "close", "reader: close workbook")
    from planning.importing.readers import early_head
    _timed(early_head.EarlyHead, "offer", "reader: early offer")
    _timed(xlsx_split.WorkbookSplitter, "write_head", "reader: early copy")
    _timed(preflight, "_xlsx_shared_string_sizes", "reader: string sizes")
    _timed(grids._CalamineBook, "parse", "reader: parse")
    _timed(grids._CalamineBook, "grid", "reader: to_python first")
    original_send = isolation._send_pieces

    def send_pieces(conn, sheet):
        class Timed:
            def send(self, message):
                start = time.time()
                conn.send(message)
                _log(f"reader: send {message[0]}", start, time.time())
        return original_send(Timed(), sheet)

    isolation._send_pieces = send_pieces
    return grids.open_workbook(path, cfg, split)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from planning.importing import importer
    from planning.importing.readers import isolation
    from tests.bench.bench_import import roster_path

    path = sys.argv[1] if len(sys.argv) > 1 else str(roster_path(100_000))
    from tests.bench.import_timeline import timed_open_workbook as opener  # by its module's name, for the reader

    original_open = importer.open_untrusted
    importer.open_untrusted = lambda *a, **k: original_open(*a, opener=opener, **k)
    _timed(isolation.Reader, "receive", "parent: receive")
    _timed(isolation.Reader, "close", "parent: close reader")
    _timed(isolation._RemoteSheet, "release", "parent: release sheet")
    _timed(importer._ImportJob, "_read_rows", "parent: rows")
    _timed(importer._ImportJob, "finish", "parent: finish")
    _timed(importer.SheetChooser, "choose", "parent: choose sheet")
    Path(LOG).unlink(missing_ok=True)
    started = time.time()
    importer.import_rosters([path])
    ended = time.time()
    lines = sorted((float(s), float(e), pid, what) for pid, s, e, what in
                   (line.split(" ", 3) for line in Path(LOG).read_text().splitlines()))
    for s, e, pid, what in lines:
        print(f"{s - started:7.3f} {e - started:7.3f} {e - s:6.3f}  {what.strip()}")
    print(f"total {ended - started:.3f} s")
    Path(LOG).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
