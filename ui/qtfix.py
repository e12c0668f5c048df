"""Work around reference-count bugs of PySide6 6.12 on Python 3.11.

In this combination every call of a Qt method returning ``void`` (``setText``, ``processEvents``…)
gives back ``None`` without the reference it owes, and ``Signal.emit`` does the same with ``True``:
each call takes one reference from the singleton, and once a few thousand calls have been made the
interpreter aborts with "Fatal Python error: none_dealloc" (or "bool_dealloc"). Python 3.12 made
these singletons immortal, so the wheels work there; on 3.11 we make them effectively immortal too,
by giving each a very large number of extra references once, before the window starts.
(tests/test_gui_app.py checks both the leak and the fix.)
"""

from __future__ import annotations

import ctypes
import sys

EXTRA_REFERENCES = 1 << 40  # far more than any session's calls could take away
SINGLETONS = (None, True, False)
_pinned = False


def needed() -> bool:
    """CPython before 3.12: its singletons are ordinary objects with a reference count."""
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def pin_singletons() -> bool:
    """Give None, True and False enough references to survive the leaks; True if done."""
    global _pinned
    if _pinned or not needed():
        return _pinned
    for obj in SINGLETONS:
        before = sys.getrefcount(obj)
        count = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt opens every CPython object
        count.value += EXTRA_REFERENCES
        if abs(sys.getrefcount(obj) - before - EXTRA_REFERENCES) > 1000:  # not the layout we expect: undo
            count.value -= EXTRA_REFERENCES
            return False
    _pinned = True
    return True
