"""The strategy rules as a form: the rules in order (add, copy, move, delete) with how many firms each
decides, and the chosen rule's names, track, actions, reasons and conditions, all checked by the core
as the planner edits. Applying re-runs the strategy as one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QListWidget, QVBoxLayout, QWidget

from planning.base.errors import ConfigError
from planning.base.messages import tr as core_text
from planning.base.template_files import where_in
from planning.strategy.catalogue import FUNDED_TRACKS, TRACKS, track_label
from planning.strategy.rules import RuleSet

from .condition_editor import ConditionEditor
from .document import ProjectDocument
from .entries_form import EntriesForm, fresh_id
from .template_form import checked_codes, in_order, error_label, fill_checklist, show_error

TEXTS = (("id", "rule_id"), ("zh", "name_zh"), ("en", "name_en"), ("reason_zh", "reason_zh"),
         ("reason_en", "reason_en"))


class RulesForm(EntriesForm):
    def __init__(self, doc: ProjectDocument, label: str, parent: QWidget | None = None):
        super().__init__(doc, "rules", label, "rules",
                         [self.tr("Rule"), self.tr("Name"), self.tr("Track"), self.tr("Firms")], parent=parent)
        self.add_button = self.list_button(self.tr("Add"), self.add_rule,
                                           self.tr("A new rule before the last one (the catch-all)"), needs_entry=False)
        self.copy_button = self.list_button(self.tr("Copy"), self.copy_entry)
        self.up_button = self.list_button(self.tr("Up"), lambda: self.move_entry(-1),
                                          self.tr("Try this rule earlier: the first rule that holds decides"))
        self.down_button = self.list_button(self.tr("Down"), lambda: self.move_entry(1))
        self.delete_button = self.list_button(self.tr("Delete"), self.remove_entry)
        self.rule_id = QLineEdit()
        self.name_zh, self.name_en = QLineEdit(), QLineEdit()
        self.reason_zh, self.reason_en = QLineEdit(), QLineEdit()
        self.track = QComboBox()
        for track in TRACKS:
            self.track.addItem(track_label(track, doc.lang), track)
        self.action_list = QListWidget()
        self.action_list.setMaximumHeight(8 * self.fontMetrics().height())
        self.rule_problem = error_label()
        for _, name in TEXTS:
            getattr(self, name).textEdited.connect(self._edit_rule)
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
        self.packages = {track: QListWidget() for track in FUNDED_TRACKS}
        packages = QGroupBox(self.tr("Actions a planner's change of track brings"))
        packages.setToolTip(self.tr("When a planner moves a firm to another track by hand, it gets these actions"))
        package_form = QFormLayout(packages)
        for track, widget in self.packages.items():
            widget.setMaximumHeight(6 * self.fontMetrics().height())
            widget.itemChanged.connect(self._edit_packages)
            package_form.addRow(track_label(track, doc.lang), widget)
        below = QVBoxLayout()
        below.addWidget(packages)
        self.place(editor, (26, 50), below)
        doc.strategyChanged.connect(self.table_filled)
        doc.templatesChanged.connect(lambda name: self.show_draft() if name == "actions" else None)
        self.load()

    def rules(self) -> list[dict]:
        return self.entries()

    def show_draft(self) -> None:
        """The rules, and the packages a change of track brings."""
        super().show_draft()
        actions = self.doc.project.strategy_config().catalogue.actions
        chosen = self.draft.get("track_packages") or {}
        for track, widget in self.packages.items():
            fill_checklist(widget, [(a.id, f"{a.id} {a.label(self.doc.lang)}") for a in actions], chosen.get(track) or [])

    def _edit_packages(self) -> None:
        packages = self.draft.setdefault("track_packages", {})
        for track, widget in self.packages.items():
            packages[track] = in_order(packages.get(track) or [], checked_codes(widget))
        self.edited()

    # -------------------------------------------------------------- showing

    def row_texts(self, rule: dict) -> list[str]:
        lang = self.doc.lang
        name = rule.get("zh" if lang == "zh" else "en") or rule.get("zh") or ""
        return [str(rule.get("id", "")), str(name), track_label(str(rule.get("track", "")), lang), ""]

    def table_filled(self) -> None:
        """Each applied rule's firms (a rule not applied yet has decided nothing)."""
        counts = {}
        if self.doc.strategy is not None:
            counts = self.doc.strategy.frame["rule"].value_counts().to_dict()
        applied = {r.get("id") for r in self.current().get("rules", [])}
        for r, rule in enumerate(self.rules()):
            item = self.table.item(r, 3)
            if item is not None:
                item.setText(f"{counts.get(rule.get('id'), 0):,}" if rule.get("id") in applied else "–")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.resizeColumnToContents(2)

    def show_entry(self, rule: dict) -> None:
        row, lang = self.current_row(), self.doc.lang
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(row < len(self.rules()) - 1)
        for key, name in TEXTS:
            getattr(self, name).setText(str(rule.get(key, "")))
        self.track.setCurrentIndex(self.track.findData(rule.get("track")))
        actions = self.doc.project.strategy_config().catalogue.actions
        fill_checklist(self.action_list, [(a.id, f"{a.id} {a.label(lang)}") for a in actions], rule.get("actions") or [])
        self.conditions.set_condition(rule.get("when") or {}, self.doc.project.strategy_config(), lang,
                                      where_in("rules.json", "rule", id=str(rule.get("id", ""))))

    # -------------------------------------------------------------- editing

    def _edit_rule(self, *_args) -> None:
        rule = self.current_entry()
        if self._filling or rule is None:
            return
        for key, name in TEXTS:
            rule[key] = getattr(self, name).text().strip()
        rule["track"] = self.track.currentData()
        rule["actions"] = in_order(rule.get("actions") or [], checked_codes(self.action_list))
        rule["when"] = self.conditions.condition()
        self.refresh_row()
        self.table_filled()
        self.edited()

    def field_problems(self) -> bool:
        """The chosen rule checked on its own (id, names, track, actions, conditions) next to its fields."""
        rule = self.current_entry()
        if rule is None:
            show_error(self.rule_problem, "")
            return False
        rules = self.rules()
        problem = None
        where = where_in("rules.json", "rule", id=str(rule.get("id", "")))
        if not str(rule.get("id", "")).strip():
            problem = ConfigError("empty_id", where=where_in("rules.json", "rule_number", number=self.current_row() + 1))
        elif not str(rule.get("zh", "")).strip() or not str(rule.get("en", "")).strip():
            problem = ConfigError("empty_name", where=where)
        elif [r.get("id") for r in rules].count(rule.get("id")) > 1:
            problem = ConfigError("rule.duplicate", where=where)
        else:
            config = self.doc.project.strategy_config()
            try:
                RuleSet.from_dict({"rules": [rule]}, config.fields, config.catalogue)
            except ConfigError as exc:
                problem = exc
        show_error(self.rule_problem, problem.message(self.doc.lang) if problem else "")
        wrong = problem is not None or bool(self.conditions.problems())
        self.mark_row(wrong)
        return wrong

    def add_rule(self) -> None:
        """A new rule before the catch-all (a last rule without a condition), else at the end."""
        rules = self.rules()
        at = len(rules) - 1 if rules and not rules[-1].get("when") else len(rules)
        self.insert_entry({"id": fresh_id({str(r.get("id")) for r in rules}, "R"),
                           "zh": core_text("config.new.rule", "zh"), "en": core_text("config.new.rule", "en"),
                           "when": {"field": "tier", "op": "==", "value": "basic"}, "track": "review", "actions": [],
                           "reason_zh": "", "reason_en": ""}, at)
