"""``import``: read rosters, print the import summary, write the clean roster and the import report."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from planning.base import messages
from planning.base.messages import tr
from planning.importing.quality_report import ImportReport

from planning.reports.table_file import write_table

from .common import EXIT_OK, import_options, roster_files


def run_import(args) -> int:
    from planning.project.facade import Project

    project = Project.from_rosters(roster_files(args), import_options(args))
    if args.roster_out:
        write_table(project.roster, Path(args.roster_out))
    if args.report_out:
        import pandas as pd

        write_table(pd.DataFrame(project.report.rows(args.lang)), Path(args.report_out))
    if args.json:
        print(json.dumps(project.report.to_summary(args.lang), ensure_ascii=False, indent=1))
    else:
        print(format_import_summary(project.report, args.lang))
    return EXIT_OK


def format_import_summary(report: ImportReport, lang: str | None = None) -> str:
    zh = (lang or messages.language()) == "zh"
    lines = []
    for f in report.files:
        if f.failure:
            lines.append(("✗ " if zh else "✗ ") + f.failure_message(lang))
            continue
        for s in f.sheets:
            if not s.imported:
                continue
            if zh:
                lines.append(f"{f.name}［{s.name}］表头第 {s.header_row} 行，数据第 {s.data_rows[0]}–{s.data_rows[1]} 行"
                             if s.data_rows else f"{f.name}［{s.name}］没有数据行")
            else:
                lines.append(f"{f.name} [{s.name}] header on row {s.header_row}, data rows "
                             f"{s.data_rows[0]}-{s.data_rows[1]}" if s.data_rows else f"{f.name} [{s.name}] no data rows")
    skipped = Counter(n.kind for n in report.skipped)
    rejected = Counter(n.kind for n in report.rejected)
    invalid = len(report.invalid_credit_codes())
    dup_codes = len(report.duplicate_credit_codes)
    sep = "、" if zh else ", "
    lines.append(tr("cli.summary.rows", lang, rows=report.enterprise_rows, enterprises=report.enterprises,
                    rejected=len(report.rejected), detail=_counts(rejected, lang)))
    lines.append(tr("cli.summary.skipped", lang, count=len(report.skipped), detail=_counts(skipped, lang)))
    lines.append(tr("cli.summary.codes", lang, invalid=invalid, missing=report.missing_credit_codes,
                    duplicated=dup_codes))
    lines.append(tr("cli.summary.revenue", lang, total=f"{report.revenue_total_wan:,.2f}"))
    lines.append(tr("cli.summary.by_city", lang, detail=sep.join(
        f"{_city(k, lang)} {v}" for k, v in report.by_city.most_common())))
    lines.append(tr("cli.summary.by_level", lang, detail=sep.join(
        f"{_level(k, lang)} {report.by_level.get(k, 0)}" for k in ("1", "2", "3", "4", "unknown"))))
    lines.append(tr("cli.summary.problems", lang, issues=len(report.issues), notes=len(report.warnings)))
    for text in report.warning_texts(lang)[:20]:
        lines.append("  · " + text)
    if len(report.warnings) > 20:
        lines.append("  · …")
    return "\n".join(lines)


def _counts(counter: Counter, lang) -> str:
    if not counter:
        return "0"
    sep = "、" if (lang or messages.language()) == "zh" else ", "
    return sep.join(f"{_short(kind, lang)} {n}" for kind, n in counter.most_common())


_SHORT = {
    "row.blank": ("空行", "blank"), "row.title": ("标题", "title"), "row.header": ("表头", "header"),
    "row.units": ("单位行", "units"), "row.column_numbers": ("栏次行", "column numbers"),
    "row.repeated_header": ("重复表头", "repeated header"), "row.total": ("合计行", "totals"),
    "row.section": ("分组标题", "section headings"), "row.note": ("脚注", "notes"),
    "row.serial_only": ("仅序号", "serial only"), "reject.no_identity": ("无名称和代码", "no name or code"),
    "reject.duplicate": ("重复", "duplicates"),
}


def _short(kind: str, lang) -> str:
    zh, en = _SHORT.get(kind, (kind, kind))
    return zh if (lang or messages.language()) == "zh" else en


def _city(name: str, lang) -> str:
    if name == "unknown":
        return "未知" if (lang or messages.language()) == "zh" else "unknown"
    return name


def _level(key: str, lang) -> str:
    zh = (lang or messages.language()) == "zh"
    if key == "unknown":
        return "未知" if zh else "unknown"
    return f"{'一二三四'[int(key) - 1]}级" if zh else f"level {key}"
