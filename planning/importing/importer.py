"""Turning the rosters planners receive into one clean, validated roster and a full import report.

``import_rosters`` reads each file (see :mod:`planning.importing.readers.grids`), picks the roster sheets, finds each
header (:mod:`planning.importing.header`), sorts every row into enterprise rows and rows that are not
(titles, blank rows, section headings, totals, footnotes), normalises the values column by column
(:mod:`planning.importing.normalize`), validates credit codes, resolves cities and counties, and merges
duplicates. Every input row ends either in the roster or in the report.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from planning.reference import creditcode
from planning.base.errors import ImportFailure
from planning.base.gcpause import paused_gc
from planning.importing.header import HeaderLayout, HeaderMatcher, apply_overrides, column_letter, detect_header
from planning.importing.config import ImportConfig, default_import_config
from planning.importing.quality_report import ERROR, WARNING, FileReport, ImportReport, RowNote, SheetReport, ValueIssue
from planning.reference.identity import firm_keys, shown_key
from planning.reference.industry import parse_industry
from planning.base.messages import field_name, message
from planning.importing.normalize import (
    norm_count, norm_date, norm_flag, norm_level, norm_money, norm_rate, norm_systems, norm_text, per_distinct,
)
from planning.base.progress import NullProgress, Progress
from planning.importing.readers.grids import SheetSource, WorkbookSource, open_workbook
from planning.reference.regions import RegionIndex, region_index
from planning.base.schema import EXTRA_PREFIX, FIELD_BY_KEY, FIELDS, ROSTER_KEYS
from planning.base.textnorm import fold

_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])")


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
    job = _ImportJob(options, cfg, regions or region_index(), progress)
    failures: list[ImportFailure] = []
    for number, path in enumerate(paths):
        progress.step(number / len(paths), str(path))
        parts_before = len(job.parts)
        try:
            job.read_file(Path(path), number, len(paths))
            if len(job.parts) == parts_before:
                raise ImportFailure("no_enterprises", file=Path(path).name)
        except ImportFailure as failure:
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


@dataclass
class _SheetPart:
    """The enterprise rows of one sheet, normalised into columns."""

    columns: dict[str, object]
    rejected: np.ndarray  # bool per row
    extras: dict[str, list]
    file: str
    sheet: str
    rows: np.ndarray  # 1-based row numbers


class _ImportJob:
    def __init__(self, options: ImportOptions, cfg: ImportConfig, regions: RegionIndex, progress: Progress):
        self.options = options
        self.cfg = cfg
        self.regions = regions
        self.progress = progress
        self.matcher = HeaderMatcher(cfg)
        self.report = ImportReport()
        self.parts: list[_SheetPart] = []
        self.province = options.province
        self._total = re.compile("|".join(re.escape(k) for k in cfg.total_keywords), re.IGNORECASE)
        self._firm = re.compile("|".join(re.escape(k) for k in cfg.firm_name_markers), re.IGNORECASE)

    # ------------------------------------------------------------------ files and sheets

    def read_file(self, path: Path, number: int, count: int) -> None:
        with open_workbook(path, self.cfg, split=True) as source:
            self._read_source(source, path, number, count)

    def _read_source(self, source: WorkbookSource, path: Path, number: int, count: int) -> None:
        file_report = FileReport(str(path), format=source.format)
        for kind, params in source.warnings:
            self.report.warn(kind, **params)
        chosen = self._choose_sheets(source, file_report)
        self.report.files.append(file_report)
        if not chosen:
            reasons = {s.reason for s in file_report.sheets}
            if not source.sheets:
                raise ImportFailure("no_sheets", file=source.label)
            if reasons <= {"sheet.empty", "sheet.hidden", "sheet.chart", "sheet.other_kind"}:
                raise ImportFailure("no_data", file=source.label)
            raise ImportFailure("no_roster", file=source.label)
        file_city = self._city_from_name(path.stem)
        for k, (sheet, layout, sheet_report) in enumerate(chosen):
            self.progress.step((number + k / len(chosen)) / count, f"{source.label} · {sheet.name}")
            sheet_city = self._city_from_name(sheet.name)
            if sheet_city and (len(chosen) > 1 or not layout.column("city")):
                sheet_report.city = sheet_city
                self.report.warn("warn.city_from_sheet", file=source.label, sheet=sheet.name, city=sheet_city)
            self._read_sheet(source, sheet, layout, sheet_report, sheet_report.city or file_city)
            sheet.release()

    def _choose_sheets(self, source: WorkbookSource, file_report: FileReport):
        wanted = self.options.sheet
        if wanted is not None:
            match = [s for s in source.sheets if s.name == wanted] or \
                [s for s in source.sheets if fold(s.name) == fold(wanted)]
            if not match:
                raise ImportFailure("sheet_not_found", file=source.label, sheet=wanted,
                                    sheets=[s.name for s in source.sheets])
        found = []
        for sheet in source.sheets:
            if wanted is not None and sheet is not match[0]:
                file_report.sheets.append(SheetReport(sheet.name, False, "sheet.not_chosen"))
                continue
            reason = None
            if sheet.kind == "chart":
                reason = "sheet.chart"
            elif sheet.kind != "worksheet":
                reason = "sheet.other_kind"
            elif sheet.hidden and wanted is None:
                reason = "sheet.hidden"
            layout = None
            if reason is None:
                rows, merged = sheet.head()
                header_row = self.options.header_row - 1 if self.options.header_row else None
                if not _has_any_value(rows) or (header_row is not None and header_row >= len(rows)):
                    rows, merged = sheet.load()  # the first part of a large sheet was not enough
                if not any(any(v not in (None, "") for v in row) for row in rows[: self.cfg.header_scan_rows]) \
                        and not _has_any_value(rows):
                    reason = "sheet.empty"
                else:
                    if header_row is not None and not 0 <= header_row < len(rows):
                        raise ImportFailure("bad_header_row", file=source.label, sheet=sheet.name,
                                            row=self.options.header_row, rows=len(rows))
                    layout = detect_header(rows, merged, self.cfg, self.matcher, header_row)
                    if layout is not None and self.options.mapping:
                        bad = apply_overrides(layout, self.options.mapping)
                        if bad:
                            raise ImportFailure("bad_mapping", spec=", ".join(bad),
                                                detail=message("fail.bad_mapping_detail"))
                    if layout is None or not any(c.field in ("name", "credit_code") for c in layout.columns):
                        reason = "sheet.summary" if self._is_summary_name(sheet.name) else "sheet.no_header"
                        layout = None
            report = SheetReport(sheet.name, reason is None, reason)
            file_report.sheets.append(report)
            if layout is None:
                sheet.release()
                if reason not in ("sheet.empty",) and wanted is None:
                    self.report.warn("warn.sheet_skipped", file=source.label, sheet=sheet.name, reason=message(reason))
                continue
            found.append((sheet, layout, report))
        if len(found) > 1:
            rosters = [f for f in found if not self._is_summary_name(f[0].name)]
            if rosters and len(rosters) < len(found):
                for sheet, _, report in found:
                    if self._is_summary_name(sheet.name):
                        report.imported, report.reason = False, "sheet.summary"
                        self.report.warn("warn.sheet_skipped", file=source.label, sheet=sheet.name,
                                         reason=message("sheet.summary"))
                found = rosters
        return found

    def _is_summary_name(self, name: str) -> bool:
        folded = fold(name)
        return any(k in folded for k in self.cfg.summary_sheet_keywords)

    def _city_from_name(self, name: str) -> str | None:
        text = re.sub(r"[\d\s_\-（）()【】\[\]年月日版]+", "", name)
        for suffix in self.cfg.sheet_name_suffixes:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                break
        if not text:
            return None
        resolution = self.regions.resolve_city(text, self.province)
        if resolution.region and resolution.how in ("exact", "prefixed", "pinyin") and resolution.region.level == "city":
            return resolution.region.name
        return None

    # ------------------------------------------------------------------ one sheet

    def _read_sheet(self, source: WorkbookSource, sheet: SheetSource, layout: HeaderLayout,
                    sheet_report: SheetReport, fallback_city: str | None) -> None:
        """The sheet's rows a piece at a time (one piece, or the parts of a large sheet, see
        planning.importing.readers.xlsx_split); what runs on from piece to piece is kept in a _SheetState."""
        state = _SheetState()
        for offset, rows, merged in sheet.pieces():
            if offset == 0:
                self._sheet_prologue(source.label, sheet.name, rows, layout, sheet_report, fallback_city)
            start = max(layout.data_start - offset, 0)
            if len(rows) > start:
                self._read_rows(source, sheet, layout, sheet_report, fallback_city, rows[start:], offset + start,
                                merged, state)

    def _sheet_prologue(self, label: str, name: str, rows, layout: HeaderLayout, sheet_report: SheetReport,
                        fallback_city: str | None) -> None:
        """The rows above the data, the columns found and what is missing, reported once a sheet."""
        skipped = self.report.skipped
        for r in range(min(layout.data_start, len(rows))):
            if r < layout.first_header_row:
                kind = "row.title" if _row_has_value(rows[r]) else "row.blank"
                skipped.append(RowNote(label, name, r + 1, kind))
            elif r <= layout.header_row:
                skipped.append(RowNote(label, name, r + 1, "row.header"))
            elif r == layout.units_row:
                units = " ".join(str(v) for v in rows[r] if v not in (None, ""))
                skipped.append(RowNote(label, name, r + 1, "row.units", {"units": units}))
            else:
                skipped.append(RowNote(label, name, r + 1, "row.column_numbers"))

        sheet_report.header_row = layout.header_row + 1
        mapping = layout.mapping
        for key, index in mapping.items():
            sheet_report.mapping[key] = (column_letter(index), layout.columns[index].header)
        sheet_report.unmapped = [(column_letter(c.index), c.header) for c in layout.columns
                                 if not c.field and c.header]
        if sheet_report.unmapped:
            self.report.warn("warn.unmapped_columns", file=label, sheet=name,
                             columns=[f"{c}:{h}" for c, h in sheet_report.unmapped])
        for key, indexes in layout.duplicates.items():
            self.report.warn("warn.duplicate_column", file=label, sheet=name, field=field_name(key),
                             columns=[column_letter(i) for i in indexes],
                             used=column_letter(mapping[key]) if key in mapping else "")
        missing = [field_name(k) for k in ("credit_code", "name", "city") if k not in mapping
                   and not (k == "city" and (fallback_city or "county" in mapping))]
        if missing:
            self.report.warn("warn.missing_fields", file=label, sheet=name, fields=missing)

    def _read_rows(self, source: WorkbookSource, sheet: SheetSource, layout: HeaderLayout,
                   sheet_report: SheetReport, fallback_city: str | None, data, base: int, merged,
                   state: "_SheetState") -> None:
        """Data rows ``data``, the first of them row ``base`` (0-based) of the sheet."""
        label, name = source.label, sheet.name
        skipped = self.report.skipped
        mapping = layout.mapping
        n = len(data)
        sheet_report.data_rows = (sheet_report.data_rows[0] if sheet_report.data_rows else base + 1, base + n)
        widths = set(map(len, data))
        width = max(widths)
        if len(widths) > 1:  # CSV and HTML rows can be ragged
            data = [list(r) + [None] * (width - len(r)) for r in data]
        _fill_merged_down(data, merged, base, state.merged_values)
        columns = list(zip(*data))  # one C-level transpose instead of a loop per column
        raw: dict[str, Sequence] = {key: columns[index] if index < width else (None,) * n
                                    for key, index in mapping.items()}

        names = norm_text(raw["name"]) if "name" in raw else [None] * n
        if "credit_code" in raw:
            codes, lost_digits = creditcode.clean_many(raw["credit_code"], self.cfg.missing_tokens)
        else:
            codes, lost_digits = [None] * n, None

        kinds, section_city, state.section_city = self._classify_rows(data, raw, names, codes, layout, mapping,
                                                                      state.section_city)
        no_identity = kinds == _NO_IDENTITY
        keep = np.flatnonzero((kinds == _ENTERPRISE) | no_identity)
        for i in np.flatnonzero(~((kinds == _ENTERPRISE) | no_identity)):
            kind, params = _SKIP_KIND[kinds[i]], {}
            if kinds[i] in (_TOTAL, _SECTION, _NOTE):
                params = {"text": _first_text(data[i])[:40]}
            skipped.append(RowNote(label, name, base + int(i) + 1, kind, params))
        if not len(keep):
            return

        everything = len(keep) == n
        def subset(values: list) -> list:
            return values if everything else [values[i] for i in keep]

        part_rows = keep + base + 1
        cols: dict[str, object] = {}
        issues: list[ValueIssue] = []

        def add(key: str, problems, severity: str = WARNING, prefix: str = "value.") -> None:
            column = mapping.get(key)
            letter = column_letter(column) if column is not None else ""
            header = layout.columns[column].header if column is not None else ""
            cells = raw.get(key)
            for i, kind, params in problems:
                raw_value = cells[int(keep[i])] if cells is not None else params.get("raw")
                issues.append(ValueIssue(label, name, int(part_rows[i]), letter, header, key,
                                         prefix + kind if "." not in kind else kind, severity,
                                         _format_params(params), raw_value))

        cols["name"] = subset(names)
        for i in np.flatnonzero(~no_identity[keep]):
            if cols["name"][i] is None:
                add("name", [(int(i), "value.missing_name", {})], ERROR, "")

        # Credit codes.
        if lost_digits is not None:
            part_codes = subset(codes)
            status = creditcode.classify_many(part_codes, subset(lost_digits))
            raw_codes = subset(raw["credit_code"])
            for i, st in enumerate(status):
                if st in (creditcode.VALID, creditcode.MISSING):
                    continue
                params: dict = {"raw": raw_codes[i]}
                code = part_codes[i] or ""
                if st == creditcode.NOT_ENTERPRISE:
                    prefix = creditcode.category_of(code)
                    category_kind = f"cc.category.{prefix}" if prefix in ("92", "93") else "cc.category.other"
                    params["category"] = message(category_kind, prefix=prefix)
                    add("credit_code", [(i, "cc.not_enterprise", params)], WARNING, "")
                    continue
                params["length"] = len(code)
                fix = creditcode.suggest_fix(code) if st in (creditcode.BAD_CHARSET, creditcode.BAD_CHECK) else None
                params["hint"] = message("cc.suggest", code=fix) if fix else ""
                if st == creditcode.LOST_DIGITS:
                    params["raw"] = _as_excel_shows(raw_codes[i])
                add("credit_code", [(i, f"cc.{st}", params)], ERROR, "")
        else:
            part_codes = [None] * len(keep)
            status = [creditcode.MISSING] * len(keep)
        cols["credit_code"] = part_codes
        cols["credit_code_status"] = status

        # Regions.
        province = self._province_for(raw.get("city"))
        city_raw = subset(raw["city"]) if "city" in raw else [None] * len(keep)
        section = subset(section_city)
        cities, city_codes, counties, county_codes = self._resolve_regions(
            city_raw, subset(raw["county"]) if "county" in raw else None, section, fallback_city,
            province, add, sheet_report.city)
        cols.update(city=cities, city_code=city_codes, county=counties, county_code=county_codes)

        # Industry.
        codes_ind, names_ind, industry_problems = self._industry(
            len(keep), subset(raw["industry_code"]) if "industry_code" in raw else None,
            subset(raw["industry_name"]) if "industry_name" in raw else None)
        cols["industry_code"], cols["industry_name"] = codes_ind, names_ind
        for key, problems in industry_problems.items():
            add(key, problems, WARNING, "")

        # Numbers, levels, flags, dates, text.
        money_unit = self.cfg.default_money_unit
        for key in ROSTER_KEYS:
            if key in cols or key in ("has_erp", "has_mes"):
                continue
            kind = FIELD_BY_KEY[key].kind
            values = subset(raw[key]) if key in raw else None
            if values is None:
                cols[key] = None
                continue
            if kind == "money":
                column = layout.column(key)
                unit = (column.unit if column else None) or layout.sheet_money_unit or money_unit
                if unit != money_unit and key not in state.unit_warned:
                    state.unit_warned.add(key)
                    self.report.warn("warn.column_unit", file=label, sheet=name, column=column.header, unit=unit)
                cols[key], problems = norm_money(values, self.cfg, self.cfg.money_units[unit])
                add(key, problems)
            elif kind == "count":
                cols[key], problems = norm_count(values, self.cfg)
                add(key, problems)
            elif kind == "rate":
                cols[key], problems = norm_rate(values, self.cfg)
                add(key, _rate_params(problems))
            elif kind == "level":
                cols[key], problems = norm_level(values, self.cfg)
                add(key, problems)
            elif kind == "flag":
                extra = self.cfg.specialized_true if key == "specialized" else frozenset()
                cols[key], problems = norm_flag(values, self.cfg, extra)
                add(key, problems)
            elif kind == "date":
                cols[key], problems = norm_date(values, self.cfg, sheet.date1904)
                add(key, problems)
            else:
                cols[key] = norm_text(values)
        systems = norm_systems(subset(raw["systems"]), self.cfg) if "systems" in raw else {}
        for key in ("has_erp", "has_mes"):
            if key in raw:
                cols[key], problems = norm_flag(subset(raw[key]), self.cfg)
                add(key, problems)
                if key in systems:
                    cols[key] = [v if v is not None else s for v, s in zip(cols[key], systems[key])]
            else:
                cols[key] = systems.get(key)

        extras = {}
        for column in layout.columns:
            if column.field is None and column.header:
                values = list(columns[column.index]) if column.index < width else [None] * n
                extras[EXTRA_PREFIX + column.header] = norm_text(subset(values))
        del columns

        self.report.issues.extend(issues)
        self.parts.append(_SheetPart(cols, no_identity[keep], extras, label, name, part_rows))

    def _classify_rows(self, data, raw, names, codes, layout, mapping, city_above: str | None = None):
        """Kind of every data row, the city named by the section heading above it (if any; ``city_above``
        is the one named before these rows), and the last city named.

        Most rows hold a firm's name: those are found with two scans over all names joined into one
        text; only the other rows are looked at one by one."""
        n = len(data)
        kinds = np.full(n, _ENTERPRISE, dtype=np.int8)
        header_texts = {fold(c.header.split(" / ")[-1]) for c in layout.columns if c.header}
        header_raw = {c.header.split(" / ")[-1] for c in layout.columns if c.header}
        data_keys = [k for k in raw if k not in ("name", "credit_code", "serial")]
        serial = raw.get("serial")
        total, firm = self._total, self._firm
        blob = _LowerBlob(names)
        usual = blob.rows_with_any(self.cfg.firm_name_markers) & ~blob.rows_with_any(self.cfg.total_keywords)
        usual &= np.array([name is not None and name not in header_raw for name in names], dtype=bool)
        city_marks: list[tuple[int, str]] = []
        for i in np.flatnonzero(~usual).tolist():
            name, code = names[i], codes[i]
            if name is not None or code is not None:
                text = fold(name) if name is not None else ""
                if text and (text in header_texts or (code is not None and fold(code) in header_texts)):
                    kinds[i] = _REPEATED_HEADER
                elif text and not firm.search(text) and not _valid_code(code):
                    if total.search(text):
                        kinds[i] = _TOTAL
                    elif self._is_note(text):
                        kinds[i] = _NOTE
                    elif code is None and not any(_filled(raw[k][i]) for k in data_keys):
                        kinds[i] = _SECTION
                        city = self._section_city(name)
                        if city:
                            city_marks.append((i, city))
                continue
            cells = [v for v in data[i] if _filled(v)]
            if not cells:
                kinds[i] = _BLANK
                continue
            if serial is not None and len(cells) == 1 and _is_serial(serial[i]):
                kinds[i] = _SERIAL_ONLY
                continue
            first = fold(_first_text(data[i]))
            if first and total.search(first) and not firm.search(first):
                kinds[i] = _TOTAL
            elif first and self._is_note(first):
                kinds[i] = _NOTE
            elif len(cells) <= 2 and not any(_filled(raw[k][i]) for k in data_keys if k != "city"):
                kinds[i] = _SECTION
                city = self._section_city(_first_text(data[i]))
                if city:
                    city_marks.append((i, city))
            else:
                kinds[i] = _NO_IDENTITY
        section_city: list[str | None] = [None] * n
        if city_marks or city_above:
            positions = np.array([-1] + [i for i, _ in city_marks])
            names_of = [city_above] + [city for _, city in city_marks]
            last = np.searchsorted(positions, np.arange(n), side="right") - 1
            for i in np.flatnonzero((kinds == _ENTERPRISE) | (kinds == _NO_IDENTITY)).tolist():
                section_city[i] = names_of[last[i]]
        return kinds, section_city, city_marks[-1][1] if city_marks else city_above

    def _is_note(self, folded: str) -> bool:
        return any(folded.startswith(p) for p in self.cfg.note_prefixes)

    def _section_city(self, text: str) -> str | None:
        text = _ENUMERATOR.sub("", str(text).strip())
        resolution = self.regions.resolve_city(text, self.province)
        if resolution.region and resolution.how in ("exact", "prefixed", "pinyin"):
            return resolution.region.name
        return None

    def _province_for(self, city_values: list | None) -> str | None:
        if self.province is None and city_values:
            distinct = [v for v in set(city_values) if isinstance(v, str) and v.strip()][:500]
            self.province = self.regions.dominant_province(distinct)
        return self.province

    def _resolve_regions(self, city_raw, county_raw, section, fallback_city, province, add, sheet_city):
        """City and county names, codes and problems per row; each distinct combination of the
        row's city cell, county cell and section heading is resolved once."""
        n = len(city_raw)
        fallback = self.regions.resolve_city(fallback_city, province).region if fallback_city else None
        counties_in = county_raw if county_raw is not None else [None] * n
        memo: dict[tuple, tuple] = {}
        results = []
        append = results.append
        for key in zip(city_raw, counties_in, section):
            hit = memo.get(key)
            if hit is None:
                hit = memo[key] = self._resolve_one(*key, fallback, province, sheet_city)
            append(hit)
        cities, city_codes, counties, county_codes = ([r[k] for r in results] for k in range(4))
        city_problems, county_problems = [], []
        if any(r[4] or r[5] for r in memo.values()):
            for i, r in enumerate(results):
                if r[4]:
                    city_problems.append((i, r[4][0], r[4][1]))
                if r[5]:
                    county_problems.append((i, r[5][0], r[5][1]))
        add("city", city_problems, WARNING, "")
        add("county", county_problems, WARNING, "")
        return cities, city_codes, counties, county_codes

    def _resolve_one(self, city_value, county_value, section, fallback, province, sheet_city):
        """(city, city code, county, county code, city problem, county problem) for one row's cells."""
        city = city_code = county = county_code = None
        city_problem = county_problem = None
        region, rest = None, ""
        if _filled(city_value):
            resolution = self.regions.resolve_city(city_value, province)
            region, rest = resolution.region, resolution.rest
            if region is None:
                kind = "region.ambiguous_city" if resolution.how == "ambiguous" else "region.unknown_city"
                city_problem = (kind, {"raw": str(city_value)})
                city = norm_text([city_value])[0]
            elif sheet_city and region.name != sheet_city:
                city_problem = ("region.city_differs_from_sheet",
                                {"city": region.name, "sheet_city": sheet_city, "raw": str(city_value)})
        elif section:
            region = self.regions.resolve_city(section, province).region
        else:
            region = fallback
        if region is not None:
            city, city_code = region.name, region.code
        if not _filled(county_value) and rest:
            county_value = rest
        if _filled(county_value):
            resolution = self.regions.resolve_county(county_value, city_code, province)
            if resolution.region is None:
                kind = "region.ambiguous_county" if resolution.how == "ambiguous" else "region.unknown_county"
                county_problem = (kind, {"raw": str(county_value)})
                county = norm_text([county_value])[0]
            else:
                county, county_code = resolution.region.name, resolution.region.code
                parent = self.regions.by_code.get(resolution.region.parent or "")
                if city_code is None and parent is not None and parent.level == "city":
                    city, city_code = parent.name, parent.code
                elif city_code and parent is not None and parent.level == "city" and parent.code != city_code:
                    county_problem = ("region.county_not_in_city",
                                      {"county": resolution.region.name, "city": city, "raw": str(county_value)})
        return city, city_code, county, county_code, city_problem, county_problem

    def _industry(self, n: int, code_values, name_values):
        """Industry code and name per row: from the code cell (which may carry the name too), else
        from the name cell; each distinct cell is parsed once."""
        names: list[str | None] = norm_text(name_values) if name_values is not None else [None] * n
        problems: dict[str, list] = {"industry_code": [], "industry_name": []}

        def parsed(value):
            return parse_industry(value) if _filled(value) else None

        codes: list[str | None] = [None] * n
        if code_values is not None:
            from_code, _ = per_distinct(code_values, parsed)
            codes = [r.code if r is not None else None for r in from_code]
            names = [r.name if name is None and r is not None and r.name else name
                     for name, r in zip(names, from_code)]
            problems["industry_code"] = [(i, f"industry.{r.problem}", {"raw": str(code_values[i])})
                                         for i, r in enumerate(from_code) if r is not None and r.problem]
        if name_values is not None and None in codes:
            from_name, _ = per_distinct(name_values, parsed)
            for i in [i for i, code in enumerate(codes) if code is None]:
                result = from_name[i]
                if result is not None and result.code:
                    codes[i] = result.code
                    names[i] = result.name or names[i]
                    if result.problem:
                        problems["industry_name"].append(
                            (i, f"industry.{result.problem}", {"raw": str(name_values[i])}))
        return codes, names, problems

    # ------------------------------------------------------------------ the whole roster

    def finish(self) -> Roster:
        frame = _concat(self.parts)
        report = self.report
        rejected_mask = np.concatenate([p.rejected for p in self.parts])
        files = np.concatenate([np.full(len(p.rows), p.file, dtype=object) for p in self.parts])
        sheets = np.concatenate([np.full(len(p.rows), p.sheet, dtype=object) for p in self.parts])
        rows = np.concatenate([p.rows for p in self.parts])
        frame["source_file"] = pd.Series(files, dtype=object)
        frame["source_sheet"] = pd.Series(sheets, dtype=object)
        frame["source_row"] = rows.astype(np.int64)

        # Figures over every enterprise row, as the files state them.
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

        for i in np.flatnonzero(rejected_mask):
            report.rejected.append(RowNote(files[i], sheets[i], int(rows[i]), "reject.no_identity"))

        # Duplicates: by valid credit code, else by name.
        valid = frame["credit_code_status"].isin(list(creditcode.ACCEPTED)).to_numpy()
        code_series = frame["credit_code"]
        keys = firm_keys(frame)
        keys[rejected_mask] = None
        key = pd.Series(keys, index=frame.index, dtype=object)
        name_keys = frame["name"]
        valid_codes = code_series[valid]
        counts = valid_codes[valid_codes.duplicated(keep=False)].value_counts()
        report.duplicate_credit_codes = {str(k): int(v) for k, v in counts.items()}
        dup = key.duplicated(keep="first").to_numpy() & key.notna().to_numpy()
        if dup.any():
            involved = key[key.isin(set(key[dup]))]
            first_index = {k: i for i, k in zip(involved.index[::-1], involved.to_numpy()[::-1])}
            for i in np.flatnonzero(dup):
                j = first_index[key.iat[i]]
                diff = _differences(frame, j, i)
                report.rejected.append(RowNote(
                    files[i], sheets[i], int(rows[i]), "reject.duplicate",
                    {"first": f"{files[j]}·{sheets[j]}·{rows[j]}",
                     "key": shown_key(key.iat[i]), "diff": diff}))
        self._same_name_other_code(frame, valid, name_keys, files, sheets, rows)
        keep = ~(dup | rejected_mask)
        roster = frame[keep].reset_index(drop=True)
        report.enterprises = len(roster)
        report.rejected.sort(key=lambda note: (note.file, note.sheet, note.row or 0))
        return Roster(roster, report, self.province)

    def _same_name_other_code(self, frame, valid, names, files, sheets, rows) -> None:
        valid_names = names[valid]
        repeated = valid_names.duplicated(keep=False).to_numpy() & valid_names.notna().to_numpy()
        if not repeated.any():
            return
        candidates = pd.DataFrame({"name": valid_names[repeated], "code": frame["credit_code"][valid][repeated]}).dropna()
        distinct = candidates.drop_duplicates()
        multi = distinct["name"][distinct["name"].duplicated(keep=False)]
        if multi.empty:
            return
        seen: dict[str, tuple[str, int]] = {}
        for i in candidates.index[candidates["name"].isin(set(multi))]:
            nm, code = candidates.at[i, "name"], candidates.at[i, "code"]
            if nm in seen and seen[nm][0] != code:
                j = seen[nm][1]
                self.report.issues.append(ValueIssue(
                    files[i], sheets[i], int(rows[i]), "", "", "credit_code", "dup.same_name_other_code",
                    WARNING, {"other": f"{files[j]}·{sheets[j]}·{rows[j]}"}, code))
            seen.setdefault(nm, (code, i))


