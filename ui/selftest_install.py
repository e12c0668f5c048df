"""The self-test's checks of what an installation (above all on Windows) most often gets wrong.

Called by ``ui.selftest.run_self_test`` after its own checks; each check is a result in the report's
``install_checks`` list, and the report also says whether this is an installed copy and how big the
bundle is:

- ``unicode_path``: the plan workbook and the PDF report written into, and read back from, a folder
  whose name has Chinese characters and spaces;
- ``documents_project``: a project saved into, and reopened from, the user's Documents folder (a
  folder of its own there, removed afterwards);
- ``pdf_bundled_font``: the PDF embeds the CJK font shipped in the bundle, not a system font;
- ``translation_loaded``: DTPlan's Chinese catalogue translates the menus;
- ``console_encoding``: the code pages, and standard output can take any character without raising.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

PROBE_TEXT = "规划 自检 ✓ € Ω 😀"  # outside GBK and cp1252 alike


def _folder_size_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 1)


def install_info() -> dict:
    """installed: a frozen copy laid out by the installer (its uninstaller beside the programs)."""
    frozen = bool(getattr(sys, "frozen", False))
    app_dir = Path(sys.executable).resolve().parent
    info = {"installed": frozen and any((app_dir / name).exists() for name in ("uninstall.exe", "unins000.exe")),
            "install_dir": str(app_dir) if frozen else None,
            "bundle_mb": _folder_size_mb(app_dir) if frozen else None}
    return info


def run_install_checks(app, state: dict, folder: Path, check) -> list[dict]:
    """Run the checks with ``check(results, name, func)``; returns their results."""
    results: list[dict] = []
    pdf_paths: list[Path] = []

    def unicode_path():
        from .report.render import render_pdf

        target = folder / "规划 测试 目录" / "二〇二五 年 计划"
        target.mkdir(parents=True)
        written = [Path(p) for p in state["project"].export(target, ("xlsx", "pdf"), plan=state["plan"], lang="zh",
                                                              renderers={"pdf": render_pdf})]
        book = next(p for p in written if p.suffix == ".xlsx")
        pdf = next(p for p in written if p.suffix == ".pdf")
        pdf_paths.append(pdf)
        note = target / "说明 note.txt"
        note.write_text(PROBE_TEXT, encoding="utf-8")
        found = sorted(p.name for p in target.iterdir())
        if note.read_text(encoding="utf-8") != PROBE_TEXT or not pdf.read_bytes().startswith(b"%PDF"):
            raise RuntimeError("a file in the Chinese path did not read back")
        if not Path(book).exists() or Path(book).stat().st_size < 1000:
            raise RuntimeError("the workbook in the Chinese path is missing or empty")
        return {"folder": str(target), "files": found}

    def documents_project():
        from PySide6.QtCore import QStandardPaths

        from planning.project.file_format import open_project, save_project

        documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
        created = next((p for p in reversed([documents, *documents.parents]) if not p.exists()), None)
        own = documents / f"DTPlan 自检 {os.getpid()}"
        try:
            own.mkdir(parents=True)
            path = save_project(state["project"], own / "自检 项目.dtplan")
            save_project(state["project"], path)  # a second save keeps a backup beside it
            opened = open_project(path)
            project = opened.project
            if project.meta.title != state["project"].meta.title or len(project.roster) != len(state["project"].roster):
                raise RuntimeError("the reopened project differs from the saved one")
            return {"documents": str(documents), "bytes": path.stat().st_size, "firms": len(project.roster),
                    "read_only": opened.read_only}
        finally:
            shutil.rmtree(own, ignore_errors=True)
            if created is not None:
                shutil.rmtree(created, ignore_errors=True)

    def pdf_bundled_font():
        from PySide6.QtGui import QFontDatabase

        from planning.base.paths import bundle_root, resource_path

        from .app import FONT_FILE

        font = resource_path("fonts", FONT_FILE)
        if not font.is_file() or bundle_root() not in font.resolve().parents:
            raise RuntimeError(f"the bundled font {font} is missing")
        families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(font)))
        if not families:
            raise RuntimeError(f"Qt cannot load the bundled font {font}")
        if not pdf_paths:
            raise RuntimeError("no PDF was written (see unicode_path)")
        data = pdf_paths[0].read_bytes()
        embedded = b"/FontFile2" in data or b"/FontFile3" in data
        if not embedded or b"DroidSansFallback" not in data:
            raise RuntimeError("the PDF does not embed the bundled CJK font")
        return {"font": str(font), "family": families[0], "pdf_bytes": len(data)}

    def translation_loaded():
        from PySide6.QtCore import QLocale

        text = app.translate("MainWindow", "&File")
        if text == "&File" or not any("\u4e00" <= ch <= "\u9fff" for ch in text):
            raise RuntimeError(f"the File menu is not translated: {text!r}")
        return {"File menu": text, "locale": QLocale().name()}

    def console_encoding():
        detail = {}
        if sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.WinDLL("kernel32")
            detail.update(acp=kernel32.GetACP(), oemcp=kernel32.GetOEMCP(),
                          console_output_cp=kernel32.GetConsoleOutputCP())
        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            if stream is None:
                detail[name] = None
                continue
            detail[name] = f"{stream.encoding}/{stream.errors}"
            PROBE_TEXT.encode(stream.encoding or "ascii", stream.errors or "strict")  # raises if it would crash
        return detail

    if "plan" in state:
        check(results, "unicode_path", unicode_path)
        check(results, "documents_project", documents_project)
        check(results, "pdf_bundled_font", pdf_bundled_font)
    check(results, "translation_loaded", translation_loaded)
    check(results, "console_encoding", console_encoding)
    return results
