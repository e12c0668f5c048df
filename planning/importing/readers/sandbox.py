"""A process of its own for work on a file from outside, with a hard memory cap and a deadline, so that
what no check can foresee (native code that aborts, a runaway allocation, a hang) ends as a refusal,
never as the death of the window or the command line.

The parent starts a :class:`Sandbox` (started as reader_launch.py says, which works in the frozen bundle)
and sends it one piece of work: a module-level function and its arguments, pickled by reference, so the
process imports only what that work needs. The work runs as ``work(conn, *args)`` under the cap and
talks to the parent through ``conn``. The parent's :meth:`Sandbox.receive` waits for the next message
within the deadline and, when there is none, says why as a :class:`SandboxFailure`: the memory cap, the
deadline, or the process's death. Spreadsheets are read this way (isolation.py), and project files are
checked this way (planning.project.file_checks).
"""

from __future__ import annotations

import atexit
import io
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from planning.base.progress import Cancelled, Progress
from planning.importing.readers.process_limits import cap_memory
from planning.importing.readers.reader_launch import start_reader_process

MEMORY_EXIT = 86  # the process's exit status when Python ran out of memory under the cap
STALE_SECONDS = 24 * 3600
_PREFIX = "dtplan-reader-"
_STDERR = "stderr.txt"
# what allocators (Rust, C++, Python) and the loader of a native module write to stderr when memory fails
# under the cap
_MEMORY_MARKERS = ("memory allocation of", "bad_alloc", "MemoryError", "out of memory", "Cannot allocate memory",
                   "failed to map segment")
_STDERR_TAIL = 4096
_CANCEL_CHECK_S = 0.25  # how often a wait looks whether the user cancelled


class SandboxFailure(Exception):
    """Why the sandbox said nothing: ``reason`` is "memory", "timeout" or "aborted", and ``params`` the values
    a message about it names (the cap in GB, the seconds, how the process ended)."""

    def __init__(self, reason: str, **params):
        super().__init__(reason, params)
        self.reason = reason
        self.params = params


class Sandbox:
    """The parent's side of one sandboxed process: ``limit`` bytes it may map, ``seconds`` the parent
    waits for it in all."""

    def __init__(self, limit: int, seconds: float):
        self.limit = limit
        self.seconds = seconds
        self.waited = 0.0
        self.progress: Progress | None = None
        self.closed = False
        _remove_stale_folders()
        self.folder = Path(tempfile.mkdtemp(prefix=_PREFIX))
        try:
            self.process, self.conn = start_reader_process((limit, str(self.folder)))
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def start(self, work: Callable, *args, progress: Progress | None = None) -> None:
        """Have the process run ``work(conn, *args)``; its answers are the next messages."""
        self.waited = 0.0
        self.progress = progress
        self.send((work, args))

    def send(self, message) -> None:
        if not self.closed and self.process.is_alive():
            try:
                self.conn.send(message)
            except OSError:
                pass  # the process is gone: the next receive says why

    def receive(self) -> tuple:
        """The next message; SandboxFailure when none came within the seconds left or the process died."""
        ready, message = self._wait(), None
        try:
            message = self.conn.recv() if ready else None
        except (EOFError, OSError):
            pass
        if not ready:
            self.stop()
            raise SandboxFailure("timeout", seconds=f"{self.seconds:g}")
        if message is None:
            raise self._death()
        if message[0] == "memory":
            self.stop()
            raise self._memory()
        return message

    def _wait(self) -> bool:
        """Whether the process said something (or ended) before its seconds ran out."""
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

    def _death(self) -> SandboxFailure:
        self.process.join(timeout=10)
        code = self.process.exitcode
        said = self._stderr_tail()
        self.stop()
        if code == MEMORY_EXIT or (code is not None and code < 0 and -code == getattr(signal, "SIGKILL", -1)) \
                or any(marker in said for marker in _MEMORY_MARKERS):
            return self._memory()
        if code is not None and code < 0:
            try:
                detail = signal.Signals(-code).name
            except ValueError:
                detail = f"signal {-code}"
        else:
            detail = f"exit status {code}"
        return SandboxFailure("aborted", detail=detail)

    def _memory(self) -> SandboxFailure:
        return SandboxFailure("memory", limit_gb=f"{round(self.limit / 2**30, 1):g}")

    def _stderr_tail(self) -> str:
        try:
            with open(self.folder / _STDERR, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                fh.seek(max(fh.tell() - _STDERR_TAIL, 0))
                return fh.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def close(self, farewell=None, wait: bool = True) -> None:
        """Let the process finish (sending it ``farewell`` first, if any), then make sure it is gone. Not
        ``wait``: that is done in a thread while the caller goes on (wait_for_closing waits for it)."""
        if self.process.is_alive() and farewell is not None:
            try:
                self.conn.send(farewell)
            except OSError:
                pass
            if not wait:
                self.closed = True  # nothing more is sent while the closing thread ends the process
                closing = threading.Thread(target=self._finish_closing, name="dtplan-sandbox-closing", daemon=True)
                with _closing_lock:
                    _closing.add(closing)
                closing.start()
                return
            self.process.join(timeout=10)
        self.stop()

    def _finish_closing(self) -> None:
        try:
            self.process.join(timeout=10)
            self.stop()
        finally:
            with _closing_lock:
                _closing.discard(threading.current_thread())

    def stop(self) -> None:
        if self.process.pid is not None and self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()
        shutil.rmtree(self.folder, ignore_errors=True)


_closing: set[threading.Thread] = set()
_closing_lock = threading.Lock()


@atexit.register
def wait_for_closing() -> None:
    """Wait until every sandbox closed without waiting is gone, its folder removed."""
    with _closing_lock:
        pending = list(_closing)
    for thread in pending:
        thread.join()


def _remove_stale_folders() -> None:
    """Folders of sandboxes whose parent was killed before it could remove them."""
    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob(_PREFIX + "*"):
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


# ---------------------------------------------------------------- the sandboxed process


def serve(conn, limit: int, folder: str) -> None:
    """The sandboxed process: capture stderr, cap memory, then run the work the parent sends."""
    stderr = os.open(os.path.join(folder, _STDERR), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(stderr, 2)
    os.close(stderr)
    tempfile.tempdir = folder  # the parent removes whatever is left there, even after a crash
    try:
        cap_memory(limit)
    except Exception as exc:  # a system that will not cap a process: work uncapped, still apart
        os.write(2, f"dtplan reader: memory cap not set ({exc})\n".encode())
    try:
        work, args = conn.recv()
        work(_PlainDataPipe(conn), *args)
    except MemoryError:
        try:
            conn.send(("memory",))
        except BaseException:
            pass
        os._exit(MEMORY_EXIT)
    except (EOFError, OSError):
        pass  # the parent went away
    # The work is done and has removed its files. End without tearing the interpreter down: freeing a
    # large roster's objects one by one would keep the parent waiting for nothing.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    os._exit(0)


class _PlainDataPipe:
    """The process's end of the pipe. What the process sends is plain data (lists of cells, refusals),
    pickled without the memo of every object it has seen: a roster's part goes three times as fast, and
    the parent unpickles it as any other message."""

    def __init__(self, conn):
        self.conn = conn

    def send(self, message) -> None:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True  # no memo: an object met twice is written twice, and a cycle is refused
        try:
            pickler.dump(message)
        except ValueError:  # a cycle after all
            self.conn.send(message)
            return
        self.conn.send_bytes(buffer.getbuffer())

    def recv(self):
        return self.conn.recv()
