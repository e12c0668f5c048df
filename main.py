"""DTPlan (数字化转型规划): the desktop planner by default, a headless command line with a command.

    python main.py                      open the planner on the sample project (with no display: plan the
                                        sample headlessly and print the summary)
    python main.py PROJECT.dtplan       open a project in the planner
    python main.py --self-test [RESULT.json]   check an installation end to end, offline
    python main.py import|plan|open|merge|export|export-city ...   the command line (planning/cli/commands.py)
"""

from __future__ import annotations

import sys


def _log_crash() -> str:
    import traceback
    from datetime import datetime

    from planning.base.paths import user_data_dir

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
    from ui.report.render import render_pdf

    return render_pdf(content, path)


def has_display() -> bool:
    """False on a Linux box without X11 or Wayland, unless a Qt platform was chosen explicitly."""
    import os

    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _is_project(argv: list[str]) -> bool:
    from planning import PROJECT_EXTENSION

    return len(argv) == 1 and argv[0].lower().endswith(PROJECT_EXTENSION)


def robust_output() -> None:
    """Make every later print survive any console code page and any redirection: redirected output
    on Windows is written as UTF-8 (the ANSI code page, cp936 or cp1252, cannot hold every name
    in a roster), and whatever an encoding cannot represent is replaced rather than raising
    UnicodeEncodeError. An explicit PYTHONIOENCODING keeps its encoding."""
    import os

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        try:
            if sys.platform == "win32" and not os.environ.get("PYTHONIOENCODING") and not stream.isatty():
                stream.reconfigure(encoding="utf-8", errors="replace" if stream.errors == "strict" else stream.errors)
            elif stream.errors == "strict" and (stream.encoding or "").lower().replace("-", "") != "utf8":
                stream.reconfigure(errors="replace")
        except (OSError, ValueError):  # a closed or detached stream: nothing will be printed there
            pass


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    robust_output()
    if sys.platform == "win32":  # before anything loads Qt, which needs Windows 10 1809 or later
        from ui.windows_check import refuse_unsupported_windows

        refused = refuse_unsupported_windows()
        if refused:
            return refused
    try:
        if argv[:1] == ["--self-test"]:
            from pathlib import Path

            from ui.selftest import run_self_test

            return run_self_test(Path(argv[1]) if len(argv) > 1 else None)
        if (not argv or _is_project(argv)) and has_display():
            from ui.app import run  # imports PySide6 before anything loads matplotlib

            return run([sys.argv[0]], open_path=argv[0] if argv else None)
        from planning.cli import commands as cli

        if not argv:
            print("DTPlan：没有图形显示，以无界面方式导入示例名单并规划基准方案 / "
                  "no display: importing the sample roster and planning the baseline scenario headlessly")
            return cli.main(["plan", "--scenario", "baseline"])
        if _is_project(argv):
            argv = ["open", argv[0]]
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
    if sys.argv[1:2] == ["--dtplan-reader"]:  # a reader process of the frozen bundle (reader_launch.py)
        from planning.importing.readers.reader_launch import run_reader

        sys.exit(run_reader(sys.argv[2:]))
    sys.exit(main())
