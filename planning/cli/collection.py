"""``roster-template``: the collection template (报送模板) a city fills in, optionally pre-filled from a project."""

from __future__ import annotations

from pathlib import Path

from planning.base import messages
from planning.base.messages import tr

from .common import EXIT_OK, UsageError, load_project, shown


def run_roster_template(args) -> int:
    from planning.project.facade import Project

    lang = args.lang or messages.language()
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError("--out: the template is an Excel workbook; name it *.xlsx")
    project = load_project(args.source).project if args.source else Project.new(province=args.province or "")
    if args.province and args.source:
        project.meta.province = args.province
    written = project.write_roster_template(out, args.city, prefill=bool(args.source), lang=lang)
    print(tr("cli.template_written", lang, file=shown(out), place=written.place, count=written.firms))
    return EXIT_OK
