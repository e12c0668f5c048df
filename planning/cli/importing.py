"""``import``: read rosters, print the import summary, write the clean roster and the import report."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from planning.base import messages
from planning.base.messages import tr
from planning.importing.quality_report import ImportReport

from planning.reports.table_file import write_table

from .common import EXIT_OK, import_options, roster_files, shown


def run_import(args) -> int:
    from planning.project.facade import Project

    if getattr(args, "into", None):
        from .roster_updates import import_into, print_json

        roster = Project.read_rosters(roster_files(args), import_options(args))
        if not args.json:
            print(format_import_summary(roster.report, args.lang))
        update = import_into(args, roster)
        if args.json:
            print_json(roster.report.to_summary(args.lang), update)
        return EXIT_OK
    project = Project.from_rosters(roster_files(args), import_options(args))
    if args.roster_out:
        write_table(project.roster, Path(args.roster_out))
    if args.report_out:
        import pandas as pd

        write_table(pd.DataFrame(project.report.rows(args.lang)), Path(args.report_out))
    lists = project.write_problem_lists(Path(args.problems_out), args.lang) if args.problems_out else None
    if args.json:
        summary = project.report.to_summary(args.lang)
        if lists is not None:
            summary["problem_lists"] = [str(path) for path in lists]
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print(format_import_summary(project.report, args.lang))
        if lists is not None:
            print(tr("cli.written", args.lang, count=len(lists)))
            print("\n".join("  " + shown(path) for path in lists))
    return EXIT_OK


def format_import_summary(report: ImportReport, lang: str | None = None) -> str:
    lines = []
    for f in report.files:
        if f.failure:
            lines.append(tr("cli.file_failed", lang, message=shown(f.failure_message(lang))))
            continue
        for s in f.sheets:
            if s.imported and s.data_rows:
                lines.append(tr("cli.sheet_rows", lang, file=shown(f.name), sheet=shown(s.name), header=s.header_row,
                                first=s.data_rows[0], last=s.data_rows[1]))
            elif s.imported:
                lines.append(tr("cli.sheet_empty", lang, file=shown(f.name), sheet=shown(s.name)))
    skipped = Counter(n.kind for n in report.skipped)
    rejected = Counter(n.kind for n in report.rejected)
    lines.append(tr("cli.summary.rows", lang, rows=report.enterprise_rows, enterprises=report.enterprises,
                    rejected=len(report.rejected), detail=_counts(rejected, lang)))
    lines.append(tr("cli.summary.skipped", lang, count=len(report.skipped), detail=_counts(skipped, lang)))
    lines.append(tr("cli.summary.codes", lang, invalid=len(report.invalid_credit_codes()),
                    missing=report.missing_credit_codes, duplicated=len(report.duplicate_credit_codes)))
    lines.append(tr("cli.summary.revenue", lang, total=f"{report.revenue_total_wan:,.2f}"))
    lines.append(tr("cli.summary.by_city", lang, detail=[
        f"{tr('cli.unknown', lang) if k == 'unknown' else k} {v}" for k, v in report.by_city.most_common()]))
    lines.append(tr("cli.summary.by_level", lang, detail=[
        f"{tr('cli.unknown' if k == 'unknown' else f'cli.level.{k}', lang)} {report.by_level.get(k, 0)}"
        for k in ("1", "2", "3", "4", "unknown")]))
    lines.append(tr("cli.summary.problems", lang, issues=len(report.issues), notes=len(report.warnings)))
    for text in report.warning_texts(lang)[:20]:
        lines.append("  · " + shown(text))
    if len(report.warnings) > 20:
        lines.append("  · …")
    return "\n".join(lines)


def _counts(counter: Counter, lang) -> object:
    """Row kinds and how many, as a list the catalogue joins; "0" when there are none."""
    if not counter:
        return "0"
    return [f"{tr('cli.short.' + kind, lang) if 'cli.short.' + kind in messages.MESSAGES else kind} {n}"
            for kind, n in counter.most_common()]
