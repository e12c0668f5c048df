"""Another DTPlan process holding a project's lock, for the lock tests: started with the project's path,
it takes the lock, says so on its output and waits to be killed."""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOLD = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from planning.project.lock import take_lock
print("held" if take_lock(Path(sys.argv[1])) else "refused", flush=True)
time.sleep(600)
"""


@contextmanager
def lock_held_by_another_process(path: Path):
    """Yields the process holding the lock of ``path``; it is killed (and waited for) at the end."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(ROOT)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "held"
        yield process
    finally:
        end(process)


def end(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)
    process.stdout.close()
