"""Friendly forms for the numbers planners change most: horizon and budgets, subsidy ratios, caps,
earmark shares, who is eligible and priority weights. Each change is validated by the core and applied
as an undoable command named after the number ("修改总预算"); budgets and horizons are rescaled by the
core's Policy.with_budget, as the command line does. A yearly split that does not add up to the total
is flagged as the planner types."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QCheckBox, QDoubleSpinBox, QFormLayout, QLabel, QScrollArea, QSpinBox,
                               QVBoxLayout, QWidget)

from planning.strategy.catalogue import track_label
from planning.base.errors import ConfigError
from planning.budget.policy import Policy, PriorityWeights
from planning.reports import formats
from planning.reports.templates import Texts

from .commands import TemplateCommand
from .document import ProjectDocument
from .help_measures import measure_tip
from .template_form import form_group


def _get(body: dict, path: tuple):
    for key in path:
        if isinstance(body, list):
            body = body[key]
        elif isinstance(body, dict) and key in body:
            body = body[key]
        else:
            return None
    return body


def _set(body: dict, path: tuple, value) -> None:
    for key in path[:-1]:
        body = body[key] if isinstance(body, list) else body.setdefault(key, {})
    body[path[-1]] = value


class PolicyForm(QScrollArea):
    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.setWidgetResizable(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.inner: QWidget | None = None
        self.spins: dict[tuple, QDoubleSpinBox | QSpinBox] = {}
        self.checks: dict[tuple, QCheckBox] = {}
        self.split_status = QLabel()
        # rebuilt after the event that changed a template: the spin box that changed it is still emitting
        self.rebuild_timer = QTimer(self)
        self.rebuild_timer.setSingleShot(True)
        self.rebuild_timer.timeout.connect(self.build)
        doc.templatesChanged.connect(lambda name: self.rebuild_timer.start(0) if name in ("policy", "weights") else None)
        doc.projectReplaced.connect(lambda: self.rebuild_timer.start(0))
        doc.busyChanged.connect(lambda busy: self.inner.setEnabled(not busy) if self.inner else None)
        self.build()

    # -------------------------------------------------------------- building

    def build(self) -> None:
        policy = self.doc.project.templates["policy"]
        lang = self.doc.lang
        self.spins = {}
        self.checks = {}
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        budget = form_group(layout, self.tr("Horizon and budget (10k CNY)"))
        self._year(budget, ("horizon", "start"), self.tr("First year"))
        self._year(budget, ("horizon", "end"), self.tr("Last year"))
        self._money(budget, "policy", ("total_budget_wan",), self.tr("Total budget"))
        start, end = _get(policy, ("horizon", "start")), _get(policy, ("horizon", "end"))
        if isinstance(start, int) and isinstance(end, int) and start <= end <= start + 10:
            for year in range(start, end + 1):
                self._money(budget, "policy", ("yearly_budget_wan", str(year)), self.tr("Budget {year}").format(year=year))
        self.split_status = QLabel()
        self.split_status.setWordWrap(True)
        budget.addRow(self.split_status)
        for key, spin in self.spins.items():
            if key[1:2] in (("total_budget_wan",), ("yearly_budget_wan",)):
                spin.lineEdit().textChanged.connect(self.check_split)  # the spin box's own signal waits for Enter
        self.check_split()

        ratios = form_group(layout, self.tr("Subsidy ratios (share of the investment)"))
        self._share(ratios, "policy", ("subsidy_ratio", "default"), self.tr("Default"))
        for track in ("intelligence", "digitalization"):
            self._share(ratios, "policy", ("subsidy_ratio", "by_track", track), track_label(track, lang))

        caps = form_group(layout, self.tr("Caps (10k CNY)"))
        self._money(caps, "policy", ("firm_cap_wan",), self.tr("Per firm"))
        catalogue = self.doc.project.strategy_config().catalogue.by_id()
        for action in sorted(policy.get("action_cap_wan") or {}):
            name = catalogue[action].label(lang) if action in catalogue else action
            self._money(caps, "policy", ("action_cap_wan", action), self.tr("Per action: {action}").format(action=name))
        levels = {"1": self.tr("level 1"), "2": self.tr("level 2"), "3": self.tr("level 3"), "4": self.tr("level 4")}
        for level in sorted((policy.get("firm_cap_by_level_reached") or {}).get("caps_wan") or {}):
            self._money(caps, "policy", ("firm_cap_by_level_reached", "caps_wan", level),
                        self.tr("Per firm reaching {level}").format(level=levels.get(level, level)))
        texts = Texts.load(lang)
        for programme in sorted(policy.get("programme_quota_per_year") or {}):
            name = texts(f"programmes.{programme}") if texts.has(f"programmes.{programme}") else programme
            spin = QSpinBox()
            spin.setRange(0, 1_000_000)
            label = self.tr("Awards per year: {programme}").format(programme=name)
            self._bind(spin, "policy", ("programme_quota_per_year", programme), label)
            caps.addRow(label, spin)

        earmarks = policy.get("earmarks") or []
        if earmarks:
            group = form_group(layout, self.tr("Earmarks (share of all subsidies)"))
            for k, earmark in enumerate(earmarks):
                name = earmark.get("zh" if lang == "zh" else "en") or earmark.get("id", "")
                for bound, text in (("min_share", self.tr("at least")), ("max_share", self.tr("at most"))):
                    if bound in earmark:
                        self._share(group, "policy", ("earmarks", k, bound),
                                    self.tr("{earmark}: {bound}").format(earmark=name, bound=text))

        self._eligibility(layout, policy)
        self._packages(layout, policy)

        weights_group = form_group(layout, self.tr("Priority weights (relative)"))
        texts = Texts.load(lang)
        for criterion in PriorityWeights.CRITERIA:
            name = texts(f"criteria.{criterion}")
            spin = QDoubleSpinBox()
            spin.setRange(0, 1000)
            spin.setDecimals(1)
            self._bind(spin, "weights", ("weights", criterion), name)
            weights_group.addRow(name, spin)
        self._package_value(layout)
        layout.addStretch(1)
        inner.setMaximumWidth(60 * self.fontMetrics().horizontalAdvance("汉"))
        inner.setEnabled(not self.doc.busy)
        self.inner = inner
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        self.setWidget(inner)

    def _eligibility(self, layout: QVBoxLayout, policy: dict) -> None:
        """Who may be funded: firms of unknown industry, the SME-only programmes and the SME size classes."""
        form = form_group(layout, self.tr("Eligibility"))
        rules = policy.get("eligibility") or {}
        config = self.doc.project.strategy_config()
        texts = Texts.load(self.doc.lang)
        self._check(form, ("eligibility", "fund_unclassified_industry"), None,
                    self.tr("Fund firms whose industry is unknown"), bool(rules.get("fund_unclassified_industry")))
        programmes = sorted({a.programme for a in config.catalogue.actions} | set(rules.get("sme_only_programmes") or ()))
        group = self.tr("Programmes for SMEs only")
        for k, programme in enumerate(programmes):
            name = texts(f"programmes.{programme}") if texts.has(f"programmes.{programme}") else programme
            self._check(form, ("eligibility", "sme_only_programmes"), programme, name,
                        programme in (rules.get("sme_only_programmes") or ()), group, first=k == 0)
        group = self.tr("Size classes that count as SMEs")
        for k, size in enumerate(config.sizes.all_classes()):
            self._check(form, ("eligibility", "sme_size_classes"), size.id, size.label(self.doc.lang),
                        size.id in (rules.get("sme_size_classes") or ()), group, first=k == 0)

    def _packages(self, layout: QVBoxLayout, policy: dict) -> None:
        """What the plan funds: whole packages only (or single actions too), and how many firms may start
        in each year (a batch)."""
        form = form_group(layout, self.tr("Packages and batches"))
        packages = policy.get("packages") or {}
        self._check(form, ("packages", "fund_partial_packages"), None,
                    self.tr("Also fund single actions (partial packages)"), bool(packages.get("fund_partial_packages")))
        start, end = _get(policy, ("horizon", "start")), _get(policy, ("horizon", "end"))
        if isinstance(start, int) and isinstance(end, int) and start <= end <= start + 10:
            for year in range(start, end + 1):
                label = self.tr("Firms starting in {year}").format(year=year)
                spin = QSpinBox()
                spin.setRange(-1, 1_000_000)
                spin.setSpecialValueText(self.tr("No limit"))
                spin.setValue(-1)
                spin.setGroupSeparatorShown(True)
                self._bind(spin, "policy", ("packages", "max_firms_started_per_year", str(year)), label)
                form.addRow(label, spin)

    def _package_value(self, layout: QVBoxLayout) -> None:
        """What a funded package's outcome is worth (the priority weights' package_value)."""
        form = form_group(layout, self.tr("Value of a package's outcome"))
        levels = {"2": self.tr("Reaching level 2"), "3": self.tr("Reaching level 3"), "4": self.tr("Reaching level 4")}
        rows = [(("package_value", "level_reached", level), text) for level, text in levels.items()] + [
            (("package_value", "rd_tool_uptake"), self.tr("A firm starting to use digital research and design tools")),
            (("package_value", "per_cnc_point"), self.tr("Each point of key-process CNC rate")),
            (("package_value", "per_networking_point"), self.tr("Each point of networking rate")),
            (("package_value", "priority_floor"), self.tr("Share of the value every firm gets, whatever its priority"))]
        for path, text in rows:
            spin = QDoubleSpinBox()
            spin.setRange(0, 1 if path[-1] == "priority_floor" else 1000)
            spin.setDecimals(3)
            spin.setSingleStep(0.1 if path[-1] not in ("per_cnc_point", "per_networking_point") else 0.001)
            self._bind(spin, "weights", path, text)
            form.addRow(text, spin)

    def _check(self, form: QFormLayout, path: tuple, item: str | None, text: str, checked: bool,
               group: str = "", first: bool = True) -> None:
        """A check box for a true/false setting (``item`` None) or for one id of a list setting (the rows
        of a list under one ``group`` label)."""
        box = QCheckBox(text)
        box.setChecked(checked)
        what = f"{group}: {text}" if group else text
        box.toggled.connect(lambda on, p=path, i=item, w=what: self.toggle(p, i, on, w))
        box.setToolTip(self.tip("policy", path + ((item,) if item is not None else ())))
        self.checks[path + ((item,) if item is not None else ())] = box
        form.addRow(group if first else "", box)

    def tip(self, template: str, path: tuple) -> str:
        """What the number or the choice at ``path`` means, in the planner's words."""
        key, last = path[0], path[-1]
        policy = self.doc.project.templates["policy"]
        if template == "weights":
            return self._weight_tip(path)
        fixed = {
            "horizon": self.tr("The plan's first and last year. When they change, the budget is spread over the new "
                               "years in proportion."),
            "total_budget_wan": self.tr("All the subsidy the plan may give over its years, in 10k CNY. The yearly "
                                        "budgets follow in proportion."),
            "firm_cap_wan": self.tr("The most one firm may receive over the plan's years, in 10k CNY."),
            "programme_quota_per_year": self.tr("The most projects this programme may fund in one year."),
        }
        if key in fixed:
            return fixed[key]
        if key == "yearly_budget_wan":
            return self.tr("What may be paid in {year}, in 10k CNY. Subsidies are paid on acceptance, year by year; "
                           "this limits the year's payments, not what is committed.").format(year=last)
        if key == "subsidy_ratio" and last == "default":
            return self.tr("The subsidy's share of a measure's investment when no measure, sector or track ratio "
                           "applies.")
        if key == "subsidy_ratio":
            return self.tr("The subsidy's share of the investment for the measures of this track, unless the measure "
                           "or the sector has a ratio of its own.")
        if key == "action_cap_wan":
            actions = self.doc.project.strategy_config().catalogue.by_id()
            return self.tr("The most this measure may receive for one firm, in 10k CNY.") + "\n\n" + measure_tip(
                actions, last, self.doc.lang)
        if key == "firm_cap_by_level_reached":
            texts = Texts.load(self.doc.lang)
            programmes = (policy.get("firm_cap_by_level_reached") or {}).get("programmes") or []
            names = ("、" if self.doc.lang == "zh" else ", ").join(texts(f"programmes.{p}") if texts.has(f"programmes.{p}") else p for p in programmes)
            return self.tr("The most a firm may receive from {programmes} when its package lifts it to this level. "
                           "A package that leaves the firm below level 2 gets nothing from them.").format(programmes=names)
        if key == "earmarks":
            if last == "min_share":
                return self.tr("The least share of all subsidies that must go here.")
            return self.tr("The most share of all subsidies that may go here.")
        if key == "eligibility":
            if last == "fund_unclassified_industry":
                return self.tr("Ticked: firms whose industry could not be recognised may be funded. Not ticked: they "
                               "need review and get nothing until classified.")
            if path[1] == "sme_only_programmes":
                return self.tr("Ticked: this programme funds only firms of the size classes that count as SMEs.")
            return self.tr("Ticked: firms of this size count as SMEs for the programmes for SMEs only.")
        if key == "packages" and last == "fund_partial_packages":
            return self.tr("Not ticked: only whole packages are funded, each lifting the firm to a next level. Ticked: "
                           "single measures of a package may be funded too.")
        if key == "packages":
            return self.tr("The most firms whose package starts in {year} (a batch); No limit for none.").format(year=last)
        return ""

    def _weight_tip(self, path: tuple) -> str:
        tips = {
            "kpi_uplift": self.tr("How much the levels and rate points a measure adds count; it orders the measures "
                                  "in a firm's details."),
            "sector_priority": self.tr("How much the firm's key sector counts (the sectors' priorities are in the "
                                       "Priority weights template)."),
            "size": self.tr("How much the firm's size counts (small firms first by default)."),
            "specialized": self.tr("How much being a specialised and sophisticated SME counts."),
            "readiness": self.tr("How much the firm's digital foundation counts: a firm that is ready carries a "
                                 "package out more surely."),
            "2": self.tr("What a package that lifts the firm to level 2 is worth."),
            "3": self.tr("What a package that lifts the firm to level 3 is worth."),
            "4": self.tr("What a package that lifts the firm to level 4 is worth."),
            "rd_tool_uptake": self.tr("What a firm that starts to use digital research and design tools is worth."),
            "per_cnc_point": self.tr("What each point the key-process CNC rate gains is worth."),
            "per_networking_point": self.tr("What each point the networking rate gains is worth."),
            "priority_floor": self.tr("The share of a package's value every firm gets whatever its priority; the rest "
                                      "is weighted by the firm's priority."),
        }
        return tips.get(str(path[-1]), "")

    def toggle(self, path: tuple, item: str | None, on: bool, label: str) -> bool:
        current = _get(self.doc.project.templates["policy"], path)
        if item is None:
            value, was = bool(on), bool(current)
        else:
            current = list(current or [])
            value = current + [item] if on and item not in current else [v for v in current if v != item or on]
            was = item in current
        if self.change("policy", path, value, label):
            return True
        box = self.checks.get(path + ((item,) if item is not None else ()))
        if box is not None:  # refused or busy: the box shows what the project holds
            box.blockSignals(True)
            box.setChecked(was)
            box.blockSignals(False)
        return False

    def split_sums(self) -> tuple[float, float] | None:
        """(sum of the yearly budgets, total budget) as typed, or None without yearly budgets."""
        def typed(spin) -> float:
            return float(spin.valueFromText(spin.cleanText()))

        total = self.spins.get(("policy", "total_budget_wan"))
        yearly = [spin for key, spin in self.spins.items() if key[1] == "yearly_budget_wan"]
        if total is None or not yearly:
            return None
        return sum(typed(spin) for spin in yearly), typed(total)

    def check_split(self, _text: str = "") -> None:
        """Flag yearly budgets that do not add up to the total while the planner types."""
        sums = self.split_sums()
        if sums is None or abs(sums[0] - sums[1]) < 0.05:
            self.split_status.setText("")
            self.split_status.hide()
            return
        yearly, total = sums
        diff = formats.money(abs(yearly - total))
        if yearly < total:
            text = self.tr("⚠ The yearly budgets add up to {sum}: {diff} less than the total budget {total}; "
                           "the money left over cannot be spent.")
        else:
            text = self.tr("⚠ The yearly budgets add up to {sum}: {diff} more than the total budget {total}; "
                           "the total limits the plan.")
        self.split_status.setText(text.format(sum=formats.money(yearly), diff=diff, total=formats.money(total)))
        self.split_status.setStyleSheet("color: #9C5700")
        self.split_status.show()

    def _year(self, form: QFormLayout, path: tuple, label: str) -> None:
        spin = QSpinBox()
        spin.setRange(2000, 2100)
        self._bind(spin, "policy", path, label)
        form.addRow(label, spin)

    def _money(self, form: QFormLayout, template: str, path: tuple, label: str) -> None:
        spin = QDoubleSpinBox()
        spin.setRange(0, 1e9)
        spin.setDecimals(1)
        spin.setGroupSeparatorShown(True)
        self._bind(spin, template, path, label)
        form.addRow(label, spin)

    def _share(self, form: QFormLayout, template: str, path: tuple, label: str) -> None:
        spin = QDoubleSpinBox()
        spin.setRange(0, 100)
        spin.setDecimals(1)
        spin.setSuffix(" %")
        self._bind(spin, template, path, label, scale=100.0)
        form.addRow(label, spin)

    def _bind(self, spin, template: str, path: tuple, label: str, scale: float = 1.0) -> None:
        value = _get(self.doc.project.templates[template], path)
        spin.setMinimumWidth(10 * self.fontMetrics().horizontalAdvance("汉"))
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        spin.setKeyboardTracking(False)  # one change per finished edit, not per keystroke
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            spin.setValue(value * scale)
        spin.valueChanged.connect(lambda v, t=template, p=path, l=label, s=scale: self.change(t, p, v / s, l))
        spin.setToolTip(self.tip(template, path))
        self.spins[(template,) + path] = spin

    # -------------------------------------------------------------- changing

    def _show_current(self, template: str, path: tuple) -> None:
        """Put the number the project holds back into its box (after a refused change)."""
        spin = self.spins.get((template,) + path)
        value = _get(self.doc.project.templates[template], path)
        if spin is not None and isinstance(value, (int, float)):
            spin.blockSignals(True)
            spin.setValue(value * (100.0 if spin.suffix().strip() == "%" else 1.0))
            spin.blockSignals(False)

    def proposed(self, template: str, path: tuple, value) -> dict:
        """The template with one number changed (horizon and totals rescaled by the core)."""
        body = copy.deepcopy(self.doc.project.templates[template])
        if template == "policy" and path[0] == "horizon":
            years = [_get(body, ("horizon", "start")), _get(body, ("horizon", "end"))]
            years[0 if path[1] == "start" else 1] = int(value)
            return Policy.from_dict(body).with_budget(years=(years[0], years[1])).raw
        if template == "policy" and path == ("total_budget_wan",):
            return Policy.from_dict(body).with_budget(total=float(value)).raw
        if isinstance(value, (bool, list)):
            _set(body, path, value)
            return body
        if template == "policy" and path[:2] == ("packages", "max_firms_started_per_year"):
            limits = body.setdefault("packages", {}).setdefault("max_firms_started_per_year", {})
            if value < 0:
                limits.pop(path[2], None)  # no limit
            else:
                limits[path[2]] = int(value)
            return body
        if isinstance(_get(body, path), int) and float(value).is_integer():
            value = int(value)
        _set(body, path, round(value, 6) if isinstance(value, float) else value)
        return body

    def change(self, template: str, path: tuple, value, label: str) -> bool:
        if self.doc.busy:
            return False
        try:
            body = self.proposed(template, path, value)
            self.doc.project.check_template(template, body)
        except ConfigError as exc:
            self.status.setText("✗ " + self.tr("Not applied: {message}").format(message=exc.message(self.doc.lang)))
            self.status.setStyleSheet("color: #C00000")
            self._show_current(template, path)
            return False
        self.status.setText("")
        if body == self.doc.project.templates[template]:
            return False
        self.doc.undo_stack.push(TemplateCommand(self.doc, template, body, self.tr("Change {what}").format(what=label)))
        return True
