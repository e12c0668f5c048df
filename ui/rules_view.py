"""Rules, catalogue, policy and weights: the friendly forms for the common numbers, an overview of
the strategy rules (in words, with how many firms each one decides), and every template as JSON
that validates as the planner types."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QListWidget, QSplitter, QStackedWidget, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from planning.strategy.catalogue import track_label
from planning.strategy.conditions import describe
from planning.base.errors import ConfigError

from .catalogue_form import CatalogueForm
from .document import ProjectDocument
from .help_measures import measure_tips
from .json_editor import JsonTemplateEditor
from .policy_form import PolicyForm
from .rules_form import RulesForm
from .scenarios_form import ScenariosForm


class RulesOverview(QTableWidget):
    """The strategy rules in order, in words, with the firms each decides."""

    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None):
        super().__init__(0, 6, parent)
        self.doc = doc
        self.setHorizontalHeaderLabels([self.tr("Rule"), self.tr("Name"), self.tr("When"), self.tr("Track"),
                                        self.tr("Actions"), self.tr("Firms")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        doc.templatesChanged.connect(lambda _name: self.refresh())
        doc.strategyChanged.connect(self.refresh)
        doc.projectReplaced.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        lang = self.doc.lang
        try:
            config = self.doc.project.strategy_config()
        except ConfigError:
            self.setRowCount(0)
            return
        counts = {}
        if self.doc.strategy is not None:
            counts = self.doc.strategy.frame["rule"].value_counts().to_dict()
        rules = config.rules.rules
        self.setRowCount(len(rules))
        for r, rule in enumerate(rules):
            values = [rule.id, rule.label(lang), describe(rule.when, config.fields, lang, config.name_of),
                      track_label(rule.track, lang), " ".join(rule.actions), f"{counts.get(rule.id, 0):,}"]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c in (1, 2):
                    item.setToolTip(f"{value}\n{rule.reason(lang)}")
                if c == 4:
                    item.setToolTip(measure_tips(config.catalogue.by_id(), rule.actions, lang))
                self.setItem(r, c, item)
        self.resizeColumnToContents(0)
        self.resizeColumnToContents(3)
        self.resizeColumnToContents(5)
        self.setColumnWidth(1, 16 * self.fontMetrics().horizontalAdvance("汉"))
        self.setColumnWidth(4, 12 * self.fontMetrics().horizontalAdvance("汉"))


class RulesView(QWidget):
    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.pages = QListWidget()
        self.stack = QStackedWidget()
        self.editors: dict[str, JsonTemplateEditor] = {}
        self.form = PolicyForm(doc)
        self._add(self.tr("Budget, ratios, caps, weights"), self.form)
        self.overview = RulesOverview(doc)
        for name, label in self.template_names():
            editor = JsonTemplateEditor(doc, name, label)
            self.editors[name] = editor
            if name == "rules":
                split = QSplitter(Qt.Orientation.Vertical)
                split.addWidget(self.overview)
                split.addWidget(editor)
                split.setSizes([320, 400])
                self.rules_form = RulesForm(doc, label)
                self._add(label, self._with_json(self.rules_form, split))
            elif name == "actions":
                self.catalogue_form = CatalogueForm(doc, label)
                self._add(label, self._with_json(self.catalogue_form, editor))
            elif name == "scenarios":
                self.scenarios_form = ScenariosForm(doc, label)
                self._add(label, self._with_json(self.scenarios_form, editor))
            else:
                self._add(label, editor)
        self.pages.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.pages.setCurrentRow(0)
        em = self.fontMetrics().horizontalAdvance("汉")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.pages)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        # the page list as wide as its longest name (English names are longer than Chinese ones)
        names = max(self.pages.sizeHintForColumn(0), 10 * em) + 2 * self.pages.frameWidth() + em
        splitter.setSizes([names, 80 * em])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def template_names(self) -> list[tuple[str, str]]:
        return [("rules", self.tr("Strategy rules")), ("actions", self.tr("Action catalogue")),
                ("policy", self.tr("Subsidy policy")), ("weights", self.tr("Priority weights")),
                ("scenarios", self.tr("Scenarios")), ("key_sectors", self.tr("Key sectors")),
                ("foundation", self.tr("Digital foundation")), ("size_classes", self.tr("Size classes"))]

    def _with_json(self, form: QWidget, advanced: QWidget) -> QTabWidget:
        """A form, and the template as JSON on a second tab for those who prefer it."""
        tabs = QTabWidget()
        tabs.addTab(form, self.tr("Form"))
        tabs.addTab(advanced, self.tr("Advanced (JSON)"))
        return tabs

    def _add(self, label: str, widget: QWidget) -> None:
        self.pages.addItem(label)
        self.stack.addWidget(widget)

    def show_template(self, name: str) -> None:
        names = [n for n, _ in self.template_names()]
        self.pages.setCurrentRow(names.index(name) + 1)

    def new_scenario(self) -> None:
        """A new scenario from the current policy, on the scenarios form, ready to be named."""
        self.show_template("scenarios")
        self.stack.currentWidget().setCurrentIndex(0)
        self.scenarios_form.new_from_policy()
