"""Which sheets of a workbook are rosters, where each one's header is, and the rows above its data.

Chart sheets, other sheet kinds, hidden sheets (unless asked for by name), empty sheets and sheets without
a name or credit-code column are reported and left out; so are summary sheets when rosters sit beside them.
"""

from __future__ import annotations

from planning.base.errors import ImportFailure
from planning.base.messages import field_name, message
from planning.base.textnorm import fold
from planning.importing.cells import has_any_value, row_has_value
from planning.importing.config import ImportConfig
from planning.importing.header import (
    BY_TOKENS, BY_VALUES, EXACT, HeaderLayout, HeaderMatcher, apply_overrides, column_letter, detect_header,
)
from planning.importing.quality_report import FileReport, ImportReport, RowNote, SheetReport
from planning.importing.readers.grids import SheetSource, WorkbookSource

NOT_WORKSHEETS = {"sheet.empty", "sheet.hidden", "sheet.chart", "sheet.other_kind"}


class SheetChooser:
    """The roster sheets of each workbook, with their header layouts."""

    def __init__(self, cfg: ImportConfig, report: ImportReport, wanted: str | None = None,
                 header_row: int | None = None, mapping: dict[str, str] | None = None):
        self.cfg = cfg
        self.report = report
        self.matcher = HeaderMatcher(cfg)
        self.wanted = wanted  # import only this sheet (it may be hidden)
        self.header_row = header_row  # 1-based, instead of detecting it
        self.mapping = mapping or {}

    def choose(self, source: WorkbookSource,
               file_report: FileReport) -> list[tuple[SheetSource, HeaderLayout, SheetReport]]:
        wanted = self.wanted
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
            reason, layout = self._layout(source, sheet)
            report = SheetReport(sheet.name, reason is None, reason)
            file_report.sheets.append(report)
            if layout is None:
                sheet.release()
                if reason not in ("sheet.empty",) and wanted is None:
                    self.report.warn("warn.sheet_skipped", file=source.label, sheet=sheet.name,
                                     reason=message(reason))
                continue
            found.append((sheet, layout, report))
        if len(found) > 1:
            rosters = [f for f in found if not self.is_summary_name(f[0].name)]
            if rosters and len(rosters) < len(found):
                for sheet, _, report in found:
                    if self.is_summary_name(sheet.name):
                        report.imported, report.reason = False, "sheet.summary"
                        self.report.warn("warn.sheet_skipped", file=source.label, sheet=sheet.name,
                                         reason=message("sheet.summary"))
                found = rosters
        return found

    def _layout(self, source: WorkbookSource, sheet: SheetSource) -> tuple[str | None, HeaderLayout | None]:
        """Why the sheet is no roster (a message kind), or its header layout."""
        if sheet.kind == "chart":
            return "sheet.chart", None
        if sheet.kind != "worksheet":
            return "sheet.other_kind", None
        if sheet.hidden and self.wanted is None:
            return "sheet.hidden", None
        rows, merged = sheet.head()
        header_row = self.header_row - 1 if self.header_row else None
        if not has_any_value(rows) or (header_row is not None and header_row >= len(rows)):
            rows, merged = sheet.load()  # the first part of a large sheet was not enough
        if not any(any(v not in (None, "") for v in row) for row in rows[: self.cfg.header_scan_rows]) \
                and not has_any_value(rows):
            return "sheet.empty", None
        if header_row is not None and not 0 <= header_row < len(rows):
            raise ImportFailure("bad_header_row", file=source.label, sheet=sheet.name,
                                row=self.header_row, rows=len(rows))
        layout = detect_header(rows, merged, self.cfg, self.matcher, header_row)
        if layout is not None and self.mapping:
            bad = apply_overrides(layout, self.mapping)
            if bad:
                raise ImportFailure("bad_mapping", spec=", ".join(bad), detail=message("fail.bad_mapping_detail"))
        if layout is None or not any(c.field in ("name", "credit_code") for c in layout.columns):
            return ("sheet.summary" if self.is_summary_name(sheet.name) else "sheet.no_header"), None
        return None, layout

    def is_summary_name(self, name: str) -> bool:
        folded = fold(name)
        return any(k in folded for k in self.cfg.summary_sheet_keywords)


def report_header(report: ImportReport, label: str, name: str, rows, layout: HeaderLayout,
                  sheet_report: SheetReport, fallback_city: str | None) -> None:
    """The rows above the data, the columns found and what is missing, reported once a sheet."""
    skipped = report.skipped
    for r in range(min(layout.data_start, len(rows))):
        if r < layout.first_header_row:
            kind = "row.title" if row_has_value(rows[r]) else "row.blank"
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
        sheet_report.matched[key] = layout.columns[index].how or EXACT
    guessed = [message("header.matched", column=column_letter(index), header=layout.columns[index].header,
                       field=field_name(key), how=message("header.how." + sheet_report.matched[key]))
               for key, index in mapping.items() if sheet_report.matched[key] in (BY_TOKENS, BY_VALUES)]
    if guessed:
        report.warn("warn.headers_matched", file=label, sheet=name, columns=guessed)
    sheet_report.unmapped = [(column_letter(c.index), c.header) for c in layout.columns
                             if not c.field and c.header]
    if sheet_report.unmapped:
        report.warn("warn.unmapped_columns", file=label, sheet=name,
                    columns=[f"{c}:{h}" for c, h in sheet_report.unmapped])
    for key, indexes in layout.duplicates.items():
        report.warn("warn.duplicate_column", file=label, sheet=name, field=field_name(key),
                    columns=[column_letter(i) for i in indexes],
                    used=column_letter(mapping[key]) if key in mapping else "")
    missing = [field_name(k) for k in ("credit_code", "name", "city") if k not in mapping
               and not (k == "city" and (fallback_city or "county" in mapping))]
    if missing:
        report.warn("warn.missing_fields", file=label, sheet=name, fields=missing)
