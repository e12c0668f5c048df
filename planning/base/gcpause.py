"""Pausing Python's cyclic garbage collector around work that builds millions of objects.

Imports and project files create millions of cells and rows, none of them in reference cycles; the
collector would walk them again and again (a third of a 500k-row import) without freeing anything.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused_gc():
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
