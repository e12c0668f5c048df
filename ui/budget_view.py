"""Budget and scenarios: plan a scenario in the background, read its figures and limits, its funded
actions, compare every scenario side by side, the efficient frontier, and what-if budget cuts (who
loses funding). Labels come from the report template, so the window, the workbook and the report
use the same words."""

from __future__ import annotations

import html

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton,
                               QTableView, QTableWidget, QTableWidgetItem, QTabWidget, QTextBrowser, QVBoxLayout,
                               QWidget)

from planning.reports import formats
from planning.reports import tables as plan_tables
from planning.reports.firm_outcomes import COLUMNS as OUTCOME_COLUMNS, firm_outcomes, outcome_display
from planning.reports.formats import money, percent
from planning.budget.action_plan import BudgetPlan
from planning.reports.templates import Texts

from .column_widths import ColumnWidths
from .document import ProjectDocument
from .help_measures import with_measure_tips
from .sorted_model import SortedTableModel, frame_columns, make_view

METHODS = ("auto", "milp", "greedy")
CUTS = (0.1, 0.2)


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


HIDDEN_METRICS = ("total_value", "optimality_gap")  # how the plan was computed, not what it does
COUNT_METRICS = ("funded_firms", "funded_actions", "kpi:firms_level_2_plus", "kpi:firms_level_3_plus",
                 "kpi:firms_reaching_level_2", "kpi:firms_reaching_level_3")
RATE_METRICS = ("kpi:rd_tool_rate", "kpi:cnc_rate", "kpi:networking_rate")


def metric_formats(key: str):
    """(format, signed format) of a comparison figure: a count, a rate in points, or money."""
    if key in COUNT_METRICS:
        return formats.count, formats.signed_count
    if key in RATE_METRICS:
        return formats.points, formats.signed_points
    return money, formats.signed_money


