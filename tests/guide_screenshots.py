"""The user guide's screenshots, made again after UI changes (run by hand, not by pytest):

    xvfb-run -a .venv/bin/python -m tests.guide_screenshots [--lang zh_CN|en]

Runs tests/screenshots.py on a 1366x768 screen in each language and writes the views the guide shows to
resources/guide/<language>/img/, scaled to the guide's width and reduced to a small palette so that the
whole guide stays small.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "resources" / "guide"
# screenshots.py's name -> the guide's image
SHOTS = {
    "01_roster_detail": "firms",
    "02_policy_form": "policy_form",
    "03_rules_editor": "rules",
    "05_budget_summary": "plan_summary",
    "05b_firm_outcomes": "plan_outcomes",
    "05c_funded_actions": "plan_lines",
    "06_scenarios_compared": "scenarios",
    "07_budget_cut": "budget_cut",
    "08_chart_levels": "chart_levels",
    "09_chart_frontier": "frontier",
    "10_report_preview": "report_preview",
    "11_import_files": "import_files",
    "12_import_columns": "import_columns",
    "14_import_report": "import_check",
    "16_import_report_dialog": "import_report",
}
WIDTH = 960  # pixels: the guide shows its images at this width
COLOURS = 96


def shrink(source: Path, target: Path) -> None:
    image = Image.open(source).convert("RGB")
    if image.width > WIDTH:
        image = image.resize((WIDTH, round(image.height * WIDTH / image.width)), Image.Resampling.LANCZOS)
    image = image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=("zh_CN", "en"), action="append")
    args = parser.parse_args(argv)
    for lang in args.lang or ("zh_CN", "en"):
        with tempfile.TemporaryDirectory(prefix="dtplan-guide-") as folder:
            run = subprocess.run([sys.executable, "-m", "tests.screenshots", "--out", folder, "--lang", lang,
                                  "--size", "1366x768"], check=False, cwd=ROOT)
            if run.returncode:
                return run.returncode
            for shot, name in SHOTS.items():
                target = GUIDE / lang / "img" / f"{name}.png"
                shrink(Path(folder) / f"{shot}.png", target)
                print(target, target.stat().st_size // 1024, "KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
