"""The one exception the importer raises for input it cannot use: a kind plus what and where."""

from __future__ import annotations

from .messages import tr


class ImportFailure(Exception):
    """The input cannot be used at all (password, corrupt, empty, too large...).

    ``kind`` names the reason; ``params`` say what and where (file, sheet...). ``message(lang)`` is
    the one-line text shown to the user.
    """

    def __init__(self, kind: str, **params):
        super().__init__(kind)
        self.kind = kind
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return tr("fail." + self.kind, lang, **self.params)

    def __str__(self) -> str:
        return self.message("en")


class ConfigError(ValueError):
    """A template file is missing or malformed; the message names the file and the entry."""
