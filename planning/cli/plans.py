"""``plan`` and ``export``: a project on rosters (or a project file), its scenario planned, the export
set written, and the summaries printed."""

from __future__ import annotations

import json
from pathlib import Path

from planning import PROJECT_EXTENSION
from planning.base import messages
from planning.base.messages import tr

from planning.reports.table_file import write_table

from .common import EXIT_OK, ExportFailed, UsageError, import_options, load_project, roster_files, shown
from .importing import format_import_summary


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
    return Project.from_rosters(roster_files(args), import_options(args), title=getattr(args, "title", ""),
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
        return project.current_plan(name, lang)
    return project.plan(name, args.budget, years, args.method, lang)


def run_plan(args) -> int:
    from planning.reports.firms_table import firms_table

    lang = args.lang or messages.language()
    formats = _export_formats(args) if args.out else ()
    _years(args.years)
    project = new_project(args)
    outcomes = bool(args.firms_out) and Path(args.firms_out).suffix.lower() == ".jsonl"
    budgeted = (any(v is not None for v in (args.budget, args.years, args.scenario)) or args.lines_out or args.out
                or outcomes)
    plan = plan_asked(project, args, lang) if budgeted else None
    written = write_exports(args, project, plan, lang, formats) if args.out else []
    if outcomes:
        from planning.reports.firm_outcomes import firm_outcomes, write_jsonl

        write_jsonl(firm_outcomes(plan, lang), Path(args.firms_out))
    elif args.firms_out:
        write_table(firms_table(project.strategy(), lang, plan), Path(args.firms_out))
    if args.lines_out and plan is not None:
        write_table(plan.lines, Path(args.lines_out))
    if args.save:
        from planning.project.file_format import save_project

        save_project(project, Path(args.save))
    print_planned(project, plan, written, lang, args.json)
    return EXIT_OK


def print_planned(project, plan, written: list[Path], lang: str, as_json: bool) -> None:
    """The import, the firms' tags and (when budgeted) the plan, as text or one JSON object."""
    result = project.strategy()
    summary = result.summary(lang)
    summary["firms_by_track"] = summary["by_track"]
    if as_json:
        out = {"import": {k: v for k, v in project.report.to_summary(lang).items()
                          if k in ("enterprise_rows", "enterprises", "warnings")}}
        out.update(summary)
        if plan is not None:
            out.update(plan.summary(lang))  # by_city, by_track, by_year become money (万元)
            out.update(plan_shares(out))
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


def plan_shares(summary: dict) -> dict:
    """The share of the subsidy per track and per programme (0-1), beside the money."""
    total = summary.get("total_subsidy_wan") or 0.0
    return {f"{key}_share": {k: round(v / total, 6) if total else 0.0 for k, v in summary.get(key, {}).items()}
            for key in ("by_track", "by_programme")}


def run_export(args) -> int:
    """Build the plan (from rosters, or from a project file with its own templates, overrides and
    stored scenarios) and write its export set."""
    lang = args.lang or messages.language()
    formats = _export_formats(args)
    _years(args.years)
    if len(args.files) == 1 and args.files[0].lower().endswith(PROJECT_EXTENSION):
        project = load_project(args.files[0]).project
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
    return "\n".join([tr("cli.written", lang, count=len(written))] + [f"  {shown(path)}" for path in written])


def format_budget_summary(plan, lang: str) -> str:
    from planning.reports.formats import count, money, plan_quality

    s = plan.summary(lang)
    names = plan.strategy.config.name_of
    lines = [
        tr("cli.budget.head", lang, scenario=s["scenario"], years=s["years"], budget=money(s["budget_wan"]),
           firms=count(s["funded_firms"]), actions=count(s["funded_actions"]), subsidy=money(s["total_subsidy_wan"]),
           investment=money(s["total_investment_wan"])),
        tr("cli.budget.by_year", lang, detail=[f"{y} {money(v)}" for y, v in s["by_year"].items()]),
        tr("cli.budget.by_track", lang, detail=[f"{names('track', k, lang)} {money(v)}" for k, v in s["by_track"].items()]),
        tr("cli.budget.by_city", lang, detail=[f"{k} {money(v)}" for k, v in s["by_city"].items()]),
    ]
    quality = plan_quality(s["optimality_gap"], lang)
    return "\n".join(lines + ([quality] if quality else []))


def format_plan_summary(result, lang: str) -> str:
    config = result.config
    summary = result.summary(lang)

    def named(key: str, counts: dict) -> list[str]:
        return [f"{config.name_of(key, k, lang) or k} {v}" for k, v in counts.items() if v]

    return "\n".join([
        tr("cli.plan.tracks", lang, detail=named("track", summary["by_track"])),
        tr("cli.plan.tiers", lang, detail=named("tier", summary["by_tier"])),
        tr("cli.plan.sectors", lang, detail=[
            f"{tr('cli.plan.unclassified', lang) if k == 'unclassified' else config.name_of('key_sector', k, lang)} {v}"
            for k, v in summary["by_sector"].items()]),
        tr("cli.plan.counts", lang, unclassified=summary["unclassified"], incomplete=summary["data_incomplete"],
           overrides=summary["overrides"]),
    ])
