"""Every view in both languages, no untranslated text: with the sample project loaded and planned,
visit every tab and sub-tab, open every dialog that needs no file chooser, collect every text a user
reads (tests/language_walk.py) and fail on English words in the Chinese window or Chinese in the
English one, outside the allowed codes and the data the planner's rosters carry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import sample_window, wait_idle
from tests.language_walk import all_texts, plain, report_texts
from ui.app import install_translations

# Latin letters a Chinese window may show, each because planners read it as it is:
ALLOWED_LATIN = {
    "DTPlan", "Qt",  # the product's and the toolkit's names (关于 DTPlan, 关于 Qt)
    "English",  # the language chooser names each language in itself
    "CAD", "PLM", "ERP", "MES", "APS", "AI",  # the measure catalogue's system names (ERP企业资源计划系统)
    "PDF", "Excel", "WPS", "ODS", "CSV", "JSON", "dtplan",  # file formats and the project file's extension
    "Ctrl",  # a shortcut key, as the keyboard labels it
    "Droid", "Sans", "Fallback", "Apache", "License",  # the bundled font and its licence, named in About
}
# a menu's accelerator letter, 文件(&F), and Qt's tooltip made from it, 文件(F); the codes of rules
# and measures (R06, S01, D05), shown beside their names; an industry section of GB/T 4754 (C门类);
# the national standards' prefixes (GB/T 2260, GB 32100)
MARKS = re.compile(r"\(&?[A-Z]\)|\b[A-Z]\d{2}\b|[A-Z](?=门类)|GB/T|GB(?= \d)")
REASON = {"zh": "现场核查", "en": "site visit"}  # what the planner types when adjusting a firm
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
NUMBER = re.compile(r"\d(?:\.\d+)?e[+-]?\d+")  # a number in scientific notation, as a file's cell held it
CREDIT_CODE = re.compile(r"\b[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}\b")
FILE_NAME = re.compile(r"[\w.\-/\\:]+\.(?:xlsx|xls|et|ods|csv|pdf|png|svg|dtplan|json)\b", re.IGNORECASE)
# a spreadsheet's column letters (A, B … AA), as the sheet and the import wizard name its columns
COLUMN_LETTERS = re.compile(r"[A-Z]{1,2}")
CJK = re.compile(r"[\u3400-\u9fff\uff08\uff09\uff0c\uff1a\u3001\u3002]+")
# Chinese an English window may show: the language's own name in the language chooser.
ALLOWED_CJK = ("简体中文",)


def english_words(text: str) -> list[str]:
    if COLUMN_LETTERS.fullmatch(text):
        return []
    text = MARKS.sub(" ", FILE_NAME.sub(" ", CREDIT_CODE.sub(" ", NUMBER.sub(" ", text))))
    return [word for word in LATIN_RUN.findall(text) if word not in ALLOWED_LATIN]


def roster_data(window) -> set[str]:
    """The texts the rosters carry (names, cities, counties, addresses), what their files called
    things (file, sheet and header names, the cells of skipped rows), and what the planner typed (the
    project's title, an override's reason, the user's name in the audit trail): shown as they are."""
    from planning.strategy.overrides import current_user

    project = window.doc.project
    found = {project.meta.title, current_user(), REASON[window.doc.lang]}
    frame = project.roster
    for column in frame.columns:
        if frame[column].dtype == object and column != "industry_name":  # the standard's names are translated
            found.update(str(v) for v in frame[column].dropna().unique())
    report = project.report
    quoted = set()  # what the report quotes from the files; its other parameters are codes, not data
    for note in report.skipped + report.rejected + report.issues:
        quoted.update(str(v) for v in note.params.values() if isinstance(v, str))
    for issue in report.issues:
        quoted.update((issue.header, str(issue.raw)))
    found.update(value for value in quoted if CJK.search(value))
    for file in report.files:
        found.add(file.path)
        for sheet in file.sheets:
            found.add(sheet.name)
            found.update(header for _, header in sheet.unmapped)
            found.update(header for _, header in sheet.mapping.values())
    return {value for value in found if value and len(value) > 1}


def without_data(text: str, data: set[str]) -> str:
    for value in sorted((v for v in data if v in text), key=len, reverse=True):
        text = text.replace(value, " ")
    return text


def chinese_left(text: str, data: set[str]) -> list[str]:
    for allowed in ALLOWED_CJK:
        text = text.replace(allowed, " ")
    return CJK.findall(without_data(text, data))


def visit_everything(window, qtbot, folder: Path, project_file: Path) -> tuple[list[tuple[str, str]], set[str]]:
    """Every tab and sub-tab of the planned sample, the firm detail of firms of every kind, then each
    dialog; the texts of all of it and of every task and status-bar message on the way, and the cells
    of the sheet the import wizard shows as read."""
    texts: list[tuple[str, str]] = []
    file_cells: set[str] = set()
    follow_tasks_and_status(window, texts)
    run_the_analyses(window, qtbot)
    texts += visit_tabs(window, qtbot)
    texts += visit_firms(window, qtbot)
    texts += visit_dialogs(window, qtbot, file_cells)
    texts += invalid_templates(window)
    texts += damaged_projects(window, qtbot, folder, project_file)
    return texts, file_cells


def follow_tasks_and_status(window, texts: list) -> None:
    """The name of every task the window runs, the steps it reports and the status bar's messages."""
    from ui.people_text import progress_status

    def started(task):
        texts.append(("task", task.label))
        task.status.connect(lambda text: texts.append(("task status", progress_status(text))))

    window.runner.taskStarted.connect(started)
    window.statusBar().messageChanged.connect(lambda text: texts.append(("status bar", text)))


def run_the_analyses(window, qtbot) -> None:
    """Comparison, frontier and a cut, so that their pages have rows."""
    doc = window.doc
    for start in (lambda: doc.plan_all(method="greedy"), lambda: doc.compute_frontier(levels=3, method="greedy"),
                  lambda: doc.compute_cut(0.2)):
        start()
        wait_idle(qtbot, window)


def visit_tabs(window, qtbot) -> list[tuple[str, str]]:
    texts = []
    window.show_firm(0)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        wait_idle(qtbot, window)
        texts += all_texts(window)
    for row in range(window.rules.pages.count()):
        window.rules.pages.setCurrentRow(row)
        texts += all_texts(window.rules)
    window.tabs.setCurrentWidget(window.budget)
    for index in range(window.budget.tabs.count()):
        window.budget.tabs.setCurrentIndex(index)
        wait_idle(qtbot, window)
        texts += all_texts(window.budget)
    for row in range(window.charts.list.count()):
        window.charts.list.setCurrentRow(row)
        texts += all_texts(window.charts)
    report = window.report
    window.tabs.setCurrentWidget(report)
    for index in (0, report.scope.count() - 1):  # the province's report and a city's
        report.scope.setCurrentIndex(index)
        qtbot.waitUntil(lambda: report.content is not None and report.pages is not None, timeout=120_000)
        texts += report_texts(report.content) + all_texts(report)
    return texts


def firms_of_every_kind(window) -> list[int]:
    """One firm per combination of tier, track and funded or not, and one per reason a firm is left
    out of the programme."""
    frame = window.doc.strategy.frame.reset_index(drop=True)
    plan = window.doc.current_plan()
    kinds = frame.assign(funded=frame.index.isin(plan.lines["firm"]))
    rows = kinds.groupby(["tier", "track", "funded"], dropna=False).head(1).index.tolist()
    rows += plan.excluded.drop_duplicates("reason")["firm"].astype(int).tolist()
    return list(dict.fromkeys(rows))


def visit_firms(window, qtbot) -> list[tuple[str, str]]:
    """The detail panel of firms of every kind, one of them after a planner's override (the audit trail)."""
    from ui.override_dialog import OverrideDialog

    texts = []
    doc, roster = window.doc, window.roster
    window.tabs.setCurrentWidget(roster)
    rows = firms_of_every_kind(window)
    first = rows[0]
    tier = doc.strategy.frame["tier"].iat[first]
    other = next(t for t in ("good", "basic", "weak", "excellent") if t != tier)
    roster.request_override(first, "tier", other, REASON[doc.lang])
    wait_idle(qtbot, window)
    for row in rows:
        window.show_firm(row)
        texts += all_texts(roster.detail)
    for field in ("tier", "key_sector", "track", "actions"):
        texts += all_texts(OverrideDialog(doc.strategy, first, field, roster.detail.field_label(field), doc.lang, window))
    return texts


def visit_dialogs(window, qtbot, file_cells: set[str]) -> list[tuple[str, str]]:
    from tests.conftest import SAMPLE
    from ui.preferences import PreferencesDialog

    texts = all_texts(window.show_import_report())
    texts += all_texts(window.roster_template())
    texts += all_texts(PreferencesDialog(window.settings, window))
    about = []
    QMessageBox.about, original = (lambda parent, title, text: about.append((title, text))), QMessageBox.about
    try:
        window.about()
    finally:
        QMessageBox.about = original
    texts += [("about", title) for title, _ in about] + [("about", plain(text)) for _, text in about]
    wizard = window.import_rosters([SAMPLE])
    texts += all_texts(wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.layout_page.isComplete(), timeout=60_000)
    texts += all_texts(wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.isComplete(), timeout=60_000)
    texts += all_texts(wizard)
    raw = wizard.layout_page.raw
    file_cells.update(raw.item(r, c).text() for r in range(raw.rowCount()) for c in range(raw.columnCount())
                      if raw.item(r, c) is not None)
    roster = wizard.roster()
    wizard.reject()
    texts += all_texts(window.import_roster(roster))
    return texts


def damaged_projects(window, qtbot, folder: Path, project_file: Path) -> list[tuple[str, str]]:
    """What opening a file that is not a project, or a damaged project, says."""
    damaged = bytearray(project_file.read_bytes())
    middle = len(damaged) // 2
    damaged[middle:middle + 8192] = b"\xa5" * 8192
    texts = []
    for name, content in (("not_a_project.dtplan", b"just text"), ("damaged.dtplan", bytes(damaged))):
        path = folder / name
        path.write_bytes(content)
        window.last_error = None
        window.open_file(path)
        qtbot.waitUntil(lambda: window.last_error is not None, timeout=60_000)
        texts += all_texts(window.last_error)
        window.last_error.close()
    return texts


def invalid_templates(window) -> list[tuple[str, str]]:
    """What the JSON views say about a template they refuse: bad JSON, a wrong value, an unknown field."""
    import json

    texts = []
    rules = window.rules.editors["rules"]
    for text in ("{", json.dumps({"rules": [{"id": "R99", "when": {"field": "no_such_field", "op": "eq", "value": 1}}]}),
                 json.dumps({"total_budget_wan": "much"})):
        rules.set_text(text)
        texts.append(("rules editor", rules.status.text()))
    policy = window.rules.editors["policy"]
    body = dict(policy.current(), total_budget_wan=-5)
    policy.set_text(json.dumps(body))
    texts.append(("policy editor", policy.status.text()))
    rules.load()
    policy.load()
    return texts


@pytest.fixture(params=["zh", "en"])
def walked(request, qapp, qtbot, settings, sample_project_file, tmp_path):
    lang = request.param
    window = sample_window(qapp, qtbot, settings, sample_project_file, lang)
    try:
        yield lang, window, *visit_everything(window, qtbot, tmp_path, sample_project_file)
    finally:
        for dialog in QApplication.topLevelWidgets():
            if dialog is not window and dialog.isVisible():
                dialog.close()
        install_translations(qapp, "en")


def test_every_view_speaks_the_chosen_language(walked):
    lang, window, texts, file_cells = walked
    assert len(texts) > 200
    seen = " ".join(text for _, text in texts)
    assert ("已损坏" if lang == "zh" else "is damaged") in seen  # the walk reached the damaged project's message
    data = roster_data(window) | {cell for cell in file_cells if len(cell) > 1}
    cells = {cell.strip() for cell in file_cells}  # a yes/no cell (是, 否, 无) is data where the file is shown
    if lang == "zh":
        found = sorted({(where, text, tuple(english_words(without_data(text, data))))
                        for where, text in texts if english_words(without_data(text, data))})
    else:
        left = {(where, text): [run for run in chinese_left(text, data) if run not in cells] for where, text in texts}
        found = sorted({(where, text, tuple(runs)) for (where, text), runs in left.items() if runs})
    assert not found, "\n".join(f"{where}: {text[:300]!r} → {words}" for where, text, words in found)
