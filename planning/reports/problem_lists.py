"""The lists of rows to correct (退回修改清单) sent back to the cities: one workbook per city with every
row of its submission that has a problem, where it is in the city's own file, sheet and row, the value
given, what is wrong and what to do.

The lines are the import report's own records (its value problems and the rows it could not import);
a row's city is the one the roster gives it, else the city most rows of the same sheet (or file) have.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from planning.base.messages import MESSAGES, field_name, tr
from planning.importing.quality_report import ImportReport

UNKNOWN = ""  # the city of a row no roster row places
COLUMNS = ("file", "sheet", "row", "column", "header", "name", "credit_code", "value", "problem", "advice")
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True)
class ProblemLine:
    city: str
    file: str
    sheet: str
    row: int | None
    column: str
    header: str
    field: str
    kind: str
    text: Callable[[str | None], str]  # the report's own sentence for the problem, in a language
    value: object

    def record(self, firm: tuple[str | None, str | None], lang: str | None = None) -> dict:
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column,
                "header": self.header, "name": firm[0], "credit_code": firm[1], "value": _shown(self.value),
                "problem": self.text(lang), "advice": advice(self.kind, self.field, lang)}


def advice(kind: str, field: str, lang: str | None = None) -> str:
    """What the city should do about a problem of ``kind`` with ``field`` (blank for a whole row)."""
    if "advice." + kind in MESSAGES:
        return tr("advice." + kind, lang)
    return tr("advice.other", lang, field=field_name(field)) if field else tr("advice.row", lang)


class _Places:
    """The city of a source row: the roster's, else the commonest of its sheet, else of its file."""

    def __init__(self, roster: pd.DataFrame | None):
        self.rows: dict[tuple, tuple] = {}
        self.sheets: dict[tuple, Counter] = {}
        self.files: dict[str, Counter] = {}
        if roster is None or "source_file" not in roster.columns:
            return
        columns = [roster[c].tolist() for c in ("source_file", "source_sheet", "source_row", "city", "name",
                                                  "credit_code")]
        for file, sheet, row, city, name, code in zip(*columns):
            self.rows[(file, sheet, int(row))] = (city, name, code)
            if city:
                self.sheets.setdefault((file, sheet), Counter())[city] += 1
                self.files.setdefault(file, Counter())[city] += 1

    def city(self, file: str, sheet: str, row: int | None) -> str:
        known = self.rows.get((file, sheet, row))
        if known and known[0]:
            return known[0]
        for counts in (self.sheets.get((file, sheet)), self.files.get(file)):
            if counts:
                return counts.most_common(1)[0][0]
        return UNKNOWN

    def firm(self, file: str, sheet: str, row: int | None) -> tuple[str | None, str | None]:
        known = self.rows.get((file, sheet, row))
        return (known[1], known[2]) if known else (None, None)


def problem_lines(report: ImportReport, roster: pd.DataFrame | None) -> list[ProblemLine]:
    """Every value problem and every rejected row of the report, each with its city, in the order of
    the cities' files, sheets and rows."""
    return _lines(report, _Places(roster))


def _lines(report: ImportReport, places: _Places) -> list[ProblemLine]:
    lines = [ProblemLine(places.city(n.file, n.sheet, n.row), n.file, n.sheet, n.row, "", "", "", n.kind,
                         n.reason, None) for n in report.rejected]
    lines += [ProblemLine(places.city(i.file, i.sheet, i.row), i.file, i.sheet, i.row, i.column, i.header,
                          i.field, i.kind, i.message, i.raw) for i in report.issues]
    lines.sort(key=lambda line: (line.city, line.file, line.sheet, line.row or 0, line.column))
    return lines


def problem_tables(report: ImportReport, roster: pd.DataFrame | None,
                   lang: str | None = None) -> dict[str, pd.DataFrame]:
    """One table per city (UNKNOWN for rows no city can be given), its columns in ``lang``."""
    places = _Places(roster)
    by_city: dict[str, list[dict]] = {}
    for line in _lines(report, places):
        by_city.setdefault(line.city, []).append(line.record(places.firm(line.file, line.sheet, line.row), lang))
    headers = [tr("problems.col." + c, lang) for c in COLUMNS]
    return {city: pd.DataFrame([[r[c] for c in COLUMNS] for r in records], columns=headers)
            for city, records in by_city.items()}


def write_problem_lists(report: ImportReport, roster: pd.DataFrame | None, out_dir: Path,
                        lang: str | None = None) -> list[Path]:
    """Write one workbook per city with a problem into ``out_dir`` (made if need be); the files written."""
    from planning.reports.table_file import write_table

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for city, table in problem_tables(report, roster, lang).items():
        path = out_dir / f"{tr('problems.file_stem', lang)}_{list_file_city(city, lang)}.xlsx"
        write_table(table, path)
        written.append(path)
    return written


def list_file_city(city: str, lang: str | None = None) -> str:
    """The city as it appears in the name of its list's file."""
    return _NOT_IN_FILE_NAMES.sub("_", city).strip(" .") or tr("problems.unknown_city", lang)


def _shown(value: object) -> object:
    if value is None or isinstance(value, (int, float, str)):
        return value
    return str(value)
