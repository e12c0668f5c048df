"""What a roster cell or row holds, as the importer's steps ask it, and what merged cells hold."""

from __future__ import annotations


def filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def is_serial(value: object) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and value.strip().rstrip(".、").isdigit()


def has_any_value(rows) -> bool:
    return any(row_has_value(row) for row in rows)


def row_has_value(row) -> bool:
    return any(filled(v) for v in row)


def first_text(row) -> str:
    for value in row:
        if filled(value):
            return str(value).strip()
    return ""


def fill_merged_down(data, merged, offset: int, carried: dict | None = None) -> None:
    """A cell merged down over several firms (a city over its firms) holds its value for each of
    them; only its top-left cell has the value in the file. Merges across columns are left alone:
    they are headings and notes, not values. ``data`` (a ColumnPiece) starts at sheet row ``offset``;
    ``carried`` keeps the values of merges that run on into the rows of a later call."""
    carried = {} if carried is None else carried
    height = data.height
    for r0, c0, r1, c1 in merged:
        if r1 <= r0 or r1 < offset or r0 >= offset + height:
            continue
        if r0 >= offset:
            first = r0 - offset
            value = data.columns[c0][first] if c0 < len(data.columns) else None
            if r1 >= offset + height:
                carried[(r0, c0)] = value
        elif (r0, c0) in carried:  # begun in an earlier piece
            first, value = -1, carried[(r0, c0)]
        else:
            continue
        last = min(r1 - offset, height - 1)
        if value is None or value == "":
            continue
        column = data.writable(c0)  # a part whose own cells end before the merged column is widened to it
        for r in range(first + 1, last + 1):
            if column[r] is None or column[r] == "":
                column[r] = value
