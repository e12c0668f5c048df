"""The named scenarios as a form: a new scenario made from the current policy and priority weights
(with the planner's edits, kept as they are now), its names and its budget factor edited, and a
scenario deleted; the baseline, the policy as it stands, stays."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDoubleSpinBox, QFormLayout, QHBoxLayout, QHeaderView, QLineEdit,
                               QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from planning.base.errors import ConfigError
from planning.base.messages import tr as core_text
from planning.base.template_files import where_in

from .document import ProjectDocument
from .template_form import TemplateForm, error_label, show_error

BASELINE = "baseline"


def without_notes(body: dict) -> dict:
    return {key: copy.deepcopy(value) for key, value in body.items() if not key.startswith("_")}


def fresh_name(taken: set[str]) -> str:
    number = 1
    while f"scenario_{number}" in taken:
        number += 1
    return f"scenario_{number}"


class ScenariosForm(TemplateForm):
    def __init__(self, doc: ProjectDocument, label: str, parent: QWidget | None = None):
        super().__init__(doc, "scenarios", label, parent)
        self._filling = False
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Scenario"), self.tr("Changes")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_scenario(row))
        self.new_button = QPushButton(self.tr("New from the current policy"))
        self.new_button.setToolTip(self.tr("A new scenario that keeps the current policy and weights as they are now, "
                                           "with your edits"))
        self.new_button.clicked.connect(self.new_from_policy)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_scenario)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)

        self.scenario_id, self.name_zh, self.name_en = QLineEdit(), QLineEdit(), QLineEdit()
        self.factor = QDoubleSpinBox()
        self.factor.setRange(1, 1000)
        self.factor.setDecimals(1)
        self.factor.setSuffix(" %")
        self.factor.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.factor.setToolTip(self.tr("The scenario's budget as a share of the policy's budget"))
        self.problem = error_label()
        for line in (self.scenario_id, self.name_zh, self.name_en):
            line.textEdited.connect(self._edit)
        self.factor.valueChanged.connect(self._edit)
        editor = QWidget()
        form = QFormLayout(editor)
        form.addRow(self.tr("Name (Chinese):"), self.name_zh)
        form.addRow(self.tr("Name (English):"), self.name_en)
        form.addRow(self.tr("Scenario id:"), self.scenario_id)
        form.addRow(self.tr("Budget factor:"), self.factor)
        form.addRow(self.problem)
        self.editor = editor
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(editor)
        split.setStretchFactor(0, 1)
        em = self.fontMetrics().horizontalAdvance("汉")
        split.setSizes([44 * em, 32 * em])
        self.body.addWidget(split)
        self.load()

    def scenarios(self) -> list[dict]:
        return self.draft.setdefault("scenarios", [])

    def current_row(self) -> int:
        return self.table.currentRow()

    def show_draft(self) -> None:
        row = self.current_row()
        self._fill_table(max(0, min(row, len(self.scenarios()) - 1)))

    def _row_texts(self, scenario: dict) -> list[str]:
        lang = self.doc.lang
        name = str(scenario.get("name", ""))
        label = str(scenario.get("zh" if lang == "zh" else "en") or name)
        policy = dict(scenario.get("policy") or {})
        factor = policy.pop("budget_factor", None)
        weights = (scenario.get("weights") or {}).get("weights") or {}
        if policy or weights:
            changes = self.tr("policy settings: {count}; weights: {weights}").format(count=len(policy),
                                                                                     weights=len(weights))
        else:
            changes = self.tr("the policy as it stands")
        if isinstance(factor, (int, float)):
            changes = self.tr("budget {factor} %; {changes}").format(factor=f"{100 * factor:g}", changes=changes)
        return [label, changes]

    def _fill_table(self, current: int) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.scenarios()))
        for r, scenario in enumerate(self.scenarios()):
            for c, value in enumerate(self._row_texts(scenario)):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.blockSignals(False)
        self.table.resizeColumnToContents(0)
        if self.scenarios():
            self.table.setCurrentCell(current, 0)
        self._show_scenario(self.current_row())

    def _show_scenario(self, row: int) -> None:
        scenarios = self.scenarios()
        valid = 0 <= row < len(scenarios)
        self.editor.setEnabled(valid)
        baseline = valid and scenarios[row].get("name") == BASELINE
        self.delete_button.setEnabled(valid and not baseline)
        self.delete_button.setToolTip(self.tr("The baseline is the policy as it stands; it cannot be deleted.")
                                      if baseline else "")
        if not valid:
            return
        scenario = scenarios[row]
        self._filling = True
        self.scenario_id.setText(str(scenario.get("name", "")))
        self.scenario_id.setReadOnly(baseline)
        self.name_zh.setText(str(scenario.get("zh", "")))
        self.name_en.setText(str(scenario.get("en", "")))
        factor = (scenario.get("policy") or {}).get("budget_factor", 1.0)
        self.factor.setValue(100 * factor if isinstance(factor, (int, float)) else 100)
        self._filling = False
        self.field_problems()

    def _edit(self, *_args) -> None:
        row = self.current_row()
        if self._filling or not 0 <= row < len(self.scenarios()):
            return
        scenario = self.scenarios()[row]
        scenario["name"] = self.scenario_id.text().strip()
        scenario["zh"] = self.name_zh.text().strip()
        scenario["en"] = self.name_en.text().strip()
        policy = scenario.setdefault("policy", {})
        factor = round(self.factor.value() / 100, 6)
        if factor != 1 or "budget_factor" in policy:
            policy["budget_factor"] = factor
        for c, value in enumerate(self._row_texts(scenario)):
            self.table.item(row, c).setText(value)
        self.edited()

    def field_problems(self) -> bool:
        row = self.current_row()
        scenarios = self.scenarios()
        if not 0 <= row < len(scenarios):
            show_error(self.problem, "")
            return False
        scenario = scenarios[row]
        name = str(scenario.get("name", ""))
        where = where_in("scenarios.json", "item", noun=core_text("config.noun.scenario", self.doc.lang), id=name)
        problem = None
        if not name:
            problem = ConfigError("empty_id", where="scenarios.json")
        elif not scenario.get("zh") or not scenario.get("en"):
            problem = ConfigError("empty_name", where=where)
        elif [s.get("name") for s in scenarios].count(name) > 1:
            problem = ConfigError("duplicate_id", where=where)
        show_error(self.problem, problem.message(self.doc.lang) if problem else "")
        return problem is not None

    def new_from_policy(self) -> None:
        """A scenario holding the policy and weights as they are now; the planner names it."""
        templates = self.doc.project.templates
        name = fresh_name({str(s.get("name")) for s in self.scenarios()})
        self.scenarios().append({"name": name, "zh": core_text("config.new.scenario", "zh"),
                                 "en": core_text("config.new.scenario", "en"),
                                 "policy": without_notes(templates["policy"]),
                                 "weights": without_notes(templates["weights"])})
        self._fill_table(len(self.scenarios()) - 1)
        self.edited()
        (self.name_zh if self.doc.lang == "zh" else self.name_en).setFocus()
        (self.name_zh if self.doc.lang == "zh" else self.name_en).selectAll()

    def delete_scenario(self) -> None:
        row = self.current_row()
        if not 0 <= row < len(self.scenarios()) or self.scenarios()[row].get("name") == BASELINE:
            return
        del self.scenarios()[row]
        self._fill_table(min(row, len(self.scenarios()) - 1))
        self.edited()
