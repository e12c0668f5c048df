"""The action catalogue as a form: the actions by code and name (add, copy, delete), and the chosen
action's names, cost model, subsidy (its own ratio and cap in the policy, or the policy's), phasing,
effects, sectors, scenarios and when a firm does not need it. The catalogue and the policy's entries
for the action are applied together as one undo step."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit,
                               QListWidget, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from planning.base.errors import ConfigError
from planning.base.messages import MESSAGES, tr as core_text
from planning.base.template_files import where_in
from planning.strategy.catalogue import EFFECT_KEYS, FUNDED_TRACKS, PROVIDERS, Catalogue, track_label
from planning.base.bilingual import in_language
from planning.reports.templates import Texts

from .commands import TemplateCommand
from .condition_editor import ConditionEditor
from .document import ProjectDocument
from .entries_form import EntriesForm, fresh_id
from .template_form import checked_codes, form_group, error_label, fill_checklist, show_error

POLICY_KEYS = (("subsidy_ratio", "by_action"), ("action_cap_wan",))
COST_KEYS = ("fixed_wan", "per_employee_wan", "min_wan", "max_wan")
SUBSIDY_SHOWN_AS_POLICY = -1


def policy_entries(policy: dict, key: tuple) -> dict:
    node = policy
    for part in key:
        node = node.get(part) or {}
    return node


def with_policy_entries(policy: dict, ratios: dict, caps: dict) -> dict:
    """The policy with these per-action ratios and caps (a part it does not have stays out when empty)."""
    out = copy.deepcopy(policy)
    if ratios or "by_action" in (out.get("subsidy_ratio") or {}):
        out.setdefault("subsidy_ratio", {})["by_action"] = ratios
    if caps or "action_cap_wan" in out:
        out["action_cap_wan"] = caps
    return out


class CatalogueForm(EntriesForm):
    def __init__(self, doc: ProjectDocument, label: str, parent: QWidget | None = None):
        self.policy_draft: dict = {}
        super().__init__(doc, "actions", label, "actions", [self.tr("Action"), self.tr("Name"), self.tr("Track")],
                         parent=parent)
        self.add_button = self.list_button(self.tr("Add"), self.add_action, needs_entry=False)
        self.copy_button = self.list_button(self.tr("Copy"), self.copy_entry)
        self.delete_button = self.list_button(self.tr("Delete"), self.delete_action)
        self.default_employees = QSpinBox()
        self.default_employees.setRange(0, 1_000_000)
        self.default_employees.valueChanged.connect(self._edit_catalogue)
        headcount = QFormLayout()
        headcount.addRow(self.tr("Headcount when a firm gives none:"), self.default_employees)

        editor = QWidget()
        layout = QVBoxLayout(editor)
        general = form_group(layout, "", grow=True)
        self.action_id, self.name_zh, self.name_en = QLineEdit(), QLineEdit(), QLineEdit()
        self.track = QComboBox()
        for track in FUNDED_TRACKS:
            self.track.addItem(track_label(track, doc.lang), track)
        self.track.addItem(self.tr("Any track"), "any")
        self.programme = QComboBox()
        self.provider = QComboBox()
        for provider, names in PROVIDERS.items():
            self.provider.addItem(in_language(doc.lang, *names), provider)
        self.duration = QSpinBox()
        self.duration.setRange(0, 120)
        self.every_package = QCheckBox(self.tr("In every package (a prerequisite such as the diagnosis)"))
        self.general_problem = error_label()
        general.addRow(self.tr("Action id:"), self.action_id)
        general.addRow(self.tr("Name (Chinese):"), self.name_zh)
        general.addRow(self.tr("Name (English):"), self.name_en)
        general.addRow(self.tr("Track of the action:"), self.track)
        general.addRow(self.tr("Programme:"), self.programme)
        general.addRow(self.tr("Provider:"), self.provider)
        general.addRow(self.tr("Duration (months):"), self.duration)
        general.addRow("", self.every_package)
        general.addRow(self.general_problem)

        cost = form_group(layout, self.tr("Cost (10k CNY)"), grow=True)
        self.costs = {}
        for key, text in zip(COST_KEYS, (self.tr("Fixed part"), self.tr("Per employee"), self.tr("At least"),
                                         self.tr("At most"))):
            spin = self._spin(0, 1e6, 3 if key == "per_employee_wan" else 1)
            self.costs[key] = spin
            cost.addRow(text, spin)
        self.cost_problem = error_label()
        cost.addRow(self.cost_problem)

        subsidy = form_group(layout, self.tr("Subsidy"), grow=True)
        self.ratio = self._spin(SUBSIDY_SHOWN_AS_POLICY, 100, 1)
        self.ratio.setSuffix(" %")
        self.ratio.setSpecialValueText(self.tr("as in the policy"))
        self.cap = self._spin(SUBSIDY_SHOWN_AS_POLICY, 1e6, 1)
        self.cap.setSpecialValueText(self.tr("as in the policy"))
        subsidy.addRow(self.tr("Subsidy ratio of this action:"), self.ratio)
        subsidy.addRow(self.tr("Cap per firm for this action (10k CNY):"), self.cap)

        phasing_box = QGroupBox(self.tr("Phasing (share per year)"))
        layout.addWidget(phasing_box)
        phasing_layout = QVBoxLayout(phasing_box)
        self.phasing_row = QHBoxLayout()
        self.phasing: list[QDoubleSpinBox] = []
        self.add_year_button = QPushButton(self.tr("Add a year"))
        self.add_year_button.clicked.connect(self._add_year)
        self.remove_year_button = QPushButton(self.tr("Remove the last year"))
        self.remove_year_button.clicked.connect(self._remove_year)
        year_buttons = QHBoxLayout()
        year_buttons.addWidget(self.add_year_button)
        year_buttons.addWidget(self.remove_year_button)
        year_buttons.addStretch(1)
        self.phasing_problem = error_label()
        self.phasing_row.addStretch(1)
        phasing_layout.addLayout(self.phasing_row)
        phasing_layout.addLayout(year_buttons)
        phasing_layout.addWidget(self.phasing_problem)

        effects = form_group(layout, self.tr("Effects"), grow=True)
        self.effects = {}
        names = {"level_gain": self.tr("Level gain (share of one level)"),
                 "cnc_rate": self.tr("Key-process CNC rate (points)"),
                 "rd_tool_rate": self.tr("Digital research and design tool rate (points)"),
                 "networking_rate": self.tr("Networking rate (points)")}
        for key in ("level_gain",) + tuple(k for k in EFFECT_KEYS if k != "level_gain"):
            spin = self._spin(0, 1 if key == "level_gain" else 100, 2)
            self.effects[key] = spin
            effects.addRow(names.get(key, key), spin)

        suits = form_group(layout, self.tr("Whom it suits"), grow=True)
        self.all_sectors = QCheckBox(self.tr("All sectors"))
        self.sectors = QListWidget()
        self.scenarios = QListWidget()
        for widget in (self.sectors, self.scenarios):
            widget.setMaximumHeight(7 * self.fontMetrics().height())
        suits.addRow(self.tr("Sectors:"), self.all_sectors)
        suits.addRow("", self.sectors)
        suits.addRow(self.tr("Application scenarios:"), self.scenarios)

        skip_box = QGroupBox(self.tr("Not needed when"))
        skip_box.setCheckable(True)
        skip_layout = QVBoxLayout(skip_box)
        self.skip_if = ConditionEditor()
        skip_layout.addWidget(self.skip_if)
        self.skip_box = skip_box
        layout.addWidget(skip_box)
        layout.addStretch(1)

        for line in (self.action_id, self.name_zh, self.name_en):
            line.textEdited.connect(self._edit_action)
        for combo in (self.track, self.programme, self.provider):
            combo.currentIndexChanged.connect(self._edit_action)
        for spin in (self.duration, self.ratio, self.cap, *self.costs.values(), *self.effects.values()):
            spin.valueChanged.connect(self._edit_action)
        for box in (self.every_package, self.all_sectors, self.skip_box):
            box.toggled.connect(self._edit_action)
        for widget in (self.sectors, self.scenarios):
            widget.itemChanged.connect(self._edit_action)
        self.skip_if.changed.connect(self._edit_action)

        self.place(editor, (26, 50), headcount)
        doc.templatesChanged.connect(lambda changed: self.load() if changed == "policy" else None)
        self.load()

    def _spin(self, low: float, high: float, decimals: int) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setDecimals(decimals)
        spin.setGroupSeparatorShown(True)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        spin.setMinimumWidth(10 * self.fontMetrics().horizontalAdvance("汉"))
        return spin

    # -------------------------------------------------------------- drafts

    def catalogue_actions(self) -> list[dict]:
        return self.entries()

    def load(self) -> None:
        self.policy_draft = copy.deepcopy(self.doc.project.templates["policy"])
        super().load()

    def ratios(self) -> dict:
        return self.policy_draft.setdefault("subsidy_ratio", {}).setdefault("by_action", {})

    def caps(self) -> dict:
        return self.policy_draft.setdefault("action_cap_wan", {})

    def policy_changed(self) -> bool:
        current = self.doc.project.templates["policy"]
        return any(policy_entries(self.policy_draft, key) != policy_entries(current, key) for key in POLICY_KEYS)

    def is_dirty(self) -> bool:
        return self.draft != self.current() or self.policy_changed()

    def check(self) -> None:
        """The catalogue and the policy's entries for the actions, checked together by the core."""
        probe = copy.copy(self.doc.project)
        probe.templates = dict(self.doc.project.templates, policy=self.policy_draft)
        probe.check_template("actions", self.draft)

    def apply(self) -> bool:
        if not self.validate() or not self.is_dirty() or self.doc.busy:
            return False
        old_policy = self.doc.project.templates["policy"]
        old_ids = {a.get("id") for a in self.current().get("actions", [])}
        kept = old_ids & {a.get("id") for a in self.catalogue_actions()}
        # the policy may only name actions the catalogue has at each step: first drop the entries of
        # actions going away, then the catalogue, then the policy's entries as edited
        between = with_policy_entries(old_policy, {k: v for k, v in policy_entries(old_policy, POLICY_KEYS[0]).items()
                                                   if k in kept},
                                      {k: v for k, v in policy_entries(old_policy, POLICY_KEYS[1]).items() if k in kept})
        final = with_policy_entries(old_policy, dict(self.ratios()), dict(self.caps()))
        label = self.tr("Edit {template}").format(template=self.label)
        steps = [("policy", between), ("actions", copy.deepcopy(self.draft)), ("policy", final)]
        stack = self.doc.undo_stack
        stack.beginMacro(label)
        state = {"policy": old_policy, "actions": self.current()}
        for name, body in steps:
            if body != state[name]:
                stack.push(TemplateCommand(self.doc, name, body, label))
                state[name] = body
        stack.endMacro()
        return True

    # -------------------------------------------------------------- showing

    def show_draft(self) -> None:
        self._filling = True
        self.default_employees.setValue(int(self.draft.get("default_employees") or 0))
        self._filling = False
        super().show_draft()

    def row_texts(self, action: dict) -> list[str]:
        track, lang = action.get("track", ""), self.doc.lang
        return [str(action.get("id", "")), str(action.get("zh" if lang == "zh" else "en", "")),
                self.tr("Any track") if track == "any" else track_label(str(track), lang)]

    def table_filled(self) -> None:
        self.table.resizeColumnToContents(2)

    def show_entry(self, action: dict) -> None:
        lang = self.doc.lang
        config = self.doc.project.strategy_config()
        for line, key in ((self.action_id, "id"), (self.name_zh, "zh"), (self.name_en, "en")):
            line.setText(str(action.get(key, "")))
        self.track.setCurrentIndex(self.track.findData(action.get("track")))
        texts = Texts.load(lang)
        programmes = sorted({str(a.get("programme", "sme_retrofit")) for a in self.catalogue_actions()})
        self.programme.clear()
        for programme in programmes:
            key = f"programmes.{programme}"
            self.programme.addItem(texts(key) if texts.has(key) else programme, programme)
        self.programme.setCurrentIndex(self.programme.findData(action.get("programme", "sme_retrofit")))
        self.provider.setCurrentIndex(self.provider.findData(action.get("provider", "solution_provider")))
        self.duration.setValue(int(action.get("duration_months") or 0))
        self.every_package.setChecked(bool(action.get("in_every_package")))
        cost = action.get("cost") or {}
        for key, spin in self.costs.items():
            spin.setValue(float(cost.get(key) or 0))
        aid = action.get("id")
        self.ratio.setValue(100 * self.ratios()[aid] if aid in self.ratios() else SUBSIDY_SHOWN_AS_POLICY)
        self.cap.setValue(self.caps()[aid] if aid in self.caps() else SUBSIDY_SHOWN_AS_POLICY)
        self._fill_phasing([float(x) for x in action.get("phasing", [1.0])])
        effects = action.get("effects") or {}
        for key, spin in self.effects.items():
            spin.setValue(float(effects.get(key) or 0))
        sectors = action.get("sectors", "all")
        self.all_sectors.setChecked(sectors == "all")
        fill_checklist(self.sectors, [(s.id, s.label(lang)) for s in config.sectors.sectors],
                       sectors if isinstance(sectors, list) else [])
        self.sectors.setEnabled(sectors != "all")
        fill_checklist(self.scenarios, [(s, self.scenario_name(s)) for s in self.draft.get("scenarios", [])],
                       action.get("scenarios", []))
        self.skip_box.setChecked(bool(action.get("skip_if")))
        self.skip_if.set_condition(action.get("skip_if") or {}, config, lang,
                                   where_in(where_in("actions.json", "item", noun=core_text("config.noun.action", lang),
                                                     id=str(aid)), "skip_if"))

    def scenario_name(self, scenario: str) -> str:
        """An application scenario (the catalogue lists them in Chinese) in the UI language, where known."""
        kind = f"action_scenario.{scenario}"
        return core_text(kind, self.doc.lang) if kind in MESSAGES else scenario

    def _fill_phasing(self, shares: list[float]) -> None:
        while self.phasing:
            spin = self.phasing.pop()
            self.phasing_row.removeWidget(spin)
            spin.deleteLater()
        for share in shares:
            spin = self._spin(0, 100, 1)
            spin.setSuffix(" %")
            spin.setMinimumWidth(7 * self.fontMetrics().horizontalAdvance("汉"))
            spin.setValue(100 * share)
            spin.setToolTip(self.tr("Year {n}").format(n=len(self.phasing) + 1))
            spin.valueChanged.connect(self._edit_action)
            self.phasing_row.insertWidget(len(self.phasing), spin)
            self.phasing.append(spin)
        self.remove_year_button.setEnabled(len(self.phasing) > 1)

    # -------------------------------------------------------------- editing

    def _edit_catalogue(self) -> None:
        if self._filling:
            return
        self.draft["default_employees"] = self.default_employees.value()
        self.edited()

    def _edit_action(self, *_args) -> None:
        action = self.current_entry()
        if self._filling or action is None:
            return
        old_id = action.get("id")
        for line, key in ((self.action_id, "id"), (self.name_zh, "zh"), (self.name_en, "en")):
            action[key] = line.text().strip()
        action["track"] = self.track.currentData()
        action["programme"] = self.programme.currentData()
        action["provider"] = self.provider.currentData()
        action["duration_months"] = self.duration.value()
        if self.every_package.isChecked() or "in_every_package" in action:
            action["in_every_package"] = self.every_package.isChecked()
        action["cost"] = {key: self._number(spin) for key, spin in self.costs.items()}
        action["phasing"] = [round(spin.value() / 100, 6) for spin in self.phasing]
        action["effects"] = {key: self._number(spin) for key, spin in self.effects.items() if spin.value()}
        self.sectors.setEnabled(not self.all_sectors.isChecked())
        action["sectors"] = "all" if self.all_sectors.isChecked() else checked_codes(self.sectors)
        action["scenarios"] = checked_codes(self.scenarios)
        if self.skip_box.isChecked():
            action["skip_if"] = self.skip_if.condition()
        else:
            action.pop("skip_if", None)
        self._edit_subsidy(old_id, action["id"])
        self.refresh_row()
        self.edited()

    def _edit_subsidy(self, old_id: str, new_id: str) -> None:
        for entries, spin, scale in ((self.ratios(), self.ratio, 100.0), (self.caps(), self.cap, 1.0)):
            entries.pop(old_id, None)
            if spin.value() > SUBSIDY_SHOWN_AS_POLICY:
                entries[new_id] = round(spin.value() / scale, 6)
        if not self.caps() and "action_cap_wan" not in self.doc.project.templates["policy"]:
            self.policy_draft.pop("action_cap_wan", None)

    @staticmethod
    def _number(spin: QDoubleSpinBox):
        value = round(spin.value(), 6)
        return int(value) if float(value).is_integer() else value

    def _add_year(self) -> None:
        shares = [spin.value() / 100 for spin in self.phasing] + [0.0]
        self._fill_phasing(shares)
        self._edit_action()

    def _remove_year(self) -> None:
        shares = [spin.value() / 100 for spin in self.phasing][:-1]
        self._fill_phasing(shares or [1.0])
        self._edit_action()

    def field_problems(self) -> bool:
        """The chosen action checked on its own by the core; the message shows next to its part."""
        for label in (self.general_problem, self.cost_problem, self.phasing_problem):
            show_error(label, "")
        action = self.current_entry()
        if action is None:
            return False
        problem = None
        where = where_in("actions.json", "item", noun=core_text("config.noun.action", self.doc.lang),
                         id=str(action.get("id", "")))
        if not str(action.get("id", "")).strip():
            problem = ConfigError("empty_id", where="actions.json")
        elif not str(action.get("zh", "")).strip() or not str(action.get("en", "")).strip():
            problem = ConfigError("empty_name", where=where)
        elif [a.get("id") for a in self.catalogue_actions()].count(action.get("id")) > 1:
            problem = ConfigError("duplicate_id", where=where)
        else:
            config = self.doc.project.strategy_config()
            try:
                Catalogue.from_dict(dict(self.draft, actions=[action]), config.fields,
                                    {s.id for s in config.sectors.sectors})
            except ConfigError as exc:
                problem = exc
        if problem is not None:
            target = self.general_problem
            if problem.kind in ("action.negative_cost", "action.min_above_max") or "cost" in str(problem.params):
                target = self.cost_problem
            elif problem.kind == "action.phasing":
                target = self.phasing_problem
            show_error(target, problem.message(self.doc.lang))
        wrong = problem is not None or bool(self.skip_if.problems() if self.skip_box.isChecked() else [])
        self.mark_row(wrong)
        return wrong

    def add_action(self) -> None:
        self.insert_entry({"id": fresh_id({str(a.get("id")) for a in self.catalogue_actions()}, "A"),
                           "zh": core_text("config.new.action", "zh"), "en": core_text("config.new.action", "en"),
                           "track": "digitalization", "scenarios": [], "sectors": "all",
                           "cost": {"fixed_wan": 10, "per_employee_wan": 0, "min_wan": 0, "max_wan": 100},
                           "effects": {"level_gain": 0.1}, "duration_months": 6, "provider": "solution_provider",
                           "programme": "sme_retrofit", "phasing": [1.0]}, len(self.catalogue_actions()))

    def delete_action(self) -> None:
        action = self.remove_entry()
        if action is not None:
            self.ratios().pop(action.get("id"), None)
            self.caps().pop(action.get("id"), None)
            self.validate()
