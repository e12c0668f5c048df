"""``open``, ``merge`` and ``export-city``: project files read, merged and cut by city."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from planning import PROJECT_EXTENSION
from planning.base import messages
from planning.base.messages import tr

from .common import EXIT_OK, UsageError, load_project, shown
from .plans import format_budget_summary


def run_open(args) -> int:
    lang = args.lang or messages.language()
    opened = load_project(args.project)
    project = opened.project
    if args.scenario and args.scenario not in project.runs:
        raise UsageError(f"--scenario: the project has no scenario '{args.scenario}' "
                         f"(it has: {', '.join(project.runs) or 'none'})")
    if opened.notice:
        owner = opened.lock_owner or {}
        print(shown(tr(opened.notice, lang, version=opened.migrated_from, user=owner.get("user", "?"),
                 host=owner.get("host", "?"), since=owner.get("since", "?"))), file=sys.stderr)
    if args.json:
        summary = project.summary(args.scenario, lang) if project.roster is not None else {}
        print(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
    else:
        meta = project.meta
        print(f"{shown(meta.title or Path(args.project).stem)} · {meta.province} · {meta.horizon_start}-{meta.horizon_end} · "
              f"{meta.author} · {meta.modified}")
        if project.report is not None:
            print(tr("cli.firms", lang, count=len(project.roster)))
        for name in project.runs:
            plan = project.current_plan(name, lang)
            print(format_budget_summary(plan, lang))
    return EXIT_OK


def _merge_input(path: str):
    from planning.project.facade import Project

    if path.lower().endswith(PROJECT_EXTENSION):
        return load_project(path).project
    return Project.from_rosters([path], title=Path(path).stem)


def run_merge(args) -> int:
    from planning.project.merge import merge_projects
    from planning.project.file_format import save_project

    lang = args.lang or messages.language()
    projects = [_merge_input(p) for p in args.inputs]
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
                 conflicts=len(result.conflicts), file=shown(args.output)))
        for conflict in result.conflicts:
            fields = "、".join(conflict.differences) if conflict.differences else "—"
            print(shown(f"  {conflict.kind} {conflict.key} {conflict.name}: {' / '.join(conflict.sources)} "
                        f"[{fields}] → {conflict.sources[conflict.chosen]} ({conflict.rule})"))
        for note in result.notes:
            print("  · " + shown(note))
    return EXIT_OK


def run_export_city(args) -> int:
    from planning.project.merge import city_part
    from planning.project.file_format import save_project

    project = load_project(args.project).project
    if project.roster is None or not (project.roster["city"] == args.city).any():
        raise UsageError(f"--city: no firm of '{args.city}' in {Path(args.project).name}")
    save_project(city_part(project, args.city), Path(args.output))
    return EXIT_OK
