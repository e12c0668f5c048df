"""What the commands share: exit statuses, the errors reported as bad input, the import options and
roster files the arguments name, table files and project files."""

from __future__ import annotations

import unicodedata

from planning.base.errors import ImportFailure
from planning.base.messages import tr
from planning.base.paths import sample_roster_path
from planning.base.schema import FIELD_BY_KEY
from planning.importing.importer import ImportOptions

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
_UNSHOWN = ("Cc", "Cf", "Zl", "Zp", "Cs")  # controls (newlines, terminal escapes), bidi overrides, separators


def shown(text: object) -> str:
    """``text`` (a path, a file or sheet name, a message naming one) safe to print on one line of a
    terminal: newlines, escape sequences and other invisible or reordering characters are written as
    Python escapes (``\\n``, ``\\x1b``, ``\\u202e``)."""
    text = str(text)
    if not any(unicodedata.category(c) in _UNSHOWN for c in text):
        return text
    return "".join(c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in _UNSHOWN else c
                   for c in text)


class UsageError(Exception):
    """Arguments that parse but make no sense together; reported like bad input."""


class ExportFailed(Exception):
    """The export files could not be written (folder not writable, file open in Excel...)."""


def import_options(args) -> ImportOptions:
    mapping = {}
    for spec in args.map:
        if "=" not in spec:
            raise ImportFailure("bad_mapping", spec=spec, detail=tr("fail.bad_mapping_detail"))
        column, key = spec.split("=", 1)
        if key and key not in FIELD_BY_KEY:
            raise ImportFailure("bad_mapping", spec=spec, detail=tr("fail.bad_mapping_detail"))
        mapping[column.strip()] = key.strip()
    return ImportOptions(sheet=args.sheet, header_row=args.header_row, mapping=mapping, province=args.province)


def roster_files(args) -> list[str]:
    return args.files or [str(sample_roster_path())]


def load_project(path: str):
    from planning.project.file_format import open_project

    return open_project(path)