@dataclass
class _SheetState:
    """What runs on from one piece of a sheet's rows to the next."""

    section_city: str | None = None  # named by the last section heading
    merged_values: dict = field(default_factory=dict)  # top-left values of merges that run on
    unit_warned: set = field(default_factory=set)  # money columns whose unit was reported


_ENTERPRISE, _NO_IDENTITY, _BLANK, _SERIAL_ONLY, _TOTAL, _NOTE, _SECTION, _REPEATED_HEADER = range(8)
_SKIP_KIND = {
    _BLANK: "row.blank", _SERIAL_ONLY: "row.serial_only", _TOTAL: "row.total", _NOTE: "row.note",
    _SECTION: "row.section", _REPEATED_HEADER: "row.repeated_header",
}
_DIFF_FIELDS = ("name", "city", "county", "revenue_wan", "employees", "miit_level", "industry_code")


def _fill_merged_down(data: list[list], merged, offset: int, carried: dict | None = None) -> None:
    """A cell merged down over several firms (a city over its firms) holds its value for each of
    them; only its top-left cell has the value in the file. Merges across columns are left alone:
    they are headings and notes, not values. ``data`` starts at sheet row ``offset``; ``carried``
    keeps the values of merges that run on into the rows of a later call."""
    carried = {} if carried is None else carried
    for r0, c0, r1, c1 in merged:
        if r1 <= r0 or r1 < offset or r0 >= offset + len(data):
            continue
        if r0 >= offset:
            first = r0 - offset
            value = data[first][c0] if c0 < len(data[first]) else None
            if r1 >= offset + len(data):
                carried[(r0, c0)] = value
        elif (r0, c0) in carried:  # begun in an earlier piece
            first, value = -1, carried[(r0, c0)]
        else:
            continue
        last = min(r1 - offset, len(data) - 1)
        if value is None or value == "":
            continue
        for r in range(first + 1, last + 1):
            row = data[r]
            if not isinstance(row, list):
                row = data[r] = list(row)
            if row[c0] is None or row[c0] == "":
                row[c0] = value


