"""A condition of the strategy templates (a rule's 'when', an action's 'skip_if') as a tree the planner
edits with widgets: groups ('all of' / 'any of', possibly negated) and tests (a field, an operator
and a value, each chosen from what the field allows). The message of a test the core refuses shows
next to it."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLineEdit,
                               QListWidget, QPushButton, QSizePolicy, QStackedWidget, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from planning.base.errors import ConfigError
from planning.base.messages import MESSAGES, tr as core_text
from planning.strategy.conditions import DATE, FLAG, NUMBER, OPERATORS, describe, parse_condition
from planning.strategy.strategies import StrategyConfig

from .template_form import checked_codes, error_label, fill_checklist, show_error

NO_VALUE = ("is_blank", "not_blank")
LISTS = ("in", "not_in")


# ------------------------------------------------------------------ the tree as plain data

def to_node(data) -> dict:
    """A condition from a template as a node: {'kind': all|any|test, 'not': bool, ...}."""
    if not data:
        return {"kind": "all", "not": False, "children": []}
    if "not" in data:
        node = to_node(data["not"])
        node["not"] = not node["not"]
        return node
    for kind in ("all", "any"):
        if kind in data:
            return {"kind": kind, "not": False, "children": [to_node(c) for c in data[kind] or []]}
    return {"kind": "test", "not": False, "field": data.get("field"), "op": data.get("op"),
            "value": copy.deepcopy(data.get("value"))}


def to_data(node: dict) -> dict:
    if node["kind"] == "test":
        body = {"field": node["field"], "op": node["op"]}
        if node["op"] not in NO_VALUE:
            body["value"] = node["value"]
    else:
        body = {node["kind"]: [to_data(c) for c in node["children"]]}
    return {"not": body} if node["not"] else body


def root_node(data) -> dict:
    """The top of the tree is always a group; a single test or a negation sits inside an 'all'."""
    node = to_node(data)
    if node["kind"] == "test" or node["not"]:
        node = {"kind": "all", "not": False, "children": [node]}
    return node


def root_data(root: dict) -> dict:
    if root["kind"] == "all" and not root["not"] and not root["children"]:
        return {}
    if not root["not"] and len(root["children"]) == 1:
        return to_data(root["children"][0])  # all or any of one test: that test
    return to_data(root)


def node_at(root: dict, path: tuple) -> dict:
    node = root
    for index in path:
        node = node["children"][index]
    return node


# ------------------------------------------------------------------ the widget

class ConditionEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.config: StrategyConfig | None = None
        self.lang = "zh"
        self.root = root_node({})
        self.where = ""
        self._filling = False
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumHeight(6 * self.fontMetrics().height())
        self.tree.currentItemChanged.connect(lambda *_: self._show_node())
        self.add_test_button = QPushButton(self.tr("Add condition"))
        self.add_test_button.clicked.connect(lambda: self._add({"kind": "test", "not": False, "field": None,
                                                                "op": None, "value": None}))
        self.add_group_button = QPushButton(self.tr("Add group"))
        self.add_group_button.setToolTip(self.tr("A group of conditions that must all hold, or any of them"))
        self.add_group_button.clicked.connect(lambda: self._add({"kind": "any", "not": False, "children": []}))
        self.delete_button = QPushButton(self.tr("Delete condition"))
        self.delete_button.clicked.connect(self._delete)
        buttons = QHBoxLayout()
        for button in (self.add_test_button, self.add_group_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.kind = QComboBox()
        self.kind.addItem(self.tr("All of these hold (and)"), "all")
        self.kind.addItem(self.tr("Any of these holds (or)"), "any")
        self.kind.currentIndexChanged.connect(self._edit_group)
        self.negated = QCheckBox(self.tr("Does not hold (not)"))
        self.negated.toggled.connect(self._edit_negation)
        self.field = QComboBox()
        self.field.currentIndexChanged.connect(self._edit_field)
        self.operator = QComboBox()
        self.operator.currentIndexChanged.connect(self._edit_operator)
        self.values = QStackedWidget()
        self.number = self._spin()
        self.low, self.high = self._spin(), self._spin()
        self.text = QLineEdit()
        self.text_low, self.text_high = QLineEdit(), QLineEdit()
        self.list_text = QLineEdit()
        self.list_text.setPlaceholderText(self.tr("values separated by commas"))
        self.choice = QComboBox()
        self.choices = QListWidget()
        self.choices.setMaximumHeight(7 * self.fontMetrics().height())
        self.flag = QComboBox()
        self.flag.addItem(core_text("value.yes", "zh"), True)
        self.flag.addItem(core_text("value.no", "zh"), False)
        self.pages = {}
        for name, widgets in (("none", ()), ("number", (self.number,)), ("number_range", (self.low, self.high)),
                              ("text", (self.text,)), ("text_range", (self.text_low, self.text_high)),
                              ("list", (self.list_text,)), ("choice", (self.choice,)), ("choices", (self.choices,)),
                              ("flag", (self.flag,))):
            page = QWidget()
            row = QHBoxLayout(page)
            row.setContentsMargins(0, 0, 0, 0)
            for widget in widgets:
                row.addWidget(widget, 1)
            if not widgets:
                row.addStretch(1)
            self.pages[name] = self.values.addWidget(page)
        for spin in (self.number, self.low, self.high):
            spin.valueChanged.connect(self._edit_value)
        for line in (self.text, self.text_low, self.text_high, self.list_text):
            line.textEdited.connect(self._edit_value)
        self.choice.currentIndexChanged.connect(self._edit_value)
        self.flag.currentIndexChanged.connect(self._edit_value)
        self.choices.itemChanged.connect(self._edit_value)
        self.problem = error_label()

        self.node_form = QFormLayout()
        self.node_form.addRow(self.tr("Group:"), self.kind)
        self.node_form.addRow(self.tr("Field:"), self.field)
        self.node_form.addRow(self.tr("Operator:"), self.operator)
        self.node_form.addRow(self.tr("Value:"), self.values)
        self.node_form.addRow("", self.negated)
        self.node_form.addRow(self.problem)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addLayout(self.node_form)

    def _spin(self) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-1e12, 1e12)
        spin.setDecimals(2)
        spin.setGroupSeparatorShown(True)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        return spin

    # -------------------------------------------------------------- filling

    def set_condition(self, data, config: StrategyConfig, lang: str, where: str = "") -> None:
        self.config, self.lang, self.where = config, lang, where
        self.root = root_node(data)
        self._filling = True
        self.flag.setItemText(0, core_text("value.yes", lang))
        self.flag.setItemText(1, core_text("value.no", lang))
        self.field.clear()
        for key, info in sorted(config.fields.items(), key=lambda kv: kv[1].label(lang)):
            self.field.addItem(info.label(lang), key)
        self._filling = False
        self._fill_tree((0,) if self.root["children"] else ())

    def condition(self) -> dict:
        return root_data(self.root)

    def _fill_tree(self, current: tuple = ()) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        chosen = None

        def add(node: dict, path: tuple, parent) -> None:
            nonlocal chosen
            item = QTreeWidgetItem([self.node_text(node)])
            item.setData(0, Qt.ItemDataRole.UserRole, path)
            if self.node_problem(node):
                item.setForeground(0, Qt.GlobalColor.red)
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            if path == current:
                chosen = item
            for k, child in enumerate(node.get("children", ())):
                add(child, path + (k,), item)

        add(self.root, (), None)
        self.tree.expandAll()
        self.tree.setCurrentItem(chosen or self.tree.topLevelItem(0))
        self.tree.blockSignals(False)
        self._show_node()

    def current_path(self) -> tuple:
        item = self.tree.currentItem()
        return tuple(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else ()

    def node_text(self, node: dict) -> str:
        if node["kind"] == "test":
            try:
                text = describe(parse_condition(to_data({**node, "not": False}), self.config.fields, ""),
                                self.config.fields, self.lang, self.config.name_of)
            except ConfigError:
                info = self.config.fields.get(node["field"])
                text = "⚠ " + " ".join(str(part) for part in (
                    info.label(self.lang) if info else node["field"] or self.tr("(choose a field)"),
                    core_text(f"condition.op.{node['op']}", self.lang) if node["op"] in OPERATORS else "",
                    "" if node["value"] is None else node["value"]) if part)
        else:
            text = self.kind.itemText(self.kind.findData(node["kind"]))
        return core_text("condition.not", self.lang, inner=text) if node["not"] else text

    def node_problem(self, node: dict) -> str:
        """The core's message for a test it refuses, in the UI language ('' when fine)."""
        if node["kind"] != "test":
            return ""
        try:
            parse_condition(to_data(node), self.config.fields, self.where)
        except ConfigError as exc:
            return exc.message(self.lang)
        return ""

    def problems(self) -> list[str]:
        out = []

        def walk(node: dict) -> None:
            problem = self.node_problem(node)
            if problem:
                out.append(problem)
            for child in node.get("children", ()):
                walk(child)

        walk(self.root)
        return out

    def _show_node(self) -> None:
        node = node_at(self.root, self.current_path())
        test = node["kind"] == "test"
        self._filling = True
        for widget in (self.field, self.operator, self.values):
            widget.setVisible(test)
            self.node_form.labelForField(widget).setVisible(test)
        self.kind.setVisible(not test)
        self.node_form.labelForField(self.kind).setVisible(not test)
        self.negated.setChecked(node["not"])
        self.negated.setEnabled(bool(self.current_path()) or not test)
        self.delete_button.setEnabled(bool(self.current_path()))
        self.add_test_button.setEnabled(True)
        if test:
            self.field.setCurrentIndex(self.field.findData(node["field"]))
            self._fill_operators(node)
            self._fill_value(node)
        else:
            self.kind.setCurrentIndex(self.kind.findData(node["kind"]))
        self._filling = False
        show_error(self.problem, self.node_problem(node))

    def _fill_operators(self, node: dict) -> None:
        self.operator.clear()
        info = self.config.fields.get(node["field"])
        for op, types in OPERATORS.items():
            if info is not None and info.type in types:
                self.operator.addItem(core_text(f"condition.op.{op}", self.lang), op)
        self.operator.setCurrentIndex(self.operator.findData(node["op"]))

    def known_values(self, key: str) -> list[str]:
        """The codes a coded field can hold (tiers, key sectors, size classes, credit code states)."""
        info = self.config.fields.get(key)
        if info is not None and info.aliases:
            return sorted(set(info.aliases.values()))
        if key == "credit_code_status":
            return [k.split(".", 2)[2] for k in MESSAGES if k.startswith("cc.status.")]
        return []

    def _page(self, node: dict) -> str:
        info = self.config.fields.get(node["field"])
        op = node["op"]
        if info is None or op not in OPERATORS or op in NO_VALUE:
            return "none"
        if info.type == FLAG:
            return "flag"
        known = self.known_values(info.key)
        if op in LISTS:
            return "choices" if known else "list"
        if op == "between":
            return "number_range" if info.type == NUMBER else "text_range"
        if info.type == NUMBER:
            return "number"
        return "choice" if known and op in ("==", "!=") else "text"

    def _fill_value(self, node: dict) -> None:
        page = self._page(node)
        self.values.setCurrentIndex(self.pages[page])
        for index in range(self.values.count()):  # as tall as the page shown, not the tallest page
            policy = QSizePolicy.Policy.Preferred if index == self.pages[page] else QSizePolicy.Policy.Ignored
            self.values.widget(index).setSizePolicy(QSizePolicy.Policy.Preferred, policy)
        self.values.adjustSize()
        value = node["value"]
        pair = value if isinstance(value, list) and len(value) == 2 else [None, None]
        if page == "number":
            self.number.setValue(value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0)
        elif page == "number_range":
            for spin, v in zip((self.low, self.high), pair):
                spin.setValue(v if isinstance(v, (int, float)) and not isinstance(v, bool) else 0)
        elif page == "text":
            self.text.setText("" if value is None else str(value))
        elif page == "text_range":
            for line, v in zip((self.text_low, self.text_high), pair):
                line.setText("" if v is None else str(v))
        elif page == "list":
            self.list_text.setText(", ".join(str(v) for v in value) if isinstance(value, list) else "")
        elif page == "flag":
            self.flag.setCurrentIndex(0 if value is not False else 1)
        elif page in ("choice", "choices"):
            info = self.config.fields[node["field"]]
            aliases = info.aliases or {}
            codes = [aliases.get(str(v), v) for v in (value if isinstance(value, list) else [value])]
            entries = [(code, self.config.name_of(info.key, code, self.lang)) for code in self.known_values(info.key)]
            self.choice.clear()
            for code, label in entries:
                self.choice.addItem(label, code)
            fill_checklist(self.choices, entries, codes)
            self.choice.setCurrentIndex(max(0, self.choice.findData(codes[0] if codes else None)))

    # -------------------------------------------------------------- editing

    def _value_from_widgets(self, node: dict):
        page = self._page(node)

        def number(spin):
            value = spin.value()
            return int(value) if float(value).is_integer() else round(value, 6)

        if page == "number":
            return number(self.number)
        if page == "number_range":
            return [number(self.low), number(self.high)]
        if page == "text":
            return self.text.text().strip()
        if page == "text_range":
            return [self.text_low.text().strip(), self.text_high.text().strip()]
        if page == "list":
            parts = [p.strip() for p in self.list_text.text().replace("，", ",").replace("、", ",").split(",")]
            info = self.config.fields[node["field"]]
            out = []
            for part in filter(None, parts):
                try:
                    out.append(float(part) if info.type == NUMBER else part)
                except ValueError:
                    out.append(part)  # the core names the value that is not a number
            return [int(v) if isinstance(v, float) and v.is_integer() else v for v in out]
        if page == "flag":
            return bool(self.flag.currentData())
        if page == "choice":
            return self.choice.currentData()
        if page == "choices":
            return checked_codes(self.choices)
        return None

    def _changed(self, refill: bool = False) -> None:
        node = node_at(self.root, self.current_path())
        item = self.tree.currentItem()
        if item is not None:
            item.setText(0, self.node_text(node))
            item.setForeground(0, Qt.GlobalColor.red if self.node_problem(node) else self.palette().text().color())
        if refill:
            self._show_node()
        else:
            show_error(self.problem, self.node_problem(node))
        self.changed.emit()

    def _edit_group(self) -> None:
        if self._filling:
            return
        node = node_at(self.root, self.current_path())
        if node["kind"] != "test":
            node["kind"] = self.kind.currentData()
            self._changed()

    def _edit_negation(self, on: bool) -> None:
        if self._filling:
            return
        node_at(self.root, self.current_path())["not"] = on
        self._changed()

    def _edit_field(self) -> None:
        if self._filling:
            return
        node = node_at(self.root, self.current_path())
        node["field"] = self.field.currentData()
        info = self.config.fields.get(node["field"])
        if info is not None and (node["op"] not in OPERATORS or info.type not in OPERATORS[node["op"]]):
            node["op"] = next(op for op, types in OPERATORS.items() if info.type in types)
        node["value"] = None
        self._filling = True
        self._fill_operators(node)
        self._fill_value(node)
        self._filling = False
        node["value"] = self._value_from_widgets(node)
        self._changed()

    def _edit_operator(self) -> None:
        if self._filling:
            return
        node = node_at(self.root, self.current_path())
        node["op"] = self.operator.currentData()
        self._filling = True
        self._fill_value(node)  # the value as the new operator's widgets show it (one value or a list)
        self._filling = False
        node["value"] = self._value_from_widgets(node)
        self._changed()

    def _edit_value(self, *_args) -> None:
        if self._filling:
            return
        node = node_at(self.root, self.current_path())
        node["value"] = self._value_from_widgets(node)
        self._changed()

    def _add(self, node: dict) -> None:
        path = self.current_path()
        parent = node_at(self.root, path)
        if parent["kind"] == "test":
            path = path[:-1]
            parent = node_at(self.root, path)
        if node["kind"] == "test":
            key = "tier" if "tier" in self.config.fields else next(iter(self.config.fields))
            info = self.config.fields[key]
            known = self.known_values(key)
            node.update(field=key, op="==", value=known[0] if known else (0 if info.type == NUMBER else ""))
            if info.type in (FLAG, DATE):
                node.update(op="is_blank", value=None)
        parent["children"].append(node)
        self._fill_tree(path + (len(parent["children"]) - 1,))
        self.changed.emit()

    def _delete(self) -> None:
        path = self.current_path()
        if not path:
            return
        parent = node_at(self.root, path[:-1])
        del parent["children"][path[-1]]
        left = len(parent["children"])
        self._fill_tree(path[:-1] + (min(path[-1], left - 1),) if left else path[:-1])
        self.changed.emit()
