"""A small progress/cancel protocol that long core operations accept instead of a widget.

The GUI adapts it to a progress dialog from a worker thread; the command line passes
:class:`NullProgress` or a printing variant. Operations call :meth:`Progress.check` at safe points and
stop with :class:`Cancelled` when the user asked them to.
"""

from __future__ import annotations


class Cancelled(Exception):
    """Raised inside a core operation when its progress object reports a cancel request."""


class Progress:
    """Base progress sink: override what you need. All methods are cheap to call often."""

    def set_status(self, text: str) -> None:
        pass

    def set_fraction(self, fraction: float) -> None:
        pass

    def cancelled(self) -> bool:
        return False

    def check(self) -> None:
        if self.cancelled():
            raise Cancelled()

    def step(self, fraction: float, status: str | None = None) -> None:
        if status is not None:
            self.set_status(status)
        self.set_fraction(fraction)
        self.check()


class NullProgress(Progress):
    pass


class PartProgress(Progress):
    """A share [start, start + span) of another progress, for work made of several core calls."""

    def __init__(self, whole: Progress, start: float, span: float):
        self.whole, self.start, self.span = whole, start, span

    def set_status(self, text: str) -> None:
        self.whole.set_status(text)

    def set_fraction(self, fraction: float) -> None:
        self.whole.set_fraction(self.start + self.span * min(1.0, max(0.0, fraction)))

    def cancelled(self) -> bool:
        return self.whole.cancelled()