class BudgetView(QWidget):
    firmRequested = Signal(int)

    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        bar = self._build_run_bar()
        self.stale = QLabel()
        self.stale.setStyleSheet("background: #FFF4CE; padding: 4px; border: 1px solid #E0C060;")
        self.stale.setWordWrap(True)
        self.stale.hide()
        self.summary = QTextBrowser()
        self._build_lines()
        self._build_outcomes()
        self.comparison = self._grid_widget()
        self.comparison_keys: list[str] = []
        self.pages = {"summary": (self.summary, self.tr("Summary")),
                      "lines": (self.lines, self.tr("Funded actions")),
                      "outcomes": (self.outcomes, self.tr("Every firm: funded or not, and why")),
                      "comparison": (self.comparison, self.tr("Scenarios compared")),
                      "frontier": (self._build_frontier_page(), self.tr("Efficient frontier")),
                      "cuts": (self._build_cuts_page(), self.tr("Budget cuts"))}
        self.tabs = QTabWidget()
        for page, title in self.pages.values():
            self.tabs.addTab(page, title)
        self.tabs.currentChanged.connect(lambda _i: self._fill_outcomes())
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stale)
        layout.addWidget(self.tabs, 1)
        self._follow_the_document()
        self._fill_scenarios()
        self.refresh()
        self.refresh_analysis()

    def _build_run_bar(self) -> QHBoxLayout:
        """Scenario, budget and method, and the buttons that plan."""
        self.scenario = QComboBox()
        self.scenario.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.budget = QDoubleSpinBox()
        self.budget.setRange(0, 1e9)
        self.budget.setDecimals(0)
        self.budget.setGroupSeparatorShown(True)
        self.budget.setSpecialValueText(self.tr("as in the policy"))
        self.budget.setSuffix(self.tr(" 10k CNY"))
        self.budget.setMinimumWidth(12 * self.fontMetrics().horizontalAdvance("汉"))
        self.method = QComboBox()
        for key, text in zip(METHODS, (self.tr("Automatic"), self.tr("Best, proven"), self.tr("Quick draft"))):
            self.method.addItem(text, key)
        self.plan_button = QPushButton(self.tr("Plan"))
        self.plan_button.clicked.connect(self.plan)
        self.all_button = QPushButton(self.tr("Plan and compare all scenarios"))
        self.all_button.clicked.connect(self.plan_all)
        bar = QHBoxLayout()
        for label, widget in ((self.tr("Scenario:"), self.scenario), (self.tr("Budget:"), self.budget),
                              (self.tr("Method:"), self.method)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.plan_button)
        bar.addWidget(self.all_button)
        bar.addStretch(1)
        return bar

    def _build_lines(self) -> None:
        self.lines_model = SortedTableModel(self)
        self.lines_firms = pd.Series(dtype="int64")
        self.lines = self._table(self.lines_model)
        self.lines_widths = ColumnWidths(self.lines, "plan_lines")
        self.lines.doubleClicked.connect(lambda index: self._firm_from(self.lines_model, index, self.lines_firms))

    def _build_outcomes(self) -> None:
        """Every roster firm, funded or not and why: the rows the workbook and ``plan --firms-out`` give."""
        self.outcomes_model = SortedTableModel(self)
        self.outcomes = self._table(self.outcomes_model)
        self.outcomes_widths = ColumnWidths(self.outcomes, "firm_outcomes")
        self.outcomes_shown: tuple | None = None  # (plan, language) the table shows
        self.outcomes.doubleClicked.connect(lambda index: self._firm_from(
            self.outcomes_model, index, pd.Series(range(self.outcomes_model.rowCount()))))

    def _fill_outcomes(self) -> None:
        """Filled when the page is in view (a province's roster makes it long), once per plan."""
        if self.tabs.currentWidget() is not self.outcomes:
            return
        plan = self.doc.current_plan()
        if plan is None:
            self.outcomes_model.set_columns([], 0)
            self.outcomes_shown = None
            return
        if self.outcomes_shown is not None and self.outcomes_shown[0] is plan and self.outcomes_shown[1] == self.doc.lang:
            return
        lang = self.doc.lang
        table = outcome_display(plan, firm_outcomes(plan, lang), lang)
        table["start_year"] = [("" if v is None else str(v)) for v in table["start_year"]]
        kinds = {"investment_wan": "money", "subsidy_wan": "money", "cap_wan": "money"}
        spec = [(key, name, kinds.get(key, "text"))
                for key, name in zip(OUTCOME_COLUMNS, self.texts().column_names(OUTCOME_COLUMNS))]
        self.outcomes_model.set_columns(frame_columns(table, spec), len(table))
        self.outcomes_widths.fit()
        self.outcomes_shown = (plan, lang)

    def _build_frontier_page(self) -> QWidget:
        self.frontier_table = self._grid_widget()
        self.frontier_button = QPushButton(self.tr("Compute the efficient frontier"))
        self.frontier_button.clicked.connect(lambda: self.doc.compute_frontier(method=self.method.currentData()))
        frontier = QWidget()
        frontier_layout = QVBoxLayout(frontier)
        frontier_hint = QLabel(self.tr("The subsidy the plan allocates and the firms it funds at budgets from a "
                                       "tenth of the current one up to all of it (the chart is under Charts)."))
        frontier_hint.setWordWrap(True)
        frontier_layout.addWidget(frontier_hint)
        frontier_layout.addWidget(self.frontier_button, 0, Qt.AlignmentFlag.AlignLeft)
        frontier_layout.addWidget(self.frontier_table, 1)
        return frontier

    def _build_cuts_page(self) -> QWidget:
        """The cut buttons, the cuts computed so far, and the funded actions a cut drops."""
        cuts = QWidget()
        cuts_layout = QVBoxLayout(cuts)
        cut_bar = QHBoxLayout()
        cut_bar.addWidget(QLabel(self.tr("What if the budget is cut by")))
        self.cut_buttons = []
        for fraction in CUTS:
            button = QPushButton(f"−{fraction:.0%}")
            button.clicked.connect(lambda _=False, f=fraction: self.doc.compute_cut(f))
            cut_bar.addWidget(button)
            self.cut_buttons.append(button)
        self.cut_custom = QDoubleSpinBox()
        self.cut_custom.setRange(1, 90)
        self.cut_custom.setValue(30)
        self.cut_custom.setSuffix(" %")
        custom = QPushButton(self.tr("Cut"))
        custom.clicked.connect(lambda: self.doc.compute_cut(self.cut_custom.value() / 100))
        cut_bar.addWidget(self.cut_custom)
        cut_bar.addWidget(custom)
        self.cut_buttons.append(custom)
        cut_bar.addStretch(1)
        self.cut_choice = QComboBox()
        self.cut_choice.currentIndexChanged.connect(self._show_cut)
        self.cut_summary = QLabel()
        self.cut_summary.setWordWrap(True)
        self.dropped_model = SortedTableModel(self)
        self.dropped_firms = pd.Series(dtype="int64")
        self.dropped = self._table(self.dropped_model)
        self.dropped_widths = ColumnWidths(self.dropped, "dropped_actions")
        self.dropped.doubleClicked.connect(lambda index: self._firm_from(self.dropped_model, index, self.dropped_firms))
        cuts_layout.addLayout(cut_bar)
        row = QHBoxLayout()
        row.addWidget(self.cut_choice)
        row.addWidget(self.cut_summary, 1)
        cuts_layout.addLayout(row)
        self.cut_note = QLabel()
        self.cut_note.setWordWrap(True)
        self.cut_note.setStyleSheet("color: #595959")
        cuts_layout.addWidget(self.cut_note)
        cuts_layout.addWidget(QLabel(self.tr("Funded actions that drop out, least valuable first:")))
        cuts_layout.addWidget(self.dropped, 1)
        return cuts

    def _follow_the_document(self) -> None:
        doc = self.doc
        self.scenario.currentIndexChanged.connect(self._scenario_chosen)
        doc.projectReplaced.connect(self._fill_scenarios)
        doc.templatesChanged.connect(lambda name: self._fill_scenarios() if name == "scenarios" else None)
        doc.plansChanged.connect(self.refresh)
        doc.analysisChanged.connect(self.refresh_analysis)
        doc.busyChanged.connect(lambda _b: self._update_enabled())
        doc.strategyChanged.connect(self._update_enabled)

    def show_page(self, key: str) -> None:
        """Bring one of the pages forward: summary, lines, comparison, frontier or cuts."""
        self.tabs.setCurrentWidget(self.pages[key][0])

    def _table(self, model: SortedTableModel) -> QTableView:
        return make_view(model)

    def _grid_widget(self) -> QTableWidget:
        table = QTableWidget()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        table.horizontalHeader().setMinimumSectionSize(7 * self.fontMetrics().horizontalAdvance("汉"))
        return table

    def texts(self) -> Texts:
        return Texts.load(self.doc.lang)

    # -------------------------------------------------------------- running

    def _fill_scenarios(self) -> None:
        chosen = self.scenario.currentData() or self.doc.scenario
        self.scenario.blockSignals(True)
        self.scenario.clear()
        for name, label in self.doc.scenario_labels().items():
            self.scenario.addItem(label, name)
        self.scenario.setCurrentIndex(max(0, self.scenario.findData(chosen)))
        self.scenario.blockSignals(False)
        self._scenario_chosen()

    def _scenario_chosen(self) -> None:
        name = self.scenario.currentData()
        if name is None:
            return
        run = self.doc.project.runs.get(name)
        self.budget.setValue(run.total if run is not None and run.total else 0)
        if run is not None:
            self.method.setCurrentIndex(max(0, self.method.findData(run.method)))
        self.doc.set_scenario(name)
        self._update_enabled()

    def _update_enabled(self) -> None:
        ready = self.doc.strategy is not None and not self.doc.busy
        for widget in (self.plan_button, self.all_button):
            widget.setEnabled(ready)
        has_plan = self.doc.current_plan() is not None
        self.frontier_button.setEnabled(has_plan and not self.doc.busy)
        for button in self.cut_buttons:
            button.setEnabled(has_plan)

    def plan(self):
        budget = self.budget.value() or None
        return self.doc.plan(self.scenario.currentData(), budget, None, self.method.currentData())

    def plan_all(self):
        return self.doc.plan_all(self.budget.value() or None, self.method.currentData())

    # -------------------------------------------------------------- showing

    def refresh(self) -> None:
        plan = self.doc.current_plan()
        if plan is not None and self.scenario.currentData() != self.doc.scenario:
            self.scenario.blockSignals(True)
            self.scenario.setCurrentIndex(max(0, self.scenario.findData(self.doc.scenario)))
            self.scenario.blockSignals(False)
        self.stale.setVisible(self.doc.plans_stale)
        self.stale.setText(self.tr("The rules, the policy or the overrides changed since this plan was made: plan "
                                   "again to update it."))
        empty = self.tr("No plan yet. Choose a scenario and press Plan.")
        self.summary.setHtml(self.summary_html(plan) if plan is not None else f"<p style='color:#7f7f7f'>{_e(empty)}</p>")
        self._fill_lines(plan)
        self._fill_outcomes()
        self._update_enabled()

    def summary_html(self, plan: BudgetPlan) -> str:
        t = self.texts()
        f = plan_tables.key_figures(plan)
        label = self.doc.scenario_labels().get(plan.scenario, plan.scenario)
        figures = [
            (t("figures.scenario"), label), (t("figures.horizon"), f"{f['start']}–{f['end']}"),
            (t("figures.budget_wan"), money(f["budget_wan"])), (t("figures.total_subsidy_wan"), money(f["total_subsidy_wan"])),
            (t("figures.budget_use"), percent(f["budget_use"])),
            (t("figures.total_investment_wan"), money(f["total_investment_wan"])),
            (t("figures.own_funds_wan"), money(f["own_funds_wan"])),
            (t("figures.leverage"), "—" if f["leverage"] is None else f"{f['leverage']:.2f}"),
            (t("figures.funded_firms"), f"{formats.count(f['funded_firms'])} / {formats.count(f['roster_firms'])}"),
            (t("figures.funded_actions"), formats.count(f["funded_actions"])),
        ]
        quality = formats.plan_quality_value(f["optimality_gap"], t.lang)
        if quality:
            figures.append((t("figures.plan_quality"), quality))
        parts = [f"<h3>{_e(t('figures.heading'))}</h3>", self._pairs(figures),
                 f"<p style='color:#595959'>{_e(t('unit_note'))}</p>"]
        years = plan_tables.year_table(plan)
        parts.append("<h3>%s</h3>" % _e(self.tr("By year")))
        parts.append(self._grid([self.tr("Year"), self.tr("Actions started"),
                                 *t.column_names(["committed_wan", "paid_wan", "budget_wan"]), self.tr("Used")],
                                [[r.year, formats.count(r.started_actions), money(r.committed_wan), money(r.paid_wan),
                                  money(r.budget_wan), percent(r.budget_use)] for r in years.itertuples()]))
        parts.append(f"<p style='color:#595959'>{_e(t('charts.yearly_note'))}</p>")
        tracks = plan_tables.group_table(plan, "track", t)
        parts.append("<h3>%s</h3>" % _e(self.tr("By track")))
        parts.append(self._grid([self.tr("Track"), self.tr("Firms"), self.tr("Subsidy"), self.tr("Share")],
                                [[r.group, formats.count(r.firms), money(r.subsidy_wan), percent(r.share)]
                                 for r in tracks.itertuples()]))
        parts += self._kpi_html(plan, t)
        rows = []
        for c in plan_tables.constraint_rows(plan, t):
            fmt = percent if c["kind"] == "percent" else formats.count if c["kind"] == "integer" else money
            rows.append([c["label"], fmt(c["limit"]), fmt(c["used"]),
                         t("constraints.yes") if c["met"] else t("constraints.no"),
                         t("constraints.yes") if c["binding"] else t("constraints.no")])
        parts.append(f"<h3>{_e(t('constraints.heading'))}</h3>")
        parts.append(self._grid([t("constraints.constraint"), t("constraints.limit"), t("constraints.used"),
                                 t("constraints.met"), t("constraints.binding")], rows))
        return "".join(parts)

    def _kpi_html(self, plan: BudgetPlan, t: Texts) -> list[str]:
        """The KPIs before and at the end of the plan, the national figures defined the same way, and how
        each figure is computed."""
        columns, rows = plan_tables.kpi_table(plan, t)
        keys = [k for k, _ in columns if k in ("indicator", "baseline") or k.startswith("n")]
        last = next((k for k, _ in reversed(columns) if k.startswith("y")), None)
        if last is not None:
            keys.insert(2, last)
        labels = dict(columns)
        body = [[row["indicator"]] + [formats.points(row.get(k)) if row["kind"] == "rate" else formats.count(row.get(k))
                                      for k in keys[1:]] for row in rows]
        notes = "".join(f"<p style='color:#595959'>{_e(text)}</p>" for text in plan_tables.kpi_notes(plan, t.lang))
        return [f"<h3>{_e(t('kpi.heading'))}</h3>", self._grid([labels[k] for k in keys], body),
                f"<p style='color:#595959'>{_e(t('report.kpi_note'))}</p>", notes]

    @staticmethod
    def _pairs(rows) -> str:
        body = "".join(f"<tr><td style='color:#595959; padding-right:16px'>{_e(k)}</td><td align='right'><b>{_e(v)}</b></td></tr>"
                       for k, v in rows)
        return f"<table cellspacing='0' cellpadding='3'>{body}</table>"

    @staticmethod
    def _grid(header, rows) -> str:
        head = "".join(f"<th style='background:#DDEBF7; padding:3px 8px' align='left'>{_e(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td style='padding:2px 8px'>{_e(v)}</td>" for v in row) + "</tr>" for row in rows)
        return f"<table cellspacing='0' cellpadding='2'><tr>{head}</tr>{body}</table>"

    def line_columns(self):
        kinds = {"year": "text", "investment_wan": "money", "subsidy_wan": "money", "own_funds_wan": "money",
                 "ratio": "percent", "value": "float1"}
        keys = [key for key in plan_tables.ACTION_PLAN_COLUMNS if key != "row_no"]
        return [(key, name, kinds.get(key, "text")) for key, name in zip(keys, self.texts().column_names(keys))]

    def _fill_lines(self, plan: BudgetPlan | None) -> None:
        if plan is None:
            self.lines_model.set_columns([], 0)
            self.lines_firms = pd.Series(dtype="int64")
            return
        table = plan_tables.action_plan(plan, self.texts())
        table["year"] = table["year"].astype(str)
        self.lines_firms = plan.lines["firm"].reset_index(drop=True)
        self.lines_model.set_columns(with_measure_tips(frame_columns(table, self.line_columns()), plan.lines["action"],
                                                       plan.strategy.config.catalogue.by_id(), self.doc.lang), len(table))
        self.lines_widths.fit()
        self.lines.setColumnWidth(len(self.lines_model.columns) - 1, 30 * self.fontMetrics().horizontalAdvance("汉"))

    def _firm_from(self, model: SortedTableModel, index, firms: pd.Series) -> None:
        row = model.source_row(index.row())
        if 0 <= row < len(firms):
            self.firmRequested.emit(int(firms.iat[row]))

    # -------------------------------------------------------------- comparison, frontier, cuts

    def metric_label(self, key: str, t: Texts) -> str:
        kind, _, rest = key.partition(":")
        config = self.doc.strategy.config if self.doc.strategy is not None else self.doc.project.strategy_config()
        if not rest:
            return t(f"figures.{key}") if t.has(f"figures.{key}") else key
        if kind == "track":
            return self.tr("Subsidy: {name}").format(name=config.name_of("track", rest, self.doc.lang))
        if kind == "year":
            return self.tr("Subsidy paid {year}").format(year=rest)
        if kind == "city":
            plan = self.doc.current_plan()
            places = plan_tables.place_names(plan, "city", self.doc.lang) if plan is not None else {}
            return self.tr("Subsidy: {name}").format(name=places.get(rest, rest) if rest != "unknown" else t("unknown_city"))
        if kind == "sector":
            name = config.name_of("key_sector", rest, self.doc.lang) if rest != "unknown" else t("unclassified_sector")
            return self.tr("Subsidy: {name}").format(name=name)
        if kind == "kpi":
            return t(f"kpi.{rest}") if t.has(f"kpi.{rest}") else rest
        return key

    def refresh_analysis(self) -> None:
        t = self.texts()
        table = self.doc.comparison
        if table is None or table.empty:
            self.comparison.setRowCount(1)
            self.comparison.setColumnCount(1)
            self.comparison.setHorizontalHeaderLabels([""])
            self.comparison.setItem(0, 0, QTableWidgetItem(self.tr("Use “Plan and compare all scenarios”.")))
        else:
            labels = self.doc.scenario_labels()
            keys = self.comparison_keys = [k for k in table.index if k not in HIDDEN_METRICS]
            base = "baseline" if "baseline" in table.columns else table.columns[0]
            self.comparison.setRowCount(len(keys))
            self.comparison.setColumnCount(len(table.columns))
            self.comparison.setHorizontalHeaderLabels(
                [labels.get(c, c) if c == base else self.tr("{name} (Δ vs {base})").format(
                    name=labels.get(c, c), base=labels.get(base, base)) for c in table.columns])
            wan = t("figures.unit_wan")
            self.comparison.setVerticalHeaderLabels(
                [self.metric_label(k, t) + (f" ({wan})" if metric_formats(k)[0] is money else "") for k in keys])
            for r, key in enumerate(keys):
                fmt, signed = metric_formats(key)
                for c, column in enumerate(table.columns):
                    value = table.at[key, column]
                    text = fmt(value)
                    if column != base and text != formats.MISSING:
                        text += f" ({signed(value - table.at[key, base])})"
                    item = QTableWidgetItem(text)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.comparison.setItem(r, c, item)
        self.comparison.resizeColumnsToContents()
        points = self.doc.frontier_points or []
        headers = [t("figures.budget_wan"), t("figures.total_subsidy_wan"), t("figures.funded_firms")]
        self.frontier_table.setColumnCount(len(headers))
        self.frontier_table.setHorizontalHeaderLabels(headers)
        self.frontier_table.setRowCount(len(points))
        for r, p in enumerate(points):
            for c, text in enumerate((money(p["budget_wan"]), money(p["total_subsidy_wan"]),
                                      formats.count(p["funded_firms"]))):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.frontier_table.setItem(r, c, item)
        self.frontier_table.resizeColumnsToContents()
        chosen = self.cut_choice.currentData()
        self.cut_choice.blockSignals(True)
        self.cut_choice.clear()
        for fraction in sorted(self.doc.cuts):
            self.cut_choice.addItem(f"−{fraction:.0%}", fraction)
        index = self.cut_choice.findData(chosen)
        self.cut_choice.setCurrentIndex(index if index >= 0 else self.cut_choice.count() - 1)
        self.cut_choice.blockSignals(False)
        self.cut_choice.setVisible(bool(self.doc.cuts))
        self._show_cut()
        self._update_enabled()

    def cut_against_scenarios(self, result) -> str:
        """Why a cut and a scenario with a smaller budget differ at the same money, and, when such a
        scenario was planned at the cut's budget in this session, the two side by side."""
        labels = self.doc.scenario_labels()
        smaller = [labels.get(name, name) for name, spec in self.doc.project.scenario_specs().items()
                   if float(spec.policy_changes.get("budget_factor", 1.0)) < 1.0]
        text = self.tr("A cut keeps this plan and drops its least valuable packages, whole, until the smaller budget "
                       "and each year's share of it are met: it shows who would lose funding. A scenario with a smaller "
                       "budget ({scenarios}) plans anew with that money: it can choose other firms, smaller packages "
                       "and other years, so at the same budget it usually funds more.").format(
            scenarios=("、" if self.doc.lang == "zh" else ", ").join(f"“{name}”" for name in smaller) or "—")
        if result is None:
            return text
        kept = result.kept.lines
        for name, plan in self.doc.plans.items():
            if name != self.doc.scenario and abs(plan.policy.total_budget - result.budget_wan) < 0.5:
                text += ("" if self.doc.lang == "zh" else " ") + self.tr("At {budget}, “{scenario}” funds {firms} firms with {money}; this cut keeps "
                                      "{kept} firms with {kept_money}.").format(
                    budget=money(result.budget_wan), scenario=labels.get(name, name),
                    firms=formats.count(plan.lines["firm"].nunique()), money=money(plan.lines["subsidy_wan"].sum()),
                    kept=formats.count(kept["firm"].nunique()), kept_money=money(kept["subsidy_wan"].sum()))
                break
        return text

    def _show_cut(self) -> None:
        fraction = self.cut_choice.currentData()
        result = self.doc.cuts.get(fraction) if fraction is not None else None
        plan = self.doc.current_plan()
        self.cut_note.setText(self.cut_against_scenarios(result) if plan is not None else "")
        if result is None or plan is None:
            self.cut_summary.setText(self.tr("Choose a cut to see who would lose funding.") if plan is not None
                                     else self.tr("Plan a scenario first."))
            self.dropped_model.set_columns([], 0)
            self.dropped_firms = pd.Series(dtype="int64")
            return
        kept = result.kept
        dropped = result.dropped
        self.cut_summary.setText(self.tr(
            "Budget {budget} instead of {before}: {firms} firms stay funded ({lost} fewer); {actions} actions drop out, "
            "{money} of subsidy.").format(
            budget=money(result.budget_wan), before=money(plan.policy.total_budget),
            firms=f"{kept.lines['firm'].nunique():,}",
            lost=f"{plan.lines['firm'].nunique() - kept.lines['firm'].nunique():,}",
            actions=f"{len(dropped):,}", money=money(dropped["subsidy_wan"].sum())))
        view = BudgetPlan(plan.strategy, plan.policy, plan.weights, plan.candidates, plan.table, plan.allocation,
                          dropped, plan.scenario)
        table = plan_tables.action_plan(view, self.texts())
        table["year"] = table["year"].astype(str)
        self.dropped_firms = dropped["firm"].reset_index(drop=True)
        self.dropped_model.set_columns(with_measure_tips(frame_columns(table, self.line_columns()), dropped["action"],
                                                         plan.strategy.config.catalogue.by_id(), self.doc.lang), len(table))
        self.dropped_widths.fit()
