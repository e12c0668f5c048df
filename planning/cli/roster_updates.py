"""``import FILE... --into P.dtplan --mode add|replace-city|replace-all``: rosters imported into a project
file as the Project façade's roster update says; the project's stored plans are planned again with the
budget, years and method they had, and the project is saved back."""

from __future__ import annotations

import json
from pathlib import Path

from planning.base import messages
from planning.base.messages import tr
from planning.importing.importer import Roster

from .common import UsageError, load_project, shown

MODES = {"add": "add", "replace-city": "replace_city", "replace-all": "replace_all"}


def import_into(args, roster: Roster) -> dict:
    """Put ``roster`` into the project ``args.into``; prints what changed and returns it (for --json)."""
    from planning.project.file_format import save_project
    from planning.project.lock import release_lock, take_lock
    from planning.project.roster_update import REPLACE_CITY, detect_city

    lang = args.lang or messages.language()
    path = Path(args.into)
    opened = load_project(path)
    if opened.read_only or not take_lock(path):
        owner = opened.lock_owner or {}
        reason = tr(opened.notice or "project.read_only", lang, user=owner.get("user", "?"),
                    host=owner.get("host", "?"), since=owner.get("since", "?"))
        raise UsageError(f"--into: {reason}")
    try:
        project, mode = opened.project, MODES[args.mode]
        city = args.city or (detect_city(roster.frame) if mode == REPLACE_CITY else None)
        if mode == REPLACE_CITY and not city:
            raise UsageError("--mode replace-city: the files hold firms of several cities; name one with --city")
        update = project.roster_update(roster.frame, roster.report, mode, city, roster.province)
        runs = dict(project.runs)
        project.apply_roster_update(update)
        for name, run in runs.items():
            project.plan(name, run.total, run.years, run.method, lang)
        save_project(project, path)
    finally:
        release_lock(path)
    counts = update.counts()
    if not args.json:
        print(tr("cli.roster_update", lang, file=shown(path.name), **counts))
        if counts["unmatched_overrides"]:
            print(tr("cli.roster_update.overrides", lang, count=counts["unmatched_overrides"]))
        if runs:
            print(tr("cli.roster_update.replanned", lang, scenarios=list(runs)))
    return update.to_dict()


def print_json(summary: dict, update: dict) -> None:
    print(json.dumps({**summary, "update": update}, ensure_ascii=False, indent=1, default=str))
