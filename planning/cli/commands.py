"""The headless command line over the core: ``python main.py import|plan|export ...``: the arguments
of every command and the dispatch to its module.

Every command prints a readable summary, or one JSON object with ``--json``. Input that cannot be used
ends with exit status 2 and a one-line message on stderr; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings

from planning import __version__
from planning.base import messages
from planning.base.errors import ConfigError, DTPlanError
from planning.reports.export_set import FORMATS

from .collection import run_roster_template
from .common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, ExportFailed, UsageError, shown
from .importing import run_import
from .plans import run_export, run_plan
from .projects import run_export_city, run_merge, run_open


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dtplan", description="DTPlan 数字化转型规划 — command line")
    parser.add_argument("--version", action="version", version=f"DTPlan {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp = sub.add_parser("import", help="import rosters and print the summary")
    _add_import_arguments(imp)
    imp.add_argument("--roster-out", metavar="FILE", help="write the clean roster (.csv or .xlsx)")
    imp.add_argument("--report-out", metavar="FILE", help="write the import report (.csv or .xlsx)")
    imp.add_argument("--problems-out", metavar="DIR",
                     help="write one list of the rows to correct per city (退回修改清单) into this folder")
    imp.add_argument("--into", metavar="FILE.dtplan", help="import into this project and save it")
    imp.add_argument("--mode", choices=("add", "replace-city", "replace-all"), default="add",
                     help="with --into: add the firms, replace one city's firms, or replace all (default: add)")
    imp.add_argument("--city", help="with --mode replace-city: the city replaced (default: found from the files)")

    plan = sub.add_parser("plan", help="import, tag every firm and apply the strategy rules")
    _add_import_arguments(plan)
    _add_plan_arguments(plan, budget_help="total budget in 10k CNY (builds the budgeted plan)")
    plan.add_argument("--firms-out", metavar="FILE", help="write one row per firm (.csv or .xlsx); .jsonl: one JSON object per firm with its plan outcome and why")
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
    template = sub.add_parser("roster-template", help="write the province's collection template (报送模板)")
    template.add_argument("--out", required=True, metavar="FILE.xlsx")
    template.add_argument("--city", help="the template of this city (default: the whole province)")
    template.add_argument("--from", dest="source", metavar="PROJECT.dtplan",
                          help="pre-fill the firms of this project (of the city, with --city)")
    template.add_argument("--province", metavar="CODE", help="GB/T 2260 province code or name, e.g. 340000")
    template.add_argument("--lang", choices=messages.LANGUAGES, default=None, help="language of the texts")
    return parser


def _add_plan_arguments(parser: argparse.ArgumentParser,
                        budget_help: str = "total budget in 10k CNY (default: the policy's)") -> None:
    parser.add_argument("--rules", metavar="FILE", help="strategy rules to use instead of templates/strategy/rules.json")
    parser.add_argument("--overrides", metavar="FILE", help="per-firm overrides (JSON) to apply")
    parser.add_argument("--budget", type=float, metavar="WAN", help=budget_help)
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


COMMANDS = {"import": run_import, "plan": run_plan, "open": run_open, "merge": run_merge,
            "export-city": run_export_city, "export": run_export, "roster-template": run_roster_template}


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
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a library's remark about a file is no line for the user
            return COMMANDS[args.command](args)
    except DTPlanError as failure:
        print(shown(failure.message(args.lang)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except (ConfigError, UsageError) as exc:
        print(shown(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except ExportFailed as exc:
        print(shown(exc), file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_FAILED
