"""Translations: the Chinese catalogue is complete (nothing unfinished or empty, placeholders and
accelerators kept), lupdate over ui/ finds nothing new, the compiled .qm is current, and the window
shows Chinese (Qt's own dialogs too) by default and English when chosen."""

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from planning.base import messages
from tests.conftest import ROOT
from ui.app import install_translations

TS = ROOT / "resources" / "i18n" / "dtplan_zh_CN.ts"
QM = ROOT / "resources" / "i18n" / "dtplan_zh_CN.qm"
BIN = Path(sys.executable).parent
SOURCES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py")) + ["main.py"]


def messages_of(path: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [(context.findtext("name"), message.findtext("source"), message.find("translation"))
            for context in root.iter("context") for message in context.iter("message")]


def test_every_message_is_translated():
    found = messages_of(TS)
    assert len(found) > 300
    for context, source, translation in found:
        assert translation is not None and translation.get("type") not in ("unfinished", "obsolete", "vanished"), \
            (context, source)
        text = translation.text or ""
        assert text.strip(), (context, source)
        assert sorted(re.findall(r"\{\w*\}", source)) == sorted(re.findall(r"\{\w*\}", text)), (context, source, text)
        accelerator = re.search(r"&(\w)", source)
        if accelerator:
            assert f"(&{accelerator.group(1).upper()})" in text, (context, source, text)
        words = re.sub(r"\{\w*\}|<[^>]*>|\([^)]*\*[^)]*\)", "", source)
        if re.search(r"[A-Za-z]{2,}", words):  # English words are translated, not copied
            assert re.search(r"[\u4e00-\u9fff]", text), (context, source, text)


def test_lupdate_over_the_sources_finds_nothing_new(tmp_path):
    copy = tmp_path / "check.ts"
    shutil.copyfile(TS, copy)
    out = subprocess.run([str(BIN / "pyside6-lupdate"), *SOURCES, "-ts", str(copy), "-no-obsolete",
                          "-locations", "none"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "(0 new and" in out.stdout, out.stdout
    assert [(c, s) for c, s, _ in messages_of(copy)] == [(c, s) for c, s, _ in messages_of(TS)]


def test_the_compiled_catalogue_is_current(tmp_path):
    fresh = tmp_path / "fresh.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(fresh)], capture_output=True, check=True)
    assert fresh.read_bytes() == QM.read_bytes()


@pytest.fixture
def chinese(qapp):
    loaded = install_translations(qapp, "zh_CN")
    yield loaded
    install_translations(qapp, "en")


def test_chinese_by_default_with_qt_dialogs_translated(chinese, window_factory):
    assert any(p.endswith("dtplan_zh_CN.qm") for p in chinese)
    assert any(p.endswith("qtbase_zh_CN.qm") and p.startswith(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
               for p in chinese)
    assert messages.language() == "zh"
    window = window_factory("zh")
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "编辑(&E)", "视图(&V)", "规划(&P)", "报告(&R)", "帮助(&H)"]
    assert window.tabs.tabText(0) == "企业" and window.actions_["undo"].text() == "撤销"
    assert window.roster.search.placeholderText() == "搜索企业名称或信用代码"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert "保存" in buttons.button(QDialogButtonBox.StandardButton.Save).text()
    assert QCoreApplication.translate("QFileDialog", "Open") == "打开"


def test_english_when_chosen(qapp, window_factory):
    install_translations(qapp, "en")
    assert messages.language() == "en"
    window = window_factory("en")
    assert [a.text() for a in window.menuBar().actions()][0] == "&File"
    assert window.tabs.tabText(0) == "Firms"
    box = QMessageBox(QMessageBox.Icon.Question, "x", "y", QMessageBox.StandardButton.Cancel)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Cancel"
    install_translations(qapp, "zh_CN")
    install_translations(qapp, "en")


@pytest.fixture
def window_factory(qtbot, settings):
    from ui.main_window import MainWindow

    def make(lang):
        window = MainWindow(settings, lang)
        qtbot.addWidget(window)
        return window

    return make


def test_bundled_font_is_registered_as_a_fallback(qapp):
    from ui.app import register_font

    family = register_font(QApplication.instance())
    assert family == "Droid Sans Fallback"
    assert QApplication.font().families()[-1] == family


def test_qt_dialogs_speak_chinese_and_native_ones_only_in_the_system_language(chinese, qapp):
    from PySide6.QtCore import QLocale, Qt

    for context, text, chinese_text in (("QFileDialog", "Look in:", "查找范围："), ("QFileDialog", "Files of type:", "文件类型："),
                                        ("QPageSetupWidget", "Pages per sheet:", "每张页数：")):
        assert QCoreApplication.translate(context, text) == chinese_text
    system_is_chinese = QLocale.system().language() == QLocale.Language.Chinese
    assert qapp.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs) == (not system_is_chinese)
