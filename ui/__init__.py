"""The PySide6 desktop application over the headless core (planning/)."""

from .qtfix import pin_singletons as _pin_singletons

_pin_singletons()  # before any Qt call: PySide6 6.12 leaks references on Python 3.11 (see ui/qtfix.py)
