"""DTPlan (数字化转型规划): the desktop planner by default, a headless command line with a command.

    python main.py                      open the planner (or, with no display, import the sample)
    python main.py import FILE... [--json]
"""

from __future__ import annotations

import sys


def _log_crash() -> str:
    import traceback
    from datetime import datetime

    from planning.paths import user_data_dir

    log_dir = user_data_dir() / "logs"
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        log_file = log_dir / "dtplan.log"
        with log_file.open("a", encoding="utf-8") as fh:
            fh.write(f"\n--- {datetime.now().isoformat(timespec='seconds')} ---\n")
            fh.write(traceback.format_exc())
        return str(log_file)
    except OSError:
        return "(log not writable)"


def _render_pdf(content, path):
    """The PDF report through Qt, which the headless core never imports; loaded only when asked for."""
    from ui.report_render import render_pdf

    return render_pdf(content, path)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from planning import cli

    try:
        if not argv:
            print("DTPlan：尚无图形界面，导入示例名单 / no window yet: importing the bundled sample roster")
            return cli.main(["import"])
        return cli.main(argv, renderers={"pdf": _render_pdf})
    except SystemExit:
        raise
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except Exception as exc:  # the last line of defence: one line for the user, the details in the log
        where = _log_crash()
        print(f"DTPlan internal error: {type(exc).__name__}: {exc} (details in {where})", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
