"""The named scenarios as a form: a new scenario made from the current policy and priority weights
(with the planner's edits, kept as they are now), its names and its budget factor edited, and a
scenario deleted; the baseline, the policy as it stands, stays."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLineEdit, QWidget

from planning.base.errors import ConfigError
from planning.base.messages import tr as core_text
from planning.base.template_files import where_in

from .document import ProjectDocument
from .entries_form import EntriesForm
from .template_form import error_label, show_error

BASELINE = "baseline"


def without_notes(body: dict) -> dict:
    return {key: copy.deepcopy(value) for key, value in body.items() if not key.startswith("_")}


def fresh_name(taken: set[str]) -> str:
    number = 1
    while f"scenario_{number}" in taken:
        number += 1
    return f"scenario_{number}"


class ScenariosForm(EntriesForm):
    def __init__(self, doc: ProjectDocument, label: str, parent: QWidget | None = None):
        super().__init__(doc, "scenarios", label, "scenarios", [self.tr("Scenario"), self.tr("Changes")], parent=parent)
        self.new_button = self.list_button(
            self.tr("New from the current policy"), self.new_from_policy,
            self.tr("A new scenario that keeps the current policy and weights as they are now, with your edits"),
            needs_entry=False)
        self.delete_button = self.list_button(self.tr("Delete"), self.delete_scenario)

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
        self.place(editor, (44, 32), scroll=False)
        self.load()

    def scenarios(self) -> list[dict]:
        return self.entries()

    def row_texts(self, scenario: dict) -> list[str]:
        lang = self.doc.lang
        name = str(scenario.get("name", ""))
        label = str(scenario.get("zh" if lang == "zh" else "en") or name)
        policy = dict(scenario.get("policy") or {})
        factor = policy.pop("budget_factor", None)
        weights = (scenario.get("weights") or {}).get("weights") or {}
        parts = []
        if isinstance(factor, (int, float)) and factor != 1:
            parts.append(self.tr("budget {factor} %").format(factor=f"{100 * factor:g}"))
        if policy or weights:
            parts.append(self.tr("policy settings: {count}; weights: {weights}").format(count=len(policy),
                                                                                        weights=len(weights)))
        return [label, self.tr("; ").join(parts) or self.tr("the policy as it stands")]

    def show_entry(self, scenario: dict) -> None:
        baseline = scenario.get("name") == BASELINE
        self.delete_button.setEnabled(not baseline)
        self.delete_button.setToolTip(self.tr("The baseline is the policy as it stands; it cannot be deleted.")
                                      if baseline else "")
        self.scenario_id.setText(str(scenario.get("name", "")))
        self.scenario_id.setReadOnly(baseline)
        self.factor.setEnabled(not baseline)  # the baseline is the policy's own budget
        self.name_zh.setText(str(scenario.get("zh", "")))
        self.name_en.setText(str(scenario.get("en", "")))
        factor = (scenario.get("policy") or {}).get("budget_factor", 1.0)
        self.factor.setValue(100 * factor if isinstance(factor, (int, float)) else 100)

    def _edit(self, *_args) -> None:
        scenario = self.current_entry()
        if self._filling or scenario is None:
            return
        scenario["name"] = self.scenario_id.text().strip()
        scenario["zh"] = self.name_zh.text().strip()
        scenario["en"] = self.name_en.text().strip()
        policy = scenario.setdefault("policy", {})
        factor = round(self.factor.value() / 100, 6)
        if factor != 1 or "budget_factor" in policy:
            policy["budget_factor"] = factor
        self.refresh_row()
        self.edited()

    def field_problems(self) -> bool:
        scenario, scenarios = self.current_entry(), self.scenarios()
        if scenario is None:
            show_error(self.problem, "")
            return False
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
        self.insert_entry({"name": name, "zh": core_text("config.new.scenario", "zh"),
                           "en": core_text("config.new.scenario", "en"), "policy": without_notes(templates["policy"]),
                           "weights": without_notes(templates["weights"])}, len(self.scenarios()))
        (self.name_zh if self.doc.lang == "zh" else self.name_en).setFocus()
        (self.name_zh if self.doc.lang == "zh" else self.name_en).selectAll()

    def delete_scenario(self) -> None:
        scenario = self.current_entry()
        if scenario is not None and scenario.get("name") != BASELINE:
            self.remove_entry()
