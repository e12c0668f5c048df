"""The main window: menus, toolbar, status bar, the five views, and the project's file life
(new, open, save, save as, revert, recent files, autosave and restore, locks, drag and drop)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QPoint, QProcess, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QScreen
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFileDialog, QLabel, QMainWindow, QMessageBox,
                               QStyle, QTabWidget, QVBoxLayout)

from planning import PROJECT_EXTENSION, __version__
from planning.project.autosave import Recovery, forget, pending, recovery_dir, remove_stale_temporaries, restore
from planning.base.paths import sample_roster_path
from planning.project.facade import Project
from planning.project.file_format import ProjectFileError, open_project
from planning.importing.importer import Roster
from planning.project.lock import holder
from planning.project.roster_update import ADD, REPLACE_ALL, REPLACE_CITY

from .budget_view import BudgetView
from .charts_view import ChartsView
from .commands import ImportCommand
from .document import ProjectDocument
from .errors import open_log_folder, report_error
from .folder_offer import folder_to_write, offer_to_open_folder
from .help_topics import HelpKey, topic_of
from .help_window import INDEX, HelpWindow
from .import_report_view import ImportReportView
from .import_mode_dialog import ImportModeDialog
from .import_wizard import ImportWizard
from .operations import Operation
from .preferences import PreferencesDialog
from .progress_view import DelayedProgressDialog, TaskIndicator, elapsed_text
from .report.view import ReportView
from .roster_template_dialog import RosterTemplateDialog
from .roster_view import RosterView
from .rules_view import RulesView
from .settings import Settings
from .source_rows import roster_row_of
from .tasks import Task, TaskRunner

Button = QMessageBox.StandardButton
DEFAULT_SIZE = QSize(1360, 840)
LONG_TASK_S = 2  # a task that took longer says how long when it ends


def start_command(project: Path | None) -> list[str]:
    """The command that starts DTPlan's window again (the bundle's program, or Python on main.py), on
    ``project`` when there is one."""
    program = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, str(Path(sys.argv[0]).resolve())]
    return program + ([str(project)] if project is not None else [])


def start_detached(command: list[str]) -> bool:
    return QProcess.startDetached(command[0], command[1:])[0]


def screen_key(screen: QScreen) -> str:
    """The settings key of a screen: its name and size (a laptop's panel differs from the office monitor)."""
    size = screen.size()
    return re.sub(r"[^A-Za-z0-9_-]+", "_", screen.name() or "screen") + f"_{size.width()}x{size.height()}"


def toolbar_text(menu_text: str) -> str:
    """A menu item's text as a toolbar button shows it: without its accelerator ("打开(&O)…" -> "打开") and dots."""
    return re.sub(r"\(&\w\)", "", menu_text).replace("&", "").rstrip("…").rstrip(".").strip()


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, lang: str = "zh"):
        super().__init__()
        self.settings = settings
        self.runner = TaskRunner(self)
        self.doc = ProjectDocument(self.runner, lang, self)
        self.last_error: QDialog | None = None
        self.last_notice: QMessageBox | None = None
        self.plan_when_tagged = False
        self.closing = False
        self.setAcceptDrops(True)
        self.setWindowTitle("DTPlan")

        self.roster = RosterView(self.doc)
        self.roster.ask = lambda *question: self.ask(*question)
        self.rules = RulesView(self.doc)
        self.budget = BudgetView(self.doc)
        self.charts = ChartsView(self.doc)
        self.report = ReportView(self.doc, settings)
        self.report.ask = lambda *question: self.ask(*question)
        self.charts.ask = lambda *question: self.ask(*question)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for view, title in ((self.roster, self.tr("Firms")), (self.rules, self.tr("Rules and policy")),
                            (self.budget, self.tr("Budget and scenarios")), (self.charts, self.tr("Charts")),
                            (self.report, self.tr("Report"))):
            self.tabs.addTab(view, title)
        self.setCentralWidget(self.tabs)
        self.import_report_dialog: QDialog | None = None
        self.template_dialog: RosterTemplateDialog | None = None
        self.import_mode_dialog: ImportModeDialog | None = None

        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self._make_status_bar()

        doc = self.doc
        doc.stateChanged.connect(self.update_title)
        doc.failed.connect(self.show_error)
        doc.busyChanged.connect(lambda _busy: self.update_actions())
        doc.projectReplaced.connect(self._project_replaced)
        doc.strategyChanged.connect(self._strategy_changed)
        doc.plansChanged.connect(self.update_actions)
        doc.saved.connect(self._saved)
        self.runner.taskStarted.connect(self._task_started)
        self.budget.firmRequested.connect(self.show_firm)
        self.roster.start_hint.importRequested.connect(lambda: self.import_rosters())
        self.roster.start_hint.sampleRequested.connect(lambda: self.confirm_discard(self.load_sample))
        self.roster.firmSelected.connect(lambda _row: self.update_actions())
        self.autosave_timer = QTimer(self)
        self.autosave_timer.timeout.connect(doc.autosave)
        self.autosave_timer.start(max(1, settings.autosave_minutes) * 60_000)

        self.place_on_screen()
        self.roster.detail.setVisible(settings.show_detail)
        for widths in (self.roster.widths, self.budget.lines_widths, self.budget.dropped_widths):
            widths.settings = settings
        self.update_title()
        self.update_actions()

    # -------------------------------------------------------------- where the window opens

    def place_on_screen(self, screen: QScreen | None = None) -> None:
        """The geometry the window had last time on this screen, else the default size, maximised
        when the screen's free area is smaller than that."""
        screen = screen or self.screen() or QGuiApplication.primaryScreen()
        geometry, state = self.settings.window_state(screen_key(screen))
        if state is not None:
            self.restoreState(state)
        if geometry is not None and self.restoreGeometry(geometry):
            return
        self.fit_to(screen.availableGeometry())

    def fit_to(self, available: QRect) -> None:
        if available.width() < DEFAULT_SIZE.width() or available.height() < DEFAULT_SIZE.height():
            self.setGeometry(available)
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        else:
            frame = QRect(QPoint(0, 0), DEFAULT_SIZE)
            frame.moveCenter(available.center())
            self.setGeometry(frame)

    # -------------------------------------------------------------- actions and menus

    def _action(self, text: str, slot: Callable, shortcut=None, icon=None, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if tip:
            action.setStatusTip(tip)
        return action

    def _new_scenario(self) -> None:
        self.tabs.setCurrentWidget(self.rules)
        self.rules.new_scenario()

    def _make_actions(self) -> None:
        K, S = QKeySequence.StandardKey, QStyle.StandardPixmap
        a = self.actions_ = {}
        a["new"] = self._action(self.tr("&New"), self.new_project, K.New, S.SP_FileIcon, self.tr("Start a new project"))
        a["open"] = self._action(self.tr("&Open…"), self.open_file, K.Open, S.SP_DialogOpenButton,
                                 self.tr("Open a project file (.dtplan)"))
        a["import"] = self._action(self.tr("&Import rosters…"), self.import_rosters, "Ctrl+I", S.SP_FileDialogNewFolder,
                                   self.tr("Import one or several roster files"))
        a["save"] = self._action(self.tr("&Save"), self.save, K.Save, S.SP_DialogSaveButton, self.tr("Save the project"))
        a["save_as"] = self._action(self.tr("Save &As…"), self.save_as, K.SaveAs)
        a["revert"] = self._action(self.tr("Re&vert"), self.revert, None, None, self.tr("Drop the changes since the last save"))
        a["export"] = self._action(self.tr("&Export plan workbook…"), self.export_workbook, "Ctrl+E")
        a["city_workbooks"] = self._action(self.tr("Plan workbooks per cit&y…"), self.export_city_workbooks, None, None,
                                           self.tr("Write the province's plan workbook and one workbook per city"))
        a["roster_template"] = self._action(self.tr("Roster &template…"), self.roster_template, None, None,
                                            self.tr("Write the workbook the cities fill in and send back"))
        a["preferences"] = self._action(self.tr("&Preferences…"), self.preferences, K.Preferences)
        a["quit"] = self._action(self.tr("E&xit"), self.close, K.Quit)
        stack = self.doc.undo_stack
        a["undo"] = stack.createUndoAction(self, self.tr("Undo"))
        a["undo"].setShortcut(QKeySequence(K.Undo))
        a["undo"].setIcon(self.style().standardIcon(S.SP_ArrowBack))
        a["redo"] = stack.createRedoAction(self, self.tr("Redo"))
        a["redo"].setShortcut(QKeySequence(K.Redo))
        a["redo"].setIcon(self.style().standardIcon(S.SP_ArrowForward))
        # the toolbar's buttons keep a short text, so that the toolbar does not jump as the label changes
        a["undo_tool"] = self._action(self.tr("Undo"), stack.undo, None, S.SP_ArrowBack)
        a["redo_tool"] = self._action(self.tr("Redo"), stack.redo, None, S.SP_ArrowForward)
        for signal in (stack.canUndoChanged, stack.canRedoChanged, stack.undoTextChanged, stack.redoTextChanged):
            signal.connect(self._sync_undo, Qt.ConnectionType.QueuedConnection)
        a["find"] = self._action(self.tr("&Find firm"), self.find_firm, K.Find)
        self.adjust = {}
        for field in ("tier", "key_sector", "track", "actions"):
            label = self.roster.detail.field_label(field)
            self.adjust[field] = self._action(self.tr("Adjust {field}…").format(field=label),
                                              lambda f=field: self.roster.request_override(self.roster.selected_row, f))
        self.view_actions = []
        for k in range(self.tabs.count()):
            action = self._action(self.tabs.tabText(k), lambda k=k: self.tabs.setCurrentIndex(k), f"Ctrl+{k + 1}")
            action.setCheckable(True)
            self.view_actions.append(action)
        self.tabs.currentChanged.connect(self._tab_changed)
        a["detail"] = self._action(self.tr("Firm &details"), self.toggle_detail)
        a["detail"].setCheckable(True)
        a["detail"].setChecked(self.settings.show_detail)
        a["import_report"] = self._action(self.tr("Import &report…"), self.show_import_report, "Ctrl+R")
        a["plan"] = self._action(self.tr("&Plan the scenario"), self.budget.plan, K.Refresh, S.SP_MediaPlay,
                                 self.tr("Build the budgeted plan of the chosen scenario"))
        a["plan_all"] = self._action(self.tr("Plan and &compare all scenarios"), self.budget.plan_all)
        a["frontier"] = self._action(self.tr("Efficient &frontier"), lambda: self.doc.compute_frontier(
            method=self.budget.method.currentData()))
        a["new_scenario"] = self._action(self.tr("New &scenario from the current policy…"), self._new_scenario)
        a["cut10"] = self._action(self.tr("Budget cut −10 %"), lambda: self._cut(0.1))
        a["cut20"] = self._action(self.tr("Budget cut −20 %"), lambda: self._cut(0.2))
        a["cancel"] = self._action(self.tr("&Cancel running work"), self.runner.cancel_all, None, S.SP_BrowserStop)
        a["preview"] = self._action(self.tr("Print pre&view…"), lambda: self._report(self.report.print_preview),
                                    "Ctrl+Shift+P", S.SP_FileDialogContentsView)
        a["print"] = self._action(self.tr("&Print…"), lambda: self._report(self.report.print), K.Print)
        a["pdf"] = self._action(self.tr("Save as P&DF…"), lambda: self._report(lambda: self.report.save_pdf()),
                                "Ctrl+Shift+E")
        a["page_setup"] = self._action(self.tr("Page &setup…"), self.report.page_setup)
        a["city_reports"] = self._action(self.tr("Reports per &city…"), lambda: self.report.save_city_reports())
        a["export_chart"] = self._action(self.tr("Export the c&hart…"), self._export_chart)
        a["guide"] = self._action(self.tr("&User guide"), lambda: self.show_help(self.help_topic()), K.HelpContents)
        self.help_key = HelpKey(self.show_help, self)
        QApplication.instance().installEventFilter(self.help_key)
        self.help_window: HelpWindow | None = None
        a["about"] = self._action(self.tr("&About DTPlan"), self.about)
        a["about_qt"] = self._action(self.tr("About &Qt"), QApplication.aboutQt)
        a["logs"] = self._action(self.tr("Open the &log folder"), open_log_folder)

    def _make_menus(self) -> None:
        a, bar = self.actions_, self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        for key in ("new", "open"):
            file.addAction(a[key])
        self.recent_menu = file.addMenu(self.tr("&Recent projects"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        for key in ("import", "save", "save_as", "revert"):
            file.addAction(a[key])
        file.addSeparator()
        file.addAction(a["export"])
        file.addAction(a["city_workbooks"])
        file.addAction(a["roster_template"])
        file.addSeparator()
        file.addAction(a["preferences"])
        file.addSeparator()
        file.addAction(a["quit"])
        edit = bar.addMenu(self.tr("&Edit"))
        edit.addAction(a["undo"])
        edit.addAction(a["redo"])
        edit.addSeparator()
        edit.addAction(a["find"])
        edit.addSeparator()
        for action in self.adjust.values():
            edit.addAction(action)
        view = bar.addMenu(self.tr("&View"))
        for action in self.view_actions:
            view.addAction(action)
        view.addSeparator()
        view.addAction(a["detail"])
        view.addAction(a["import_report"])
        plan = bar.addMenu(self.tr("&Plan"))
        for key in ("plan", "plan_all", "frontier", "new_scenario"):
            plan.addAction(a[key])
        plan.addSeparator()
        plan.addAction(a["cut10"])
        plan.addAction(a["cut20"])
        plan.addSeparator()
        plan.addAction(a["cancel"])
        report = bar.addMenu(self.tr("&Report"))
        for key in ("preview", "print", "pdf", "page_setup"):
            report.addAction(a[key])
        report.addSeparator()
        report.addAction(a["city_reports"])
        report.addAction(a["export_chart"])
        helpmenu = bar.addMenu(self.tr("&Help"))
        helpmenu.addAction(a["guide"])
        helpmenu.addSeparator()
        for key in ("about", "about_qt", "logs"):
            helpmenu.addAction(a[key])

    def _make_toolbar(self) -> None:
        toolbar = self.addToolBar(self.tr("Main toolbar"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        a = self.actions_
        for key in ("new", "open", "save", "import", None, "undo_tool", "redo_tool", None, "plan", None, "preview", "pdf"):
            if key is None:
                toolbar.addSeparator()
            else:
                a[key].setIconText(toolbar_text(a[key].text()))
                toolbar.addAction(a[key])
        self.toolbar = toolbar

    def _make_status_bar(self) -> None:
        status = self.statusBar()
        self.read_only_label = QLabel()
        self.read_only_label.setStyleSheet("color: #C00000")
        self.firms_label = QLabel()
        self.indicator = TaskIndicator(self.runner)
        self.indicator.taskEnded.connect(self._say_how_long)
        status.addPermanentWidget(self.indicator)
        status.addPermanentWidget(self.read_only_label)
        status.addPermanentWidget(self.firms_label)

    def _sync_undo(self, *_args) -> None:
        busy = self.doc.busy
        stack = self.doc.undo_stack
        for key, can in (("undo", stack.canUndo()), ("redo", stack.canRedo())):
            self.actions_[key].setEnabled(can and not busy)
            self.actions_[key + "_tool"].setEnabled(can and not busy)
            self.actions_[key + "_tool"].setToolTip(self.actions_[key].text().replace("&", ""))

    def update_actions(self) -> None:
        busy = self.doc.busy
        a = self.actions_
        has_roster = self.doc.project.roster is not None
        has_plan = self.doc.current_plan() is not None
        for key in ("new", "open", "import", "save", "save_as", "preferences"):
            a[key].setEnabled(not busy)
        a["revert"].setEnabled(not busy and self.doc.path is not None)
        a["export"].setEnabled(not busy and has_plan)
        for key in ("plan", "plan_all"):
            a[key].setEnabled(not busy and self.doc.strategy is not None)
        for key in ("frontier", "cut10", "cut20", "city_reports", "city_workbooks"):
            a[key].setEnabled(not busy and has_plan)
        for key in ("preview", "print", "pdf"):
            a[key].setEnabled(has_plan)
        for action in self.adjust.values():
            action.setEnabled(not busy and has_roster and self.roster.selected_row >= 0)
        a["cancel"].setEnabled(bool(self.runner.tasks))
        self._sync_undo()

    def update_title(self) -> None:
        name = self.doc.display_name() or self.tr("Untitled")
        suffix = self.tr(" (read-only)") if self.doc.read_only else ""
        self.setWindowTitle(f"{name}[*]{suffix} — DTPlan")
        self.setWindowModified(self.doc.modified)
        self.read_only_label.setText(self.tr("Read-only: use Save As") if self.doc.read_only else "")

    def _tab_changed(self, index: int) -> None:
        for k, action in enumerate(self.view_actions):
            action.setChecked(k == index)

    # -------------------------------------------------------------- reacting to the document

    def _task_started(self, task: Task) -> None:
        if not task.quiet:
            DelayedProgressDialog(task, self)
        task.finished.connect(self.update_actions)
        self.update_actions()

    def _say_how_long(self, task: Task, seconds: float) -> None:
        """After a long task that the planner waited for: how long it took, after what it said it did."""
        if task.quiet or task.error is not None or task.cancel_requested or seconds < LONG_TASK_S:
            return
        took = self.tr("{task}: done in {time}.").format(task=task.label, time=elapsed_text(seconds))
        said = self.statusBar().currentMessage()
        self.statusBar().showMessage(f"{said} {took}" if said else took, 10000)

    def _project_replaced(self) -> None:
        if self.doc.path is not None:
            self.settings.add_recent(self.doc.path)
            self.settings.last_folder = str(self.doc.path.parent)
        if self.doc.notice:
            box = QMessageBox(QMessageBox.Icon.Information, "DTPlan", self.doc.notice, Button.Ok, self)
            box.open()
            self.last_notice = box
        self.firms_label.setText("")
        self.update_title()
        self.update_actions()

    def _strategy_changed(self) -> None:
        result = self.doc.strategy
        self.firms_label.setText(self.tr("{count} firms").format(count=f"{len(result):,}") if result is not None else "")
        if self.plan_when_tagged and result is not None:
            self.plan_when_tagged = False
            self.doc.plan(self.doc.scenario)
        self.update_actions()

    def _saved(self, path: str) -> None:
        self.settings.add_recent(path)
        self.settings.last_folder = str(Path(path).parent)
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)

    def show_error(self, what: str, exc: BaseException, details: str) -> None:
        self.last_error = report_error(self, what, exc, details)

    def show_firm(self, row: int) -> None:
        self.tabs.setCurrentWidget(self.roster)
        self.roster.select_firm(row)
        self.update_actions()

    # -------------------------------------------------------------- questions (tests replace ask)

    def ask(self, text: str, buttons, default) -> Button:
        return QMessageBox.question(self, "DTPlan", text, buttons, default)

    def confirm_discard(self, then: Callable[[], None]) -> None:
        """Run ``then`` once the open project's changes are saved or knowingly dropped."""
        if not self.doc.modified:
            then()
            return
        answer = self.ask(self.tr("The project has unsaved changes. Save them?"),
                          Button.Save | Button.Discard | Button.Cancel, Button.Save)
        if answer == Button.Save:
            self.save(then=then)
        elif answer == Button.Discard:
            self.doc.discard_autosave()
            then()

    # -------------------------------------------------------------- start-up

    def start(self, path: str | Path | None = None, sample: bool = True) -> None:
        """After the window shows: remove what killed saves left, offer to restore unsaved work (declined, it
        is offered again next time; only Discard deletes it), else open ``path``, else the most recent project
        (when it still exists and the preference says so), else the sample."""
        folders = [recovery_dir()] + [Path(p).parent for p in self.settings.recent_files()]
        remove_stale_temporaries(folders + ([Path(path).parent] if path is not None else []))
        recoveries = pending()
        if recoveries:
            recovery = recoveries[0]
            answer = self.ask(self.tr("DTPlan found unsaved work from {time} ({title}). Restore it?\n\n"
                                      "No keeps it for the next start; Discard deletes it.").format(
                time=recovery.saved_at.strftime("%Y-%m-%d %H:%M"), title=self.recovery_name(recovery)),
                Button.Yes | Button.No | Button.Discard, Button.Yes)
            if answer == Button.Yes:
                self.restore_recovery(recovery)
                return
            if answer == Button.Discard:
                forget(recovery)
        if path is not None:
            self.open_file(path)
        elif sample and self.settings.reopen_last and self.settings.recent_files():
            self.open_file(self.settings.recent_files()[0])
        elif sample:
            self.load_sample()

    def recovery_name(self, recovery: Recovery) -> str:
        """The project an autosave belongs to as the planner knows it: its file (its title may be that of the
        project it was made from), else its title."""
        if recovery.source is not None:
            return f"{recovery.source.name}, {recovery.source.parent}"
        return recovery.title or self.tr("untitled")

    def restore_recovery(self, recovery: Recovery) -> Task:
        source = recovery.source if recovery.source is not None and recovery.source.exists() else None

        def done(project: Project) -> None:
            self.doc.replace(project, source, dirty=True, recovery=recovery)
            self.doc.refresh_strategy(then=self.doc.replan_stored)

        return self.doc.run(Operation(self.tr("Restoring unsaved work"), lambda p: restore(recovery)).success(done))

    def load_sample(self) -> Task:
        """A new project on the bundled sample roster, its baseline planned (all in the background)."""
        title = self.tr("Sample project")
        path = sample_roster_path()

        def work(progress) -> Project:
            return Project.from_rosters([path], progress=progress, title=title)

        def done(project: Project) -> None:
            self.doc.replace(project)
            self.doc.refresh_strategy(then=lambda: self.doc.plan("baseline", dirty=False, quiet=True))

        return self.doc.run(Operation(self.tr("Importing the sample roster"), work, quiet=True).success(done))

    # -------------------------------------------------------------- file commands

    def new_project(self) -> None:
        self.confirm_discard(lambda: self.doc.replace(Project.new()))

    def open_file(self, path: str | Path | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), self.settings.last_folder,
                                                  self.tr("DTPlan projects (*.dtplan)"))
            if not path:
                return
        path = Path(path)
        if self.bring_forward_the_window_of(path):
            return
        self.confirm_discard(lambda: self.doc.open(path, failed=lambda exc, details: self._open_failed(path, exc, details)))

    def _open_failed(self, path: Path, exc: BaseException, details: str) -> None:
        """The refusal, and when a backup of the damaged file is beside it, a button that opens the backup."""
        self.show_error(self.tr("Opening {name}").format(name=path.name), exc, details)
        backup = path.with_name(path.name + ".bak")
        if isinstance(exc, ProjectFileError) and exc.params.get("backup") and isinstance(self.last_error, QMessageBox):
            button = self.last_error.addButton(self.tr("Open the backup"), QMessageBox.ButtonRole.AcceptRole)
            button.clicked.connect(lambda: self.open_backup(path, backup))

    def open_backup(self, damaged: Path, backup: Path) -> Task:
        """The backup of a damaged project, as an unsaved project: Save As keeps it, the damaged file stays."""

        def done(opened) -> None:
            notice = self.tr("Opened from the backup {backup}. Save it under a name of your choice; {name} is left as "
                             "it is.").format(backup=backup.name, name=damaged.name)
            self.doc.replace(opened.project, dirty=True, notice=notice)
            self.doc.refresh_strategy(then=self.doc.replan_stored)

        return self.doc.run(Operation(self.tr("Opening {name}").format(name=backup.name),
                                      lambda p: open_project(backup)).success(done))

    def bring_forward_the_window_of(self, path: Path) -> bool:
        """When another window of this program edits ``path``: show that window instead of opening it twice."""
        other = holder(path)
        window = other.parent() if isinstance(other, ProjectDocument) else None
        if not isinstance(window, MainWindow) or window is self:
            return False
        window.showNormal() if window.isMinimized() else window.show()
        window.raise_()
        window.activateWindow()
        return True

    def save(self, then: Callable[[], None] | None = None) -> Task | None:
        if self.doc.path is None or self.doc.read_only:
            return self.save_as(then=then)
        return self.doc.save(then=then)

    def save_as(self, path: str | Path | None = None, then: Callable[[], None] | None = None) -> Task | None:
        if path is None:
            start = str(self.doc.path) if self.doc.path and not self.doc.read_only else str(
                Path(self.settings.last_folder or Path.home()) / ((self.doc.display_name() or self.tr("project")) + PROJECT_EXTENSION))
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save project as"), start,
                                                  self.tr("DTPlan projects (*.dtplan)"))
            if not path:
                return None
        path = Path(path)
        if path.suffix.lower() != PROJECT_EXTENSION:
            path = path.with_name(path.name + PROJECT_EXTENSION)
        if holder(path) not in (None, self.doc):
            self.statusBar().showMessage(self.tr("{name} is open in another DTPlan window: save under another name.")
                                         .format(name=path.name), 8000)
            return None
        return self.doc.save(path, then=then)

    def revert(self) -> None:
        if self.doc.path is None:
            return
        if self.doc.modified and self.ask(self.tr("Drop every change since the project was last saved?"),
                                          Button.Yes | Button.No, Button.No) != Button.Yes:
            return
        self.doc.revert()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for k, path in enumerate(files):
            action = self.recent_menu.addAction(f"&{(k + 1) % 10} {Path(path).name}")
            action.setToolTip(path)
            action.setData(path)
            action.triggered.connect(lambda _=False, p=path: self.open_file(p))
        if not files:
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction(self.tr("Clear the list"), self.settings.clear_recent)

    def import_rosters(self, paths=()) -> ImportWizard | None:
        if self.doc.busy:
            return None
        wizard = ImportWizard(self.doc, [Path(p) for p in paths], self.settings.last_folder, self)
        wizard.accepted.connect(lambda: self.apply_import(wizard))
        wizard.open()
        return wizard

    def apply_import(self, wizard: ImportWizard) -> None:
        roster = wizard.roster()
        if roster is None:
            return
        paths = wizard.paths()
        if paths:
            self.settings.last_folder = str(paths[0].parent)
        self.import_roster(roster)

    def import_roster(self, roster: Roster) -> ImportModeDialog | None:
        """Put an imported roster into the project: at once into an empty one, else after the planner
        chose how it joins the firms there (add, replace a city's, replace all) from a preview."""
        project = self.doc.project
        if project.roster is None or not len(project.roster):
            self._push_import(project.roster_update(roster.frame, roster.report, REPLACE_ALL, province_code=roster.province))
            return None
        dialog = ImportModeDialog(project, roster, self.doc.lang, self)
        dialog.accepted.connect(lambda: self._push_import(dialog.preview, self._import_label(dialog.mode())))
        dialog.open()
        self.import_mode_dialog = dialog
        return dialog

    def _import_label(self, mode: str) -> str:
        return {ADD: self.tr("Import rosters: add firms"), REPLACE_CITY: self.tr("Import rosters: replace a city"),
                REPLACE_ALL: self.tr("Import rosters: replace all")}[mode]

    def _push_import(self, update, label: str | None = None) -> None:
        if self.doc.busy:  # the project may not change under running work: the import waits for it
            self.statusBar().showMessage(self.tr("The import is applied when the running work ends."), 5000)

            def once_idle(busy: bool) -> None:
                if not busy:
                    self.doc.busyChanged.disconnect(once_idle)
                    self._push_import(update, label)

            self.doc.busyChanged.connect(once_idle)
            return
        self.plan_when_tagged = True
        self.doc.undo_stack.push(ImportCommand(self.doc, update, label))
        self.tabs.setCurrentWidget(self.roster)

    def export_workbook(self, path: str | Path | None = None) -> Task | None:
        plan = self.doc.current_plan()
        if plan is None:
            return None
        from planning.reports.export_set import safe_name
        from planning.reports.templates import Texts

        path = path or self._ask_workbook_path(self.tr("Export the plan workbook"),
                                               safe_name(Texts.load(self.doc.lang)("file_names.workbook")))
        if not path:
            return None
        path = Path(path).with_suffix(".xlsx")
        project, lang = self.doc.project, self.doc.lang

        def work(progress) -> Path:
            return project.write_workbook(plan, path, lang)

        def wrote(written: Path) -> None:
            offer_to_open_folder(self.ask, self.tr("Wrote the plan workbook to {path}.").format(path=written),
                                 written.parent)

        return self.doc.run(Operation(self.tr("Writing {name}").format(name=path.name), work, touches_project=False,
                                      error_title=self.tr("Exporting the workbook")).success(wrote))

    def export_city_workbooks(self, folder: str | Path | None = None) -> Task | None:
        """The plan workbook of the province and one per funded city (as ``export --per-city`` writes them)
        into ``folder``, asked for when not given."""
        plan = self.doc.current_plan()
        folder = folder_to_write(self, self.tr("Folder for the plan workbooks"), folder,
                                 self.settings.last_folder) if plan is not None else None
        if folder is None:
            return None
        project, lang = self.doc.project, self.doc.lang

        def work(progress) -> list[Path]:
            return project.export(folder, ("xlsx",), plan=plan, per_city=True, lang=lang, progress=progress)

        def wrote(written: list[Path]) -> None:
            offer_to_open_folder(self.ask, self.tr("Wrote {count} plan workbooks (the province's and one per city) "
                                                   "to {folder}.").format(count=len(written), folder=folder), folder)

        return self.doc.run(Operation(self.tr("Writing the plan workbooks per city"), work, touches_project=False,
                                      error_title=self.tr("Exporting the workbooks")).success(wrote))

    def roster_template(self) -> RosterTemplateDialog:
        """Ask which city the collection template is for; write it once the dialog is accepted."""
        from planning.base.errors import DTPlanError
        from planning.reports.roster_template import template_places

        project = self.doc.project
        try:
            places = template_places(project.meta.province or None)
        except DTPlanError:  # a province name the registry does not know: the template file's
            places = template_places()
        province = places.province.pinyin if self.doc.lang == "en" and places.province.pinyin else places.province.name
        dialog = RosterTemplateDialog(province, places.cities, project.roster is not None, self)
        dialog.accepted.connect(lambda: self.write_roster_template(dialog.city(), dialog.prefilled()))
        dialog.open()
        self.template_dialog = dialog
        return dialog

    def write_roster_template(self, city: str | None, prefill: bool, path: str | Path | None = None) -> Task | None:
        path = path or self._ask_workbook_path(self.tr("Save the roster template"),
                                               self.tr("roster template") + (f"_{city}" if city else ""))
        if not path:
            return None
        path = Path(path).with_suffix(".xlsx")
        project, lang = self.doc.project, self.doc.lang

        def work(progress):
            return project.write_roster_template(path, city, prefill, lang)

        def wrote(written) -> None:
            offer_to_open_folder(self.ask, self.tr("Wrote the roster template of {place} ({firms} firms pre-filled) "
                                                   "to {path}.").format(place=written.place, firms=written.firms,
                                                                        path=path), path.parent)

        return self.doc.run(Operation(self.tr("Writing {name}").format(name=path.name), work, touches_project=False,
                                      error_title=self.tr("Writing the roster template")).success(wrote))

    def _ask_workbook_path(self, title: str, name: str) -> str:
        """Where to write an Excel workbook, suggested as ``name`` in the last folder; '' when cancelled."""
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path(self.settings.last_folder or Path.home()) /
                                                               (name + ".xlsx")), self.tr("Excel workbook (*.xlsx)"))
        return path

    # -------------------------------------------------------------- other commands

    def find_firm(self) -> None:
        self.tabs.setCurrentWidget(self.roster)
        self.roster.focus_search()

    def toggle_detail(self) -> None:
        visible = self.actions_["detail"].isChecked()
        self.roster.detail.setVisible(visible)
        self.settings.show_detail = visible

    def show_import_report(self) -> QDialog:
        if self.import_report_dialog is None:
            dialog = QDialog(self)
            dialog.setWindowTitle(self.tr("Import report"))
            dialog.resize(1000, 560)
            view = ImportReportView(dialog)
            view.ask = self.ask
            view.jumpRequested.connect(self._jump_to_source)
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(dialog.reject)
            layout = QVBoxLayout(dialog)
            layout.addWidget(view)
            layout.addWidget(buttons)
            dialog.buttons = buttons
            dialog.view = view
            self.import_report_dialog = dialog
        self.import_report_dialog.view.set_report(self.doc.project.report, self.doc.lang, self.doc.project.roster)
        self.import_report_dialog.show()
        self.import_report_dialog.raise_()
        return self.import_report_dialog

    def _jump_to_source(self, file: str, sheet: str, row: int) -> None:
        roster = self.doc.project.roster
        if roster is None:
            return
        found = roster_row_of(roster, file, sheet, row)
        if found is not None:
            self.show_firm(found)
        else:
            self.statusBar().showMessage(self.tr("Row {row} of “{sheet}” is not in the roster (see the report).")
                                         .format(row=row, sheet=sheet), 5000)

    def _cut(self, fraction: float) -> None:
        self.tabs.setCurrentWidget(self.budget)
        self.budget.show_page("cuts")
        self.doc.compute_cut(fraction)

    def _report(self, action: Callable) -> None:
        self.tabs.setCurrentWidget(self.report)
        if not self.report.when_ready(action):
            self.statusBar().showMessage(self.tr("The report is being prepared; it follows as soon as it is ready."),
                                         8000)

    def _export_chart(self) -> None:
        self.tabs.setCurrentWidget(self.charts)
        self.charts.export()

    def preferences(self) -> None:
        dialog = PreferencesDialog(self.settings, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.preferences_saved(dialog.save())

    def preferences_saved(self, restart_needed: bool) -> None:
        """After the preferences were stored: a new language or scale shows after a restart, offered here."""
        self.autosave_timer.start(max(1, self.settings.autosave_minutes) * 60_000)
        if restart_needed and self.ask(self.tr("The new language and scale show when DTPlan starts again. "
                                               "Restart DTPlan now?"), Button.Yes | Button.No, Button.Yes) == Button.Yes:
            self.restart()

    def restart(self) -> None:
        """Close, once the project's changes are saved or knowingly dropped, and start again on it."""

        def now() -> None:
            command = start_command(self.doc.path)
            self.closing = True
            if self.close():
                start_detached(command)

        self.confirm_discard(now)

    def help_topic(self) -> str | None:
        """The guide's section for where the focus is, else for the view shown."""
        return topic_of(QApplication.focusWidget()) or topic_of(self.tabs.currentWidget())

    def show_help(self, topic: str | None = None) -> HelpWindow:
        if self.help_window is None:
            self.help_window = HelpWindow(self.doc.lang, self)
        if not topic or not self.help_window.open(topic):
            self.help_window.open(INDEX)
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()
        return self.help_window

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About DTPlan"), self.tr(
            "<h3>DTPlan {version}</h3><p>Digital-transformation planning for provincial “one enterprise, one "
            "strategy” programmes: import the rosters, tag every firm, apply the strategy rules, build the budgeted "
            "plan and print it.</p><p>Chinese font: Droid Sans Fallback (Apache License 2.0).</p>").format(version=__version__))

    # -------------------------------------------------------------- drag and drop, closing

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        self.drop_paths([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])
        event.acceptProposedAction()

    def drop_paths(self, paths: list[Path]) -> None:
        projects = [p for p in paths if p.suffix.lower() == PROJECT_EXTENSION]
        if projects:
            self.open_file(projects[0])
        elif paths:
            self.import_rosters(paths)

    def closeEvent(self, event) -> None:
        if self.closing:
            self._shut_down()
            event.accept()
            return
        if self.doc.modified:
            answer = self.ask(self.tr("The project has unsaved changes. Save them before closing?"),
                              Button.Save | Button.Discard | Button.Cancel, Button.Save)
            if answer == Button.Cancel:
                event.ignore()
                return
            if answer == Button.Save:
                event.ignore()
                self.save(then=self._close_now)
                return
        self.doc.discard_autosave()
        self._shut_down()
        event.accept()

    def _close_now(self) -> None:
        self.closing = True
        self.close()

    def _shut_down(self) -> None:
        self.autosave_timer.stop()
        self.doc.stop()
        self.runner.shutdown()
        self.doc.release()
        screen = self.screen() or QGuiApplication.primaryScreen()
        self.settings.set_window_state(self.saveGeometry(), self.saveState(), screen_key(screen))
        self.settings.sync()
