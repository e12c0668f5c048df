"""Turning the rosters planners receive into one clean, validated roster and a full import report.

``import_rosters`` reads each file in a reader process (see :mod:`planning.importing.readers.isolation`),
picks the roster sheets and finds each header (:mod:`planning.importing.sheets`), sorts every row into
enterprise rows and rows that are not (titles, blank rows, section headings, totals, footnotes;
:mod:`planning.importing.row_kinds`), normalises the values column by column and validates credit codes
(:mod:`planning.importing.column_steps`), resolves cities and counties (:mod:`planning.importing.places`),
builds the roster frame (:mod:`planning.importing.roster_frame`) and merges duplicates
(:mod:`planning.importing.dedup`). Every input row ends either in the roster or in the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from planning.base.errors import ImportFailure
from planning.base.gcpause import paused_gc
from planning.base.progress import NullProgress, Progress
from planning.importing import column_steps as steps
from planning.importing.cells import fill_merged_down, first_text
from planning.importing.config import ImportConfig, default_import_config
from planning.importing.dedup import reject_duplicates
from planning.importing.header import HeaderLayout
from planning.importing.normalize import FORCED_TEXT_FORMATS, norm_text, unwrap_forced_text
from planning.importing.places import NOTES as PLACE_NOTES, FirmPlaces
from planning.importing.quality_report import ERROR, INFO, WARNING, FileReport, ImportReport, RowNote, SheetReport
from planning.importing.readers.column_piece import ColumnPiece
from planning.importing.readers.grids import SheetSource, WorkbookSource, damaged_zip_refused
from planning.importing.readers.isolation import ReadersAhead, open_untrusted
from planning.importing.roster_frame import SheetPart, roster_frame
from planning.importing.row_kinds import ENTERPRISE, NO_IDENTITY, NOTE, SECTION, SKIP_KIND, TOTAL, RowClassifier
from planning.importing.sheets import NOT_WORKSHEETS, SheetChooser, report_header
from planning.reference import creditcode
from planning.reference.regions import RegionIndex, region_index


@dataclass
class ImportOptions:
    sheet: str | None = None  # import only this sheet (it may be hidden)
    header_row: int | None = None  # 1-based header row, instead of detecting it
    mapping: dict[str, str] = field(default_factory=dict)  # column (letter, number, header) -> field or ''
    province: str | None = None  # GB/T 2260 province code settling ambiguous short names


@dataclass
class Roster:
    """The validated roster (one row per enterprise) and the report of how it was made."""

    frame: pd.DataFrame
    report: ImportReport
    province: str | None = None

    def __len__(self) -> int:
        return len(self.frame)


def import_rosters(
    paths: list[str | Path],
    options: ImportOptions | None = None,
    cfg: ImportConfig | None = None,
    regions: RegionIndex | None = None,
    progress: Progress | None = None,
) -> Roster:
    """Import one or several roster files into one roster.

    Files that cannot be used are reported and skipped; when none can be used, the first refusal is
    raised as :class:`ImportFailure`.
    """
    if not paths:
        raise ImportFailure("no_input")
    with paused_gc():
        return _import(paths, options, cfg, regions, progress)


def _import(paths, options, cfg, regions, progress) -> Roster:
    options = options or ImportOptions()
    cfg = cfg or default_import_config()
    progress = progress or NullProgress()
    with ReadersAhead(cfg, len(paths)) as readers:  # the first starts while the regions and rules load
        job = _ImportJob(options, cfg, regions or region_index(), progress, readers)
        return _read_all(job, paths, progress)


def _read_all(job: "_ImportJob", paths, progress: Progress) -> Roster:
    failures: list[ImportFailure] = []
    for number, path in enumerate(paths):
        progress.step(number / len(paths), str(path))
        parts_before, issues_before, skipped_before = len(job.parts), len(job.report.issues), len(job.report.skipped)
        province_before = job.places.province
        try:
            job.read_file(Path(path), number, len(paths))
            if len(job.parts) == parts_before:
                raise ImportFailure("no_enterprises", file=Path(path).name)
        except ImportFailure as failure:
            # a file that fails part way (a part its reader cannot parse) brings none of its rows, and does
            # not settle the province for the files after it
            del job.parts[parts_before:], job.report.issues[issues_before:], job.report.skipped[skipped_before:]
            job.places.province = province_before
            reported = job.report.files[-1] if job.report.files and job.report.files[-1].path == str(path) else None
            if reported is None:
                reported = FileReport(str(path))
                job.report.files.append(reported)
            reported.failure = (f"fail.{failure.kind}", failure.params)
            failures.append(failure)
    if not job.parts:
        raise failures[0] if failures else ImportFailure("no_input")
    for failure in failures:
        job.report.warn(f"fail.{failure.kind}", **failure.params)
    progress.step(0.95, "")
    roster = job.finish()
    progress.step(1.0, "")
    return roster


class _ImportJob:
    def __init__(self, options: ImportOptions, cfg: ImportConfig, regions: RegionIndex, progress: Progress,
                 readers: ReadersAhead):
        self.cfg = cfg
        self.readers = readers
        self.progress = progress
        self.report = ImportReport()
        self.parts: list[SheetPart] = []
        self.sheets = SheetChooser(cfg, self.report, options.sheet, options.header_row, options.mapping)
        self.places = FirmPlaces(regions, cfg, options.province)
        self.rows = RowClassifier(cfg, self.places.section_city)

    # ------------------------------------------------------------------ files and sheets

    def read_file(self, path: Path, number: int, count: int) -> None:
        with damaged_zip_refused(path.name), open_untrusted(path, self.cfg, split=True, readers=self.readers,
                                                                  progress=self.progress) as source:
            self._read_source(source, path, number, count)

    def _read_source(self, source: WorkbookSource, path: Path, number: int, count: int) -> None:
        file_report = FileReport(str(path), format=source.format)
        for kind, params in source.warnings:
            self.report.warn(kind, **params)
        chosen = self.sheets.choose(source, file_report)
        self.report.files.append(file_report)
        if not chosen:
            if source.text_named_as_workbook:
                raise ImportFailure("not_spreadsheet", file=source.label)
            reasons = {s.reason for s in file_report.sheets}
            if not source.sheets:
                raise ImportFailure("no_sheets", file=source.label)
            if reasons <= NOT_WORKSHEETS:
                raise ImportFailure("no_data", file=source.label)
            raise ImportFailure("no_roster", file=source.label)
        file_city = self.places.city_from_name(path.stem)
        for k, (sheet, layout, sheet_report) in enumerate(chosen):
            self.progress.step((number + k / len(chosen)) / count, f"{source.label} · {sheet.name}")
            sheet_city = self.places.city_from_name(sheet.name)
            if sheet_city and (len(chosen) > 1 or not layout.column("city")):
                sheet_report.city = sheet_city
                self.report.warn("warn.city_from_sheet", file=source.label, sheet=sheet.name, city=sheet_city)
            self._read_sheet(source, sheet, layout, sheet_report, sheet_report.city or file_city)
            sheet.release()

    # ------------------------------------------------------------------ one sheet

    def _read_sheet(self, source: WorkbookSource, sheet: SheetSource, layout: HeaderLayout,
                    sheet_report: SheetReport, fallback_city: str | None) -> None:
        """The sheet's rows a piece at a time (one piece, or the parts of a large sheet, see
        planning.importing.readers.xlsx_split); what runs on from piece to piece is kept in a _SheetState."""
        state = _SheetState()
        for offset, rows, merged in sheet.pieces():
            if offset == 0:
                report_header(self.report, source.label, sheet.name, rows, layout, sheet_report, fallback_city)
            start = max(layout.data_start - offset, 0)
            if isinstance(rows, ColumnPiece):  # a part from the reader process
                data = rows.below(start)
            else:  # one C-level transpose instead of a loop per column
                data = ColumnPiece.of_rows(rows[start:]) if len(rows) > start else ColumnPiece([], 0)
            if data.height:
                self._read_rows(source, sheet, layout, sheet_report, fallback_city, data, offset + start, merged,
                                state)

    def _read_rows(self, source: WorkbookSource, sheet: SheetSource, layout: HeaderLayout,
                   sheet_report: SheetReport, fallback_city: str | None, data: ColumnPiece, base: int, merged,
                   state: "_SheetState") -> None:
        """Data rows ``data``, the first of them row ``base`` (0-based) of the sheet."""
        label, name = source.label, sheet.name
        n = data.height
        sheet_report.data_rows = (sheet_report.data_rows[0] if sheet_report.data_rows else base + 1, base + n)
        fill_merged_down(data, merged, base, state.merged_values)
        columns, width = data.columns, len(data.columns)
        if source.format in FORCED_TEXT_FORMATS:
            columns = [unwrap_forced_text(column) for column in columns]
        raw: dict[str, Sequence] = {key: columns[index] if index < width else (None,) * n
                                    for key, index in layout.mapping.items()}
        values, placeholders = steps.without_placeholders(raw, self.cfg)

        names = norm_text(raw["name"]) if "name" in raw else [None] * n
        if "credit_code" in raw:
            codes, lost_digits = creditcode.clean_many(values["credit_code"], self.cfg.missing_tokens)
        else:
            codes, lost_digits = [None] * n, None
        kinds, section_city, state.section_city = self.rows.classify(data, values, names, codes, layout,
                                                                     state.section_city)
        keep = self._note_skipped_rows(label, name, data, kinds, base)
        if not len(keep):
            return

        piece = steps.Piece(label, name, layout, raw, keep, n, base, values)
        piece.add_placeholders(placeholders)
        no_identity = kinds[keep] == NO_IDENTITY
        cols: dict[str, object] = {"name": piece.subset(names)}
        for i in np.flatnonzero(~no_identity):
            if cols["name"][i] is None:
                piece.add("name", [(int(i), "value.missing_name", {})], ERROR, "")
        cols["credit_code"], cols["credit_code_status"] = steps.credit_codes(piece, codes, lost_digits)
        self._places(piece, cols, piece.subset(section_city), fallback_city, sheet_report.city)
        cols["industry_code"], cols["industry_name"] = steps.industry(piece)
        steps.measures(piece, cols, self.cfg, sheet.date1904, state.unit_warned, self.report.warn)
        steps.system_flags(piece, cols, self.cfg)
        extras = steps.extra_columns(piece, columns, width, n)
        del columns

        self.report.issues.extend(sorted(piece.issues, key=lambda issue: issue.row))  # the same, read in parts or whole
        self.parts.append(SheetPart(cols, no_identity, extras, label, name, piece.rows))

    def _note_skipped_rows(self, label: str, name: str, data: ColumnPiece, kinds: np.ndarray,
                           base: int) -> np.ndarray:
        """The rows that are not enterprises noted in the report; the indexes of those that are."""
        enterprise = (kinds == ENTERPRISE) | (kinds == NO_IDENTITY)
        skipped = self.report.skipped
        for i in np.flatnonzero(~enterprise):
            kind, params = SKIP_KIND[kinds[i]], {}
            if kinds[i] in (TOTAL, SECTION, NOTE):
                params = {"text": first_text(data.row(int(i)))[:40]}
            skipped.append(RowNote(label, name, base + int(i) + 1, kind, params))
        return np.flatnonzero(enterprise)

    def _places(self, piece: steps.Piece, cols: dict[str, object], section: list, fallback_city: str | None,
                sheet_city: str | None) -> None:
        self.places.settle_province(piece.raw.get("city"))
        city_raw = piece.cells("city") or [None] * len(piece.keep)
        cities, city_codes, counties, county_codes, city_problems, county_problems = self.places.resolve(
            city_raw, piece.cells("county"), section, fallback_city, sheet_city)
        for key, problems in (("city", city_problems), ("county", county_problems)):
            piece.add(key, [p for p in problems if p[1] not in PLACE_NOTES], WARNING, "")
            piece.add(key, [p for p in problems if p[1] in PLACE_NOTES], INFO, "")
        cols.update(city=cities, city_code=city_codes, county=counties, county_code=county_codes)

    # ------------------------------------------------------------------ the whole roster

    def finish(self) -> Roster:
        frame, rejected = roster_frame(self.parts)
        report = self.report
        _count_rows(frame, report)
        files, sheets, rows = (frame[c].to_numpy() for c in ("source_file", "source_sheet", "source_row"))
        for i in np.flatnonzero(rejected):
            report.rejected.append(RowNote(files[i], sheets[i], int(rows[i]), "reject.no_identity"))
        duplicate = reject_duplicates(frame, rejected, report)
        roster = frame[~(duplicate | rejected)].reset_index(drop=True)
        report.enterprises = len(roster)
        report.rejected.sort(key=lambda note: (note.file, note.sheet, note.row or 0))
        return Roster(roster, report, self.places.province)


def _count_rows(frame: pd.DataFrame, report: ImportReport) -> None:
    """Figures over every enterprise row, as the files state them."""
    report.enterprise_rows = len(frame)
    report.revenue_total_wan = float(np.nansum(frame["revenue_wan"].to_numpy(dtype=float)))
    report.by_city = Counter(frame["city"].where(frame["city_code"].notna(), "unknown").fillna("unknown"))
    levels = frame["miit_level"].to_numpy(dtype=float, na_value=np.nan)
    report.by_level = Counter({str(k): int((levels == k).sum()) for k in (1, 2, 3, 4)})
    report.by_level["unknown"] = int(np.isnan(levels).sum())
    status = frame["credit_code_status"].to_numpy(dtype=object)
    report.missing_credit_codes = int((status == creditcode.MISSING).sum())
    lost = int((status == creditcode.LOST_DIGITS).sum())
    if lost:
        report.warn("warn.lost_digits", count=lost)


@dataclass
class _SheetState:
    """What runs on from one piece of a sheet's rows to the next."""

    section_city: str | None = None  # named by the last section heading
    merged_values: dict = field(default_factory=dict)  # top-left values of merges that run on
    unit_warned: set = field(default_factory=set)  # money columns whose unit was reported

