"""Exceptions the core raises for input it cannot use: a message kind plus what and where."""

from __future__ import annotations

from planning.base.messages import MESSAGES, tr


class DTPlanError(Exception):
    """Something the user gave (a file, a setting) cannot be used.

    ``kind`` names the message (see :mod:`planning.base.messages`); ``params`` say what and where.
    ``message(lang)`` is the one-line text shown to the user.
    """

    prefix = ""

    def __init__(self, kind: str, **params):
        super().__init__(kind)
        self.kind = kind
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return tr(self.prefix + self.kind, lang, **self.params)

    def __str__(self) -> str:
        return self.message("en")


class ImportFailure(DTPlanError):
    """The input cannot be imported at all (password, corrupt, empty, too large...)."""

    prefix = "fail."


class ConfigError(DTPlanError, ValueError):
    """A template file is missing or malformed; the message names the file and the entry.

    ``kind`` names a ``config.*`` message of the catalogue, ``where`` (a parameter, often itself a
    message) says which file and entry; a kind the catalogue does not know is shown as it is."""

    prefix = "config."

    def message(self, lang: str | None = None) -> str:
        if self.prefix + self.kind not in MESSAGES:
            return self.kind
        return super().message(lang)