class _LowerBlob:
    """Texts joined into one lower-cased text, so that a keyword scan over 10^5 firm names is one C-level
    search instead of 10^5 (a case-insensitive pattern would be several times slower)."""

    def __init__(self, texts: list[str | None]):
        parts = [t if t is not None else "" for t in texts]
        self.size = len(parts)
        joined = "\n".join(parts)
        self.text = joined.lower()
        self.starts = np.zeros(len(parts), dtype=np.int64)
        if len(self.text) != len(joined):  # a few letters grow when lower-cased (İ): one text at a time
            self.parts = [t.lower() for t in parts]
        else:
            self.parts = None
            if parts:
                lengths = np.fromiter(map(len, parts[:-1]), dtype=np.int64, count=len(parts) - 1)
                np.cumsum(lengths + 1, out=self.starts[1:])

    def rows_with_any(self, keywords) -> np.ndarray:
        """Which texts contain one of the keywords, ignoring case."""
        pattern = re.compile("|".join(re.escape(k.lower()) for k in keywords))
        if self.parts is not None:
            return np.array([pattern.search(t) is not None for t in self.parts], dtype=bool)
        mask = np.zeros(self.size, dtype=bool)
        hits = [m.start() for m in pattern.finditer(self.text)]
        if hits:
            mask[np.searchsorted(self.starts, hits, side="right") - 1] = True
        return mask


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _is_serial(value: object) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and value.strip().rstrip(".、").isdigit()


