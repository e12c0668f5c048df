"""Starting a reader process with standard streams of its own and one pipe to its parent.

multiprocessing's "spawn" hands a Windows child the parent's standard handles, which are not valid in the
child when the parent's output goes to a pipe or a file (a script, a scheduled task, Wine): its Python
then dies before it starts ("init_sys_streams ... invalid handle"). So the reader is started as an
ordinary subprocess, with its standard streams on the null device and the child's end of a
multiprocessing pipe passed down (an inherited handle on Windows, a file descriptor elsewhere). The
frozen bundle runs it through ``main.py``'s ``--dtplan-reader`` argument; from the sources, ``python -c``.
"""

from __future__ import annotations

import multiprocessing.connection
import os
import subprocess
import sys

from planning.base.paths import bundle_root

READER_ARGUMENT = "--dtplan-reader"
_WINDOWS = sys.platform == "win32"


class ReaderProcess:
    """A started reader (the parts of multiprocessing.Process the reader's parent uses)."""

    def __init__(self, popen: subprocess.Popen):
        self.popen = popen
        self.pid = popen.pid

    def is_alive(self) -> bool:
        return self.popen.poll() is None

    def join(self, timeout: float | None = None) -> None:
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            pass

    @property
    def exitcode(self) -> int | None:
        return self.popen.poll()

    def kill(self) -> None:
        try:
            self.popen.kill()
        except OSError:
            pass


def start_reader_process(serve_args: tuple) -> tuple[ReaderProcess, multiprocessing.connection.Connection]:
    """A process running ``sandbox.serve(conn, *serve_args)``, and the parent's end of its pipe."""
    parent, child = multiprocessing.Pipe()
    handle = child.fileno()
    command = _command() + [str(handle)] + [str(a) for a in serve_args]
    options = dict(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True)
    try:
        if _WINDOWS:
            # inherited as an inheritable handle: a handle list (PROC_THREAD_ATTRIBUTE_HANDLE_LIST) would keep
            # the other handles back, but Wine then hands the child invalid standard handles too
            os.set_handle_inheritable(handle, True)
            options["close_fds"] = False
            options["creationflags"] = subprocess.CREATE_NO_WINDOW
        else:
            options["pass_fds"] = (handle,)
        popen = subprocess.Popen(command, **options)
    except BaseException:
        parent.close()
        raise
    finally:
        child.close()
    return ReaderProcess(popen), parent


def _command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, READER_ARGUMENT]
    # the sources (and the tests' stand-in readers) on the child's path; an embedded Python ignores PYTHONPATH
    return [sys.executable, "-B", "-c", f"import sys; sys.path.insert(0, {str(bundle_root())!r}); "
            "from planning.importing.readers.reader_launch import run_reader; sys.exit(run_reader(sys.argv[1:]))"]


def run_reader(argv: list[str]) -> int:
    """The reader process's entry: the pipe to the parent, then serve it (sandbox.serve)."""
    from planning.importing.readers.sandbox import serve

    handle, limit, folder = int(argv[0]), int(argv[1]), argv[2]
    if _WINDOWS:
        conn = multiprocessing.connection.PipeConnection(handle)
    else:
        conn = multiprocessing.connection.Connection(handle)
    serve(conn, limit, folder)
    return 0
