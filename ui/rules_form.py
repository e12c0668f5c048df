"""The strategy rules as a form: the rules in order (add, copy, move, delete) with how many firms each
decides, and the chosen rule's names, track, actions, reasons and conditions, all checked by the core
as the planner edits. Applying re-runs the strategy as one undo step."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QLineEdit, QListWidget, QPushButton, QScrollArea, QSplitter,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from planning.base.errors import ConfigError
from planning.base.messages import tr as core_text
from planning.base.template_files import where_in
from planning.strategy.catalogue import TRACKS, track_label
from planning.strategy.rules import RuleSet

from .condition_editor import ConditionEditor
from .document import ProjectDocument
from .template_form import TemplateForm, checked_codes, error_label, fill_checklist, show_error


def fresh_id(taken: set[str], stem: str = "R") -> str:
    number = 1
    while f"{stem}{number:02d}" in taken:
        number += 1
    return f"{stem}{number:02d}"


class RulesForm(TemplateForm):
    def __init__(self, doc: ProjectDocument, label: str, parent: QWidget | None = None):
        super().__init__(doc, "rules", label, parent)
        self._filling = False
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Rule"), self.tr("Name"), self.tr("Track"), self.tr("Firms")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_rule(row))
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setToolTip(self.tr("A new rule before the last one (the catch-all)"))
        self.add_button.clicked.connect(self.add_rule)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(self.copy_rule)
        self.up_button = QPushButton(self.tr("Up"))
        self.up_button.setToolTip(self.tr("Try this rule earlier: the first rule that holds decides"))
        self.up_button.clicked.connect(lambda: self.move_rule(-1))
        self.down_button = QPushButton(self.tr("Down"))
        self.down_button.clicked.connect(lambda: self.move_rule(1))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_rule)
        list_buttons = QHBoxLayout()
        for button in (self.add_button, self.copy_button, self.up_button, self.down_button, self.delete_button):
            list_buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(list_buttons)

        self.rule_id = QLineEdit()
        self.name_zh, self.name_en = QLineEdit(), QLineEdit()
        self.reason_zh, self.reason_en = QLineEdit(), QLineEdit()
        self.track = QComboBox()
        for track in TRACKS:
            self.track.addItem(track_label(track, doc.lang), track)
        self.action_list = QListWidget()
        self.action_list.setMaximumHeight(8 * self.fontMetrics().height())
        self.rule_problem = error_label()
        for line in (self.rule_id, self.name_zh, self.name_en, self.reason_zh, self.reason_en):
            line.textEdited.connect(self._edit_rule)
        self.track.currentIndexChanged.connect(self._edit_rule)
        self.action_list.itemChanged.connect(self._edit_rule)
        self.conditions = ConditionEditor()
        self.conditions.changed.connect(self._edit_rule)
        editor = QWidget()
        form = QFormLayout(editor)
        form.addRow(self.tr("Rule id:"), self.rule_id)
        form.addRow(self.tr("Name (Chinese):"), self.name_zh)
        form.addRow(self.tr("Name (English):"), self.name_en)
        form.addRow(self.tr("Track:"), self.track)
        form.addRow(self.tr("Actions:"), self.action_list)
        form.addRow(self.tr("Reason (Chinese):"), self.reason_zh)
        form.addRow(self.tr("Reason (English):"), self.reason_en)
        form.addRow(self.rule_problem)
        box = QGroupBox(self.tr("When the rule holds"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.conditions)
        form.addRow(box)
        self.editor = editor
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(editor)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(scroll)
        split.setStretchFactor(1, 1)
        em = self.fontMetrics().horizontalAdvance("汉")
        split.setSizes([26 * em, 50 * em])
        self.body.addWidget(split)
        doc.strategyChanged.connect(self._fill_counts)
        self.load()

    # -------------------------------------------------------------- showing

    def rules(self) -> list[dict]:
        return self.draft.setdefault("rules", [])

    def current_row(self) -> int:
        return self.table.currentRow()

    def show_draft(self) -> None:
        row = self.current_row()
        self._fill_table(max(0, min(row, len(self.rules()) - 1)))

    def _fill_table(self, current: int) -> None:
        lang = self.doc.lang
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rules()))
        for r, rule in enumerate(self.rules()):
            name = rule.get("zh" if lang == "zh" else "en") or rule.get("zh") or ""
            values = [str(rule.get("id", "")), str(name), track_label(str(rule.get("track", "")), lang), ""]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        self._fill_counts()
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        if self.rules():
            self.table.setCurrentCell(current, 0)
        self._show_rule(self.current_row())

    def _fill_counts(self) -> None:
        counts = {}
        if self.doc.strategy is not None:
            counts = self.doc.strategy.frame["rule"].value_counts().to_dict()
        applied = {r.get("id") for r in self.current().get("rules", [])}
        for r, rule in enumerate(self.rules()):
            item = self.table.item(r, 3)
            if item is not None:  # a rule not applied yet has decided nothing
                item.setText(f"{counts.get(rule.get('id'), 0):,}" if rule.get("id") in applied else "–")

    def _show_rule(self, row: int) -> None:
        rules = self.rules()
        self.editor.setEnabled(0 <= row < len(rules))
        for button in (self.copy_button, self.delete_button):
            button.setEnabled(0 <= row < len(rules))
        self.up_button.setEnabled(0 < row < len(rules))
        self.down_button.setEnabled(0 <= row < len(rules) - 1)
        if not 0 <= row < len(rules):
            return
        rule = rules[row]
        lang = self.doc.lang
        self._filling = True
        for line, key in ((self.rule_id, "id"), (self.name_zh, "zh"), (self.name_en, "en"),
                          (self.reason_zh, "reason_zh"), (self.reason_en, "reason_en")):
            line.setText(str(rule.get(key, "")))
        self.track.setCurrentIndex(self.track.findData(rule.get("track")))
        actions = self.doc.project.strategy_config().catalogue.actions
        fill_checklist(self.action_list, [(a.id, f"{a.id} {a.label(lang)}") for a in actions], rule.get("actions") or [])
        self.conditions.set_condition(rule.get("when") or {}, self.doc.project.strategy_config(), lang,
                                      where_in("rules.json", "rule", id=str(rule.get("id", ""))))
        self._filling = False
        self.field_problems()

    # -------------------------------------------------------------- editing

    def _edit_rule(self, *_args) -> None:
        row = self.current_row()
        if self._filling or not 0 <= row < len(self.rules()):
            return
        rule = self.rules()[row]
        for line, key in ((self.rule_id, "id"), (self.name_zh, "zh"), (self.name_en, "en"),
                          (self.reason_zh, "reason_zh"), (self.reason_en, "reason_en")):
            rule[key] = line.text().strip()
        rule["track"] = self.track.currentData()
        checked = checked_codes(self.action_list)
        kept = [a for a in rule.get("actions") or [] if a in checked]
        rule["actions"] = kept + [a for a in checked if a not in kept]
        rule["when"] = self.conditions.condition()
        name = rule["zh"] if self.doc.lang == "zh" else rule["en"]
        for c, value in ((0, rule["id"]), (1, name), (2, track_label(rule["track"], self.doc.lang))):
            self.table.item(row, c).setText(value)
        self.edited()

    def field_problems(self) -> bool:
        """The chosen rule checked on its own (id, names, track, actions, conditions) next to its fields."""
        row = self.current_row()
        rules = self.rules()
        if not 0 <= row < len(rules):
            show_error(self.rule_problem, "")
            return False
        rule = rules[row]
        problem = ""
        where = where_in("rules.json", "rule", id=str(rule.get("id", "")))
        if not str(rule.get("id", "")).strip():
            problem = ConfigError("empty_id", where=where_in("rules.json", "rule_number", number=row + 1))
        elif not str(rule.get("zh", "")).strip() or not str(rule.get("en", "")).strip():
            problem = ConfigError("empty_name", where=where)
        elif [r.get("id") for r in rules].count(rule.get("id")) > 1:
            problem = ConfigError("rule.duplicate", where=where)
        else:
            try:
                RuleSet.from_dict({"rules": [rule]}, self.doc.project.strategy_config().fields,
                                  self.doc.project.strategy_config().catalogue)
            except ConfigError as exc:
                problem = exc
        show_error(self.rule_problem, problem.message(self.doc.lang) if problem else "")
        wrong = bool(problem) or bool(self.conditions.problems())
        item = self.table.item(row, 0)
        if item is not None:
            item.setForeground(Qt.GlobalColor.red if wrong else self.palette().text().color())
        return wrong

    def add_rule(self) -> None:
        rules = self.rules()
        at = max(0, len(rules) - 1) if rules and not rules[-1].get("when") else len(rules)
        rid = fresh_id({str(r.get("id")) for r in rules})
        rules.insert(at, {"id": rid, "zh": core_text("config.new.rule", "zh"), "en": core_text("config.new.rule", "en"),
                          "when": {"field": "tier", "op": "==", "value": "basic"}, "track": "review", "actions": [],
                          "reason_zh": "", "reason_en": ""})
        self._fill_table(at)
        self.edited()

    def copy_rule(self) -> None:
        row = self.current_row()
        rules = self.rules()
        if not 0 <= row < len(rules):
            return
        rule = copy.deepcopy(rules[row])
        rule["id"] = fresh_id({str(r.get("id")) for r in rules}, str(rule.get("id", "R")).rstrip("0123456789") or "R")
        rules.insert(row + 1, rule)
        self._fill_table(row + 1)
        self.edited()

    def move_rule(self, step: int) -> None:
        row = self.current_row()
        rules = self.rules()
        if not (0 <= row < len(rules) and 0 <= row + step < len(rules)):
            return
        rules[row], rules[row + step] = rules[row + step], rules[row]
        self._fill_table(row + step)
        self.edited()

    def delete_rule(self) -> None:
        row = self.current_row()
        rules = self.rules()
        if not 0 <= row < len(rules):
            return
        del rules[row]
        self._fill_table(min(row, len(rules) - 1))
        self.edited()
