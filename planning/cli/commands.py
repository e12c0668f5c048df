"""The headless command line over the core: ``python main.py import|plan|export ...``.

Every command prints a readable summary, or one JSON object with ``--json``. Input that cannot be used
ends with exit status 2 and a one-line message on stderr; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from planning import __version__
from planning.base import messages
from planning.base.errors import ConfigError, DTPlanError, ImportFailure
from planning.reports.export_set import FORMATS
from planning.importing.importer import ImportOptions
from planning.importing.quality_report import ImportReport
from planning.base.messages import tr
from planning.base.paths import sample_roster_path
from planning.base.schema import FIELD_BY_KEY

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """Arguments that parse but make no sense together; reported like bad input."""


class ExportFailed(Exception):
    """The export files could not be written (folder not writable, file open in Excel...)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dtplan", description="DTPlan 数字化转型规划 — command line")
    parser.add_argument("--version", action="version", version=f"DTPlan {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp = sub.add_parser("import", help="import rosters and print the summary")
    _add_import_arguments(imp)
    imp.add_argument("--roster-out", metavar="FILE", help="write the clean roster (.csv or .xlsx)")
    imp.add_argument("--report-out", metavar="FILE", help="write the import report (.csv or .xlsx)")

    plan = sub.add_parser("plan", help="import, tag every firm and apply the strategy rules")
    _add_import_arguments(plan)
    plan.add_argument("--rules", metavar="FILE", help="strategy rules to use instead of templates/strategy/rules.json")
    plan.add_argument("--overrides", metavar="FILE", help="per-firm overrides (JSON) to apply")
    plan.add_argument("--firms-out", metavar="FILE", help="write one row per firm (.csv or .xlsx)")
    plan.add_argument("--budget", type=float, metavar="WAN", help="total budget in 万元 (builds the budgeted plan)")
    plan.add_argument("--years", metavar="START-END", help="plan horizon, e.g. 2025-2027")
    plan.add_argument("--scenario", metavar="NAME", help="a scenario from templates/policy/scenarios.json")
    plan.add_argument("--method", choices=("auto", "milp", "greedy"), default="auto",
                      help="allocation method (auto: exact MILP when the problem allows, else greedy)")
    plan.add_argument("--lines-out", metavar="FILE", help="write the plan lines (.csv or .xlsx)")
    plan.add_argument("--save", metavar="FILE.dtplan", help="save everything as a project file")
    plan.add_argument("--title", default="", help="project title (with --save)")
    _add_export_arguments(plan, required=False)

    export = sub.add_parser("export", help="build the budgeted plan; write the workbook, PDF report and charts")
    _add_import_arguments(export)
    _add_plan_arguments(export)
    _add_export_arguments(export, required=True)

    opener = sub.add_parser("open", help="open a project file and print its plan, recomputed")
    opener.add_argument("project", metavar="FILE.dtplan")
    opener.add_argument("--scenario", metavar="NAME", help="which stored scenario (default: the first)")
    opener.add_argument("--json", action="store_true")
    opener.add_argument("--lang", choices=messages.LANGUAGES, default=None)

    merger = sub.add_parser("merge", help="merge city projects (or rosters) into one project")
    merger.add_argument("inputs", nargs="+", metavar="FILE", help=".dtplan projects or roster files")
    merger.add_argument("-o", "--output", required=True, metavar="FILE.dtplan")
    merger.add_argument("--prefer", choices=("first", "last", "newer", "city"), default="first",
                        help="which submission wins a conflict (default: first)")
    merger.add_argument("--choose", action="append", default=[], metavar="KEY=N",
                        help="for the firm or override KEY take submission N (1-based)")
    merger.add_argument("--json", action="store_true")
    merger.add_argument("--lang", choices=messages.LANGUAGES, default=None)

    part = sub.add_parser("export-city", help="write one city's part of a project as a new project")
    part.add_argument("project", metavar="FILE.dtplan")
    part.add_argument("--city", required=True)
    part.add_argument("-o", "--output", required=True, metavar="FILE.dtplan")
    part.add_argument("--lang", choices=messages.LANGUAGES, default=None)
    return parser


def _add_plan_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", metavar="FILE", help="strategy rules to use instead of templates/strategy/rules.json")
    parser.add_argument("--overrides", metavar="FILE", help="per-firm overrides (JSON) to apply")
    parser.add_argument("--budget", type=float, metavar="WAN", help="total budget in 万元 (default: the policy's)")
    parser.add_argument("--years", metavar="START-END", help="plan horizon, e.g. 2025-2027")
    parser.add_argument("--scenario", metavar="NAME", help="a scenario from templates/policy/scenarios.json")
    parser.add_argument("--method", choices=("auto", "milp", "greedy"), default="auto",
                        help="allocation method (auto: exact MILP when the problem allows, else greedy)")


def _add_export_arguments(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument("--out", metavar="DIR", required=required,
                        help="write the plan workbook, PDF report and charts into this folder")
    parser.add_argument("--format", default=",".join(FORMATS), metavar="LIST",
                        help=f"what to write, comma-separated (default {','.join(FORMATS)})")
    parser.add_argument("--per-city", action="store_true", help="also write one workbook and report per city")
    parser.add_argument("--compare", action="store_true",
                        help="plan every scenario (a project's own, else templates/policy/scenarios.json) "
                             "and add the comparison")
    parser.add_argument("--frontier", type=int, metavar="N", help="add the efficient frontier at N budget levels")


def _add_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="roster files (default: the bundled sample)")
    parser.add_argument("--sheet", help="import only this sheet")
    parser.add_argument("--header-row", type=int, metavar="N", help="the header is on row N (1-based)")
    parser.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                        help="map a column (letter, number or header text) to a field; FIELD empty to ignore it")
    parser.add_argument("--province", metavar="CODE", help="GB/T 2260 province code, e.g. 340000")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--lang", choices=messages.LANGUAGES, default=None, help="language of messages")


