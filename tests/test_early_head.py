"""The head of a large sheet read early (planning.importing.readers.early_head) never holds up the import: closed
at any moment, even while its work has not started, it lets go at once."""

import threading
import time
import types
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from planning.importing.config import default_import_config
from planning.importing.readers import early_head


def test_closing_before_the_head_workbook_is_written_does_not_wait_for_it(monkeypatch, tmp_path):
    gates: list[threading.Event] = []

    class SlowToStart(ThreadPoolExecutor):  # a loaded machine: the worker starts late
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            gate = threading.Event()
            gates.append(gate)
            super().submit(gate.wait)

    monkeypatch.setattr(early_head, "ThreadPoolExecutor", SlowToStart)
    monkeypatch.setattr(early_head.tempfile, "tempdir", str(tmp_path))
    head = early_head.EarlyHead(default_import_config(), open_book=lambda path: None, parse=lambda number, book: None)
    splitter = types.SimpleNamespace(string_sizes=lambda: np.zeros(0, dtype=np.int64),
                                     write_head=lambda sheet, path: [5])
    head.offer(splitter, types.SimpleNamespace(index=0, early=[[b""], [b""]], early_scans=[]))
    assert head.pool is not None  # started

    cancel = Future.cancel

    def cancel_then_let_the_worker_run(self):  # the worker takes the next task right after the first is cancelled
        cancelled = cancel(self)
        if self is head.opened:
            gates[0].set()
            time.sleep(0.3)
        return cancelled

    monkeypatch.setattr(Future, "cancel", cancel_then_let_the_worker_run)
    closing = threading.Thread(target=head.close, daemon=True)
    closing.start()
    closing.join(10)
    assert not closing.is_alive()
    assert head.rows() is None and not list(tmp_path.iterdir())
