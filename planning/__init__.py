"""DTPlan's headless core: roster import, validation, tagging, rules, budget, project files.

This package never imports Qt, the ``ui`` package or ``matplotlib.pyplot``; long operations take a
:class:`planning.base.progress.Progress` object instead of a widget.
"""

__version__ = "0.1.0"
APP_NAME = "DTPlan"
PROJECT_EXTENSION = ".dtplan"
