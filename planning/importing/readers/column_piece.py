"""A piece of a sheet as columns, and how it crosses from the reader process to the importer.

The importer works column by column, so the reader sends a part of a large sheet as columns: a column
of text as one string cut by a separator, a column of numbers as the bytes of a double array, anything
else pickled as it is. Unpickled one cell at a time, a part of 9,000 rows of 21 cells cost the importer
about 30 ms, a quarter of its own work on the part, and the importer is what the reader waits for; a
split string or a byte array is made back in a few milliseconds.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass

_SEPARATOR = "\x1f"  # the unit separator; a column that holds it is sent pickled
_TEXT, _NUMBERS, _AS_IS = "t", "n", "p"


@dataclass
class ColumnPiece:
    """``height`` rows as ``columns[column][row]``."""

    columns: list[Sequence]
    height: int

    @classmethod
    def of_rows(cls, rows: list) -> "ColumnPiece":
        widths = set(map(len, rows))
        if len(widths) > 1:  # CSV and HTML rows can be ragged
            width = max(widths)
            rows = [list(row) + [None] * (width - len(row)) for row in rows]
        return cls(list(zip(*rows)), len(rows))  # one C-level transpose

    def row(self, i: int) -> list:
        return [column[i] for column in self.columns]

    def rows(self) -> list[list]:
        return [list(row) for row in zip(*self.columns)] if self.columns else [[] for _ in range(self.height)]

    def below(self, start: int) -> "ColumnPiece":
        """The rows from ``start`` on."""
        if start <= 0:
            return self
        return ColumnPiece([column[start:] for column in self.columns], max(self.height - start, 0))

    def writable(self, index: int) -> list:
        """Column ``index`` as a list that can be written to (merged cells filled down); the piece is
        widened with blank columns up to it if need be."""
        while len(self.columns) <= index:
            self.columns.append([None] * self.height)
        column = self.columns[index]
        if not isinstance(column, list):
            column = self.columns[index] = list(column)
        return column


def encode(rows: list) -> tuple:
    """The rows as columns, ready to pickle (in the reader process)."""
    piece = ColumnPiece.of_rows(rows)
    return piece.height, [_encode_column(column) for column in piece.columns]


def decode(encoded: tuple) -> ColumnPiece:
    """What :func:`encode` made, back as a ColumnPiece (in the importer)."""
    height, columns = encoded
    return ColumnPiece([_decode_column(kind, payload, missing) for kind, payload, missing in columns], height)


def _encode_column(column: Sequence) -> tuple:
    kinds = set(map(type, column))
    missing = [i for i, value in enumerate(column) if value is None] if type(None) in kinds else []
    kinds.discard(type(None))
    if kinds == {str}:
        text = _SEPARATOR.join(column if not missing else ["" if value is None else value for value in column])
        if text.count(_SEPARATOR) == len(column) - 1:
            return _TEXT, text, missing
    elif kinds == {float}:
        numbers = array("d", column if not missing else [0.0 if value is None else value for value in column])
        return _NUMBERS, numbers.tobytes(), missing
    return _AS_IS, column, []


def _decode_column(kind: str, payload, missing: list[int]) -> list:
    if kind == _TEXT:
        column = payload.split(_SEPARATOR)
    elif kind == _NUMBERS:
        numbers = array("d")
        numbers.frombytes(payload)
        column = numbers.tolist()
    else:
        column = list(payload)
    for i in missing:
        column[i] = None
    return column
