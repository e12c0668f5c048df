"""The application around the main window: high-DPI and scale, settings, translations (DTPlan's
own and Qt's, so standard dialogs are Chinese too), the bundled CJK font, logging and the error
hook. ``run`` is what ``python main.py`` calls when there is a display."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from planning.base import messages
from planning.base.paths import resource_path

from .settings import Settings

log = logging.getLogger(__name__)
FONT_FILE = "DroidSansFallbackFull.ttf"
_translators: list[QTranslator] = []


def configure_scaling(settings: Settings) -> None:
    """Before the QApplication exists: fractional scaling as the system asks, or the user's scale."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    if settings.ui_scale != "auto":
        os.environ["QT_SCALE_FACTOR"] = settings.ui_scale


def install_translations(app: QApplication, language: str) -> list[str]:
    """Load DTPlan's and Qt's Chinese catalogues for zh_CN (English is the source language);
    returns the files loaded. The core's texts follow through planning.base.messages."""
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    messages.set_language("en" if language == "en" else "zh")
    use_native_dialogs(app, language)
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return []
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    loaded = []
    for name, folder in (("dtplan_zh_CN", str(resource_path("i18n"))),
                         ("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _translators.append(translator)
            loaded.append(str(Path(folder) / f"{name}.qm"))
        else:
            log.warning("translation %s not found in %s", name, folder)
    return loaded


def use_native_dialogs(app: QApplication, language: str) -> bool:
    """The system's file dialogs speak the system's language, not DTPlan's: when the two differ, use
    Qt's own dialogs, which Qt's catalogue translates ("查找范围", "文件类型"). Returns whether native ones stay."""
    system = QLocale.system().language()
    wanted = QLocale.Language.English if language == "en" else QLocale.Language.Chinese
    native = system == wanted
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, not native)
    return native


def register_font(app: QApplication) -> str | None:
    """Register the bundled CJK font and add it to the UI font's fallbacks (its Latin glyphs are
    poor, so the system font comes first)."""
    font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not register %s", FONT_FILE)
        return None
    font = QFont(app.font())
    base = font.families() or [font.family()]
    font.setFamilies([f for f in base if f != families[0]] + [families[0]])
    app.setFont(font)
    return families[0]


def create_application(argv: list[str], settings: Settings) -> QApplication:
    configure_scaling(settings)
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName("DTPlan")
    app.setApplicationName("DTPlan")
    app.setApplicationDisplayName("DTPlan")
    icon = resource_path("icons", "dtplan.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_translations(app, settings.language)
    register_font(app)
    return app


def run(argv: list[str] | None = None, open_path: str | None = None) -> int:
    """Open the planner window (on ``open_path``, else the most recent project, else the sample project) and run
    until it closes."""
    from .errors import install_excepthook, setup_logging

    os.environ.setdefault("QT_API", "pyside6")  # matplotlib's Qt backend, when the charts load
    log_file = setup_logging()
    install_excepthook()
    settings = Settings()
    app = create_application(list(argv if argv is not None else sys.argv), settings)
    from .main_window import MainWindow

    window = MainWindow(settings, settings.lang)
    window.show()
    log.info("DTPlan started (settings %s, log %s)", settings.file_name(), log_file)
    QTimer.singleShot(0, lambda: window.start(open_path, sample=open_path is None))
    return app.exec()