def _options(args) -> ImportOptions:
    mapping = {}
    for spec in args.map:
        if "=" not in spec:
            raise ImportFailure("bad_mapping", spec=spec, detail=tr("fail.bad_mapping_detail"))
        column, key = spec.split("=", 1)
        if key and key not in FIELD_BY_KEY:
            raise ImportFailure("bad_mapping", spec=spec, detail=tr("fail.bad_mapping_detail"))
        mapping[column.strip()] = key.strip()
    return ImportOptions(sheet=args.sheet, header_row=args.header_row, mapping=mapping, province=args.province)


def _files(args) -> list[str]:
    return args.files or [str(sample_roster_path())]


def run_import(args) -> int:
    from planning.project.facade import Project

    project = Project.from_rosters(_files(args), _options(args))
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


def write_table(frame, path: Path) -> None:
    if path.suffix.lower() == ".xlsx":
        frame.to_excel(path, index=False, engine="xlsxwriter")
    else:
        frame.to_csv(path, index=False, encoding="utf-8-sig")


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


def _years(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        first, last = (int(part) for part in text.replace("–", "-").split("-"))
    except ValueError:
        raise UsageError(f"--years: '{text}' is not START-END, e.g. 2025-2027") from None
    if not 2000 <= first <= last <= first + 10:
        raise UsageError(f"--years: {first}-{last} is not a horizon of 1 to 11 years")
    return first, last


def new_project(args):
    """A new project on the roster files (the bundled sample when none), with the rules and overrides
    the arguments name."""
    from planning.project.facade import Project
    from planning.strategy.overrides import OverrideStore

    overrides = OverrideStore.load(Path(args.overrides)) if args.overrides else None
    return Project.from_rosters(_files(args), _options(args), title=getattr(args, "title", ""),
                                template_files={"rules": Path(args.rules)} if args.rules else None,
                                overrides=overrides)


def plan_asked(project, args, lang: str):
    """The scenario the arguments ask for: planned again as stored in the project when no budget or
    horizon is given, else planned with them."""
    specs = project.scenario_specs()
    name = args.scenario or next(iter(project.runs), "baseline")
    if name not in specs:
        raise UsageError(f"--scenario: no scenario named '{name}' (scenarios: {', '.join(specs)})")
    if args.budget is not None and args.budget < 0:
        raise UsageError("--budget: the budget cannot be negative")
    years = _years(args.years)
    if name in project.runs and args.budget is None and years is None:
        return project.rerun(name, lang)
    return project.plan(name, args.budget, years, args.method, lang)


def run_plan(args) -> int:
    from planning.reports.firms_table import firms_table

    lang = args.lang or messages.language()
    formats = _export_formats(args) if args.out else ()
    _years(args.years)
    project = new_project(args)
    result = project.strategy()
    budgeted = any(v is not None for v in (args.budget, args.years, args.scenario)) or args.lines_out or args.out
    plan = plan_asked(project, args, lang) if budgeted else None
    written = write_exports(args, project, plan, lang, formats) if args.out else []
    if args.firms_out:
        write_table(firms_table(result, lang, plan), Path(args.firms_out))
    if args.lines_out and plan is not None:
        write_table(plan.lines, Path(args.lines_out))
    if args.save:
        from planning.project.file_format import save_project

        save_project(project, Path(args.save))
    summary = result.summary(lang)
    summary["firms_by_track"] = summary["by_track"]
    if args.json:
        out = {"import": {k: v for k, v in project.report.to_summary(lang).items()
                          if k in ("enterprise_rows", "enterprises", "warnings")}}
        out.update(summary)
        if plan is not None:
            out.update(plan.summary(lang))  # by_city, by_track, by_year become money (万元)
        if written:
            out["files"] = [str(path) for path in written]
        print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    else:
        print(format_import_summary(project.report, lang))
        print(format_plan_summary(result, lang))
        if plan is not None:
            print(format_budget_summary(plan, lang))
        if written:
            print(format_written(written, lang))
    return EXIT_OK


# ------------------------------------------------------------------ export


def run_export(args) -> int:
    """Build the plan (from rosters, or from a project file with its own templates, overrides and
    stored scenarios) and write its export set."""
    lang = args.lang or messages.language()
    formats = _export_formats(args)
    _years(args.years)
    if len(args.files) == 1 and args.files[0].lower().endswith(".dtplan"):
        project = _load_project(args.files[0]).project
        if project.roster is None:
            raise UsageError(f"{Path(args.files[0]).name}: the project has no roster to export")
    else:
        project = new_project(args)
    plan = plan_asked(project, args, lang)
    written = write_exports(args, project, plan, lang, formats)
    if args.json:
        print(json.dumps({"files": [str(path) for path in written], **plan.summary(lang)}, ensure_ascii=False,
                         indent=1, default=str))
    else:
        print(format_budget_summary(plan, lang))
        print(format_written(written, lang))
    return EXIT_OK


def _export_formats(args) -> tuple[str, ...]:
    from planning.reports.export_set import ExportError, parse_formats

    try:
        formats = parse_formats(args.format)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    if "pdf" in formats and "pdf" not in args.renderers:
        raise UsageError("PDF export needs the Qt report renderer: run 'python main.py export ...', "
                         "or leave pdf out of --format")
    if args.frontier is not None and not 2 <= args.frontier <= 50:
        raise UsageError("--frontier: give between 2 and 50 budget levels")
    return formats


def write_exports(args, project, plan, lang: str, formats: tuple[str, ...]) -> list[Path]:
    """The export set of ``plan`` (one of ``project``'s) into ``args.out``, as the arguments ask."""
    from planning.reports.export_set import ExportError

    try:
        return project.export(Path(args.out), formats, plan=plan, per_city=args.per_city, compare=args.compare,
                              frontier=args.frontier, lang=lang, renderers=args.renderers)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise ExportFailed(f"cannot write to {args.out}: {exc.strerror or exc}") from None


def format_written(written: list[Path], lang: str) -> str:
    head = f"已写出 {len(written)} 个文件：" if lang == "zh" else f"wrote {len(written)} files:"
    return "\n".join([head] + [f"  {path}" for path in written])


def format_budget_summary(plan, lang: str) -> str:
    zh = lang == "zh"
    s = plan.summary(lang)
    solver = s["solver"]
    gap = "—" if s["optimality_gap"] is None else f"{s['optimality_gap']:.3%}"
    names = plan.strategy.config.name_of
    sep = "、" if zh else ", "
    if zh:
        lines = [
            f"方案“{s['scenario']}”（{s['years']}，预算 {s['budget_wan']:,.0f} 万元）：支持企业 {s['funded_firms']} 家、"
            f"措施 {s['funded_actions']} 项；补助 {s['total_subsidy_wan']:,.1f} 万元，带动投资 {s['total_investment_wan']:,.1f} 万元",
            "按年度：" + sep.join(f"{y} {v:,.1f}" for y, v in s["by_year"].items()),
            "按路径：" + sep.join(f"{names('track', k, lang)} {v:,.1f}" for k, v in s["by_track"].items()),
            "按地市：" + sep.join(f"{k} {v:,.1f}" for k, v in s["by_city"].items()),
            f"求解：{solver['method']}，{solver['status']}，最优性差距 {gap}，用时 {solver['seconds']} 秒",
        ]
    else:
        lines = [
            f"Scenario '{s['scenario']}' ({s['years']}, budget {s['budget_wan']:,.0f} 万元): {s['funded_firms']} firms, "
            f"{s['funded_actions']} actions; subsidy {s['total_subsidy_wan']:,.1f}, investment {s['total_investment_wan']:,.1f} 万元",
            "by year: " + sep.join(f"{y} {v:,.1f}" for y, v in s["by_year"].items()),
            "by track: " + sep.join(f"{names('track', k, lang)} {v:,.1f}" for k, v in s["by_track"].items()),
            "by city: " + sep.join(f"{k} {v:,.1f}" for k, v in s["by_city"].items()),
            f"solver: {solver['method']}, {solver['status']}, optimality gap {gap}, {solver['seconds']} s",
        ]
    return "\n".join(lines)


def format_plan_summary(result, lang: str) -> str:
    zh = lang == "zh"
    config = result.config
    summary = result.summary(lang)
    sep = "、" if zh else ", "

    def named(key: str, counts: dict) -> str:
        return sep.join(f"{config.name_of(key, k, lang) or k} {v}" for k, v in counts.items() if v)

    lines = [
        ("路径：" if zh else "tracks: ") + named("track", summary["by_track"]),
        ("数字化基础：" if zh else "digital foundation: ") + named("tier", summary["by_tier"]),
        ("重点行业：" if zh else "key sectors: ") + sep.join(
            f"{config.name_of('key_sector', k, lang) if k != 'unclassified' else ('未归类' if zh else 'unclassified')} {v}"
            for k, v in summary["by_sector"].items()),
        (f"未能归类行业的企业 {summary['unclassified']} 家；数据不完整 {summary['data_incomplete']} 家；人工调整 {summary['overrides']} 项"
         if zh else f"unclassified firms {summary['unclassified']}; data incomplete {summary['data_incomplete']}; "
                    f"overrides applied {summary['overrides']}"),
    ]
    return "\n".join(lines)


def _load_project(path: str):
    from planning.project.file_format import open_project

    return open_project(path)


def run_open(args) -> int:
    lang = args.lang or messages.language()
    opened = _load_project(args.project)
    project = opened.project
    if args.scenario and args.scenario not in project.runs:
        raise UsageError(f"--scenario: the project has no scenario '{args.scenario}' "
                         f"(it has: {', '.join(project.runs) or 'none'})")
    summary = project.summary(args.scenario, lang) if project.roster is not None else {}
    if opened.notice:
        owner = opened.lock_owner or {}
        print(tr(opened.notice, lang, version=opened.migrated_from, user=owner.get("user", "?"),
                 host=owner.get("host", "?"), since=owner.get("since", "?")), file=sys.stderr)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
    else:
        meta = project.meta
        print(f"{meta.title or Path(args.project).stem} · {meta.province} · {meta.horizon_start}-{meta.horizon_end} · "
              f"{meta.author} · {meta.modified}")
        if project.report is not None:
            print(tr("cli.firms", lang, count=len(project.roster)))
        for name in project.runs:
            plan = project.rerun(name, lang)
            print(format_budget_summary(plan, lang))
    return EXIT_OK


def _merge_input(path: str, lang: str):
    from planning.project.facade import Project

    if path.lower().endswith(".dtplan"):
        return _load_project(path).project
    return Project.from_rosters([path], title=Path(path).stem)


def run_merge(args) -> int:
    from planning.project.merge import merge_projects
    from planning.project.file_format import save_project

    lang = args.lang or messages.language()
    projects = [_merge_input(p, lang) for p in args.inputs]
    labels = [Path(p).name for p in args.inputs]
    choices = {}
    for spec in args.choose:
        key, _, index = spec.rpartition("=")
        if not key or not index.isdigit() or not 1 <= int(index) <= len(projects):
            raise UsageError(f"--choose: '{spec}' is not KEY=N with N between 1 and {len(projects)}")
        choices[key] = int(index) - 1
    result = merge_projects(projects, labels, args.prefer, choices, title=Path(args.output).stem)
    save_project(result.project, Path(args.output))
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1, default=str))
    else:
        print(tr("cli.merged", lang, firms=len(result.project.roster) if result.project.roster is not None else 0,
                 conflicts=len(result.conflicts), file=args.output))
        for conflict in result.conflicts:
            fields = "、".join(conflict.differences) if conflict.differences else "—"
            print(f"  {conflict.kind} {conflict.key} {conflict.name}: {' / '.join(conflict.sources)} [{fields}] "
                  f"→ {conflict.sources[conflict.chosen]} ({conflict.rule})")
        for note in result.notes:
            print("  · " + note)
    return EXIT_OK


def run_export_city(args) -> int:
    from planning.project.merge import city_part
    from planning.project.file_format import save_project

    project = _load_project(args.project).project
    if project.roster is None or not (project.roster["city"] == args.city).any():
        raise UsageError(f"--city: no firm of '{args.city}' in {Path(args.project).name}")
    save_project(city_part(project, args.city), Path(args.output))
    return EXIT_OK


COMMANDS = {"import": run_import, "plan": run_plan, "open": run_open, "merge": run_merge,
            "export-city": run_export_city, "export": run_export}


def main(argv: list[str] | None = None, renderers: dict | None = None) -> int:
    """Run one command. ``renderers`` maps an export format the core cannot write itself to the
    function that does, e.g. {"pdf": render_pdf(content, path)} (Qt, given by main.py)."""
    parser = _parser()
    args = parser.parse_args(argv)
    args.renderers = dict(renderers or {})
    if getattr(args, "lang", None):
        messages.set_language(args.lang)
    if not args.command:
        parser.print_help()
        return EXIT_OK
    try:
        return COMMANDS[args.command](args)
    except DTPlanError as failure:
        print(failure.message(args.lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    except (ConfigError, UsageError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except ExportFailed as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_FAILED