def _has_any_value(rows) -> bool:
    return any(_row_has_value(row) for row in rows)


def _row_has_value(row) -> bool:
    return any(_filled(v) for v in row)


def _first_text(row) -> str:
    for value in row:
        if _filled(value):
            return str(value).strip()
    return ""


def _valid_code(code: str | None) -> bool:
    return code is not None and creditcode.classify(code) in creditcode.ACCEPTED


def _plain_number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_excel_shows(value: object) -> str:
    """A long number the way Excel displays it: 15 significant digits, then zeros."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(Decimal(f"{float(value):.15g}")))
    return str(value)


def _format_params(params: dict) -> dict:
    return {k: (_plain_number(v) if isinstance(v, float) else v) for k, v in params.items()}


def _rate_params(problems):
    out = []
    for i, kind, params in problems:
        if "value" in params:
            params = dict(params, percent=round(params["value"] * 100, 4))
            params["value"] = round(params["value"], 6)
        out.append((i, kind, params))
    return out


def _differences(frame: pd.DataFrame, first: int, other: int) -> list[list[str]]:
    """[field, first value, other value] for each field in which a duplicate row differs from the first one."""
    changed = []
    for key in _DIFF_FIELDS:
        a, b = frame.at[first, key], frame.at[other, key]
        if pd.isna(a) and pd.isna(b):
            continue
        if pd.isna(a) or pd.isna(b) or a != b:
            changed.append([key, _show(a), _show(b)])
    return changed


def _show(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _masked_array(values: list, dtype: str) -> pd.api.extensions.ExtensionArray:
    """pd.array(values, dtype) for lists of Python ints or booleans and None, several times faster."""
    cells = np.array(values, dtype=object)
    mask = pd.isna(cells)
    if dtype == "boolean":
        data = np.zeros(len(cells), dtype=bool)
        data[~mask] = cells[~mask].astype(bool)
        return pd.arrays.BooleanArray(data, mask)
    if dtype == "Int8":
        data = np.zeros(len(cells), dtype=np.int8)
        data[~mask] = cells[~mask].astype(np.int8)
        return pd.arrays.IntegerArray(data, mask)
    return pd.array(values, dtype=dtype)


def _concat(parts: list[_SheetPart]) -> pd.DataFrame:
    """One frame from the sheets' columns, with canonical dtypes and every extra column kept."""
    columns: dict[str, object] = {}
    lengths = [len(p.rows) for p in parts]
    keys = list(ROSTER_KEYS) + ["credit_code_status", "city_code", "county_code"]
    for key in keys:
        dtype = FIELD_BY_KEY[key].dtype if key in FIELD_BY_KEY else "object"  # the codes and statuses are text
        pieces = []
        for part, length in zip(parts, lengths):
            values = part.columns.get(key)
            if values is None:
                values = np.full(length, np.nan) if dtype == "float64" else [None] * length
            pieces.append(values)
        if dtype == "float64":
            columns[key] = np.concatenate([np.asarray(p, dtype=float) for p in pieces])
        elif dtype == "datetime64[s]":
            columns[key] = pd.array(np.concatenate([np.asarray(p, dtype="datetime64[D]") for p in pieces])
                                    .astype("datetime64[s]"))
        else:
            merged: list = []
            for p in pieces:
                merged.extend(p)
            if dtype == "object":  # kept as Python objects, None for missing: no string inference
                columns[key] = pd.Series(merged, dtype=object)
            else:
                columns[key] = _masked_array(merged, dtype)
    extra_names: list[str] = []
    for part in parts:
        extra_names.extend(k for k in part.extras if k not in extra_names)
    for extra in extra_names:
        merged = []
        for part, length in zip(parts, lengths):
            merged.extend(part.extras.get(extra) or [None] * length)
        columns[extra] = merged
    return pd.DataFrame(columns)


FIELD_KEYS = tuple(f.key for f in FIELDS)
