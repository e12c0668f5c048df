"""What the import wizard shows of a file before importing: its sheets, the first rows of one, and
the header and column mapping the core detects there (read in a reader process,
planning.importing.readers.isolation, + planning.importing.header).
Runs on the worker thread; holds only plain data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from planning.importing.header import HeaderLayout, column_letter, detect_header
from planning.importing.config import default_import_config
from planning.base.errors import ImportFailure
from planning.base.progress import Progress
from planning.importing.readers.grids import damaged_zip_refused
from planning.importing.readers.isolation import keep_reader_ready, open_untrusted

PREVIEW_ROWS = 60


@dataclass
class SheetInfo:
    name: str
    hidden: bool
    kind: str


@dataclass
class Inspection:
    path: Path
    sheets: list[SheetInfo]
    sheet: str | None  # the sheet shown (None: nothing readable)
    rows: list[list] = field(default_factory=list)  # the first rows, as read
    row_count: int = 0
    layout: HeaderLayout | None = None

    @property
    def width(self) -> int:
        widths = [len(r) for r in self.rows]
        if self.layout is not None:
            widths.append(len(self.layout.columns))
        return max(widths, default=0)

    def sample(self, column: int, count: int = 3) -> list[str]:
        """The first values under the header in ``column``."""
        start = self.layout.data_start if self.layout is not None else 1
        out = []
        for row in self.rows[start:]:
            value = row[column] if column < len(row) else None
            if value not in (None, ""):
                out.append(cell_text(value))
            if len(out) >= count:
                break
        return out


def cell_text(value) -> str:
    """A cell as the planner typed it: 12 not 12.0, dates without a time of midnight."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else format(value, ".10g")
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    return str(value)


def letter(index: int) -> str:
    return column_letter(index)


def inspect(path: Path, sheet: str | None = None, header_row: int | None = None,
            progress: Progress | None = None) -> Inspection:
    """Read ``path`` and detect the header of ``sheet`` (by default the first sheet where one is
    found); ``header_row`` (0-based) forces the header row."""
    with damaged_zip_refused(Path(path).name):
        return _inspect(Path(path), sheet, header_row, progress)


def _inspect(path: Path, sheet: str | None, header_row: int | None, progress: Progress | None) -> Inspection:
    cfg = default_import_config()
    try:
        with open_untrusted(path, cfg, progress=progress) as source:
            return _preview(path, source, sheet, header_row, progress, cfg)
    finally:
        keep_reader_ready(cfg)  # for the import, or the preview of another sheet, that comes next


def _preview(path: Path, source, sheet: str | None, header_row: int | None, progress: Progress | None,
             cfg) -> Inspection:
    sheets = [SheetInfo(s.name, s.hidden, s.kind) for s in source.sheets]
    candidates = [s for s in source.sheets if s.name == sheet] if sheet else \
        [s for s in source.sheets if s.kind == "worksheet" and not s.hidden] or list(source.sheets)
    first = None
    for k, candidate in enumerate(candidates):
        if progress is not None:
            progress.step(k / max(1, len(candidates)), candidate.name)
        if candidate.kind != "worksheet":
            continue
        rows, merged = candidate.load()
        layout = detect_header(rows, merged, cfg, header_row=header_row) if rows else None
        found = Inspection(Path(path), sheets, candidate.name, [list(r) for r in rows[:PREVIEW_ROWS]], len(rows), layout)
        candidate.release()
        if layout is not None or sheet:
            return found
        first = first or found
    if source.text_named_as_workbook:  # and no roster found in it
        raise ImportFailure("not_spreadsheet", file=Path(path).name)
    return first or Inspection(Path(path), sheets, None)
